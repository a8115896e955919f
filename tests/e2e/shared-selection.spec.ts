import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { LinkStatus, LiveWorkspace, MapIncident } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * One selection across the windows of an operator (issue 13), on the browser
 * shell with the embedded demo: three windows of one call taker — the board
 * in one, the city map in another, the detail in a third. An incident
 * selected on the board is centred on the map and shown in the detail of
 * the others, through the host's `selection` topic. Each window notes, by
 * the machine's one clock (`performance.timeOrigin + performance.now()`),
 * when its page shows the new selection (the map rings it: `data-selected`;
 * the detail has read it: its id on screen), and the click is noted the
 * same way: the test prints how long the other windows took. The issue's
 * goal (p95 < 150 ms) is for a benchmark on a quiet machine to judge, not
 * for this test to assert on a loaded one. A pinned window does not follow.
 */

/** How many selections are timed. */
const SELECTIONS = 20;
/** A panned map puts the selection in its middle, to the pixel or so. */
const CENTRED_PX = 2;

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });

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

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  contexts.push(context);
  return context;
}

/** A window of the call taker's console with its board's rows in. */
async function takerWindow(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await openSignedIn(page, demo!, 'call_taker');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  return page;
}

/** Notes, in the page, when each incident first shows as selected there: `what` reads what the page shows now. */
async function noteWhenShown(page: Page, what: 'map' | 'detail'): Promise<void> {
  await page.evaluate((what) => {
    const shownAt: Record<string, number> = {};
    (window as unknown as { shownAt: Record<string, number> }).shownAt = shownAt;
    const read = () =>
      what === 'map'
        ? (document.querySelector('[data-testid="city-map"]')?.getAttribute('data-selected') ?? null)
        : (document.querySelector('[data-testid="detail-id"]')?.textContent?.trim() ?? null);
    const check = () => {
      const id = read();
      if (id && !(id in shownAt)) shownAt[id] = performance.timeOrigin + performance.now();
    };
    // A mutation's callback runs before the page next paints: the time the DOM shows the selection.
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  }, what);
}

type Click = { id: string; at: number };

/** Notes, in the page, which board row was clicked last, and when. */
async function noteClicks(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener(
      'click',
      (event) => {
        const row = (event.target as Element | null)?.closest<HTMLElement>('[data-testid="board-row"]');
        if (row?.dataset.id)
          (window as unknown as { lastClick: Click }).lastClick = { id: row.dataset.id, at: performance.timeOrigin + performance.now() };
      },
      true,
    );
  });
}

const shownAt = (page: Page, id: string) =>
  page.evaluate((id) => (window as unknown as { shownAt: Record<string, number> }).shownAt[id] ?? null, id);
const lastClick = (page: Page) => page.evaluate(() => (window as unknown as { lastClick?: Click }).lastClick ?? null);

/** How far from the middle of the map's canvas a WGS84 position is drawn, px. */
async function offCentre(page: Page, at: { lat: number; lng: number }): Promise<number> {
  return page.evaluate(({ lat, lng }) => {
    const canvas = document.querySelector<HTMLElement>('[data-testid="city-map-canvas"]')!;
    const map = (window as unknown as { __egretMap: { project(lat: number, lng: number): { x: number; y: number } } }).__egretMap;
    const p = map.project(lat, lng);
    return Math.hypot(p.x - canvas.clientWidth / 2, p.y - canvas.clientHeight / 2);
  }, at);
}

