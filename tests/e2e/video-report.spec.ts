import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { IncidentRow, LinkStatus, Result, SessionInfo } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, okResult, stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * From video to an incident (issue 12), on the embedded demo: the video
 * patroller (console A, `egret serve --demo`) selects a playing tile on the
 * wall, presses S, and files the snapshot as a new incident with "notify
 * traffic police" — keyboard only. A SECOND console (B, `egret serve
 * --platform <A's demo platform> --token demo-chief`: another workstation
 * linked to the same platform, signed in as the duty chief) then shows the
 * incident — source video, at the camera, dispatched to the district's
 * traffic police — and the photo itself in its detail.
 */

type Camera = Result<'cameras.get'>;

let consoleA: RunningConsole | null = null;
let consoleB: RunningConsole | null = null;
let apiA: ApiSocket | null = null;
let apiB: ApiSocket | null = null;
const contexts: BrowserContext[] = [];

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(150_000);
  consoleA = await startConsole(['--demo']);
  apiA = await openTrustedApi(consoleA);
  await expect
    .poll(async () => (await callOk<LinkStatus>(apiA!, 'link.status')).state, {
      message: 'the demo console never went live',
      timeout: 60_000,
    })
    .toBe('live');
  const platformUrl = (await callOk<SessionInfo>(apiA, 'session.info')).platform.url;
  expect(platformUrl).toMatch(/^wss?:\/\/127\.0\.0\.1:\d+\//);
  consoleB = await startConsole(['--platform', platformUrl!, '--token', 'demo-chief']);
  apiB = await openTrustedApi(consoleB);
  await expect
    .poll(async () => (await callOk<LinkStatus>(apiB!, 'link.status')).state, { message: 'console B never went live', timeout: 60_000 })
    .toBe('live');
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterEach(async ({}) => {
  for (const context of contexts.splice(0)) await context.close();
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await apiA?.close();
  await apiB?.close();
  await stopAll(testInfo, [
    { name: 'egret-serve-B', proc: consoleB },
    { name: 'egret-serve-demo-A', proc: consoleA },
  ]);
  consoleA = consoleB = apiA = apiB = null;
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  contexts.push(context);
  return context.newPage();
}

/** The first online road camera of the demo's Siming district (350203), where a traffic police unit is. */
async function simingRoadCamera(api: ApiSocket): Promise<Camera> {
  for (let n = 1; n <= 800; n++) {
    const camera = okResult<Camera>(await api.call('cameras.get', { id: `cam-${String(n).padStart(4, '0')}` }));
    if (camera.status === 'online' && camera.district === '350203' && camera.road) return camera;
  }
  throw new Error('no online road camera in Siming among the first 800 of the demo');
}

test('a snapshot from a wall tile becomes a video incident whose photo a second console shows in its detail', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const page = await newPage(browser);
  await openSignedIn(page, consoleA!, 'video_patroller');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });

  // A camera on the wall, playing.
  const camera = await simingRoadCamera(apiA!);
  testInfo.annotations.push({ type: 'camera', description: `${camera.id} ${camera.name}` });
  await callOk(apiA!, 'wall.place', { camera: camera.id, tile: 0 });
  const slot = page.locator(`[data-testid="wall-slot"][data-camera="${camera.id}"]`);
  const tile = slot.getByTestId('camera-tile');
  await tile.scrollIntoViewIfNeeded();
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 45_000 });

  // S on the selected tile: the snapshot and the form, its first field focused.
  await slot.click();
  await page.keyboard.press('s');
  const dialog = page.getByTestId('video-report');
  await expect(dialog).toBeVisible();
  const preview = dialog.getByTestId('video-report-preview');
  await expect(preview).toBeVisible({ timeout: 15_000 });
  const shot = await preview.evaluate((img: HTMLImageElement) => ({
    src: img.src.slice(0, 23),
    width: img.naturalWidth,
    height: img.naturalHeight,
  }));
  expect(shot.src).toBe('data:image/jpeg;base64,');
  expect(shot.width).toBeGreaterThan(0);
  await expect(dialog.getByTestId('video-report-camera')).toContainText(camera.name);
  await expect(dialog.getByTestId('video-report-mode-create')).toBeFocused();
  // The title comes from the camera; the operator writes their own over it.
  await expect(dialog.getByTestId('video-report-title')).toHaveValue(new RegExp(camera.name));

  const tag = randomBytes(4).toString('hex');
  const title = `E2E 视频截图 ${tag}`;
  const kb = page.keyboard;
  await kb.press('Tab'); // category (traffic congestion already chosen)
  await expect(dialog.getByTestId('video-report-category')).toBeFocused();
  await expect(dialog.getByTestId('video-report-category')).toHaveValue('traffic.congestion');
  await kb.press('Tab'); // priority
  await kb.press('Tab'); // title
  await expect(dialog.getByTestId('video-report-title')).toBeFocused();
  await kb.press('Control+A');
  await kb.type(title);
  await kb.press('Tab');
  await kb.type(`路口车辆排队，视频巡查发现 ${tag}`);
  await kb.press('Tab');
  await expect(dialog.getByTestId('video-report-notify')).toBeFocused();
  await kb.press('Space');
  await expect(dialog.getByTestId('video-report-notify')).toBeChecked();
  await kb.press('Enter');
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId('video-report-notice')).toContainText(title);

  // Console B, another workstation on the same platform: the incident arrives through the platform.
  let rows: IncidentRow[] = [];
  await expect
    .poll(
      async () =>
        (rows = (await callOk<{ rows: IncidentRow[] }>(apiB!, 'incidents.page', { filter: { search: tag }, limit: 5 })).rows).length,
      {
        message: `console B never got "${title}"`,
        timeout: 30_000,
      },
    )
    .toBe(1);
  const id = rows[0]!.id;
  testInfo.annotations.push({ type: 'incident', description: id });
  let detail: Result<'incident.get'> | null = null;
  await expect
    .poll(async () => (detail = await callOk<Result<'incident.get'>>(apiB!, 'incident.get', { id })).incident.attachments.length, {
      message: 'the photo never reached console B',
      timeout: 30_000,
    })
    .toBe(1);
  const incident = detail!.incident;
  expect(incident).toMatchObject({
    source: 'video',
    category: 'traffic.congestion',
    title,
    district: camera.district,
    lat: camera.lat,
    lng: camera.lng,
  });
  expect(incident.attachments[0]).toMatchObject({ kind: 'photo', mime: 'image/jpeg' });
  // Dispatched to the camera district's traffic police (交警大队).
  await expect
    .poll(async () => (await callOk<Result<'incident.get'>>(apiB!, 'incident.get', { id })).incident.departments, { timeout: 30_000 })
    .toContain('dept-siming-traffic-police');

  // …and B's window shows the photo in the incident's detail.
  const pageB = await newPage(browser);
  await pageB.goto(`${consoleB!.url}#/chief`);
  await expect(pageB.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(pageB.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief');
  await pageB.getByTestId('chief-tab-board').click();
  await pageB.getByTestId('board-search').fill(tag);
  await pageB.getByTestId('board-search').press('Enter');
  // The board tab's row (the dashboard keeps a compact board of its own, hidden behind the tab).
  const row = pageB.locator(`[data-testid="board-row"][data-id="${id}"]`).locator('visible=true');
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await row.click();
  const detailB = pageB.getByTestId('detail');
  await expect(detailB).toHaveAttribute('data-id', id);
  const photo = detailB.getByTestId('detail-attachments').locator('img').first();
  await expect(photo).toBeVisible();
  await expect
    .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 })
    .toBe(shot.width);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(shot.height);
});
