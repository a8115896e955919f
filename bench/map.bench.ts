/**
 * Map benchmark (`npm run bench:map`): the city map's canvas layers against
 * the two stock Leaflet ways, in one run, in headless Chromium
 * (playwright-core, the system Chromium). Issue 11's "Figures".
 *
 * 1. Frames. One page (bench/map-page, bundled here with esbuild) draws the
 *    same city three ways, each in a fresh browser context at 1600×1000:
 *      egret          — renderer/src/map/engine: one canvas per layer
 *                       (LineLayer roads, PointLayers cameras, volunteers,
 *                       incidents with pulsing P1s), every point drawn
 *                       (clustering off, as the stock ways draw every point);
 *      leaflet-dom    — one L.marker (a divIcon) per point, SVG polylines;
 *      leaflet-canvas — one L.circleMarker per point, preferCanvas.
 *    The city (bench/map-page/workload.ts, seeded): 3,000 cameras, 10,000
 *    volunteers, 5,000 incidents, 80 roads (the simulator's 18 main roads and
 *    generated side roads). The first 2,000 volunteers move: --rate updates a
 *    second (1,200), in batches every 100 ms like the host's positions.packed
 *    pushes, caught up if the page falls behind. Meanwhile the bench pans and
 *    zooms through Leaflet's own handlers for --seconds: mouse drags of
 *    480 px (right, down, left, up), each followed by a wheel step (zoom
 *    12 → 13 → 14 → 13 → 12 …). Frames are the page's requestAnimationFrame
 *    timestamps; figures per way: the median frame as fps, the p95 frame
 *    time, and frames shown per second (1000 / the mean frame). The ratios
 *    are egret's frames shown per second over each stock way's: the median
 *    frame saturates at the display's 60 Hz (Leaflet's canvas renderer shows
 *    many 16.7 ms frames between its long redraws), so a ratio of medians
 *    would say 1× for anything that sometimes keeps up; it is printed beside
 *    it. Same workload and script for all three: nothing here is tuned to a
 *    result.
 * 2. Nearest: k = 10 among 10,000 live volunteers (native/geo's
 *    nearestVolunteers over a PositionBook, filters: available, verified,
 *    within 3 km, 10 excluded), at random points over the city, with a batch
 *    of position updates applied between queries; p95 of 2,000 queries.
 * 3. Memory (--memory, off by default: it takes ~11 minutes): the console
 *    (`egret serve`) linked to `egret simulate --load` (10,000 volunteers on
 *    duty, ~1,000 position updates a second) with the track window set to
 *    2 minutes ($EGRET_TRACK_MINUTES), the duty chief's page open with its
 *    map; every 30 s from minute 3 to minute 10 the console's RSS and the
 *    page's JS heap (after a GC) are sampled; growth from minute 3 to 10.
 *
 * Figures go to stdout one per line, progress to stderr. Options:
 * --seconds N (20 per way) --rate N (1200) --only egret,leaflet-canvas,leaflet-dom
 * --memory --memory-minutes N (10) --headed --keep --profile (each way under
 * the CPU profiler: its heaviest functions to stderr).
 * Timings on a loaded machine mean little: the load average is printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { requireBrowser } from '../native/cli/launchers.ts';
import { nearestVolunteers } from '../native/geo/nearest.ts';
import { PositionBook, STATES, type VolunteerPoint } from '../native/geo/position-book.ts';
import { makeWorkload, seeded, SIZES, Walkers } from './map-page/workload.ts';
import { ensureRendererBuilt } from './renderer-build.ts';
import { formatSelfTimes, type CpuProfile } from './ui-profile.ts';
import { heapGrowthLines, heapSummary, type HeapSummary } from './heap-snapshot.ts';
import { spawnServe, type Served } from './serve-process.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ── options ─────────────────────────────────────────────────────────────

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
function stringOption(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}
const MODES = ['egret', 'leaflet-canvas', 'leaflet-dom'] as const;
type Mode = (typeof MODES)[number];
const SECONDS = option('seconds', 20);
const RATE = option('rate', 1200);
const ONLY = (stringOption('only')?.split(',') ?? [...MODES]) as Mode[];
const MEMORY = process.argv.includes('--memory');
const MEMORY_MINUTES = option('memory-minutes', 10);
const HEADED = process.argv.includes('--headed');
/** --profile: each way's run under the DevTools CPU profiler; the heaviest functions go to stderr. */
const PROFILE = process.argv.includes('--profile');
const KEEP = process.argv.includes('--keep');
const VIEWPORT = { width: 1600, height: 1000 };
const GOALS = { fps: 50, p95FrameMs: 33, domRatio: 15, canvasRatio: 3, nearestP95Ms: 1, memoryGrowthPct: 10, updatesPerS: 1000 };

