import type { BrowserContext, Page } from '@playwright/test';
import type { LiveWorkspace } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * Workspace windows in the browser shell (issue 13): the console window owns
 * the operator's other windows. A call taker pops the map out — a page of
 * its own at `#/w/map` showing the map; closed by hand it comes back with a
 * notice; docked back it closes and leaves the workspace. Ctrl+Shift+F puts
 * a window in wall mode, which a reload keeps (it is saved).
 */

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;

test.describe.configure({ mode: 'serial' });

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  demo = await startConsole(['--demo']);
  api = await openTrustedApi(demo);
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await api?.close();
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = api = null;
});

/** The ids of the live workspace's windows, as the host holds them. */
async function windowIds(): Promise<string[]> {
  const live = await callOk<LiveWorkspace | null>(api!, 'workspace.live');
  return live?.workspace.windows.map((w) => w.id) ?? [];
}

/** Pops `panel` out of the console's view and returns the page the console window opened for it. */
async function popOut(context: BrowserContext, console: Page, panel: string): Promise<Page> {
  const opened = context.waitForEvent('page');
  await console.getByTestId('pop-out-menu').locator('summary').click();
  await console.getByTestId(`pop-out-${panel}`).click();
  const page = await opened;
  await expect(page).toHaveURL(new RegExp(`#/w/${panel}$`));
  return page;
}

test('a popped-out map opens in its own window, comes back when closed by hand, and docks back', async ({ page, context }) => {
  await openSignedIn(page, demo!, 'call_taker');
  await expect.poll(windowIds, { message: 'the console opened its workspace at sign-in' }).toEqual(['main']);

  const mapPage = await popOut(context, page, 'map');
  await expect(mapPage.getByTestId('workspace-window')).toHaveAttribute('data-window', 'map');
  await expect(mapPage.getByTestId('window-title')).toHaveText('城市地图');
  await expect(mapPage.getByTestId('city-map')).toBeVisible({ timeout: 30_000 });
  await expect(mapPage.getByTestId('window-recovered')).toHaveCount(0);
  await expect.poll(windowIds).toEqual(['main', 'map']);

  // Closed by hand, not docked: the console window opens it again, saying so.
  const reopening = context.waitForEvent('page');
  await mapPage.close();
  const reopened = await reopening;
  await expect(reopened).toHaveURL(/#\/w\/map\?recovered=closed$/);
  await expect(reopened.getByTestId('window-recovered')).toHaveAttribute('data-recovered', 'closed');
  await expect(reopened.getByTestId('city-map')).toBeVisible({ timeout: 30_000 });

  // Docked back: the window closes and the workspace no longer lists it.
  const closing = reopened.waitForEvent('close');
  await reopened.getByTestId('window-dock').click();
  await closing;
  await expect.poll(windowIds).toEqual(['main']);
  expect(context.pages()).toEqual([page]);
});

test('Ctrl+Shift+F puts a window in wall mode without chrome, and a reload keeps it', async ({ page, context }) => {
  await openSignedIn(page, demo!, 'call_taker');
  const boardPage = await popOut(context, page, 'board');
  const shell = boardPage.getByTestId('app-shell');
  await expect(boardPage.getByTestId('window-title')).toBeVisible();
  await expect(shell).toHaveAttribute('data-wall-mode', 'false');

  await boardPage.keyboard.press('Control+Shift+F');
  await expect(shell).toHaveAttribute('data-wall-mode', 'true');
  await expect(boardPage.getByTestId('window-title')).toHaveCount(0);
  await expect(boardPage.getByTestId('link-state')).toHaveCount(0);
  await expect
    .poll(async () => (await callOk<LiveWorkspace>(api!, 'workspace.live')).workspace.windows.find((w) => w.id === 'board')?.wallMode)
    .toBe(true);

  await boardPage.reload();
  await expect(boardPage.getByTestId('app-shell')).toHaveAttribute('data-wall-mode', 'true', { timeout: 30_000 });
  await expect(boardPage.getByTestId('window-title')).toHaveCount(0);
  await expect(boardPage.locator('[data-testid="workspace-panel"][data-panel="board"]')).toBeVisible();
  // Fullscreen needs a gesture: a window restored in wall mode offers it.
  await expect(boardPage.getByTestId('fullscreen-offer')).toBeVisible();

  // Out of wall mode again with the same key; docked back to leave the workspace as it was.
  await boardPage.keyboard.press('Control+Shift+F');
  await expect(boardPage.getByTestId('app-shell')).toHaveAttribute('data-wall-mode', 'false');
  const closing = boardPage.waitForEvent('close');
  await boardPage.getByTestId('window-dock').click();
  await closing;
  await expect.poll(windowIds).toEqual(['main']);
});

test("Reset workspace brings back the role's default: on one display, the console alone", async ({ page, context }) => {
  await openSignedIn(page, demo!, 'call_taker');
  const mapPage = await popOut(context, page, 'map');
  await expect.poll(windowIds).toEqual(['main', 'map']);
  page.once('dialog', (dialog) => void dialog.accept());
  const closing = mapPage.waitForEvent('close');
  await page.getByTestId('workspace-reset').click();
  await closing;
  await expect.poll(windowIds).toEqual(['main']);
});
