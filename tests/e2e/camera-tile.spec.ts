import type { Locator, Page } from '@playwright/test';
import type { Result } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';
import { HELD_UNANSWERED } from '../../native/simulator/media/index.ts';
import { CONNECT_TIMEOUT_MS } from '../../renderer/src/components/camera/camera-player.ts';
import { fault, mediaLog } from './support/media-log.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * Camera tiles on the video patroller's wall, on the browser shell with the
 * embedded demo (its media over HTTPS/HTTP/2, test faults on): a camera the
 * platform reports offline says so and is never asked of the media server
 * (its request log), and a stream that dies — the gateway answering 503, a
 * playlist that stops moving, or a gateway that takes the request and never
 * answers — comes back by itself, in the same page, once it is served again.
 */

type DirectoryRow = Result<'cameras.directory'>[number];
type Camera = Result<'cameras.get'>;

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;

test.describe.configure({ mode: 'serial' });

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  demo = await startConsole(['--demo'], { EGRET_DEMO_MEDIA_FAULTS: '1' });
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await api?.close();
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = api = null;
});

async function openWall(page: Page): Promise<ApiSocket> {
  await openSignedIn(page, demo!, 'video_patroller');
  // The cameras come with the platform's snapshot: the link live, the cache has them.
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  // Opened once the page has signed the console in: the socket then acts as the video patroller.
  api ??= await openTrustedApi(demo!);
  return api;
}

/** Cameras of the demo by status as the directory has them (flapping ones are neither). */
async function cameras(status: 'online' | 'offline', count: number): Promise<Camera[]> {
  let picked: DirectoryRow[] = [];
  // The directory fills as the first snapshot is written to the cache.
  await expect
    .poll(
      async () => {
        const rows = await callOk<DirectoryRow[]>(api!, 'cameras.directory');
        picked = rows.filter((row) => row.status === status).slice(0, count);
        return picked.length;
      },
      { timeout: 30_000, message: `${count} ${status} cameras in the directory` },
    )
    .toBe(count);
  return Promise.all(picked.map((row) => callOk<Camera>(api!, 'cameras.get', { id: row.id })));
}

const mediaOrigin = (camera: Camera) => new URL(camera.streams.sub ?? camera.streams.main).origin;
const wallTile = (page: Page, cameraId: string) => page.locator(`[data-testid="camera-tile"][data-camera="${cameraId}"]`);

/** The tile is playing: its state says so and its video's time moves on. */
async function expectPlaying(tile: Locator, timeout = 30_000): Promise<void> {
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout });
  const video = tile.getByTestId('camera-video');
  const from = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(from + 1);
}

/** Marks the page so a test can tell it was never reloaded. */
async function markPage(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  return () => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
}

test('an offline camera in a wall tile says so and is never asked of the media server, beside one that plays', async ({ page }) => {
  test.setTimeout(120_000);
  await openWall(page);
  const [offline] = await cameras('offline', 1);
  const [online] = await cameras('online', 1);
  const log = mediaLog(mediaOrigin(online!));
  const mark = await log.mark();

  await callOk(api!, 'wall.set', { layout: '4', tiles: [offline!.id, online!.id, null, null], maximised: null });
  const off = wallTile(page, offline!.id);
  await expect(off).toHaveAttribute('data-state', 'offline');
  await expect(off.getByTestId('camera-state')).toHaveText('摄像头离线');
  await expect(off.getByTestId('camera-name')).toHaveText(offline!.name);
  await expect(off.getByTestId('camera-retry')).toHaveCount(0);
  // The tile beside it plays its sub stream: the wall had every chance to ask for both.
  await expectPlaying(wallTile(page, online!.id));
  await expect(wallTile(page, online!.id)).toHaveAttribute('data-stream', 'sub');

  const requests = await log.since(mark);
  expect(requests.filter((r) => r.camera === offline!.id)).toEqual([]);
  expect(requests.filter((r) => r.camera === online!.id && r.kind === 'segment' && r.stream === 'sub').length).toBeGreaterThan(0);
  await expect(off.getByTestId('camera-video')).toHaveJSProperty('readyState', 0);
});

