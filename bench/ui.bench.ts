/**
 * UI benchmark (`npm run bench:ui`): the browser shell's incident board under
 * a busy city, in headless Chromium (playwright-core, the system Chromium).
 *
 *  1. the platform (child process, bench/ui-platform-host.ts) bulk-loads
 *     100,000 open incidents; `egret serve --platform URL --token demo-chief`
 *     takes the snapshot; the page opens the duty chief's board tab (every
 *     selector below is scoped to it: the dashboard's compact board stays
 *     mounted, hidden, under its own tab);
 *  2. platform change → row on the board, while the platform upserts 1,000
 *     other incident changes/s: every 200 ms a marked change carrying the
 *     platform's Date.now() — (a) a retitle of one of the P1 `new` incidents
 *     at the top, board still; (b) a NEW P1 incident reported now (the new-P1
 *     alarm's case), board still; (c) new P1s while the board scrolls near
 *     the top. A MutationObserver in the page records Date.now() when the
 *     marker shows in a `board-row`, and the next animation frame when it is
 *     painted (the headline figure);
 *  3. scrolling: a requestAnimationFrame loop scrolls `board-list` by
 *     40..120 px a frame (reversing at the ends, a scrollbar jump now and then)
 *     with PgDn presses, for 15 s, under the same churn; every frame's delta,
 *     long tasks, and frames showing placeholder rows are recorded.
 *
 * Figures go to stdout, progress to stderr. Options: --incidents N (100000)
 * --rate N (1000 changes/s) --seconds N (15) --samples N (60) --keep
 * --trace FILE (Chromium trace of the scroll phase) --profile (renderer JS
 * CPU profile of the scroll phase, summarised) --host-prof (node --cpu-prof
 * on egret serve, summarised) --headed.
 */
import { RemotePlatform } from './remote-platform.ts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { requireBrowser } from '../native/cli/launchers.ts';
import { ensureRendererBuilt } from './renderer-build.ts';
import { spawnServe, type Served } from './serve-process.ts';
import { formatSelfTimes, type CpuProfile } from './ui-profile.ts';


// ── options ─────────────────────────────────────────────────────────────

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
function stringOption(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}
const INCIDENTS = option('incidents', 100_000);
const RATE = option('rate', 1_000);
const SECONDS = option('seconds', 15);
const SAMPLES = option('samples', 60);
const MARKERS = 8;
const MARKER_EVERY_MS = 200;
const KEEP = process.argv.includes('--keep');
const TRACE = stringOption('trace');
const PROFILE = process.argv.includes('--profile');
const HOST_PROF = process.argv.includes('--host-prof');
const HEADED = process.argv.includes('--headed');