for (const m of ONLY) if (!MODES.includes(m)) throw new Error(`--only: unknown way ${m} (${MODES.join(', ')})`);
if (!(SECONDS > 0) || !(RATE > 0)) throw new Error('--seconds and --rate must be positive');

/** The page's globals, in functions run by page.evaluate (the root tsconfig has no DOM lib). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobals = any;

// ── output ──────────────────────────────────────────────────────────────

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
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
const machine = () => `${cpus().length} CPUs, load average (1 min) ${loadavg()[0]!.toFixed(1)}`;

// ── the page: bundled and served on 127.0.0.1 ───────────────────────────

async function bundlePage(): Promise<string> {
  const out = tempDir('map-page');
  await build({
    entryPoints: [join(ROOT, 'bench/map-page/main.ts')],
    bundle: true,
    format: 'esm',
    target: 'chrome120',
    outdir: out,
    loader: { '.png': 'file', '.svg': 'file' },
    logLevel: 'warning',
  });
  writeFileSync(join(out, 'index.html'), readFileSync(join(ROOT, 'bench/map-page/index.html')));
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function servePage(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      ok({ server, url: `http://127.0.0.1:${address.port}/` });
    }),
  );
}

// ── frames ──────────────────────────────────────────────────────────────

interface FrameStats {
  frames: number;
  median: number;
  /** 1000 / the median frame. */
  fps: number;
  /** Frames shown per second over the run (1000 / the mean frame): stalls count for their length. */
  rate: number;
  p95: number;
  max: number;
}

function frameStats(deltas: number[]): FrameStats {
  const s = sortedOf(deltas);
  const median = percentile(s, 0.5);
  const total = deltas.reduce((a, b) => a + b, 0);
  return {
    frames: s.length,
    median,
    fps: 1000 / median,
    rate: (s.length / total) * 1000,
    p95: percentile(s, 0.95),
    max: s[s.length - 1] ?? 0,
  };
}

interface WayResult {
  mode: Mode;
  setupMs: number;
  stats: FrameStats;
  updatesPerS: number;
  longTasks: number;
  longTaskMs: number;
  /** The renderer's main thread busy running tasks during the run (CDP Performance.TaskDuration), ms. */
  busyMs: number;
  /** The run's wall time, ms. */
  wallMs: number;
  gestures: number;
  endView: { zoom: number; lat: number; lng: number };
}

/** The page's main-thread task time so far, ms (CDP Performance domain: TaskDuration, cumulative seconds). */
async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

/**
 * Drags and wheel steps through Leaflet's handlers until `ms` have passed.
 * Playwright's input calls wait until the page has handled them: a page that
 * takes seconds per frame (the DOM markers) would hold the script long past
 * its time, so past the deadline nothing more is sent or waited for.
 */
