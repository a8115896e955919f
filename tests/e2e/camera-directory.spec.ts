import type { Locator, Page } from '@playwright/test';
import type { Result } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * The camera directory (issue 12) on the browser shell with the embedded
 * demo's 3,060 cameras: the video patroller finds a camera by the pinyin
 * initials of its road and puts it on the wall from the keyboard, drags
 * another onto a tile, and sees the offline cameras of a district counted.
 */

type DirectoryRow = Result<'cameras.directory'>[number];

// Signing in as the video patroller first signs the demo's duty chief out, whose view (map, live traffic tiles) is slow to settle on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 120_000 });
test.use({ viewport: { width: 1600, height: 900 } });

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

/** Signed in as the video patroller, the link live, the directory shown. */
async function openDirectory(page: Page): Promise<Locator> {
  await openSignedIn(page, demo!, 'video_patroller');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  const directory = page.getByTestId('camera-directory');
  await expect(directory).toBeVisible();
  return directory;
}

/**
 * Types `text` in the directory's search until a match shows. The pinyin of
 * the cameras is built once the link is idle after its snapshot (cache
 * migration 0012): until then a pinyin search finds nothing, so the text is
 * typed again — each time a new search — until the index has it.
 */
async function searchUntilFound(directory: Locator, text: string): Promise<void> {
  const box = directory.getByTestId('directory-search');
  await expect(async () => {
    await box.fill('');
    await box.fill(text);
    // The search's own answer (not the tree's or the favourites' rows, which show while it is asked).
    await expect(directory.getByTestId('directory-status')).toHaveText(/^(找到 \d+ 路|只列出最相符的 \d+ 路)/, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

test('the video patroller finds a camera by the pinyin initials of its road and puts it on the wall with Enter', async ({ page }) => {
  const directory = await openDirectory(page);
  await searchUntilFound(directory, 'hbnl');
  // The best match has the focus: a camera on 湖滨南路 (hú bīn nán lù), shown by name with where it is.
  const best = directory.getByTestId('directory-camera').first();
  await expect(best.getByTestId('directory-camera-name')).toHaveText(/^湖滨南路/);
  await expect(best).toContainText('思明区 · 湖滨南路');
  await expect(best).toHaveClass(/focused/);
  const camera = (await best.getAttribute('data-camera'))!;
  const name = (await best.getByTestId('directory-camera-name').textContent())!;

  await directory.getByTestId('directory-search').press('Enter');
  const tile = page.locator(`[data-testid="wall-slot"][data-camera="${camera}"]`);
  await expect(tile).toHaveCount(1);
  // The tile says the camera's name, not its id.
  await expect(tile).toContainText(name);

  // Down into the list and Enter on the second match: it goes on the wall too.
  await directory.getByTestId('directory-search').press('ArrowDown');
  await expect(directory.getByTestId('directory-list')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const second = directory.locator('[data-testid="directory-camera"].focused');
  const secondId = (await second.getAttribute('data-camera'))!;
  expect(secondId).not.toBe(camera);
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-testid="wall-slot"][data-camera="${secondId}"]`)).toHaveCount(1);
});

test('a camera dragged from the directory onto a tile plays there', async ({ page }) => {
  const directory = await openDirectory(page);
  await searchUntilFound(directory, 'hbnl');
  const row = directory.getByTestId('directory-camera').nth(2);
  const camera = (await row.getAttribute('data-camera'))!;
  const target = page.getByTestId('wall-slot').last();
  await row.dragTo(target);
  await expect(page.getByTestId('wall-slot').last()).toHaveAttribute('data-camera', camera);
});

test('a district counts its offline cameras; online only hides them', async ({ page }) => {
  api ??= await openTrustedApi(demo!);
  const directory = await openDirectory(page);
  const district = directory.getByTestId('directory-node').filter({ hasText: '思明区' });
  /** 思明区's cameras as the host has them now, and the offline ones among them. */
  const siming = async () => {
    const rows = (await callOk<DirectoryRow[]>(api!, 'cameras.directory')).filter((r) => r.district === '350203');
    return { rows, offline: rows.filter((r) => r.status === 'offline') };
  };
  // The demo's flapping cameras drop and come back while the test runs: compare with the host's list as
  // it is now, until the directory (re-read after camera changes) shows the same.
  await expect(async () => {
    const now = await siming();
    expect(now.offline.length).toBeGreaterThan(0);
    await expect(district).toContainText(`${now.rows.length} 路`, { timeout: 1_000 });
    await expect(district.getByTestId('directory-offline-count')).toHaveText(`${now.offline.length} 路离线`, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // An offline camera found by its id is greyed and says so; online only leaves it out.
  const box = directory.getByTestId('directory-search');
  await expect(async () => {
    await directory.getByTestId('directory-online-only').uncheck();
    const camera = (await siming()).offline[0]!;
    await box.fill(camera.id);
    const found = directory.locator(`[data-testid="directory-camera"][data-camera="${camera.id}"]`);
    await expect(found).toHaveClass(/offline/, { timeout: 2_000 });
    await expect(found).toContainText('离线');
    await expect(found.getByTestId('directory-camera-name')).toHaveText(camera.name);
    await directory.getByTestId('directory-online-only').check();
    await expect(found).toHaveCount(0);
    await expect(directory.getByTestId('directory-status')).toHaveText('没有匹配的摄像头');
  }).toPass({ timeout: 30_000 });
});