/** The page's globals, in functions run by page.evaluate (the root tsconfig has no DOM lib). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobals = any;

const GOALS = { fps: 50, p95FrameMs: 33, latencyP95: 250, newP1P95: 150 };

// ── output ──────────────────────────────────────────────────────────────

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms1 = (n: number) => (n < 100 ? n.toFixed(1) : n.toFixed(0));
const figure = (name: string, value: string, goal = '') => console.log(`${name}: ${value}${goal ? `  (goal ${goal})` : ''}`);
const verdict = (ok: boolean) => (ok ? '  ✔' : '  ✘ MISSED');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
const sortedOf = (xs: number[]) => [...xs].sort((a, b) => a - b);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const tempDirs: string[] = [];
const tempDir = (tag: string) => {
  const dir = mkdtempSync(join(tmpdir(), `egret-bench-${tag}-`));
  tempDirs.push(dir);
  return dir;
};

// ── the console: `egret serve` linked to the platform ──────────────────

function startServe(platformUrl: string, dataDir: string, profDir: string | null): Promise<Served> {
  return spawnServe(['--port', '0', '--data', dataDir, '--platform', platformUrl, '--token', 'demo-chief'], {
    nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  });
}

// ── in the page ─────────────────────────────────────────────────────────

/** Installed once: long tasks and the marker detector (a MutationObserver on the board). */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w: PageGlobals = globalThis;
    const { document, requestAnimationFrame, MutationObserver, PerformanceObserver } = w;
    const longTasks: { start: number; duration: number }[] = [];
    new PerformanceObserver((list: PageGlobals) => {
      for (const e of list.getEntries() as { startTime: number; duration: number }[])
        longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    w.__longTasks = longTasks;

    const seen = new Map<number, { dom: number; frame: number }>();
    w.__markers = seen;
    const board = document.querySelector('#chief-panel-board [data-testid="board"]')!;
    const scan = () => {
      const now = Date.now();
      for (const title of board.querySelectorAll('[data-testid="board-row"] .title')) {
        const m = /⚑M(\d+)⚑/.exec(title.textContent ?? '');
        if (!m) continue;
        const seq = Number(m[1]);
        if (seq === 0 || seen.has(seq)) continue;
        const entry = { dom: now, frame: 0 };
        seen.set(seq, entry);
        // Painted: the next frame's rendering runs after its rAF callbacks; the
        // first task after them sees it done (a message, not a clamped timeout).
        requestAnimationFrame(() => {
          const channel = new w.MessageChannel();
          channel.port1.onmessage = () => (entry.frame = Date.now());
          channel.port2.postMessage(null);
        });
      }
    };
    const observer = new MutationObserver(scan);
    w.__markerObserver = {
      on: () => observer.observe(board, { subtree: true, childList: true, characterData: true }),
      off: () => observer.disconnect(),
    };
  });
}

interface FrameRun {
  deltas: number[];
  placeholderFrames: number;
  jumps: number;
  startedAt: number;
  endedAt: number;
  minTop: number;
  maxTop: number;
}

/** rAF loop scrolling `board-list`: step 40..120 px a frame within [lo, hi] (hi -1 = the end), reversing at the ends. */
function scrollLoop(page: Page, seconds: number, lo: number, hi: number, jumpEvery: number): Promise<FrameRun> {
  return page.evaluate(
    ({ seconds, lo, hi, jumpEvery }) =>
      new Promise<FrameRun>((done) => {
        const { document, requestAnimationFrame }: PageGlobals = globalThis;
        const el = document.querySelector('#chief-panel-board [data-testid="board-list"]');
        let seed = 12345;
        const rand = () => {
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          return seed / 4294967296;
        };
        const deltas: number[] = [];
        let placeholderFrames = 0;
        let jumps = 0;
        let dir = 1;
        let frames = 0;
        let minTop = Infinity;
        let maxTop = 0;
        const t0 = performance.now();
        let last = t0;
        const tick = () => {
          const now = performance.now();
          deltas.push(now - last);
          last = now;
          frames++;
          const top = el.scrollTop;
          const end = hi < 0 ? el.scrollHeight - el.clientHeight : Math.min(hi, el.scrollHeight - el.clientHeight);
          minTop = Math.min(minTop, top);
          maxTop = Math.max(maxTop, top);
          if (el.querySelector('[data-testid="board-row-placeholder"]')) placeholderFrames++;
          if (jumpEvery > 0 && frames % jumpEvery === 0) {
            // A drag of the scrollbar thumb: somewhere else in the list.
            el.scrollTop = Math.floor(lo + rand() * (end - lo));
            jumps++;
          } else {
            let next = top + dir * (40 + rand() * 80);
            if (next >= end) {
              next = end;
              dir = -1;
            } else if (next <= lo) {
              next = lo;
              dir = 1;
            }
            el.scrollTop = next;
          }
          if (now - t0 < seconds * 1000) requestAnimationFrame(tick);
          else done({ deltas: deltas.slice(1), placeholderFrames, jumps, startedAt: t0, endedAt: now, minTop, maxTop });
        };
        el.scrollTop = lo;
        requestAnimationFrame(() => {
          last = performance.now();
          requestAnimationFrame(tick);
        });
      }),
    { seconds, lo, hi, jumpEvery },
  );
}