async function panAndZoom(page: Page, ms: number): Promise<number> {
  const cx = VIEWPORT.width / 2;
  const cy = VIEWPORT.height / 2;
  const directions: [number, number][] = [
    [1, 0],
    [0, 1],
    [-1, 0],
    [0, -1],
  ];
  const wheel = [-100, -100, 100, 100]; // in, in, out, out: 12 → 14 → 12
  const deadline = performance.now() + ms;
  const left = () => deadline - performance.now();
  const input = async (action: Promise<unknown>) => {
    action.catch(() => {}); // answered after the context closed: nothing to do
    await Promise.race([action, sleep(Math.max(0, left()))]);
  };
  let gestures = 0;
  while (left() > 0) {
    // A drag at 400 px/s for 1.2 s: the pointer goes where it should be by now, however slow the page answers.
    const [dx, dy] = directions[gestures % 4]!;
    await input(page.mouse.move(cx, cy));
    await input(page.mouse.down());
    const dragStart = performance.now();
    for (let t = 0; t < 1200 && left() > 0; t = performance.now() - dragStart) {
      const px = Math.min(480, (t / 1000) * 400);
      await input(page.mouse.move(cx + dx * px, cy + dy * px));
      await sleep(16);
    }
    await input(page.mouse.move(cx + dx * 480, cy + dy * 480));
    await input(page.mouse.up());
    if (left() <= 0) break;
    await sleep(200);
    await input(page.mouse.move(cx, cy));
    await input(page.mouse.wheel(0, wheel[gestures % 4]!));
    await sleep(Math.min(600, Math.max(0, left())));
    gestures++;
  }
  return gestures;
}

/** A fresh context per way: no way inherits another's heap or caches. */
async function newContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, ...options });
  // tsx (esbuild keepNames) wraps named functions in the page scripts below with `__name(…)`.
  await context.addInitScript('globalThis.__name = (f) => f;');
  return context;
}

async function runWay(browser: Browser, url: string, mode: Mode): Promise<WayResult> {
  const context = await newContext(browser);
  const page = await context.newPage();
  page.on('pageerror', (e) => progress(`page error (${mode}): ${e.message}`));
  page.on('crash', () => progress(`page crashed (${mode})`));
  try {
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as PageGlobals).__mapBench !== undefined);
    const { setupMs } = await page.evaluate((m) => (globalThis as PageGlobals).__mapBench.setup(m), mode);
    progress(`${mode}: scene drawn in ${fmt(setupMs)} ms; ${SECONDS} s of panning and zooming with ${fmt(RATE)} position updates/s`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const busyBefore = await taskMs(cdp);
    const wallBefore = performance.now();
    await page.evaluate((rate) => (globalThis as PageGlobals).__mapBench.begin(rate), RATE);
    const gestures = await panAndZoom(page, SECONDS * 1000);
    const r = await page.evaluate(() => (globalThis as PageGlobals).__mapBench.end());
    if (r.diagnostics) progress(`${mode} frames drawn, by layer (the whole run, setup included): ${r.diagnostics}`);
    const busyMs = (await taskMs(cdp)) - busyBefore;
    const wallMs = performance.now() - wallBefore;
    if (PROFILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      progress(formatSelfTimes(`${mode} CPU profile`, profile, 25));
    }
    const endView = await page.evaluate(() => (globalThis as PageGlobals).__mapBench.view());
    const result: WayResult = {
      mode,
      setupMs,
      stats: frameStats(r.deltas),
      updatesPerS: (r.updates / r.ms) * 1000,
      longTasks: r.longTasks,
      longTaskMs: r.longTaskMs,
      busyMs,
      wallMs,
      gestures,
      endView,
    };
    progress(
      `${mode}: ${result.stats.frames} frames (${result.stats.rate.toFixed(1)}/s), median ${ms1(result.stats.median)} ms (${result.stats.fps.toFixed(1)} fps), p95 ${ms1(result.stats.p95)} ms; ${gestures} drag+wheel gestures; ended at zoom ${endView.zoom}`,
    );
    return result;
  } finally {
    await context.close();
  }
}

async function idleFrames(browser: Browser, url: string): Promise<FrameStats> {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto(url);
    const deltas = await page.evaluate(
      () =>
        new Promise<number[]>((done) => {
          const { requestAnimationFrame }: PageGlobals = globalThis;
          const stamps: number[] = [];
          const tick = (t: number) => {
            stamps.push(t);
            if (stamps.length < 120) requestAnimationFrame(tick);
            else done(stamps.slice(1).map((s, i) => s - stamps[i]!));
          };
          requestAnimationFrame(tick);
        }),
    );
    return frameStats(deltas);
  } finally {
    await context.close();
  }
}

// ── nearest ─────────────────────────────────────────────────────────────

