import { rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium, type Locator, type Page } from '@playwright/test';
import type { Result } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';
import { mediaLog, type MediaLog } from './support/media-log.ts';
import { e2eMediaTrustArgs } from './support/demo-media-cert.ts';
import { openSignedIn, signInAs } from './support/sign-in.ts';
import { launchUnattended } from './support/unattended-chromium.ts';

/**
 * The video patroller's camera wall (issue 12) on the browser shell with the
 * embedded demo, its media served over HTTP/2 + TLS (a wall of 16 tiles from
 * one server would starve on HTTP/1.1's six connections): a layout picked by
 * key and filled plays 16 live tiles; maximising a tile plays its `main`
 * stream (the media server's log says so); a hidden page asks the media
 * server for nothing; a layout switch and a saved view survive a restart of
 * the console (the wall is the host's, in state.db).
 */

type MapCamera = Result<'map.cameras'>['items'][number];

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  demo = await startConsole(['--demo']);
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await api?.close();
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = api = null;
});

/** `n` of the demo's online cameras (not flapping: their streams answer), in id order. */
async function onlineCameras(socket: ApiSocket, n: number): Promise<string[]> {
  const { items } = await callOk<{ items: MapCamera[] }>(socket, 'map.cameras', {});
  const ids = items
    .filter((c) => c.status === 'online')
    .map((c) => c.id)
    .sort();
  expect(ids.length).toBeGreaterThanOrEqual(n);
  return ids.slice(0, n);
}

/** The media server's request log, found from a camera's stream URL (as a page finds its media). */
async function mediaLogOf(socket: ApiSocket, camera: string): Promise<MediaLog> {
  const { streams } = await callOk<Result<'cameras.get'>>(socket, 'cameras.get', { id: camera });
  return mediaLog(new URL(streams.main).origin);
}

/**
 * An API socket to a console just started, once the embedded demo has signed
 * itself in (as the duty chief): a page opened before that would see the
 * sign-in form give way to the chief's view under its click.
 */
async function afterDemoSignIn(served: RunningConsole): Promise<ApiSocket> {
  const socket = await openTrustedApi(served);
  await expect
    .poll(async () => (await callOk<Result<'session.info'>>(socket, 'session.info', {})).role, { timeout: 60_000 })
    .not.toBeNull();
  return socket;
}

/**
 * Waits until the cache's stream URL of `camera` points at a media server
 * that answers. The embedded demo's media server takes a new port at each
 * start, and the cache holds the last start's URLs until the demo's camera
 * updates arrive (a page that read them before that plays the dead ones:
 * see the report of issue 12).
 */
async function streamsLive(socket: ApiSocket, camera: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const log = await mediaLogOf(socket, camera);
        return log.mark().then(
          () => true,
          () => false,
        );
      },
      { timeout: 60_000, message: `the cached stream URL of ${camera} reaches the restarted media server` },
    )
    .toBe(true);
}

/** Signed in as the video patroller, the wall shown and focused (keys go to it). */
async function openWall(page: Page, served: RunningConsole): Promise<Locator> {
  await openSignedIn(page, served, 'video_patroller');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  const wall = page.getByTestId('camera-wall');
  await expect(wall).toBeVisible();
  await page.getByTestId('wall-slot').first().focus();
  return wall;
}

/** The camera id in each tile, in tile order ('' for an empty tile). */
function shownCameras(page: Page): Promise<string[]> {
  return page.getByTestId('wall-slot').evaluateAll((slots) => slots.map((s) => (s as HTMLElement).dataset.camera ?? ''));
}

interface Playback {
  camera: string;
  time: number;
  frames: number;
}

/** Each tile's video: its camera, current time and frames decoded so far. */
function playback(page: Page): Promise<Playback[]> {
  return page.getByTestId('wall-slot').evaluateAll((slots) =>
    slots.map((slot) => {
      const video = slot.querySelector('video');
      return {
        camera: (slot as HTMLElement).dataset.camera ?? '',
        time: video?.currentTime ?? 0,
        frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      };
    }),
  );
}