/** PgDn presses on the focused board while `until` is pending. */
async function pressPageDown(page: Page, until: Promise<unknown>, everyMs: number): Promise<number> {
  let stop = false;
  void until.finally(() => (stop = true));
  let presses = 0;
  await page.evaluate(() => (globalThis as PageGlobals).document.querySelector('#chief-panel-board [data-testid="board-list"]').focus());
  while (!stop) {
    await sleep(everyMs);
    if (stop) break;
    await page.keyboard.press('PageDown');
    presses++;
  }
  return presses;
}

function longTasksIn(page: Page, from: number, to: number): Promise<{ count: number; max: number; total: number }> {
  return page.evaluate(
    ({ from, to }) => {
      const all = (globalThis as PageGlobals).__longTasks as { start: number; duration: number }[];
      const xs = all.filter((t) => t.start >= from && t.start <= to);
      return { count: xs.length, max: Math.max(0, ...xs.map((t) => t.duration)), total: xs.reduce((s, t) => s + t.duration, 0) };
    },
    { from, to },
  );
}

interface FrameStats {
  frames: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  over33: number;
  fps: number;
}
function frameStats(deltas: number[]): FrameStats {
  const s = sortedOf(deltas);
  const median = percentile(s, 0.5);
  return {
    frames: s.length,
    median,
    p95: percentile(s, 0.95),
    p99: percentile(s, 0.99),
    max: s[s.length - 1] ?? 0,
    over33: s.filter((d) => d > 33.4).length,
    fps: 1000 / median,
  };
}

// ── marker latency ──────────────────────────────────────────────────────

interface Latency {
  samples: number;
  sent: number;
  missed: number;
  p50: number;
  p95: number;
  max: number;
  frameP50: number;
  frameP95: number;
}

async function markerPhase(
  page: Page,
  platform: RemotePlatform,
  phase: string,
  kind: 'retitle' | 'insert',
  during?: (ms: number) => Promise<unknown>,
): Promise<Latency> {
  const ms = Math.ceil(SAMPLES * 1.1) * MARKER_EVERY_MS;
  await page.evaluate(() => ((globalThis as PageGlobals).__markerObserver as { on(): void }).on());
  await platform.call('markersStart', { everyMs: MARKER_EVERY_MS, phase, kind });
  if (during) await during(ms);
  else await sleep(ms);
  const sent = await platform.call<{ seq: number; at: number }[]>('markersStop');
  // Let the last ones land (a marker shows until it is retitled, MARKERS × 200 ms later).
  await sleep(2500);
  const seen = new Map(
    await page.evaluate(() => {
      const w = globalThis as PageGlobals as { __markers: Map<number, { dom: number; frame: number }>; __markerObserver: { off(): void } };
      w.__markerObserver.off();
      return [...w.__markers];
    }),
  );
  const dom: number[] = [];
  const frame: number[] = [];
  let missed = 0;
  for (const s of sent) {
    const at = seen.get(s.seq);
    if (!at) {
      missed++;
      continue;
    }
    dom.push(at.dom - s.at);
    if (at.frame) frame.push(at.frame - s.at);
  }
  const d = sortedOf(dom);
  const f = sortedOf(frame);
  const out = {
    samples: d.length,
    sent: sent.length,
    missed,
    p50: percentile(d, 0.5),
    p95: percentile(d, 0.95),
    max: d[d.length - 1] ?? NaN,
    frameP50: percentile(f, 0.5),
    frameP95: percentile(f, 0.95),
  };
  progress(
    `latency (${phase}): ${out.samples}/${out.sent} markers seen (${missed} never shown), DOM p50 ${ms1(out.p50)} ms, p95 ${ms1(out.p95)} ms, ` +
      `max ${ms1(out.max)} ms; painted p50 ${ms1(out.frameP50)} ms, p95 ${ms1(out.frameP95)} ms`,
  );
  return out;
}

