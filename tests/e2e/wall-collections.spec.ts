import type { Locator, Page } from '@playwright/test';
import type { Result } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * One video patroller, two windows (issue 13 spreads an operator's walls
 * over several monitors): a view saved and a camera favourited in one window
 * show in the other at once — its open views menu lists the view, its
 * directory's favourites hold the camera — with no reload (the host pushes
 * the operator's collections on `wall.collections`).
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

/** A window of the video patroller with the link live and the directory shown. */
async function patrollerWindow(page: Page): Promise<Locator> {
  await openSignedIn(page, demo!, 'video_patroller');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  const directory = page.getByTestId('camera-directory');
  await expect(directory).toBeVisible();
  return directory;
}

/** One of the demo's cameras, once the platform's snapshot has filled the directory. */
async function someCamera(): Promise<DirectoryRow> {
  let rows: DirectoryRow[] = [];
  await expect
    .poll(async () => (rows = await callOk<DirectoryRow[]>(api!, 'cameras.directory')).length, { timeout: 30_000, message: 'cameras in the directory' })
    .toBeGreaterThan(0);
  return rows.find((row) => row.status === 'online') ?? rows[0]!;
}

/** Marks the page, so a test can tell it was never reloaded. */
async function markUnreloaded(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));
}
async function stillUnreloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded === true);
}

test("a view saved and a camera favourited in one window of the video patroller show in their other window without a reload", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const first = page;
  const firstDirectory = await patrollerWindow(first);
  const second = await context.newPage();
  const secondDirectory = await patrollerWindow(second);
  api ??= await openTrustedApi(demo!);
  const camera = await someCamera();
  await markUnreloaded(second);

  // The second window's views menu is open before the first saves: it must fill by itself.
  await second.getByTestId('wall-views-toggle').click();
  await expect(second.getByTestId('wall-views-none')).toBeVisible();

  await first.getByTestId('wall-views-toggle').click();
  await first.getByTestId('wall-view-name').fill('E2E 两窗视图');
  await first.getByTestId('wall-view-save').click();
  await expect(first.locator('[data-testid="wall-view"][data-view="E2E 两窗视图"]')).toBeVisible();
  await expect(second.locator('[data-testid="wall-view"][data-view="E2E 两窗视图"]')).toBeVisible({ timeout: 5_000 });

  // A camera found by its id in the first window's directory, starred there.
  const box = firstDirectory.getByTestId('directory-search');
  const found = firstDirectory.locator(`[data-testid="directory-camera"][data-camera="${camera.id}"]`);
  await expect(async () => {
    await box.fill('');
    await box.fill(camera.id);
    await expect(found.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await found.first().getByTestId('directory-star').click();
  await expect(found.first().getByTestId('directory-star')).toHaveAttribute('aria-pressed', 'true');

  // The second window's tree lists it under its favourites (open at the top of the list).
  await expect(secondDirectory.locator(`[data-testid="directory-camera"][data-key="favourites/${camera.id}"]`)).toBeVisible({ timeout: 5_000 });
  expect(await stillUnreloaded(second)).toBe(true);
});