function nearestFigure(): { p50: number; p95: number; max: number; queries: number; meanFound: number } {
  const city = makeWorkload();
  const v = city.volunteers;
  const rand = seeded(5);
  const book = new PositionBook({ trackMs: 2 * 60_000, capacity: SIZES.volunteers });
  const t = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const points: VolunteerPoint[] = Array.from(v.lat, (lat, i) => ({
    id: `vol-${i}`,
    lat,
    lng: v.lng[i]!,
    ts: iso(t),
    state: STATES[v.style[i]! === 0 ? 0 : v.style[i]! === 1 ? 1 : 2]!,
  }));
  book.apply(points);
  for (let i = 0; i < points.length; i++) book.setVerified(points[i]!.id, rand() < 0.8);
  const walkers = new Walkers(v, city.moving, seeded(7));
  const times: number[] = [];
  let found = 0;
  const queries = 2_000;
  let next = 0;
  for (let q = 0; q < queries + 200; q++) {
    // Positions keep coming between queries: 100 moves, as 1,000 a second at 10 queries a second.
    const batch: VolunteerPoint[] = [];
    for (let k = 0; k < 100; k++) {
      const slot = next;
      next = (next + 1) % city.moving;
      const [lat, lng] = walkers.step(slot);
      batch.push({ id: `vol-${slot}`, lat, lng, ts: iso(t + q * 100 + 1), state: points[slot]!.state });
    }
    book.apply(batch);
    const point = { lat: 24.44 + rand() * 0.32, lng: 117.98 + rand() * 0.3 };
    const exclude = new Set(Array.from({ length: 10 }, () => `vol-${Math.floor(rand() * SIZES.volunteers)}`));
    const t0 = performance.now();
    const list = nearestVolunteers(book, point, 10, { availableOnly: true, verifiedOnly: true, radiusM: 3000, exclude });
    const ms = performance.now() - t0;
    if (q >= 200) {
      // The first 200 warm the JIT up.
      times.push(ms);
      found += list.length;
    }
  }
  const s = sortedOf(times);
  return { p50: percentile(s, 0.5), p95: percentile(s, 0.95), max: s[s.length - 1]!, queries, meanFound: found / queries };
}

// ── memory ──────────────────────────────────────────────────────────────

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}

function startSimulate(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/egret.mjs'), 'simulate', '--port', '0', '--load'], {
    cwd: ROOT,
    env: { ...process.env, EGRET_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      buffered += c;
      const line = buffered.split('\n').find((l) => /^(wss?|https?):\/\//.test(l.trim()));
      if (line) ok({ child, url: line.trim() });
    });
    child.once('exit', (code) => fail(new Error(`egret simulate exited (${code}) before printing its URL`)));
  });
}

interface MemorySample {
  minute: number;
  rss: number;
  heap: number;
}

