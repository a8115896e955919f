import type { Page } from '@playwright/test';
import type { Result } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * A tour (轮巡) on the video patroller's wall, on the browser shell with the
 * embedded demo: made in the tour editor from cameras found by search, run
 * from the wall's tour controls in the selected tile, it advances to the
 * next camera after its dwell — an offline camera in it is shown offline,
 * not skipped — and pauses and stops. The host runs the tour (its timer),
 * so the test waits for the tile to change, never for a fixed time.
 */

type DirectoryRow = Result<'cameras.directory'>[number];

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;

test.describe.configure({ mode: 'serial' });

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

/** The demo's cameras: two steadily online (not flapping) and one offline, with the roads they are on. */
async function pickCameras(): Promise<{ online: DirectoryRow[]; offline: DirectoryRow }> {
  let rows: DirectoryRow[] = [];
  // The directory fills as the platform's first snapshot is written to the cache.
  const enough = () => rows.some((row) => row.status === 'offline') && rows.filter((row) => row.status === 'online' && row.road !== null).length >= 2;
  await expect
    .poll(async () => enough() || ((rows = await callOk<DirectoryRow[]>(api!, 'cameras.directory')), enough()), {
      timeout: 30_000,
      message: 'online and offline cameras in the directory',
    })
    .toBe(true);
  const online = rows.filter((row) => row.status === 'online' && row.road !== null);
  const offline = rows.find((row) => row.status === 'offline')!;
  // Two on different roads, so a search by road finds the one meant.
  const second = online.find((row) => row.road !== online[0]!.road)!;
  return { online: [online[0]!, second], offline };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Adds `camera` in the editor from the keyboard: its id typed (an id prefix ranks first), Enter on the match shown by name. */
async function addBySearch(page: Page, camera: DirectoryRow): Promise<void> {
  const editor = page.getByTestId('tour-editor');
  await editor.getByTestId('tour-search').fill(camera.id);
  await expect(editor.getByTestId('tour-choice').first()).toHaveText(new RegExp(`^${escaped(camera.name)}`));
  await editor.getByTestId('tour-search').press('Enter');
}

test('a tour made in the editor runs in the selected tile, advances to the next camera (an offline one shown offline), pauses and stops', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSignedIn(page, demo!, 'video_patroller');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  api ??= await openTrustedApi(demo!);
  const { online, offline } = await pickCameras();
  await callOk(api, 'wall.set', { layout: '4', tiles: [null, null, null, null] });

  // Made in the editor: three cameras by search, the shortest dwell.
  const controls = page.getByTestId('tour-controls');
  await controls.getByTestId('tour-new').click();
  const editor = page.getByTestId('tour-editor');
  await editor.getByTestId('tour-name').fill('E2E 轮巡');
  await editor.getByTestId('tour-dwell').fill('3');
  for (const camera of [online[0]!, offline, online[1]!]) await addBySearch(page, camera);
  await expect(editor.getByTestId('tour-camera')).toHaveText([online[0]!, offline, online[1]!].map((c) => new RegExp(escaped(c.name))));
  await editor.getByTestId('tour-save').click();
  await expect(editor).toHaveCount(0);
  const saved = await callOk<Result<'wall.tours.list'>>(api, 'wall.tours.list');
  expect(saved).toEqual([{ name: 'E2E 轮巡', dwellS: 3, cameras: [online[0]!.id, offline.id, online[1]!.id] }]);

  // Run in tile 2 (selected by a click).
  const slot = page.locator('[data-testid="wall-slot"][data-tile="1"]');
  await slot.click();
  await controls.getByTestId('tour-pick').selectOption('E2E 轮巡');
  await controls.getByTestId('tour-scope').selectOption('tile');
  await controls.getByTestId('tour-start').click();
  await expect(controls).toHaveAttribute('data-running', 'E2E 轮巡');
  await expect(slot).toHaveAttribute('data-camera', online[0]!.id);
  await expect(controls.getByTestId('tour-progress')).toHaveText('1/3');
  await expect(controls.getByTestId('tour-next')).toContainText('秒后切换');

  // After the dwell the tile shows the next camera: the offline one, said to be offline.
  await expect(slot).toHaveAttribute('data-camera', offline.id, { timeout: 15_000 });
  await expect(controls.getByTestId('tour-progress')).toHaveText('2/3');
  const tile = slot.getByTestId('camera-tile');
  await expect(tile).toHaveAttribute('data-camera', offline.id);
  await expect(tile).toHaveAttribute('data-state', 'offline');
  await expect(tile.getByTestId('camera-name')).toHaveText(offline.name);

  // Paused, it has no next step and stays; resumed, it moves on. (Whichever camera the
  // 3 s dwell reached before the click landed: the host's state says which.)
  await controls.getByTestId('tour-pause').click();
  await expect(controls).toHaveAttribute('data-paused', 'true');
  await expect(controls.getByTestId('tour-next')).toHaveCount(0);
  const paused = await callOk<Result<'wall.get'>>(api, 'wall.get');
  expect(paused.tour).toMatchObject({ name: 'E2E 轮巡', scope: 'tile', tile: 1, paused: true, nextAtMs: null });
  const held = paused.tiles[1]!;
  await expect(slot).toHaveAttribute('data-camera', held);
  await controls.getByTestId('tour-resume').click();
  await expect(controls.getByTestId('tour-next')).toContainText('秒后切换');
  await expect(slot).not.toHaveAttribute('data-camera', held, { timeout: 15_000 });

  // Stopped: the tile keeps what it shows.
  await controls.getByTestId('tour-stop').click();
  await expect(controls).toHaveAttribute('data-running', '');
  const stopped = await callOk<Result<'wall.get'>>(api, 'wall.get');
  expect(stopped.tour).toBeNull();
  await expect(slot).toHaveAttribute('data-camera', stopped.tiles[1]!);
});
