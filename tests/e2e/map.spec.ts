import type { BrowserContext, Page } from '@playwright/test';
import type { LinkStatus } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';

/**
 * The city map (issue 11) on the embedded demo, read back through the
 * layers' own hit-test (`window.__egretMap`), never a screenshot: a
 * volunteer's drawn point follows the position the platform gives it, and
 * a click on an incident's point opens that incident's detail.
 */

type Packed = { book: string; slots: number[]; lat: number[]; lng: number[]; state: number[]; ts: number[]; ids: [number, string][] };
type MapIncident = { id: string; lat: number; lng: number; open: boolean; priority: number };
type Pixel = { x: number; y: number };

/** Close enough on screen: a point is a few pixels wide. */
const SAME_PIXEL = 2;
/** Zoomed in to the street: no clusters, a metre or so a pixel. */
const STREET_ZOOM = 17;

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;
const contexts: BrowserContext[] = [];

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  demo = await startConsole(['--demo']);
  api = await openTrustedApi(demo);
  await expect
    .poll(async () => (await callOk<LinkStatus>(api!, 'link.status')).state, {
      message: 'the demo console never went live',
      timeout: 60_000,
    })
    .toBe('live');
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterEach(async ({}) => {
  for (const context of contexts.splice(0)) await context.close();
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await api?.close();
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = api = null;
});