test('layout 16 picked by key and filled plays sixteen live tiles, each with its time and frames advancing', async ({ page }) => {
  test.setTimeout(180_000);
  const wall = await openWall(page, demo!);
  api ??= await openTrustedApi(demo!);

  await page.keyboard.press('4');
  await expect(wall).toHaveAttribute('data-layout', '16');
  await expect(page.getByTestId('wall-slot')).toHaveCount(16);
  await expect(page.getByTestId('wall-layout').and(page.locator('[data-layout="16"]'))).toHaveAttribute('aria-pressed', 'true');

  const cameras = await onlineCameras(api, 16);
  await callOk(api, 'wall.placeMany', { cameras });
  await expect.poll(() => shownCameras(page)).toEqual(cameras);

  const tiles = page.getByTestId('wall-slot').getByTestId('camera-tile');
  await expect(tiles).toHaveCount(16);
  for (let i = 0; i < 16; i++) await expect(tiles.nth(i)).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
  await expect(tiles.and(page.locator('[data-stream="sub"]'))).toHaveCount(16);

  const first = await playback(page);
  await expect
    .poll(
      async () => {
        const now = await playback(page);
        return now.filter((p, i) => p.time > first[i]!.time + 2 && p.frames > first[i]!.frames + 20).map((p) => p.camera);
      },
      { timeout: 30_000, message: 'every tile plays on: time and decoded frames grow' },
    )
    .toEqual(cameras);
});

test('maximising a tile (double-click) plays its main stream, asked of the media server; Esc brings the wall back on sub', async ({ page }) => {
  test.setTimeout(120_000);
  const wall = await openWall(page, demo!);
  api ??= await openTrustedApi(demo!);
  await expect(wall).toHaveAttribute('data-layout', '16'); // the wall the last test left, from the host
  const slot = page.getByTestId('wall-slot').nth(5);
  const camera = (await slot.getAttribute('data-camera'))!;
  const tile = slot.getByTestId('camera-tile');
  await expect(tile).toHaveAttribute('data-stream', 'sub');
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });

  const log = await mediaLogOf(api, camera);
  const mark = await log.mark();
  await slot.dblclick();
  await expect(wall).toHaveAttribute('data-maximised', '5');
  await expect(tile).toHaveAttribute('data-stream', 'main');
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
  await expect(page.getByTestId('wall-slot').nth(0)).toBeHidden();
  const asked = await log.since(mark);
  expect(asked.filter((e) => e.camera === camera && e.stream === 'main' && e.kind === 'segment').length).toBeGreaterThan(0);

  await page.keyboard.press('Escape');
  await expect(wall).toHaveAttribute('data-maximised', '');
  await expect(page.getByTestId('wall-slot').nth(0)).toBeVisible();
  await expect(tile).toHaveAttribute('data-stream', 'sub');
});