/** The ids of the board rows on screen in `page`, top first. */
const boardRowIds = (page: Page) =>
  page.locator('[data-testid="board-row"]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id!));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

test('selecting on the board of one window centres the map in another and shows the detail in a third, for every selection', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const context = await newContext(browser);
  const boardWindow = await takerWindow(context);
  await expect(boardWindow.getByTestId('board-row').first()).toBeVisible({ timeout: 30_000 });
  const mapWindow = await takerWindow(context);
  await mapWindow.keyboard.press('Alt+KeyM');
  await expect(mapWindow.getByTestId('city-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const detailWindow = await takerWindow(context);
  await expect(detailWindow.getByTestId('detail')).toBeVisible();

  // Incidents the map draws (they have a place), as the host has them now.
  const located = new Map((await callOk<{ items: MapIncident[] }>(api!, 'map.incidents', {})).items.map((i) => [i.id, i]));
  await expect
    .poll(async () => (await boardRowIds(boardWindow)).filter((id) => located.has(id)).length, { timeout: 30_000 })
    .toBeGreaterThan(4);

  await noteClicks(boardWindow);
  await noteWhenShown(mapWindow, 'map');
  await noteWhenShown(detailWindow, 'detail');

  const latencies: number[] = [];
  const toMap: number[] = [];
  const toDetail: number[] = [];
  const done = new Set<string>();
  for (let n = 0, tries = 0; n < SELECTIONS && tries < 3 * SELECTIONS; tries++) {
    // The board moves as the city does: pick a row on screen now, one not selected before.
    const picked = (await boardRowIds(boardWindow)).find((row) => located.has(row) && !done.has(row));
    if (!picked) break;
    await boardWindow.locator(`[data-testid="board-row"][data-id="${picked}"]`).click();
    // A new incident may have pushed the rows down under the pointer: what was clicked is what counts. One
    // without a place (the map cannot ring it) or clicked before (nothing new to share) is not timed.
    const click = (await lastClick(boardWindow))!;
    expect(click, 'the click was noted').not.toBeNull();
    const id = click.id;
    await expect(boardWindow.getByTestId('detail-id')).toHaveText(id);
    if (!located.has(id) || done.has(id)) continue;
    done.add(id);
    n++;

    await expect
      .poll(() => shownAt(mapWindow, id), { message: `the map window rings ${id} (selection ${n})`, timeout: 10_000 })
      .not.toBeNull();
    await expect.poll(() => shownAt(detailWindow, id), { message: `the detail window shows ${id}`, timeout: 10_000 }).not.toBeNull();
    await expect(mapWindow.getByTestId('city-map')).toHaveAttribute('data-selected', id);
    expect(await offCentre(mapWindow, located.get(id)!), `the map window is centred on ${id}`).toBeLessThanOrEqual(CENTRED_PX);
    await expect(detailWindow.getByTestId('detail-id')).toHaveText(id);
    // The window it was selected in shows it too (at once: its own choice).
    await expect(boardWindow.getByTestId('detail-id')).toHaveText(id);

    const clicked = click.at;
    const onMap = (await shownAt(mapWindow, id))! - clicked;
    const inDetail = (await shownAt(detailWindow, id))! - clicked;
    toMap.push(onMap);
    toDetail.push(inDetail);
    latencies.push(Math.max(onMap, inDetail));
  }
  expect(latencies.length, 'enough incidents on the board to select').toBeGreaterThanOrEqual(5);

  const figures = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `p50 ${Math.round(percentile(sorted, 50))} ms, p95 ${Math.round(percentile(sorted, 95))} ms (n=${sorted.length})`;
  };
  console.log(`selection to every other window: ${figures(latencies)}`);
  // Apart: the map follows the push alone; the detail then reads the incident from the host.
  console.log(`  the map window ringed and centred it: ${figures(toMap)}; the detail window showed it: ${figures(toDetail)}`);
});

test('a pinned window keeps its incident while the others follow, and catches up when unpinned', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await newContext(browser);
  const console_ = await takerWindow(context);
  await expect(console_.getByTestId('board-row').first()).toBeVisible({ timeout: 30_000 });
  // The console window owns the workspace's windows: it has made the workspace live at sign-in.
  await expect
    .poll(async () => (await callOk<LiveWorkspace | null>(api!, 'workspace.live'))?.workspace.role ?? null, { timeout: 30_000 })
    .toBe('call_taker');

  /** Pops a detail out in a window of its own (the console opens it) and returns that page. */
  async function popOutDetail(): Promise<{ page: Page; id: string }> {
    const opened = context.waitForEvent('page', { timeout: 30_000 });
    const { window } = await callOk<{ window: { id: string } }>(api!, 'workspace.popOut', { content: { kind: 'panel', panel: 'detail' } });
    const page = await opened;
    await expect(page.getByTestId('workspace-window')).toHaveAttribute('data-window', window.id, { timeout: 30_000 });
    await expect(page.getByTestId('detail')).toBeVisible();
    return { page, id: window.id };
  }
  const follower = await popOutDetail();
  const pinned = await popOutDetail();

  const rows = await boardRowIds(console_);
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const [first, second, third] = rows as [string, string, string];
  await console_.locator(`[data-testid="board-row"][data-id="${first}"]`).click();
  await expect(pinned.page.getByTestId('detail-id')).toHaveText(first);
  await expect(follower.page.getByTestId('detail-id')).toHaveText(first);

  await callOk(api!, 'workspace.setWindow', { window: pinned.id, pinned: true });
  await expect(pinned.page.getByTestId('window-pin')).toHaveAttribute('aria-pressed', 'true');

  await console_.locator(`[data-testid="board-row"][data-id="${second}"]`).click();
  await expect(follower.page.getByTestId('detail-id')).toHaveText(second);
  await console_.locator(`[data-testid="board-row"][data-id="${third}"]`).click();
  await expect(follower.page.getByTestId('detail-id')).toHaveText(third);
  // The same pushes reached the pinned window (the host sends each to every window at once): it kept its incident.
  await expect(pinned.page.getByTestId('detail-id')).toHaveText(first);

  await callOk(api!, 'workspace.setWindow', { window: pinned.id, pinned: false });
  await expect(pinned.page.getByTestId('detail-id')).toHaveText(third);
});