/** The duty chief's map tab (the embedded demo signs the window in as the duty chief). */
async function openChiefMap(page: Page): Promise<void> {
  await page.goto(demo!.url);
  const view = page.getByTestId('role-view');
  // The embedded demo signs the window in as the duty chief; a window that came before its sign-in signs in here.
  await expect(view.or(page.getByTestId('sign-in-view'))).toBeVisible({ timeout: 60_000 });
  if (!(await view.isVisible())) await page.getByTestId('demo-signin-duty_chief').click();
  await expect(view).toHaveAttribute('data-role', 'duty_chief', { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await page.getByTestId('chief-tab-map').click();
  await expect(page.getByTestId('city-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** Where the platform has a volunteer now, as the console's host holds it. */
async function hostPosition(id: string): Promise<{ lat: number; lng: number; state: number } | null> {
  const packed = await callOk<Packed>(api!, 'map.positions');
  const slot = packed.ids.find(([, v]) => v === id)?.[0];
  const i = slot === undefined ? -1 : packed.slots.indexOf(slot);
  return i < 0 ? null : { lat: packed.lat[i]!, lng: packed.lng[i]!, state: packed.state[i]! };
}

const apart = (a: Pixel, b: Pixel) => Math.hypot(a.x - b.x, a.y - b.y);

test("a volunteer's drawn point follows the position the platform gives it", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await openChiefMap(page);

  // A volunteer on patrol (not offline): those move.
  let volunteer = '';
  let first: { lat: number; lng: number } | null = null;
  await expect
    .poll(
      async () => {
        const packed = await callOk<Packed>(api!, 'map.positions');
        const i = packed.state.findIndex((s) => s !== 2);
        if (i < 0) return '';
        volunteer = packed.ids.find(([slot]) => slot === packed.slots[i])?.[1] ?? '';
        first = { lat: packed.lat[i]!, lng: packed.lng[i]! };
        return volunteer;
      },
      { message: 'no volunteer on patrol in the demo', timeout: 30_000 },
    )
    .not.toBe('');

  // Until it has moved, then: the layer draws it where the platform says it is now — not where it was —
  // and the layer's hit-test finds it at that pixel.
  await expect
    .poll(
      async () => {
        const now = await hostPosition(volunteer);
        if (!now) return 'the host lost the volunteer';
        if (now.lat === first!.lat && now.lng === first!.lng) return 'not moved yet';
        const seen = await page.evaluate(
          ({ id, now, first, zoom }) => {
            const map = window.__egretMap!;
            map.view(now.lat, now.lng, zoom);
            const drawn = map.pointAt('volunteers', id);
            return {
              drawn,
              expected: map.project(now.lat, now.lng),
              before: map.project(first.lat, first.lng),
              hit: drawn ? map.hitAt(drawn.x, drawn.y) : null,
            };
          },
          { id: volunteer, now, first: first!, zoom: STREET_ZOOM },
        );
        if (!seen.drawn) return 'not drawn';
        if (apart(seen.expected, seen.before) <= 2 * SAME_PIXEL) return 'moved less than a pixel or two';
        if (apart(seen.drawn, seen.expected) > SAME_PIXEL)
          return `drawn ${apart(seen.drawn, seen.expected).toFixed(1)} px from the platform's position`;
        if (seen.hit?.layer !== 'volunteers' || seen.hit.id !== volunteer) return `the hit-test found ${JSON.stringify(seen.hit)}`;
        return 'follows';
      },
      { message: 'the drawn volunteer never followed its platform position', timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toBe('follows');
});

test('a click on an incident on the map opens its detail', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await openChiefMap(page);

  // Volunteers walk over incidents: off, so the click can only land on the incident.
  await page.getByTestId('map-toggle-volunteers').uncheck();

  const found: { incident: MapIncident | null } = { incident: null };
  await expect
    .poll(
      async () => (found.incident = (await callOk<{ items: MapIncident[] }>(api!, 'map.incidents', {})).items.find((i) => i.open) ?? null),
      {
        message: 'no open incident with a location in the demo',
        timeout: 30_000,
      },
    )
    .not.toBeNull();
  const { id, lat, lng } = found.incident!;

  const at = await page.evaluate(
    ({ id, lat, lng, zoom }) => {
      const map = window.__egretMap!;
      map.view(lat, lng, zoom);
      const drawn = map.pointAt('incidents', id);
      return { drawn, hit: drawn ? map.hitAt(drawn.x, drawn.y) : null };
    },
    { id, lat, lng, zoom: STREET_ZOOM },
  );
  expect(at.drawn, 'the incident layer draws the incident').not.toBeNull();
  expect(at.hit).toEqual({ layer: 'incidents', id });

  const box = (await page.getByTestId('city-map-canvas').boundingBox())!;
  await page.mouse.click(box.x + at.drawn!.x, box.y + at.drawn!.y);
  await expect(page.getByTestId('detail')).toHaveAttribute('data-id', id, { timeout: 15_000 });
  await expect(page.getByTestId('map-incident-card')).toHaveAttribute('data-id', id);
});

/** What an identifier looks like (no-raw-ids.spec.ts has the full list): entity ids and snake_case codes. */
const ID_SHAPED = /\b(?:dept|op|vol|cam|road|st|place)-[\w-]+|\b[a-z]+_[a-z_]+\b/;

test("a right-click shows the nearest volunteers and cameras by name; a volunteer's card has their profile and track", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await openChiefMap(page);

  // The city centre (思明区), where volunteers patrol and cameras stand.
  await page.evaluate(() => window.__egretMap!.view(24.4539, 118.0889, 15));
  const canvas = page.getByTestId('city-map-canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  const card = page.getByTestId('map-card');
  await expect(card).toHaveAttribute('data-kind', 'nearby');
  const volunteers = card.getByTestId('map-nearby-volunteers').locator('li');
  await expect(volunteers.first()).toBeVisible({ timeout: 15_000 });
  await expect(card.getByTestId('map-nearby-cameras').locator('li').first()).toBeVisible();
  expect(await card.innerText()).not.toMatch(ID_SHAPED);

  await volunteers.first().getByRole('button').click();
  await expect(card).toHaveAttribute('data-kind', 'volunteer');
  await expect(card.getByTestId('map-volunteer-points')).toHaveText(/^\d+$/, { timeout: 15_000 });
  await expect(card.getByTestId('map-volunteer-track')).toBeVisible();
  expect(await card.innerText()).not.toMatch(ID_SHAPED);

  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
});

test('the video patroller picks a camera on the map: its preview opens beside the wall', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(demo!.url);
  const view = page.getByTestId('role-view');
  await expect(view.or(page.getByTestId('sign-in-view'))).toBeVisible({ timeout: 60_000 });
  if (await view.isVisible()) await page.getByTestId('sign-out').click();
  await page.getByTestId('demo-signin-video_patroller').click();
  await expect(view).toHaveAttribute('data-role', 'video_patroller', { timeout: 30_000 });
  // The side column opens on the camera directory; the city map is its 地图 tab.
  await page.getByTestId('video-tab-map').click();
  const map = page.getByTestId('city-map');
  await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // Only cameras: nothing else can take the click. The narrow map's legend starts folded.
  await map.getByTestId('map-legend-title').click();
  for (const layer of ['volunteers', 'incidents', 'stations']) await map.getByTestId(`map-toggle-${layer}`).uncheck();

  const cameras = (await callOk<{ items: { id: string; lat: number; lng: number; status: string }[] }>(api!, 'map.cameras')).items;
  const camera = cameras.find((c) => c.status === 'online') ?? cameras[0]!;
  const drawnAt = () =>
    page.evaluate(
      ({ id, lat, lng, zoom }) => {
        const map = window.__egretMap!;
        map.view(lat, lng, zoom);
        return map.pointAt('cameras', id);
      },
      { ...camera, zoom: STREET_ZOOM },
    );
  // The map mounts as its tab opens: its cameras arrive a moment after the base is ready.
  await expect.poll(drawnAt, { message: 'the camera layer draws the camera', timeout: 15_000 }).not.toBeNull();
  const at = await drawnAt();
  const box = (await page.getByTestId('city-map-canvas').boundingBox())!;
  await page.mouse.click(box.x + at!.x, box.y + at!.y);
  await expect(page.getByTestId('camera-preview')).toHaveAttribute('data-camera', camera.id, { timeout: 15_000 });
});

test('the call taker switches the board for the map with Alt+M, and it fits a 1366×768 screen beside the detail', async ({ browser }) => {
  const screen = { width: 1366, height: 768 };
  const context = await browser.newContext({ viewport: screen });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(demo!.url);
  const view = page.getByTestId('role-view');
  // The embedded demo signs itself in as the duty chief: sign out first.
  await expect(view.or(page.getByTestId('sign-in-view'))).toBeVisible({ timeout: 60_000 });
  if (await view.isVisible()) await page.getByTestId('sign-out').click();
  await page.getByTestId('demo-signin-call_taker').click();
  await expect(view).toHaveAttribute('data-role', 'call_taker', { timeout: 30_000 });
  await expect(page.getByTestId('board')).toBeVisible();

  await page.keyboard.press('Alt+KeyM');
  const map = page.getByTestId('city-map');
  await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('board')).toBeHidden();
  await expect(page.getByTestId('taker-map-toggle')).toHaveAttribute('aria-pressed', 'true');
  const box = (await map.boundingBox())!;
  expect(box.height, 'the map is not a sliver').toBeGreaterThan(250);
  expect(box.y + box.height, 'the map ends inside the window').toBeLessThanOrEqual(screen.height);
  expect(box.x + box.width).toBeLessThanOrEqual(screen.width);
  const detail = (await page.getByTestId('detail').boundingBox())!;
  expect(detail.y + 40, "the detail's header is in view beside the map").toBeLessThanOrEqual(screen.height);
  expect(await page.evaluate(() => [window.scrollY, document.querySelector('.app-main')?.scrollTop ?? -1])).toEqual([0, 0]);

  await page.keyboard.press('Alt+KeyM');
  await expect(map).toHaveCount(0);
  await expect(page.getByTestId('board')).toBeVisible();
});

declare global {
  interface Window {
    __egretMap?: {
      pointAt(layer: string, id: string): { x: number; y: number } | null;
      hitAt(x: number, y: number): { layer: string; id: string } | null;
      project(lat: number, lng: number): { x: number; y: number };
      view(lat: number, lng: number, zoom: number): void;
    };
  }
}