// ── main ────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  progress(
    `egret ui bench: ${fmt(INCIDENTS)} incidents, ${fmt(RATE)} changes/s, ${SECONDS} s of scrolling, ≥ ${SAMPLES} latency samples; ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  ensureRendererBuilt(progress);

  const platform = await RemotePlatform.start(
    'bench/ui-platform-host.ts',
    { batchSize: 500, window: 5000, snapshotPartSize: 5000, keepLog: 200_000 },
    { maxOldSpaceMb: 4096, onProgress: progress },
  );
  let served: Served | null = null;
  let browser: Browser | null = null;
  const profDir = HOST_PROF ? tempDir('hostprof') : null;
  try {
    const loaded = await platform.call<{ head: number; ms: number }>('bulkLoad', { incidents: INCIDENTS, markers: MARKERS });
    const total = INCIDENTS + MARKERS;
    progress(`platform: ${fmt(total)} open incidents loaded in ${(loaded.ms / 1000).toFixed(1)} s (head ${loaded.head})`);

    served = await startServe(platform.url, tempDir('ui-data'), profDir);
    progress(`console: ${served.url.replace(/token=.*/, 'token=…')}`);

    const args = [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // rAF must not be throttled: keep the page "foreground" for the whole run.
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ];
    browser = await chromium.launch({ executablePath: requireBrowser(), headless: !HEADED, args });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    // tsx (esbuild keepNames) wraps named functions in the page scripts below with `__name(…)`.
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    page.on('pageerror', (e) => progress(`page error: ${e.message}`));
    const t0 = performance.now();
    await page.goto(served.url);
    await page.waitForSelector('[data-testid="role-view"][data-role="duty_chief"]', { timeout: 30_000 });
    await page.click('[data-testid="chief-tab-board"]');
    progress(`page: ${page.url().replace(/token=[^#&]*/, 'token=…')}; waiting for the snapshot of ${fmt(total)} incidents on the board`);
    await page.waitForFunction(
      (n) => {
        const { document }: PageGlobals = globalThis;
        return (
          document.querySelector('#chief-panel-board [data-testid="board-total"]')?.textContent?.trim() === String(n) &&
          !!document.querySelector('#chief-panel-board [data-testid="board-row"]')
        );
      },
      total,
      { timeout: 300_000, polling: 250 },
    );
    const snapshotS = (performance.now() - t0) / 1000;
    progress(`board: ${fmt(total)} incidents after ${snapshotS.toFixed(1)} s (snapshot + first page)`);
    const top = await page.$$eval('#chief-panel-board [data-testid="board-row"]', (rows) =>
      rows.slice(0, 3).map((r) => `${r.getAttribute('data-id')} P${r.getAttribute('data-priority')} ${r.getAttribute('data-status')}`),
    );
    progress(`board top rows: ${top.join(' | ')}`);
    await instrument(page);

    // rAF with nothing going on: is this Chromium's frame clock honest?
    const idle = frameStats((await scrollLoop(page, 2, 0, 0, 0)).deltas);
    progress(`idle rAF (no scrolling, no churn): median ${ms1(idle.median)} ms (${idle.fps.toFixed(1)} Hz), p95 ${ms1(idle.p95)} ms`);
    const throttled = idle.median > 20;
    if (throttled) progress(`WARNING: rAF is throttled (${idle.fps.toFixed(1)} Hz idle) even with the anti-throttling flags`);

    progress(`churn: ${fmt(RATE)} changes/s from the platform`);
    await platform.call('churnStart', { perSecond: RATE });
    await sleep(3000);

    // 2a. latency of a change to a row on screen, board still at the top.
    await page.evaluate(() => ((globalThis as PageGlobals).document.querySelector('#chief-panel-board [data-testid="board-list"]').scrollTop = 0));
    const still = await markerPhase(page, platform, 'still', 'retitle');
    // 2b. a new P1 reported now, board still at the top.
    const newP1 = await markerPhase(page, platform, 'new P1', 'insert');

    // 1. scrolling the whole list.
    let cdp: Awaited<ReturnType<typeof context.newCDPSession>> | null = null;
    if (PROFILE) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    if (TRACE)
      await browser.startTracing(page, {
        path: TRACE,
        screenshots: false,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8', 'cc', 'gpu', 'viz'],
      });
    progress(`scroll: ${SECONDS} s of rAF scrolling over the whole board, PgDn every 1.5 s, a scrollbar jump every 4 s`);
    const run = scrollLoop(page, SECONDS, 0, -1, 240);
    const presses = pressPageDown(page, run, 1500);
    const frames = await run;
    const pgdn = await presses;
    if (TRACE) {
      await browser.stopTracing();
      progress(`trace: ${TRACE}`);
    }
    let rendererProfile: string | null = null;
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      rendererProfile = formatSelfTimes('renderer JS during scrolling (CDP Profiler)', profile, 20);
    }
    const long = await longTasksIn(page, frames.startedAt, frames.endedAt);
    const fs = frameStats(frames.deltas);
    progress(
      `scroll: ${fs.frames} frames, median ${ms1(fs.median)} ms (${fs.fps.toFixed(1)} fps), p95 ${ms1(fs.p95)} ms, p99 ${ms1(fs.p99)} ms, max ${ms1(fs.max)} ms, ` +
        `${fs.over33} frames > 33 ms; long tasks ${long.count} (max ${ms1(long.max)} ms, ${fmt(long.total)} ms in all); ` +
        `${frames.placeholderFrames} frames showed placeholder rows; scrollTop ${fmt(frames.minTop)}..${fmt(frames.maxTop)} px; ${frames.jumps} jumps, ${pgdn} PgDn`,
    );

    // 2b. latency while scrolling near the top (the marker rows stay on screen or in the overscan).
    await page.evaluate(() => ((globalThis as PageGlobals).document.querySelector('#chief-panel-board [data-testid="board-list"]').scrollTop = 0));
    await sleep(1000);
    let nearTop: FrameStats | null = null;
    const scrolling = await markerPhase(page, platform, 'new P1 while scrolling', 'insert', async (ms) => {
      const r = await scrollLoop(page, ms / 1000, 0, 250, 0);
      nearTop = frameStats(r.deltas);
    });
    const churn = await platform.call<{ churned: number; maxBatch: number }>('churnStop');
    const sessions = await platform.call<unknown[]>('stats');
    progress(
      `churn: ${fmt(churn.churned)} changes sent (max ${churn.maxBatch} per 10 ms tick); platform session ${JSON.stringify(sessions[0] ?? null)}`,
    );
    if (nearTop) {
      const n = nearTop as FrameStats;
      progress(`scroll near the top during 2b: median ${ms1(n.median)} ms (${n.fps.toFixed(1)} fps), p95 ${ms1(n.p95)} ms`);
    }

    // ── figures ─────────────────────────────────────────────────────────
    console.log('');
    figure(
      'ui_machine',
      `${cpus().length} CPUs, load average (1 min) ${loadavg()[0]!.toFixed(1)} at the end — other processes share these CPUs with the platform, egret serve and Chromium`,
    );
    figure('ui_idle_raf_median_ms', `${ms1(idle.median)} (${idle.fps.toFixed(1)} Hz${throttled ? ', THROTTLED' : ''})`);
    figure('ui_snapshot_to_board_s', snapshotS.toFixed(1));
    figure('ui_scroll_frames', String(fs.frames));
    figure('ui_scroll_median_frame_ms', `${ms1(fs.median)} (${fs.fps.toFixed(1)} fps)`, `≥ ${GOALS.fps} fps`);
    figure('ui_scroll_p95_frame_ms', ms1(fs.p95), `< ${GOALS.p95FrameMs} ms`);
    figure('ui_scroll_p99_max_frame_ms', `${ms1(fs.p99)} / ${ms1(fs.max)}`);
    figure('ui_scroll_frames_over_33ms', `${fs.over33} (${((fs.over33 / fs.frames) * 100).toFixed(1)} %)`);
    figure('ui_scroll_long_tasks', `${long.count}, max ${ms1(long.max)} ms, ${fmt(long.total)} ms in all`);
    figure('ui_scroll_placeholder_frames', `${frames.placeholderFrames} (${((frames.placeholderFrames / fs.frames) * 100).toFixed(1)} %)`);
    const all = { still, new_p1: newP1, scrolling };
    for (const [k, l] of Object.entries(all)) {
      figure(
        `ui_latency_${k}_dom_p50_p95_max_ms`,
        `${ms1(l.p50)} / ${ms1(l.p95)} / ${ms1(l.max)} (${l.samples} of ${l.sent}, ${l.missed} never shown)`,
      );
      figure(`ui_latency_${k}_painted_p50_p95_ms`, `${ms1(l.frameP50)} / ${ms1(l.frameP95)}`);
    }
    if (rendererProfile) console.log(`\n${rendererProfile}`);

    // The summary holds the painted times: the row is on screen when the frame that shows it is done.
    const worstP95 = Math.max(still.frameP95, scrolling.frameP95, newP1.frameP95);
    const missed = still.missed + scrolling.missed + newP1.missed;
    console.log('');
    console.log(
      `board scroll over ${fmt(INCIDENTS)} incidents with ${fmt(RATE)} changes/s: median ${ms1(fs.median)} ms (${fs.fps.toFixed(0)} fps), p95 ${ms1(fs.p95)} ms` +
        ` — goal ≥ ${GOALS.fps} fps median, p95 < ${GOALS.p95FrameMs} ms` +
        verdict(fs.fps >= GOALS.fps && fs.p95 < GOALS.p95FrameMs) +
        (throttled ? ' (rAF THROTTLED)' : ''),
    );
    console.log(
      `platform change → row painted on the duty chief's board: p50 ${ms1(still.frameP50)} ms, p95 ${ms1(still.frameP95)} ms` +
        ` (a new P1 while scrolling: p50 ${ms1(scrolling.frameP50)}, p95 ${ms1(scrolling.frameP95)} ms)` +
        ` — goal p95 < ${GOALS.latencyP95} ms` +
        verdict(worstP95 < GOALS.latencyP95 && missed === 0) +
        (missed ? ` (${missed} markers never shown)` : ''),
    );
    console.log(
      `new P1 → row painted on the duty chief's board with ${fmt(RATE)} other changes/s: p50 ${ms1(newP1.frameP50)} ms, p95 ${ms1(newP1.frameP95)} ms` +
        ` (in the DOM: p95 ${ms1(newP1.p95)} ms)` +
        ` — goal p95 < ${GOALS.newP1P95} ms` +
        verdict(newP1.frameP95 < GOALS.newP1P95 && newP1.missed === 0),
    );
    await context.close();
  } finally {
    await browser?.close().catch(() => undefined);
    await served?.stop().catch(() => undefined);
    await platform.close().catch(() => undefined);
    if (profDir) {
      const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      if (file)
        console.log(
          `\n${formatSelfTimes('egret serve (host) over the whole run, node --cpu-prof', JSON.parse(readFileSync(join(profDir, file), 'utf8')) as CpuProfile, 25)}`,
        );
      else progress('host profile: no .cpuprofile written (egret serve did not exit cleanly?)');
    }
  }
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} finally {
  if (!KEEP) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  else progress(`kept: ${tempDirs.join(' ')}`);
}
