import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { CacheSummary, CommandOutcome, IncidentRow, LinkStatus, SessionInfo, TodayStats } from '../../native/api/index.ts';
import {
  expect,
  isErrorResponse,
  openTrustedApi,
  runEgret,
  startConsole,
  test,
  type ApiSocket,
  type EventFrame,
  type RunningConsole,
} from './support/console.ts';
import { DEMO_RATE, callOk, cityClock, expectedCallsPerMinute, startSimulator, stopAll, type RunningSimulator } from './support/demo.ts';

/**
 * The demo platform end to end: `egret serve --demo` (what `npm start` runs
 * when no platform is configured) is a live command centre within seconds,
 * and two consoles linked to one `egret simulate` see each other's commands,
 * with the host refusing what a role may not do. Every demo here starts at
 * 10:00 city time (EGRET_CLOCK_START), not at whatever hour the suite runs:
 * how busy the city is, and so what each test may expect, is then the same
 * every run.
 */

/** The morning peak: tens of calls a minute at DEMO_RATE. */
const CITY_TIME = '10:00';

/**
 * How long each step of the start may take before the test gives up: a
 * functional limit, far above any start seen; the start's figures are
 * `npm run bench:start`'s (this test only prints its own).
 */
const READY_BOUND_MS = 15_000;

/** The open incidents of the board's first page, as the renderer asks for them. */
const OPEN = ['new', 'verified', 'dispatched', 'accepted', 'on_scene'] as const;

async function openPage(browser: Browser, served: RunningConsole): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(served.url);
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
  return { context, page };
}

async function incidentsMatching(api: ApiSocket, search: string): Promise<IncidentRow[]> {
  return (await callOk<{ total: number; rows: IncidentRow[] }>(api, 'incidents.page', { filter: { search }, limit: 20 })).rows;
}

/** Resolves with this console's outcome of command `id` (the API socket must be subscribed to `command.result`). */
async function commandOutcome(api: ApiSocket, id: string, timeoutMs = 15_000): Promise<CommandOutcome> {
  const find = () =>
    api
      .events('command.result')
      .flatMap((batch) => batch as CommandOutcome[])
      .find((outcome) => outcome.id === id);
  await api.waitForFrame(
    (f): f is EventFrame => f.type === 'event' && f.topic === 'command.result' && (f.data as CommandOutcome[]).some((o) => o.id === id),
    0,
    timeoutMs,
  );
  return find()!;
}

/** Subscribes and waits for the subscription to be in place (frames on one socket are handled in order). */
async function subscribe(api: ApiSocket, topic: string): Promise<void> {
  api.subscribe(topic);
  const from = api.frames.length;
  api.subscribe('session.info');
  await api.waitForFrame((f): f is EventFrame => f.type === 'event' && f.topic === 'session.info', from);
}

// ── serve --demo: the command centre `npm start` opens ─────────────────────