test('a hidden wall asks the media server for nothing, and plays again when shown', async () => {
  test.setTimeout(180_000);
  api ??= await openTrustedApi(demo!);
  // Its own Chromium, not the `page` fixture's: a page Playwright holds never turns hidden (support/unattended-chromium.ts).
  const own = await launchUnattended(demo!.url, e2eMediaTrustArgs());
  try {
    const browser = await chromium.connectOverCDP(own.endpoint);
    const context = browser.contexts()[0]!;
    await expect.poll(() => context.pages().some((p) => p.url().startsWith(demo!.origin)), { timeout: 30_000 }).toBe(true);
    const page = context.pages().find((p) => p.url().startsWith(demo!.origin))!;
    await signInAs(page, 'video_patroller');
    const wall = page.getByTestId('camera-wall');
    await expect(wall).toHaveAttribute('data-layout', '16'); // the wall the first test left, from the host
    const tiles = page.getByTestId('wall-slot').getByTestId('camera-tile');
    for (let i = 0; i < 16; i++) await expect(tiles.nth(i)).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
    const cameras = await shownCameras(page);
    const log = await mediaLogOf(api, cameras[0]!);
    await browser.close(); // Playwright lets go of the page (the browser stays): from here on, DevTools of our own

    const devtools = await own.devtools();
    const { targetId, sessionId } = await devtools.attach(demo!.origin);
    const { windowId } = await devtools.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId });
    const states = () =>
      devtools.evaluate<string[]>(sessionId, `[...document.querySelectorAll('[data-testid="wall-slot"] [data-testid="camera-tile"]')].map((t) => t.dataset.state)`);
    const frames = () =>
      devtools.evaluate<number[]>(
        sessionId,
        `[...document.querySelectorAll('[data-testid="wall-slot"] video')].map((v) => v.getVideoPlaybackQuality().totalVideoFrames)`,
      );
    // The window minimised as a window manager does it: Chromium itself turns the page hidden, nothing in it is faked.
    const setMinimised = async (minimised: boolean) => {
      await devtools.send('Browser.setWindowBounds', { windowId, bounds: { windowState: minimised ? 'minimized' : 'normal' } });
      await expect.poll(() => devtools.evaluate(sessionId, 'document.visibilityState')).toBe(minimised ? 'hidden' : 'visible');
    };

    await setMinimised(true);
    // Requests already on their way when the page hid may still land: the
    // count starts once every tile has stopped (no longer playing).
    await expect.poll(states).toEqual(cameras.map(() => 'idle'));
    const quiet = await log.mark();
    // Three segment lengths of a live playlist: a tile still loading would have asked for its playlist several times.
    await delay(6_000);
    const whileHidden = (await log.since(quiet)).filter((e) => e.camera !== null && cameras.includes(e.camera));
    expect(whileHidden, JSON.stringify(whileHidden.slice(0, 5))).toEqual([]);

    // Shown again, they ask and play: the log would have seen requests had there been any.
    const shown = await log.mark();
    await setMinimised(false);
    await expect.poll(states, { timeout: 60_000 }).toEqual(cameras.map(() => 'playing'));
    expect((await log.since(shown)).filter((e) => e.camera !== null && cameras.includes(e.camera)).length).toBeGreaterThan(0);
    const resumed = await frames();
    await expect
      .poll(async () => (await frames()).filter((n, i) => n > resumed[i]! + 10).length, { timeout: 30_000, message: 'every tile decodes frames again' })
      .toBe(cameras.length);
  } finally {
    await own.stop();
  }
});

