import type { Locator, Page } from '@playwright/test';
import type { Result } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, cityClock, stopAll } from './support/demo.ts';

/**
 * The duty chief's traffic video and the map beside the figures (issue 12;
 * issue 11's open point) on the embedded demo, at the morning rush: the
 * dashboard's strip shows cameras of the most congested road the host
 * holds, a tile of it plays, and on a 1920×1080 screen the city map stands
 * beside the figures; on 1366×768 the figures keep the width and nothing
 * spills sideways.
 */

type MapRoads = Result<'map.roads'>;
type Traffic = Result<'cameras.traffic'>;
const WORST_FIRST = ['blocked', 'congested', 'slow', 'smooth'] as const;
type Box = { x: number; y: number; width: number; height: number };

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;

test.describe.configure({ mode: 'serial' });

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  // 08:30: the commute peak, when the demo's bridges and arteries jam.
  demo = await startConsole(['--demo'], cityClock('08:30').env);
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await api?.close();
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = api = null;
});

/** The duty chief's dashboard, live (the embedded demo signs its windows in as the duty chief). */
async function chiefDashboard(page: Page): Promise<void> {
  await page.goto(demo!.url);
  const view = page.getByTestId('role-view');
  const signIn = page.getByTestId('demo-signin-duty_chief');
  await expect(view.or(signIn)).toBeVisible({ timeout: 60_000 });
  // A window that came before the demo's own sign-in: the form may go away under the click as it lands.
  if (!(await view.isVisible())) await signIn.click({ timeout: 5_000 }).catch(() => {});
  await expect(view).toHaveAttribute('data-role', 'duty_chief', { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(page.getByTestId('chief-tab-dashboard')).toHaveAttribute('aria-selected', 'true');
  api ??= await openTrustedApi(demo!);
}

/** The worst traffic level among the roads the host holds now. */
async function worstLevel(): Promise<string> {
  const { items } = await callOk<MapRoads>(api!, 'map.roads');
  return WORST_FIRST.find((level) => items.some((r) => r.level === level)) ?? 'none';
}

/** The tile's video: showing frames, and its time moving on. */
async function expectPlaying(tile: Locator): Promise<void> {
  await tile.scrollIntoViewIfNeeded();
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
  const video = tile.getByTestId('camera-video');
  const first = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(first + 1);
  expect(await video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames)).toBeGreaterThan(0);
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test("the strip shows the most congested road's cameras, and a tile of it plays", async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    await chiefDashboard(page);
    const strip = page.getByTestId('traffic-strip');
    const tiles = strip.getByTestId('traffic-tile');
    await expect(tiles.first()).toBeVisible({ timeout: 30_000 });

    // The first tile is on a road of the worst level the city has now (levels move: asked until both agree).
    await expect
      .poll(async () => (await tiles.first().getAttribute('data-level')) === (await worstLevel()), {
        message: "the strip's first tile is not on a road of the city's worst level",
        timeout: 30_000,
      })
      .toBe(true);
    const level = (await tiles.first().getAttribute('data-level'))!;
    expect(['blocked', 'congested']).toContain(level);

    // The tiles are the host's choice, by the road's name (never its id).
    const chosen = await callOk<Traffic>(api!, 'cameras.traffic', { k: 6 });
    const road = (await tiles.first().getAttribute('data-road'))!;
    const roadName = chosen.find((r) => r.road === road)?.roadName;
    expect(roadName, 'the host no longer puts that road in the strip').toBeTruthy();
    await expect(tiles.first().getByTestId('traffic-road')).toHaveText(roadName!);
    await expect(tiles.first().getByTestId('traffic-level')).not.toHaveText('');
    const firstCamera = (await tiles.first().getAttribute('data-camera'))!;
    expect(chosen.filter((r) => r.road === road).map((r) => r.camera)).toContain(firstCamera);

    // A tile of the congested road plays.
    await expectPlaying(tiles.first().getByTestId('camera-tile'));
  } finally {
    await context.close();
  }
});

test('at 1920×1080 the city map stands beside the figures; at 1366×768 the figures keep the width and nothing spills', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const wide = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await wide.newPage();
    await chiefDashboard(page);
    const panel = page.locator('#chief-panel-dashboard');
    const map = panel.getByTestId('city-map');
    await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    const figures = (await panel.getByTestId('duty-dashboard').boundingBox())!;
    const beside = (await map.boundingBox())!;
    expect(beside.x, 'the map is right of the figures').toBeGreaterThanOrEqual(figures.x + figures.width);
    expect(overlaps(figures, beside)).toBe(false);
    expect(beside.x + beside.width).toBeLessThanOrEqual(1920);
    expect(beside.y).toBeLessThan(1080);
    expect(beside.height, 'a map, not a sliver').toBeGreaterThan(400);
    // Both are seen at once, side by side: the map's top band is level with the figures' top band.
    expect(Math.abs(beside.y - figures.y)).toBeLessThan(40);
    // One city map on the page: the map tab takes it over.
    await page.getByTestId('chief-tab-map').click();
    await expect(page.getByTestId('city-map')).toHaveCount(1);
    await expect(page.locator('#chief-panel-map').getByTestId('city-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  } finally {
    await wide.close();
  }

  const small = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const page = await small.newPage();
    await chiefDashboard(page);
    const panel = page.locator('#chief-panel-dashboard');
    await expect(panel.getByTestId('traffic-strip')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('city-map')).toHaveCount(0);
    const figures = (await panel.getByTestId('duty-dashboard').boundingBox())!;
    expect(figures.x).toBeGreaterThanOrEqual(0);
    expect(figures.x + figures.width).toBeLessThanOrEqual(1366);
    // Nothing wider than the window: no sideways scrolling anywhere in the main area.
    const spill = await page.evaluate(() => {
      const main = document.querySelector('.app-main')!;
      return main.scrollWidth - main.clientWidth;
    });
    expect(spill).toBe(0);
  } finally {
    await small.close();
  }
});
