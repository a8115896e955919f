/**
 * Start-up benchmark (`npm run bench:start`): how soon `egret serve --demo`
 * (what `npm start` runs with no platform configured) is a live command
 * centre, at several hours of the demo city's day. The embedded city once
 * generated its whole day before serving, so the same commit was fast in the
 * morning and slow in the evening; each run here starts the console at a
 * chosen city time with EGRET_CLOCK_START (test use only, see README).
 *
 * Per hour: spawn `egret serve --port 0 --data <fresh dir> --demo
 * --demo-rate R` (R = 20 like the end-to-end tests, so nights are busy too),
 * then open its URL in headless Chromium (playwright-core, the system
 * Chromium) and time, from the page opening: the link state `live`, the
 * first incident row, and today's calls counter showing calls.
 *
 * Figures go to stdout, progress to stderr. Options: --hours 00:05,09:00,16:00,23:55
 * (city time, Asia/Shanghai) --rate R (20) --runs N per hour (1) --keep --headed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureRendererBuilt } from './renderer-build.ts';
import { spawnServe } from './serve-process.ts';
import { CLOCK_START_ENV } from '../native/common/clock.ts';
import { localDate } from '../native/common/day.ts';


/** The page's globals, in functions run by page.evaluate (the root tsconfig has no DOM lib). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobals = any;
const CITY_TZ = 'Asia/Shanghai';
const CITY_OFFSET = '+08:00';

// ── options ─────────────────────────────────────────────────────────────

function stringOption(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}
const HOURS = (stringOption('hours') ?? '00:05,09:00,16:00,23:55').split(',').map((h) => h.trim());
const RATE = Number(stringOption('rate') ?? 20);
const RUNS = Number(stringOption('runs') ?? 1);
const KEEP = process.argv.includes('--keep');
const HEADED = process.argv.includes('--headed');
for (const h of HOURS) if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(h)) throw new Error(`--hours: "${h}" is not HH:MM`);
if (!(RATE > 0) || !Number.isInteger(RUNS) || RUNS < 1) throw new Error('--rate must be > 0 and --runs a whole number ≥ 1');

/** Page open → live command centre (link live, first row, today's calls): issue 9's goal. */
const GOAL_READY_MS = 5_000;
/** How long each wait may take before the run counts it as never reached. */
const GIVE_UP_MS = 60_000;

// ── output ──────────────────────────────────────────────────────────────

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const seconds = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(2)} s`);
const verdict = (ok: boolean) => (ok ? '  ✔' : '  ✘ MISSED');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const tempDirs: string[] = [];


// ── one start ───────────────────────────────────────────────────────────

interface StartFigures {
  hour: string;
  clockStart: string;
  spawnToUrlMs: number;
  openToLiveMs: number | null;
  openToFirstRowMs: number | null;
  openToCallsMs: number | null;
  callsShown: string | null;
}

/** Spawns `egret serve --demo` at city time `clockStart` and resolves with its URL, timed from the spawn. */
function serveDemo(clockStart: string, dataDir: string) {
  return spawnServe(['--port', '0', '--data', dataDir, '--demo', '--demo-rate', String(RATE)], {
    env: { [CLOCK_START_ENV]: clockStart },
    giveUpMs: GIVE_UP_MS,
  });
}

async function startAt(browser: Browser, hour: string): Promise<StartFigures> {
  const clockStart = `${localDate(Date.now(), CITY_TZ)}T${hour}:00${CITY_OFFSET}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'egret-bench-start-'));
  tempDirs.push(dataDir);
  const served = await serveDemo(clockStart, dataDir);
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => progress(`page error: ${e.message}`));
    const openedAt = performance.now();
    await page.goto(served.url);
    // The three are watched at once: each time is when it first held, whatever order they come in.
    const since = (p: Promise<unknown>) =>
      p.then(
        () => performance.now() - openedAt,
        () => null,
      );
    const [live, firstRow, calls] = await Promise.all([
      since(page.locator('[data-testid="link-state"][data-state="live"]').waitFor({ timeout: GIVE_UP_MS })),
      since(page.getByTestId('board-row').first().waitFor({ state: 'visible', timeout: GIVE_UP_MS })),
      since(
        page.waitForFunction(
          () =>
            /^[1-9]\d*$/.test(
              (globalThis as PageGlobals).document.querySelector('[data-testid="counter-calls-received"]')?.textContent?.trim() ?? '',
            ),
          undefined,
          { timeout: GIVE_UP_MS, polling: 50 },
        ),
      ),
    ]);
    const callsShown = calls === null ? null : ((await page.getByTestId('counter-calls-received').textContent()) ?? '').trim();
    return {
      hour,
      clockStart,
      spawnToUrlMs: served.spawnToUrlMs,
      openToLiveMs: live,
      openToFirstRowMs: firstRow,
      openToCallsMs: calls,
      callsShown,
    };
  } finally {
    await context.close();
    await served.stop();
  }
}

// ── main ────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  progress(
    `egret start bench: serve --demo --demo-rate ${RATE} at city times ${HOURS.join(', ')} (${CITY_TZ}), ${RUNS} run(s) each; ${cpus().length} CPUs, load average ${load()}`,
  );
  ensureRendererBuilt(progress);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: !HEADED,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const runs: StartFigures[] = [];
  try {
    for (const hour of HOURS) {
      for (let run = 1; run <= RUNS; run++) {
        progress(`${hour} city time, run ${run}: starting (load average ${load()})`);
        const figures = await startAt(browser, hour);
        runs.push(figures);
        progress(
          `${hour}: spawn → URL ${seconds(figures.spawnToUrlMs)}; page open → live ${seconds(figures.openToLiveMs)}, ` +
            `first row ${seconds(figures.openToFirstRowMs)}, calls counter ${seconds(figures.openToCallsMs)} (${figures.callsShown ?? '—'})`,
        );
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
  }

  console.log('');
  console.log(
    `start_machine: ${cpus().length} CPUs, load average ${load()} at the end — the city, egret serve and Chromium share these CPUs with whatever else runs`,
  );
  console.log(`start_demo_rate: ${RATE} (calls and incidents at ${RATE}× an ordinary day)`);
  for (const r of runs) {
    const ready =
      r.openToLiveMs === null || r.openToFirstRowMs === null || r.openToCallsMs === null
        ? null
        : Math.max(r.openToLiveMs, r.openToFirstRowMs, r.openToCallsMs);
    console.log(`\nat ${r.hour} city time (${CLOCK_START_ENV}=${r.clockStart}):`);
    console.log(`  spawn → URL:                     ${seconds(r.spawnToUrlMs)}  (no goal of its own yet; issue 7 sets the start-up goals)`);
    console.log(`  page open → link live:           ${seconds(r.openToLiveMs)}  (goal ≤ ${GOAL_READY_MS / 1000} s)`);
    console.log(`  page open → first incident row:  ${seconds(r.openToFirstRowMs)}  (goal ≤ ${GOAL_READY_MS / 1000} s)`);
    console.log(
      `  page open → today's calls shown: ${seconds(r.openToCallsMs)}  (goal ≤ ${GOAL_READY_MS / 1000} s; ${r.callsShown ?? 'none'} calls)`,
    );
    console.log(
      `  page open → live command centre: ${seconds(ready)}  — goal ≤ ${GOAL_READY_MS / 1000} s${verdict(ready !== null && ready <= GOAL_READY_MS)}`,
    );
  }
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} finally {
  if (!KEEP) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  else progress(`kept: ${tempDirs.join(' ')}`);
}