test('a stream the gateway answers 503 for fails, counts down to its retry, and plays again by itself once served, without a reload', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openWall(page);
  const [camera] = await cameras('online', 1);
  const origin = mediaOrigin(camera!);
  await callOk(api!, 'wall.set', { layout: '4', tiles: [camera!.id, null, null, null], maximised: null });
  const tile = wallTile(page, camera!.id);
  await expectPlaying(tile);
  const sameDocument = await markPage(page);

  const log = mediaLog(origin);
  const mark = await log.mark();
  await fault(origin, camera!.id, 'down');
  try {
    // hls.js spends its own retries, then the tile gives up on this player and schedules the next.
    await expect(tile).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(tile.getByTestId('camera-retry-in')).toContainText('秒后自动重试');
    expect((await log.since(mark)).some((r) => r.camera === camera!.id && r.status === 503)).toBe(true);
  } finally {
    await fault(origin, camera!.id, null);
  }
  // Nobody presses retry: the backoff's next attempt plays.
  await expectPlaying(tile, 60_000);
  expect(await sameDocument()).toBe(true);
});

test('a stream whose playlist stops moving shows stalled, and plays again once the playlist moves, without a reload', async ({ page }) => {
  test.setTimeout(150_000);
  await openWall(page);
  const [, camera] = await cameras('online', 2);
  const origin = mediaOrigin(camera!);
  await callOk(api!, 'wall.set', { layout: '4', tiles: [camera!.id, null, null, null], maximised: null });
  const tile = wallTile(page, camera!.id);
  await expectPlaying(tile);
  const sameDocument = await markPage(page);

  await fault(origin, camera!.id, 'stall');
  try {
    // The buffer plays out (a few seconds), then the tile waits for a segment that does not come.
    await expect(tile).toHaveAttribute('data-state', /^(stalled|error)$/, { timeout: 45_000 });
  } finally {
    await fault(origin, camera!.id, null);
  }
  await expectPlaying(tile, 60_000);
  expect(await sameDocument()).toBe(true);
});

test('a stream whose gateway takes the request and never answers does not stay connecting: it fails after the timeout, retries by itself, and plays once answered', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openWall(page);
  const [, , camera] = await cameras('online', 3);
  const origin = mediaOrigin(camera!);
  const log = mediaLog(origin);
  const mark = await log.mark();
  // Every state the tile shows, sampled often enough to catch the second or so it waits between attempts.
  await page.evaluate((id) => {
    const seen: string[] = [];
    (window as unknown as { tileStates: string[] }).tileStates = seen;
    setInterval(() => {
      const state = document.querySelector(`[data-testid="camera-tile"][data-camera="${id}"]`)?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    }, 50);
  }, camera!.id);
  const states = () => page.evaluate(() => (window as unknown as { tileStates: string[] }).tileStates);
  const sameDocument = await markPage(page);

  await fault(origin, camera!.id, 'hang');
  try {
    await callOk(api!, 'wall.set', { layout: '4', tiles: [camera!.id, null, null, null], maximised: null });
    const tile = wallTile(page, camera!.id);
    await expect(tile).toHaveAttribute('data-state', 'connecting');
    // No answer and so no error from hls.js: the tile gives up on its own clock, says so, and offers a retry.
    await expect(tile).toHaveAttribute('data-state', 'error', { timeout: CONNECT_TIMEOUT_MS + 30_000 });
    await expect(tile.getByTestId('camera-retry-in')).toContainText('秒后自动重试');
    await expect(tile.getByTestId('camera-retry')).toBeVisible();
    // Then its backoff runs out and it connects again, by itself (idle first while the camera was being read).
    await expect.poll(async () => (await states()).filter((state, i) => i > 0 || state !== 'idle'), { timeout: 15_000 }).toEqual([
      'connecting',
      'error',
      'connecting',
    ]);
    const asked = (await log.since(mark)).filter((e) => e.camera === camera!.id);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((e) => e.status !== HELD_UNANSWERED)).toEqual([]);
  } finally {
    await fault(origin, camera!.id, null);
  }
  // Answered again: the attempt under way, or the next, plays.
  await expectPlaying(wallTile(page, camera!.id), CONNECT_TIMEOUT_MS + 60_000);
  expect(await sameDocument()).toBe(true);
});
