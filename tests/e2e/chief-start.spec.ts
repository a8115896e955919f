import type { Page } from '@playwright/test';
import { expect, startConsole, test, type RunningConsole } from './support/console.ts';
import { cityClock, stopAll } from './support/demo.ts';
import { signInAs } from './support/sign-in.ts';

/**
 * The duty chief's start (issue 10: a warm start live in under 3 s): the
 * first screen — the link's state live and today's counters — comes before
 * what it does without. The charts' ECharts, the map beside the figures and
 * the traffic strip's video are chunks of their own, requested only once the
 * first screen is in (renderer/src/components/dashboard/first-screen.ts); loaded at
 * the page's first idle moment they took the CPU while the window waited for
 * the host, and the first rows came after them (bench:start).
 */

/** The chunks the first screen does without, by their file names' stems (vite adds a hash). */
const LATER_CHUNKS = ['EChartCanvas', 'MapPanel', 'TrafficStrip'] as const;

let demo: RunningConsole | null = null;

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  demo = await startConsole(['--demo'], cityClock('09:00').env);
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = null;
});

/**
 * Runs in the page before its scripts: notes (performance.now()) the moment
 * the chief's first screen is on it — the link's badge says live and
 * today's calls counter shows a number — as the DOM changes, before the page
 * can do anything else.
 */
function firstScreenWatch(): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's globals (the tests' tsconfig has no DOM types for them)
  const g = globalThis as any;
  const check = () => {
    if (g.__firstScreenAt !== undefined) return;
    const d = g.document;
    const live = d.querySelector('[data-testid="link-state"][data-state="live"]') !== null;
    const calls = (d.querySelector('[data-testid="counter-calls-received"]')?.textContent ?? '').trim();
    if (live && /^\d+$/.test(calls)) {
      g.__firstScreenAt = g.performance.now();
      observer.disconnect();
    }
  };
  const observer = new g.MutationObserver(check);
  const observe = () => observer.observe(g.document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  if (g.document.documentElement) observe();
  else g.document.addEventListener('readystatechange', observe, { once: true });
}

/**
 * Holds the host's answers to `stats.today` until `release()`: the page then
 * has nothing to do but wait for the counters — the moment the first idle
 * callback comes, as on a start whose host is busy (bench:start's warm start).
 */
async function holdTodaysFigures(page: Page) {
  const asked = new Set<number>();
  const held: string[] = [];
  let holding = true;
  let toPage: ((message: string) => void) | null = null;
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    const server = ws.connectToServer();
    toPage = (message) => ws.send(message);
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; id?: number; method?: string };
      if (frame.type === 'request' && frame.method === 'stats.today' && frame.id !== undefined) asked.add(frame.id);
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; id?: number };
      if (holding && frame.type === 'response' && frame.id !== undefined && asked.has(frame.id)) held.push(String(message));
      else ws.send(message);
    });
  });
  return {
    heldCount: () => held.length,
    release: () => {
      holding = false;
      for (const message of held.splice(0)) toPage!(message);
    },
  };
}

test("the chief's first screen is in before the charts, the map and the traffic video are requested", async ({ browser }) => {
  test.setTimeout(120_000);
  // 1920 wide: the city map stands beside the figures (ChiefView), so its chunk is one of those that wait.
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    await context.addInitScript(firstScreenWatch);
    const page = await context.newPage();
    const today = await holdTodaysFigures(page);
    await page.goto(demo!.url);
    await signInAs(page, 'duty_chief');
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
    // The chief's view asked for today's figures and waits for them: the page goes idle (twice over: what
    // asked for the first idle moment before this has had it).
    await expect.poll(today.heldCount, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's globals
          const g = globalThis as any;
          g.requestIdleCallback(() => g.requestIdleCallback(() => resolve()));
        }),
    );
    today.release();
    // Then everything that waited comes: the map, the strip, a chart drawn.
    await expect(page.getByTestId('city-map')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('traffic-strip')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.dashboard-chart canvas').first()).toBeVisible({ timeout: 30_000 });

    const { shownAt, requests } = await page.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's globals
      const g = globalThis as any;
      return {
        shownAt: g.__firstScreenAt as number | undefined,
        requests: (g.performance.getEntriesByType('resource') as { name: string; startTime: number }[]).map((e) => ({
          file: e.name.replace(/^.*\//, ''),
          at: e.startTime,
        })),
      };
    });
    expect(shownAt, 'the first screen was noted').toBeDefined();
    for (const stem of LATER_CHUNKS) {
      const chunk = requests.filter((r) => r.file.startsWith(`${stem}-`) && r.file.endsWith('.js'));
      expect(chunk.length, `${stem} was requested`).toBeGreaterThan(0);
      for (const r of chunk) expect(r.at, `${r.file} requested after the first screen`).toBeGreaterThanOrEqual(shownAt!);
    }
  } finally {
    await context.close();
  }
});