async function memoryRun(browser: Browser): Promise<{ samples: MemorySample[]; mapShown: boolean }> {
  progress('memory: starting egret simulate --load (10,000 volunteers on duty)');
  const platform = await startSimulate();
  let served: Served | null = null;
  try {
    served = await spawnServe(['--port', '0', '--data', tempDir('map-memory'), '--platform', platform.url, '--token', 'demo-chief'], {
      env: { EGRET_TRACK_MINUTES: '2' },
      nodeArgs: ['--max-semi-space-size=64'],
    });
    progress(`memory: console at ${served.url.replace(/token=.*/, 'token=…')} (track window 2 min)`);
    const context = await newContext(browser, { locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => progress(`page error (memory): ${e.message}`));
    await page.goto(served.url);
    await page.waitForSelector('[data-testid="role-view"][data-role="duty_chief"]', { timeout: 60_000 });
    // The chief's map is a tab of its own (ChiefView).
    await page
      .click('[data-testid="chief-tab-map"]', { timeout: 30_000 })
      .catch(() => progress('memory: no map tab on the duty chief’s view'));
    const mapShown = await page
      .waitForSelector('[data-testid="city-map"]', { timeout: 30_000 })
      .then(() => true)
      .catch(() => false);
    progress(
      mapShown
        ? 'memory: the duty chief’s map is on screen'
        : 'memory: NO city map on the duty chief’s page (the heap is the page without it)',
    );
    const cdp = await context.newCDPSession(page);
    const t0 = performance.now();
    const samples: MemorySample[] = [];
    let firstHeap: HeapSummary | null = null;
    for (let minute = 3; minute <= MEMORY_MINUTES; minute += 0.5) {
      const wait = t0 + minute * 60_000 - performance.now();
      if (wait > 0) await sleep(wait);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      const rss = rssOf(served.pid);
      samples.push({ minute, rss, heap });
      progress(`memory: minute ${minute}: console RSS ${mib(rss)} MiB, page heap ${mib(heap)} MiB`);
      // What holds the heap at the start and the end, so a growth can be read as data or a leak.
      if (minute === 3) firstHeap = await heapSummary(cdp);
      else if (minute + 0.5 > MEMORY_MINUTES && firstHeap)
        for (const line of heapGrowthLines(firstHeap, await heapSummary(cdp))) progress(`memory: ${line}`);
    }
    await context.close();
    return { samples, mapShown };
  } finally {
    await served?.stop();
    platform.child.kill('SIGTERM');
  }
}

// ── main ────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  progress(
    `map bench: ${fmt(SIZES.cameras)} cameras + ${fmt(SIZES.volunteers)} volunteers (${fmt(SIZES.moving)} moving, ${fmt(RATE)} updates/s) + ${fmt(SIZES.incidents)} incidents + ${SIZES.roads} roads; ${SECONDS} s per way (${ONLY.join(', ')}); ${machine()}`,
  );
  const dir = await bundlePage();
  const { server, url } = await servePage(dir);
  progress(`page bundled and served at ${url}`);
  let browser: Browser | null = null;
  try {
    const args = [
      '--no-sandbox',
      // No GPU here: Chromium would raster the canvases through SwiftShader (GPU emulation), far slower
      // than its software raster for thousands of small paths. Same flag for all three ways.
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
    const idle = await idleFrames(browser, url);
    progress(`idle page: median frame ${ms1(idle.median)} ms (${idle.fps.toFixed(1)} Hz)`);
    const results = new Map<Mode, WayResult>();
    for (const mode of ONLY) results.set(mode, await runWay(browser, url, mode));

    progress('nearest: 2,000 queries among 10,000 volunteers');
    const nearest = nearestFigure();

    let memory: Awaited<ReturnType<typeof memoryRun>> | null = null;
    if (MEMORY) {
      ensureRendererBuilt(progress);
      memory = await memoryRun(browser);
    }

    // ── figures ─────────────────────────────────────────────────────────
    console.log('');
    figure('map_machine', `${machine()} at the end — other processes share these CPUs with Chromium`);
    figure('map_idle_raf_median_ms', `${ms1(idle.median)} (${idle.fps.toFixed(1)} Hz)`);
    for (const r of results.values()) {
      const goal = r.mode === 'egret';
      figure(`map_${r.mode}_setup_ms`, fmt(r.setupMs));
      figure(
        `map_${r.mode}_median_fps`,
        `${r.stats.fps.toFixed(1)} (median frame ${ms1(r.stats.median)} ms, ${r.stats.frames} frames)${goal ? verdict(r.stats.fps >= GOALS.fps) : ''}`,
        goal ? `≥ ${GOALS.fps}` : '',
      );
      figure(`map_${r.mode}_frames_per_s`, `${r.stats.rate.toFixed(1)} (frames shown ÷ run time)`);
      figure(
        `map_${r.mode}_p95_frame_ms`,
        `${ms1(r.stats.p95)} (max ${ms1(r.stats.max)})${goal ? verdict(r.stats.p95 < GOALS.p95FrameMs) : ''}`,
        goal ? `< ${GOALS.p95FrameMs}` : '',
      );
      figure(
        `map_${r.mode}_updates_per_s`,
        `${fmt(r.updatesPerS)}${verdict(r.updatesPerS >= GOALS.updatesPerS)}`,
        `≥ ${fmt(GOALS.updatesPerS)}`,
      );
      figure(`map_${r.mode}_long_tasks`, `${r.longTasks}, ${fmt(r.longTaskMs)} ms in all; ${r.gestures} drag+wheel gestures`);
      figure(
        `map_${r.mode}_main_thread`,
        `busy ${((r.busyMs / r.wallMs) * 100).toFixed(0)} % of the run, ${ms1(r.busyMs / r.stats.frames)} ms per frame shown`,
      );
    }
    const egret = results.get('egret');
    const dom = results.get('leaflet-dom');
    const canvas = results.get('leaflet-canvas');
    // The ratios compare frames shown per second: a median frame saturates at the display's 60 Hz
    // (Leaflet's canvas shows many 16.7 ms frames between its long redraws), so its ratio says nothing.
    const ratios: [string, WayResult | undefined, number][] = [
      ['map_ratio_vs_leaflet_dom_markers', dom, GOALS.domRatio],
      ['map_ratio_vs_leaflet_circlemarkers_canvas', canvas, GOALS.canvasRatio],
    ];
    for (const [name, other, goal] of ratios) {
      if (!egret || !other) continue;
      const ratio = egret.stats.rate / other.stats.rate;
      figure(
        name,
        `${ratio.toFixed(1)}× frames shown per second (${egret.stats.rate.toFixed(1)} vs ${other.stats.rate.toFixed(1)}; median-frame ratio ${(egret.stats.fps / other.stats.fps).toFixed(1)}×)${verdict(ratio >= goal)}`,
        `≥ ${goal}×`,
      );
    }
    // Frames are capped at the display's 60 Hz: once both ways come near it, the frame-rate ratio says
    // little. What each frame cost the page's main thread does not saturate; printed beside, not instead.
    for (const [name, other] of [
      ['map_cost_ratio_vs_leaflet_dom_markers', dom],
      ['map_cost_ratio_vs_leaflet_circlemarkers_canvas', canvas],
    ] as const) {
      if (!egret || !other) continue;
      const per = (r: WayResult) => r.busyMs / r.stats.frames;
      figure(name, `${(per(other) / per(egret)).toFixed(1)}× main-thread ms per frame shown (${ms1(per(other))} vs ${ms1(per(egret))})`);
    }
    figure(
      'map_nearest_k10_p95_ms',
      `${nearest.p95.toFixed(3)} (p50 ${nearest.p50.toFixed(3)}, max ${nearest.max.toFixed(3)}; ${fmt(nearest.queries)} queries, ${nearest.meanFound.toFixed(1)} found on average; available, verified, ≤ 3 km, 10 excluded)${verdict(nearest.p95 < GOALS.nearestP95Ms)}`,
      `< ${GOALS.nearestP95Ms} ms`,
    );
    if (!memory) figure('map_memory', 'skipped (run with --memory: ~11 minutes against egret simulate --load)');
    else if (memory.samples.length < 2) figure('map_memory', `too few samples (${memory.samples.length}): --memory-minutes must be ≥ 3.5`);
    else {
      const first = memory.samples[0]!;
      const last = memory.samples[memory.samples.length - 1]!;
      const growth = (a: number, b: number) => ((b - a) / a) * 100;
      const rssGrowth = growth(first.rss, last.rss);
      const heapGrowth = growth(first.heap, last.heap);
      figure(
        'map_memory_console_rss_growth_pct',
        `${rssGrowth.toFixed(1)} (minute ${first.minute}: ${mib(first.rss)} MiB → minute ${last.minute}: ${mib(last.rss)} MiB, peak ${mib(Math.max(...memory.samples.map((s) => s.rss)))} MiB)${verdict(rssGrowth < GOALS.memoryGrowthPct)}`,
        `< ${GOALS.memoryGrowthPct} %`,
      );
      figure(
        'map_memory_page_heap_growth_pct',
        `${heapGrowth.toFixed(1)} (${mib(first.heap)} MiB → ${mib(last.heap)} MiB after GC; samples ${mib(Math.min(...memory.samples.map((s) => s.heap)))}–${mib(Math.max(...memory.samples.map((s) => s.heap)))} MiB${memory.mapShown ? '' : '; NO map on the page'})${verdict(heapGrowth < GOALS.memoryGrowthPct)}`,
        `< ${GOALS.memoryGrowthPct} %`,
      );
    }
  } finally {
    await browser?.close();
    server.close();
    if (!KEEP) for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    else progress(`kept: ${tempDirs.join(', ')}`);
  }
}

await main();
