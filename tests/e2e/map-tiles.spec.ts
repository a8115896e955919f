import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, httpGet, startConsole, test, type RunningConsole } from './support/console.ts';
import { stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';
import { deadPort, startTileServer, type TileServer } from './support/tile-server.ts';

/**
 * The base map from a configured tile server (issue 11): `egret serve
 * --map-tiles URL --map-datum gcj02` against a small XYZ server started here
 * on 127.0.0.1, which counts the tiles it served to the page. The tile
 * origin is in the page's CSP (img-src), so the tiles load; a tile URL where
 * nothing listens falls back to the offline districts with a notice, never a
 * grey map. Both maps are checked: the duty chief's city map (MapPanel)
 * and the call taker's intake map (LocationPicker), which draw the same base.
 */

let tiles: TileServer | null = null;
let consoles: RunningConsole[] = [];
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tiles = await startTileServer();
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterEach(async ({}, testInfo) => {
  for (const context of contexts.splice(0)) await context.close();
  await stopAll(
    testInfo,
    consoles.map((proc, i) => ({ name: `egret-serve-${i}`, proc })),
  );
  consoles = [];
});

test.afterAll(async () => {
  await tiles?.close();
  tiles = null;
});

/** A call taker's window with the CSP violations the page reports kept in `window.__cspViolations`. */
async function takerWindow(served: RunningConsole, browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await openSignedIn(page, served, 'call_taker');
  return page;
}

/** The WGS84 box an XYZ tile "z/x/y" covers (Web Mercator). */
function tileBox(tile: string): { west: number; east: number; north: number; south: number } {
  const [z, x, y] = tile.split('/').map(Number) as [number, number, number];
  const n = 2 ** z;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return { west: (x / n) * 360 - 180, east: ((x + 1) / n) * 360 - 180, north: lat(y), south: lat(y + 1) };
}

/** The duty chief's city map tab; its base map's element. */
async function openChiefMap(page: Page, served: RunningConsole) {
  await openSignedIn(page, served, 'duty_chief');
  await page.getByTestId('chief-tab-map').click();
  await expect(page.getByTestId('city-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  return page.getByTestId('city-map-canvas');
}

async function openIntakeMap(page: Page) {
  const toggle = page.getByTestId('intake-map-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  const map = page.getByTestId('intake-map');
  await expect(map).toBeVisible();
  return map;
}

test('the base map comes from the configured tile server, allowed by the CSP, in its datum', async ({ browser }) => {
  test.setTimeout(180_000);
  const served = await startConsole(['--demo', '--map-tiles', tiles!.template, '--map-datum', 'gcj02']);
  consoles.push(served);

  // The page's policy names the tile server for images, and for nothing else.
  const policy = String((await httpGet(served.port, '/', { host: `127.0.0.1:${served.port}` })).headers['content-security-policy']);
  const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';
  expect(directive('img-src')).toContain(tiles!.origin);
  expect(directive('connect-src')).not.toContain(tiles!.origin);

  const page = await takerWindow(served, browser);
  const before = tiles!.served.length;
  const map = await openIntakeMap(page);
  await expect(map).toHaveAttribute('data-map-base', 'tiles', { timeout: 15_000 });
  await expect(map).toHaveAttribute('data-datum', 'gcj02');
  expect(tiles!.served.length - before, 'tiles the server sent to the page').toBeGreaterThan(0);
  const loaded = map.locator('img.leaflet-tile-loaded');
  await expect(loaded.first()).toBeVisible();
  expect(await loaded.first().getAttribute('src')).toMatch(new RegExp(`^${tiles!.origin}/tiles/\\d+/\\d+/\\d+\\.png$`));
  // The page asked for the city, not somewhere else: every tile served lies over Xiamen.
  for (const tile of tiles!.served.slice(before)) {
    const box = tileBox(tile);
    expect(box.west < 118.6 && box.east > 117.8 && box.south < 24.95 && box.north > 24.3, `tile ${tile} over Xiamen`).toBe(true);
  }
  await expect(page.getByTestId('map-base-notice')).toHaveCount(0);
  await expect(map.locator('.leaflet-control-scale')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);

  // The duty chief's city map draws the same base.
  const served2 = tiles!.served.length;
  const city = await openChiefMap(page, served);
  await expect(city).toHaveAttribute('data-map-base', 'tiles', { timeout: 15_000 });
  await expect(city).toHaveAttribute('data-datum', 'gcj02');
  expect(tiles!.served.length - served2, 'tiles the server sent to the city map').toBeGreaterThan(0);
  await expect(city.locator('img.leaflet-tile-loaded').first()).toBeVisible();
  await expect(city.locator('.leaflet-control-scale')).toBeVisible();
  await expect(city.getByTestId('map-measure')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
});

test('a tile server that does not answer: the offline districts with a notice, in WGS84', async ({ browser }) => {
  test.setTimeout(180_000);
  const nowhere = `http://127.0.0.1:${await deadPort()}/tiles/{z}/{x}/{y}.png`;
  const served = await startConsole(['--demo', '--map-tiles', nowhere, '--map-datum', 'gcj02']);
  consoles.push(served);
  const page = await takerWindow(served, browser);
  const map = await openIntakeMap(page);
  await expect(map).toHaveAttribute('data-map-base', 'offline', { timeout: 15_000 });
  await expect(map).toHaveAttribute('data-datum', 'wgs84');
  const notice = page.getByTestId('map-base-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(new URL(nowhere.replace(/\{[zxy]\}/g, '0')).origin);
  await expect(notice).toContainText('离线底图');
  // Not a grey map: the six districts with their names.
  await expect(map.locator('.egret-district-label')).toHaveCount(6);
  await expect(map.locator('path.egret-district').first()).toBeVisible();
  await expect(map.locator('img.leaflet-tile')).toHaveCount(0);

  const city = await openChiefMap(page, served);
  await expect(city).toHaveAttribute('data-map-base', 'offline', { timeout: 15_000 });
  await expect(city).toHaveAttribute('data-datum', 'wgs84');
  await expect(page.getByTestId('map-base-notice')).toBeVisible();
  await expect(city.locator('.egret-district-label')).toHaveCount(6);
});
