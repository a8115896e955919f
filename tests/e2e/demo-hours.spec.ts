import type { IncidentRow, TodayStats } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { DEMO_DAY, DEMO_RATE, callOk, cityClock, stopAll } from './support/demo.ts';

/**
 * The demo at any hour of the city's day. `egret serve --demo` started just
 * after midnight, at the morning peak and five minutes before the day rolls
 * over (EGRET_CLOCK_START, Asia/Shanghai) reaches a live board each time:
 * link live, incident rows, today's calls counted. The demo once generated
 * its whole day before serving, so the same build that passed in the
 * morning failed in the evening.
 *
 * Started at 23:55 the city's day rolls over during or soon after the test:
 * nothing here depends on which side of midnight an assertion lands.
 */

const OPEN = ['new', 'verified', 'dispatched', 'accepted', 'on_scene'];
/** Generous: this is about reaching the board at every hour, not about how fast (that is bench:start's). */
const REACH_MS = 60_000;

/** The calendar day after `day` (YYYY-MM-DD). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

test.describe('egret serve --demo at any hour of the city’s day', () => {
  let demo: RunningConsole | null = null;
  let api: ApiSocket | null = null;

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  test.afterEach(async ({}, testInfo) => {
    await api?.close();
    await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
    demo = api = null;
  });

  const starts = [
    { time: '00:05', days: [DEMO_DAY] },
    { time: '09:00', days: [DEMO_DAY] },
    // The day rolls over five minutes in: either day is right, as long as page and host agree.
    { time: '23:55', days: [DEMO_DAY, nextDay(DEMO_DAY)] },
  ];

  for (const { time, days } of starts) {
    test(`started at ${time} city time, it reaches a live board: link live, incident rows, today’s calls`, async ({
      browser,
    }, testInfo) => {
      test.setTimeout(3 * REACH_MS);
      const clock = cityClock(time);
      demo = await startConsole(['--demo', '--demo-rate', String(DEMO_RATE)], clock.env);
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        // The page's clock reads the city's time too (its "minutes ago" and clock in the status bar).
        await page.clock.install({ time: clock.pageTime() });
        const openedAt = Date.now();
        await page.goto(demo.url);

        await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: REACH_MS });
        const rows = page.getByTestId('board-row');
        await expect(rows.first()).toBeVisible({ timeout: REACH_MS });
        await expect(page.getByTestId('counter-calls-received')).toHaveText(/^\d+$/, { timeout: REACH_MS });
        testInfo.annotations.push({ type: 'timing', description: JSON.stringify({ pageOpenToBoardMs: Date.now() - openedAt }) });
        await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief');
        for (const status of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status'))))
          expect(OPEN).toContain(status);

        // The console counts the city's day, not the machine's: the day it names is the injected one.
        api = await openTrustedApi(demo);
        const stats = await callOk<TodayStats>(api, 'stats.today');
        expect(days).toContain(stats.day);
        expect(stats.tz).toBe('Asia/Shanghai');
        const board = await callOk<{ total: number; rows: IncidentRow[] }>(api, 'incidents.page', { filter: { status: OPEN }, limit: 5 });
        expect(board.total).toBeGreaterThan(0);

        // What the page shows is that day's count, as the host has it (both move on as the city calls).
        await expect
          .poll(
            async () => {
              const host = await callOk<TodayStats>(api!, 'stats.today');
              const shown = (await page.getByTestId('counter-calls-received').textContent())?.trim();
              return days.includes(host.day) && shown === String(host.calls.received);
            },
            { message: "the page's calls counter never agreed with the host's stats.today", timeout: REACH_MS, intervals: [250] },
          )
          .toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