test("an incident picked on the board offers its nearest online cameras, and C puts them on the wall; the view fits 1366×768 and 1920×1080", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const wall = await openWall(page, demo!);
  api ??= await openTrustedApi(demo!);
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    // The side column and the whole wall in the first screen, nothing wider than the window.
    for (const part of [page.getByTestId('video-side'), page.getByTestId('wall-grid'), page.getByTestId('wall-layout').last()]) {
      const box = (await part.boundingBox())!;
      expect(box.x + box.width, `${JSON.stringify(size)}: right edge`).toBeLessThanOrEqual(size.width);
      expect(box.y + box.height, `${JSON.stringify(size)}: bottom edge`).toBeLessThanOrEqual(size.height);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
  }
  await page.keyboard.press('3'); // nine tiles: nine nearest cameras asked
  await expect(wall).toHaveAttribute('data-layout', '9');

  // The first open incident on the compact board that has a location.
  await page.getByTestId('video-tab-incidents').click();
  const rows = page.getByTestId('board-row');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  let incident: Result<'incident.get'>['incident'] | null = null;
  for (const id of await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id!))) {
    const read = (await callOk<Result<'incident.get'>>(api, 'incident.get', { id })).incident;
    if (read.lat !== null && read.lat !== undefined && read.lng !== null && read.lng !== undefined) {
      incident = read;
      break;
    }
  }
  expect(incident, 'an open incident with a location on the board').not.toBeNull();
  await page.locator(`[data-testid="board-row"][data-id="${incident!.id}"]`).click();

  const bar = page.getByTestId('wall-nearest');
  await expect(bar).toHaveAttribute('data-incident', incident!.id);
  const nearest = await callOk<Result<'cameras.nearest'>>(api, 'cameras.nearest', { lat: incident!.lat, lng: incident!.lng, k: 9, onlineOnly: true });
  const ids = nearest.map((c) => c.id);
  await expect(bar.getByTestId('wall-nearest-camera')).toHaveText(nearest.map((c) => new RegExp(`^${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));

  // One key, wherever the focus is (here the board): they fill the wall from tile 0.
  await page.keyboard.press('c');
  expect(ids.length).toBeGreaterThan(0);
  await expect.poll(async () => (await shownCameras(page)).slice(0, ids.length)).toEqual(ids);
});

test('a layout switch and a saved view survive a restart of the console', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  let first: RunningConsole | null = await startConsole(['--demo'], {}, { keepData: true });
  const dataDir = first.dataDir;
  let again: RunningConsole | null = null;
  let socket: ApiSocket | null = null;
  try {
    socket = await afterDemoSignIn(first);
    let wall = await openWall(page, first);
    const cameras = await onlineCameras(socket, 6);

    // A hotspot (key 6: 1+5) with cameras, saved as a view from the views menu.
    await page.keyboard.press('6');
    await expect(wall).toHaveAttribute('data-layout', '1+5');
    await callOk(socket, 'wall.placeMany', { cameras });
    await expect.poll(() => shownCameras(page)).toEqual(cameras);
    await page.getByTestId('wall-views-toggle').click();
    await page.getByTestId('wall-view-name').fill('中山路口');
    await page.getByTestId('wall-view-save').click();
    await expect(page.getByTestId('wall-view')).toHaveAttribute('data-view', '中山路口');
    await expect(page.getByTestId('wall-view-name-shown')).toHaveText('当前视图：中山路口');
    await page.keyboard.press('Escape');

    // Then a layout switch by key: 9 tiles, keeping the first cameras.
    await page.getByTestId('wall-slot').first().focus();
    await page.keyboard.press('3');
    await expect(wall).toHaveAttribute('data-layout', '9');
    await expect(page.getByTestId('wall-view-name-shown')).toHaveText('未保存的布局');
    await socket.close();
    socket = null;
    await stopAll(testInfo, [{ name: 'egret-serve-demo (first)', proc: first }]);
    first = null;

    again = await startConsole(['--demo'], {}, { dataDir });
    socket = await afterDemoSignIn(again);
    await streamsLive(socket, cameras[0]!);
    wall = await openWall(page, again);
    // The switch survived…
    await expect(wall).toHaveAttribute('data-layout', '9');
    const slots = page.getByTestId('wall-slot');
    await expect(slots).toHaveCount(9);
    expect(await shownCameras(page)).toEqual([...cameras, '', '', '']);
    // …and so did the view, which brings its layout and cameras back.
    await page.getByTestId('wall-views-toggle').click();
    await page.locator('[data-testid="wall-view"][data-view="中山路口"]').getByTestId('wall-view-apply').click();
    await expect(wall).toHaveAttribute('data-layout', '1+5');
    await expect(wall).toHaveAttribute('data-view', '中山路口');
    expect(await shownCameras(page)).toEqual(cameras);
    await expect(slots.first().getByTestId('camera-tile')).toHaveAttribute('data-stream', 'main'); // the hotspot's large tile
    await expect(slots.first().getByTestId('camera-tile')).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
  } finally {
    await socket?.close();
    await stopAll(testInfo, [
      { name: 'egret-serve-demo (first)', proc: first },
      { name: 'egret-serve-demo (restarted)', proc: again },
    ]);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