test.describe('egret serve --demo', () => {
  test.describe.configure({ mode: 'serial' });

  /** Shared by the two tests below: one console, one page, watched over time. */
  let demo: RunningConsole | null = null;
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let api: ApiSocket | null = null;

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  test.afterAll(async ({}, testInfo) => {
    await api?.close();
    await context?.close();
    await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  });

  test('npm start is a live command centre: live link, incident rows, today’s calls, a full city in the cache', async ({
    browser,
  }, testInfo) => {
    test.setTimeout(180_000);
    const clock = cityClock(CITY_TIME);
    const spawnedAt = Date.now();
    demo = await startConsole(['--demo', '--demo-rate', String(DEMO_RATE)], clock.env);
    const urlAt = Date.now();

    context = await browser.newContext();
    page = await context.newPage();
    await page.clock.install({ time: clock.pageTime() });
    const openedAt = Date.now();
    await page.goto(demo.url);

    // Measured, not just bounded: wait generously, then hold each time against the bound.
    const linkState = page.getByTestId('link-state');
    const rows = page.getByTestId('board-row');
    const received = page.getByTestId('counter-calls-received');
    await expect(linkState).toHaveAttribute('data-state', 'live', { timeout: 2 * READY_BOUND_MS });
    const liveAt = Date.now();
    await expect(rows.first()).toBeVisible({ timeout: 2 * READY_BOUND_MS });
    const firstRowAt = Date.now();
    // At the morning peak the last hour alone holds thousands of calls.
    await expect(received).toHaveText(/^[1-9]\d*$/, { timeout: 2 * READY_BOUND_MS });
    const countersAt = Date.now();

    const timings = {
      spawnToUrlMs: urlAt - spawnedAt,
      pageOpenToLiveMs: liveAt - openedAt,
      pageOpenToFirstRowMs: firstRowAt - openedAt,
      pageOpenToCallsCounterMs: countersAt - openedAt,
      spawnToLiveMs: liveAt - spawnedAt,
      spawnToFirstRowMs: firstRowAt - spawnedAt,
    };
    testInfo.annotations.push({ type: 'timing', description: JSON.stringify(timings) });
    // Printed, not asserted: a timing goal belongs in bench:start, and a bound here failed on busy CI machines.
    console.log(`demo-platform: ${JSON.stringify(timings)}`);

    // Still true now that all three are there (none was a passing flicker).
    await expect(linkState).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief');
    const callsShown = Number(await received.textContent());
    expect(callsShown).toBeGreaterThanOrEqual(1);
    const firstRows = await rows.evaluateAll((els) =>
      els.map((el) => ({ status: el.getAttribute('data-status'), priority: el.getAttribute('data-priority') })),
    );
    expect(firstRows.length).toBeGreaterThan(0);
    for (const row of firstRows) expect(OPEN).toContain(row.status);

    // The console signed itself in to its own embedded platform as the duty chief.
    api = await openTrustedApi(demo);
    const info = await callOk<SessionInfo>(api, 'session.info');
    expect(info).toMatchObject({
      signedIn: true,
      role: 'duty_chief',
      operator: { role: 'duty_chief' },
      platform: { configured: true, embedded: true },
    });

    // The rest of the day and yesterday's calls follow in the background: the chief's hourly chart gets its
    // yesterday line, and today's answered calls reach back to midnight.
    let chart = { today: [] as number[], yesterday: [] as number[] };
    await expect
      .poll(
        async () => {
          chart = (await callOk<{ answeredByHour: typeof chart }>(api!, 'stats.today')).answeredByHour;
          return {
            answeredYesterday: chart.yesterday.reduce((a, b) => a + b, 0) > 1_000,
            yesterdayHours: chart.yesterday.filter((n) => n > 0).length >= 23,
            todayFromMidnight: chart.today.slice(0, 10).every((n) => n > 0),
          };
        },
        { message: 'the day before the start never arrived in full', timeout: 120_000, intervals: [500] },
      )
      .toEqual({ answeredYesterday: true, yesterdayHours: true, todayFromMidnight: true });
    testInfo.annotations.push({ type: 'history', description: JSON.stringify({ historyMs: Date.now() - spawnedAt, chart }) });

    // `egret status` reads the demo cache beside the running writer: a whole city is there.
    const status = await runEgret(['status', '--data', `${demo.dataDir}/demo`]);
    expect(status.code, status.stderr).toBe(0);
    const summary = JSON.parse(status.stdout) as { counts: Record<string, number>; outbox: number; quarantine: number };
    testInfo.annotations.push({ type: 'status', description: status.stdout.trim() });
    expect(summary.counts.camera).toBeGreaterThanOrEqual(3000);
    expect(summary.counts.volunteer).toBeGreaterThanOrEqual(10_000);
    expect(summary.counts.department).toBe(73);
    expect(summary.counts.incident).toBeGreaterThan(0);
    expect(summary.quarantine).toBe(0);
  });

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  test('live updates arrive: the link cursor moves on the page within 60 s, and today’s figures or the board change as the city calls', async ({}, testInfo) => {
    // Calls arrive as a Poisson stream that follows the city's day curve (at 10:00 and DEMO_RATE, tens a
    // minute). The figures are given 60 s, or as long as it takes to expect 8 calls were the city quieter
    // than that (a miss then has odds below e^-8 ≈ 0.03 %), at most 10 minutes.
    const perMinute = expectedCallsPerMinute(cityClock(CITY_TIME).at);
    const figuresWindowMs = Math.min(600_000, Math.max(60_000, Math.ceil((8 / perMinute) * 60_000)));
    testInfo.annotations.push({
      type: 'window',
      description: JSON.stringify({ expectedCallsPerMinute: +perMinute.toFixed(2), figuresWindowMs }),
    });
    test.setTimeout(figuresWindowMs + 60_000);
    expect(demo && page && api, 'needs the console of the test before (serial)').toBeTruthy();
    const p = page!;
    const a = api!;

    // The page shows the cursor of the last applied change; the city changes something every few seconds.
    const cursorShown = async () => {
      const text = (await p.getByTestId('link-position').textContent()) ?? '';
      return Number(/(\d+)/.exec(text)?.[1] ?? NaN);
    };
    const cursor0 = await cursorShown();
    expect(cursor0).toBeGreaterThan(0);

    // Today's figures and the first page of the board, as a fingerprint.
    const fingerprint = async () => {
      const s = await callOk<TodayStats>(a, 'stats.today');
      const board = await callOk<{ total: number; rows: IncidentRow[] }>(a, 'incidents.page', {
        filter: { status: [...OPEN] },
        sort: 'priority',
        limit: 50,
      });
      return {
        stats: s,
        key: JSON.stringify({
          calls: s.calls,
          incidents: s.incidents,
          openByPriority: s.openByPriority,
          roads: s.roads,
          total: board.total,
          rows: board.rows.map((r) => [r.id, r.rev, r.status, r.overdue]),
        }),
      };
    };
    const start = await fingerprint();
    const startedAt = Date.now();

    await expect
      .poll(cursorShown, { message: 'the cursor on the page never moved: no live change arrived', timeout: 60_000, intervals: [250] })
      .toBeGreaterThan(cursor0);
    const cursorMovedAt = Date.now();

    let changed = start;
    await expect
      .poll(
        async () => {
          changed = await fingerprint();
          return changed.key !== start.key;
        },
        {
          message: `neither today's figures nor the board's first page changed within ${figuresWindowMs} ms; they stayed ${start.key.slice(0, 400)}`,
          timeout: Math.max(1_000, figuresWindowMs - (Date.now() - startedAt)),
          intervals: [500],
        },
      )
      .toBe(true);
    const figuresChangedAt = Date.now();
    testInfo.annotations.push({
      type: 'timing',
      description: JSON.stringify({ cursorMovedMs: cursorMovedAt - startedAt, figuresOrBoardChangedMs: figuresChangedAt - startedAt }),
    });
    testInfo.annotations.push({
      type: 'change',
      description: JSON.stringify({
        calls: [start.stats.calls.received, changed.stats.calls.received],
        answered: [start.stats.calls.answered, changed.stats.calls.answered],
        reported: [start.stats.incidents.reported, changed.stats.incidents.reported],
        open: [start.stats.incidents.open, changed.stats.incidents.open],
      }),
    });
    // The day's counts only grow.
    expect(changed.stats.calls.received).toBeGreaterThanOrEqual(start.stats.calls.received);
    expect(changed.stats.incidents.reported).toBeGreaterThanOrEqual(start.stats.incidents.reported);

    // The page follows the host: its counters and board agree with a fresh read (the city may move on meanwhile).
    await expect
      .poll(
        async () => {
          const s = await callOk<TodayStats>(a, 'stats.today');
          const shown = {
            received: await p.getByTestId('counter-calls-received').textContent(),
            open: await p.getByTestId('counter-open').textContent(),
          };
          return shown.received === String(s.calls.received) && shown.open === String(s.incidents.open);
        },
        { message: "the page's counters never caught up with stats.today", timeout: 15_000 },
      )
      .toBe(true);
    await expect
      .poll(
        async () => {
          const board = await callOk<{ total: number; rows: IncidentRow[] }>(a, 'incidents.page', {
            filter: { status: [...OPEN] },
            sort: 'priority',
            limit: 50,
          });
          // The board is a virtual list: the rows on screen are the first ones of the host's page.
          const shown = await p
            .getByTestId('board-row')
            .evaluateAll((els) => els.sort((x, y) => Number(x.getAttribute('data-index')) - Number(y.getAttribute('data-index'))).map((el) => el.getAttribute('data-id')));
          const total = await p.getByTestId('board-total').textContent();
          return shown.length > 0 && JSON.stringify(shown) === JSON.stringify(board.rows.slice(0, shown.length).map((r) => r.id)) && total === String(board.total);
        },
        { message: "the page's board never caught up with incidents.page", timeout: 15_000 },
      )
      .toBe(true);
  });
});

// ── two consoles on one egret simulate ─────────────────────────────────────

test.describe('two consoles linked to one egret simulate', () => {
  let simulator: RunningSimulator | null = null;
  let consoleA: RunningConsole | null = null;
  let consoleB: RunningConsole | null = null;
  const contexts: BrowserContext[] = [];
  const sockets: ApiSocket[] = [];

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  test.afterEach(async ({}, testInfo) => {
    for (const socket of sockets.splice(0)) await socket.close();
    for (const context of contexts.splice(0)) await context.close();
    // Consoles first: the platform outlives its clients.
    await stopAll(testInfo, [
      { name: 'console-A-taker', proc: consoleA },
      { name: 'console-B-chief', proc: consoleB },
      { name: 'egret-simulate', proc: simulator },
    ]);
    simulator = consoleA = consoleB = null;
  });

  async function linkedConsole(
    browser: Browser | null,
    token: string,
  ): Promise<{ console: RunningConsole; api: ApiSocket; page: Page | null }> {
    const served = await startConsole(['--platform', simulator!.url, '--token', token], cityClock(CITY_TIME).env);
    const api = await openTrustedApi(served);
    sockets.push(api);
    let page: Page | null = null;
    if (browser) {
      const opened = await openPage(browser, served);
      contexts.push(opened.context);
      page = opened.page;
    }
    return { console: served, api, page };
  }

  async function waitLive(api: ApiSocket, label: string): Promise<void> {
    await expect
      .poll(async () => (await callOk<LinkStatus>(api, 'link.status')).state, { message: `${label} never went live`, timeout: 30_000 })
      .toBe('live');
  }

  test('a P1 incident created on the call taker’s console appears on the chief’s; the chief’s verification reaches the call taker', async ({
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    simulator = await startSimulator([], cityClock(CITY_TIME).env);
    // Second stdout line: the demo tokens, one per role.
    await expect.poll(() => simulator!.stdout()).toMatch(/demo-chief \(duty_chief\).*demo-taker \(call_taker\)/);

    const A = await linkedConsole(browser, 'demo-taker');
    consoleA = A.console;
    const B = await linkedConsole(browser, 'demo-chief');
    consoleB = B.console;
    await waitLive(A.api, 'console A');
    await waitLive(B.api, 'console B');
    await expect(A.page!.getByTestId('link-state')).toHaveAttribute('data-state', 'live');
    await expect(B.page!.getByTestId('link-state')).toHaveAttribute('data-state', 'live');
    await expect(A.page!.getByTestId('role-view')).toHaveAttribute('data-role', 'call_taker');
    await expect(B.page!.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief');
    expect(await callOk<SessionInfo>(A.api, 'session.info')).toMatchObject({
      role: 'call_taker',
      platform: { embedded: false, url: simulator.url },
    });
    expect(await callOk<SessionInfo>(B.api, 'session.info')).toMatchObject({
      role: 'duty_chief',
      platform: { embedded: false, url: simulator.url },
    });

    const title = `E2E 双控台 ${randomBytes(6).toString('hex')}`;
    testInfo.annotations.push({ type: 'title', description: title });
    expect(await incidentsMatching(B.api, title)).toEqual([]);

    // A (call taker) files it.
    await subscribe(A.api, 'command.result');
    const sent = await callOk<{ id: string; name: string; queuedAt: string }>(A.api, 'command.send', {
      name: 'incident.create',
      args: { source: '110', category: 'traffic.collision', priority: 1, title, address: '思明区 湖滨南路 E2E 测试点' },
    });
    expect(sent).toMatchObject({ id: expect.any(String), name: 'incident.create' });
    expect(sent.id.length).toBeGreaterThan(0);
    const created = await commandOutcome(A.api, sent.id);
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true, code: null });

    // B (chief) sees it on its board — a P1 `new` incident is on the first page — and finds it by search.
    const rowOnB = B.page!.getByTestId('board-row').filter({ hasText: title });
    await expect(rowOnB).toHaveCount(1, { timeout: 15_000 });
    await expect(rowOnB).toBeVisible();
    await expect(rowOnB).toHaveAttribute('data-priority', '1');
    await expect(rowOnB).toHaveAttribute('data-status', 'new');
    let found: IncidentRow[] = [];
    await expect
      .poll(async () => (found = await incidentsMatching(B.api, title)).length, { message: `incidents.page on B never found "${title}"` })
      .toBe(1);
    const incident = found[0]!;
    expect(incident).toMatchObject({ title, priority: 1, status: 'new', source: '110', category: 'traffic.collision' });
    await expect(rowOnB).toHaveAttribute('data-id', incident.id);

    // A's own board has it too (its cache got it back from the platform, not from the command).
    await expect(A.page!.getByTestId('board-row').filter({ hasText: title })).toHaveAttribute('data-id', incident.id);

    // B (chief) verifies it; A sees the new status.
    await subscribe(B.api, 'command.result');
    const transition = await callOk<{ id: string }>(B.api, 'command.send', {
      name: 'incident.transition',
      args: { incident: incident.id, to: 'verified', note: 'E2E: 值班长核实' },
    });
    const verified = await commandOutcome(B.api, transition.id);
    expect(verified, JSON.stringify(verified)).toMatchObject({ ok: true, code: null });

    await expect
      .poll(async () => (await incidentsMatching(A.api, title)).map((r) => [r.id, r.status]), {
        message: `console A never saw ${incident.id} verified`,
        timeout: 15_000,
      })
      .toEqual([[incident.id, 'verified']]);
    await expect(A.page!.locator(`[data-testid="board-row"][data-id="${incident.id}"]`)).toHaveAttribute('data-status', 'verified');
    await expect(rowOnB).toHaveAttribute('data-status', 'verified');
  });

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  test('the host refuses what the call taker may not: escalate to the city and close are forbidden and never reach the outbox', async ({}, testInfo) => {
    test.setTimeout(90_000);
    simulator = await startSimulator([], cityClock(CITY_TIME).env);
    const A = await linkedConsole(null, 'demo-taker');
    consoleA = A.console;
    await waitLive(A.api, 'console A');
    expect(await callOk<SessionInfo>(A.api, 'session.info')).toMatchObject({ role: 'call_taker', signedIn: true });

    // A real open incident of the living city to aim at.
    const board = await callOk<{ rows: IncidentRow[] }>(A.api, 'incidents.page', {
      filter: { status: ['new', 'verified', 'dispatched'] },
      limit: 1,
    });
    const target =
      board.rows[0] ??
      (await callOk<{ rows: IncidentRow[] }>(A.api, 'incidents.page', { filter: { status: [...OPEN] }, limit: 1 })).rows[0];
    expect(target, 'the demo city has no open incident').toBeTruthy();
    testInfo.annotations.push({ type: 'target', description: `${target!.id} (${target!.status})` });

    await subscribe(A.api, 'command.result');
    const before = await callOk<CacheSummary>(A.api, 'cache.summary');
    const linkBefore = await callOk<LinkStatus>(A.api, 'link.status');

    const refused = [
      { name: 'incident.escalate', args: { incident: target!.id, to_level: 'city', note: 'E2E: 升级到市级' } },
      { name: 'incident.transition', args: { incident: target!.id, to: 'closed', note: 'E2E: 结案' } },
    ];
    for (const command of refused) {
      const frame = await A.api.call('command.send', command);
      expect(frame.ok, `${command.name}: ${JSON.stringify(frame)}`).toBe(false);
      if (!isErrorResponse(frame)) throw new Error('unreachable');
      expect(frame.error.code, `${command.name}: ${JSON.stringify(frame)}`).toBe('forbidden');
      expect(frame.error.message.length).toBeGreaterThan(0);
    }

    const after = await callOk<CacheSummary>(A.api, 'cache.summary');
    const linkAfter = await callOk<LinkStatus>(A.api, 'link.status');
    expect(after.outbox).toBe(before.outbox);
    expect(linkAfter.outbox).toBe(linkBefore.outbox);
    expect(A.api.events('command.result')).toEqual([]);

    // The incident is as it was (nothing reached the platform)…
    const now = (await callOk<{ incident: Record<string, unknown> }>(A.api, 'incident.get', { id: target!.id })).incident;
    expect(now.status).not.toBe('closed');
    expect(now.level).not.toBe('city');

    // …and the refusal is about the role, not a dead link: what a call taker may do still goes through.
    const allowed = await callOk<{ id: string }>(A.api, 'command.send', {
      name: 'incident.note',
      args: { incident: target!.id, text: 'E2E: 接警员备注' },
    });
    const noted = await commandOutcome(A.api, allowed.id);
    expect(noted, JSON.stringify(noted)).toMatchObject({ ok: true });
  });
});
