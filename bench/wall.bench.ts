/**
 * Camera wall benchmark (`npm run bench:wall`): issue 12's figures, in one
 * run, on the real console page in Chromium.
 *
 * What runs: `egret serve --demo` (the embedded demo platform, its camera
 * streams over HTTPS + HTTP/2 with the certificate kept in the data dir) and
 * the system Chromium (playwright-core) trusting exactly that certificate, as
 * `egret start` does (mediaTrustArgs), at 1920×1080. The page signs in as the
 * video patroller; the bench sets the wall through the host API (`wall.set`
 * over the console's WebSocket, as a second window would) with the demo's
 * online cameras, and reads the tiles' `<video>` elements.
 *
 * 1. Frames. 16 tiles of `sub` streams: once every tile plays, for --seconds
 *    the frames decoded (getVideoPlaybackQuality().totalVideoFrames, summed
 *    over the tiles) against what the streams carry (tiles × the sub clips'
 *    frame rate × the seconds, resources/video/index.json), and the frames
 *    dropped. Then the same with 25 tiles (goal ≥ 80 %).
 * 2. Switching. A wall of 16 cameras set to 16 others, --switches times (new
 *    cameras each time): from just before `wall.set` until every tile shows a
 *    frame of its new camera (requestVideoFrameCallback on the tile's video,
 *    registered once the tile names its new camera); p95 over the switches.
 * 3. Hidden. The page told it is hidden (visibilityState and its event, as a
 *    browser tells a background tab or a minimised window: headless Chromium
 *    keeps every page visible, see tests/e2e/wall.spec.ts); once every tile
 *    has stopped, the media server's request log (`/_log`) is read for
 *    --hidden-seconds: requests for the wall's cameras must be none.
 * 4. Memory (--minutes N, default 10; 0 skips it). 16 tiles playing in
 *    Chromium as `egret start` opens it, no test driver attached (see
 *    consoleBrowser): the browser's RSS (every Chromium process of its
 *    profile, summed from /proc) after the first minute and after N
 *    minutes; growth.
 *
 * Figures go to stdout one per line, progress to stderr. Options: --seconds N
 * (30) --switches N (12) --hidden-seconds N (60) --minutes N (10) --headed
 * --keep --memory-dumps (Chromium's allocator dumps at minute 1 and the
 * last, as growth per process and allocator: diagnostics only — Chromium's
 * tracing service then runs too, and its RSS counts in the growth). Timings on a
 * loaded machine mean little: the load average is printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { browserArgs, bundleSpki, mediaTrustArgs, requireBrowser } from '../native/cli/launchers.ts';
import { CdpPipe, type Cdp } from '../native/cli/supervise/cdp-pipe.ts';
import { demoMediaCertFile } from '../native/host/embedded-demo.ts';
import { loadClips, type LoggedRequest, type RequestLogPage } from '../native/simulator/media/index.ts';
import { openHostApi, type HostApi } from './host-api.ts';
import { ensureRendererBuilt } from './renderer-build.ts';
import { spawnServe, type Served } from './serve-process.ts';

// ── options ─────────────────────────────────────────────────────────────

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return value;
}
const SECONDS = option('seconds', 30);
const SWITCHES = option('switches', 12);
const HIDDEN_SECONDS = option('hidden-seconds', 60);
const MINUTES = option('minutes', 10);
const HEADED = process.argv.includes('--headed');
const KEEP = process.argv.includes('--keep');
/** Diagnostics only: Chromium's memory-infra dumps (allocator by allocator, per process) at minute 1 and the last minute of the memory run. */
const MEMORY_DUMPS = process.argv.includes('--memory-dumps');
const VIEWPORT = { width: 1920, height: 1080 };
const GOALS = { frames16Pct: 95, frames25Pct: 80, memoryGrowthPct: 10, switchP95Ms: 2000, hiddenRequests: 0 };
if (SECONDS <= 0 || SWITCHES < 1) throw new Error('--seconds must be above 0 and --switches at least 1');
/** How long every tile of a new wall may take to play before the bench says which did not. */
const PLAYING_TIMEOUT_MS = 90_000;
/** One switch gives up after this long (counted as this long). */
const SWITCH_TIMEOUT_MS = 20_000;

// ── output ──────────────────────────────────────────────────────────────

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const figure = (name: string, value: string, goal = '') => console.log(`${name}: ${value}${goal ? `  (goal ${goal})` : ''}`);
const verdict = (ok: boolean) => (ok ? '  ✔' : '  ✘ MISSED');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
const machine = () => `${cpus().length} CPUs, load average (1 min) ${loadavg()[0]!.toFixed(1)}`;
const tempDirs: string[] = [];
const tempDir = (tag: string) => {
  const dir = mkdtempSync(join(tmpdir(), `egret-bench-${tag}-`));
  tempDirs.push(dir);
  return dir;
};

/** The page's globals, in functions run by page.evaluate (the root tsconfig has no DOM lib). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobals = any;

// ── the browser's memory (/proc) ────────────────────────────────────────

/** Memory of the Chromium using `profileDir`: its browser process and all under it. */
interface BrowserMemory {
  /** RSS summed over the processes (the figure the issue names; shared pages count once per process mapping them). */
  rss: number;
  /** Proportional set size summed (shared pages split between the processes mapping them): what the processes really hold together. */
  pss: number;
  /** RSS by Chromium process type (`browser`, `renderer`, `gpu-process`, `utility:…`), to see which one grows. */
  rssByType: Record<string, number>;
}

function browserMemory(profileDir: string): BrowserMemory {
  const procs: { pid: number; ppid: number; rss: number; pss: number; type: string; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let pss = 0;
      try {
        pss = Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        // No smaps_rollup (old kernel) or gone: PSS unknown for it.
      }
      const type = /--type=(\S+)/.exec(cmdline)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=(\S+)/.exec(cmdline)?.[1];
      procs.push({
        pid: Number(entry),
        ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0),
        rss: Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024,
        pss,
        type: sub ? `${type}:${sub.split('.').pop()}` : type,
        cmdline,
      });
    } catch {
      // Gone meanwhile.
    }
  }
  const children = new Map<number, typeof procs>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const memory: BrowserMemory = { rss: 0, pss: 0, rssByType: {} };
  const visit = (p: (typeof procs)[number]) => {
    memory.rss += p.rss;
    memory.pss += p.pss;
    memory.rssByType[p.type] = (memory.rssByType[p.type] ?? 0) + p.rss;
    for (const child of children.get(p.pid) ?? []) visit(child);
  };
  for (const root of procs.filter((p) => p.cmdline.includes(profileDir) && !p.cmdline.includes('--type='))) visit(root);
  return memory;
}

/** A PEM file's text once it holds a whole certificate (a child process is making it), or an error after `ms`. */
async function fileWhenThere(file: string, ms: number): Promise<string> {
  for (const deadline = performance.now() + ms; ; await sleep(200)) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text.includes('-----END CERTIFICATE-----')) return text;
    if (performance.now() > deadline) throw new Error(`${file} did not appear within ${ms / 1000} s`);
  }
}

// ── the media server's request log ──────────────────────────────────────

/** Requests the media server at `origin` logged from number `since` on (`ca`: its certificate, for https). */
function mediaLogSince(origin: string, since: number, ca: string): Promise<RequestLogPage> {
  const secure = origin.startsWith('https:');
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(`${origin}/_log?since=${since}`, { agent: false, ...(secure ? { ca } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(JSON.parse(body) as RequestLogPage)
          : reject(new Error(`${origin}/_log: ${res.statusCode} ${body}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

// ── the page ────────────────────────────────────────────────────────────

async function signInAsVideoPatroller(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const view = page.locator('[data-testid="role-view"]');
  const signIn = page.locator('[data-testid="demo-signin-video_patroller"]');
  await view.or(signIn).first().waitFor({ timeout: 60_000 });
  // The embedded demo signs its windows in as the duty chief: out, then in as the video patroller.
  if (!(await signIn.isVisible())) await page.click('[data-testid="sign-out"]');
  await signIn.click({ timeout: 30_000 });
  await page.waitForSelector('[data-testid="role-view"][data-role="video_patroller"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="link-state"][data-state="live"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="camera-wall"]', { timeout: 30_000 });
}

/** Sets the wall and waits until every tile of it plays (or says which did not). */
async function showWall(page: Page, api: HostApi, layout: '16' | '25', cameras: string[]): Promise<{ playing: number }> {
  await api.call('wall.set', { layout, tiles: cameras });
  const deadline = performance.now() + PLAYING_TIMEOUT_MS;
  let playing = 0;
  while (performance.now() < deadline) {
    playing = await page.evaluate(
      (ids) =>
        ids.filter((id: string) => {
          const { document }: PageGlobals = globalThis;
          return (
            document.querySelector(`[data-testid="wall-slot"] [data-testid="camera-tile"][data-camera="${id}"][data-state="playing"]`) !==
            null
          );
        }).length,
      cameras,
    );
    if (playing === cameras.length) break;
    await sleep(500);
  }
  if (playing < cameras.length) {
    // What the tiles say instead (connecting, stalled, error…), and how many are on screen at all.
    const states = await page.evaluate(() => {
      const { document, innerHeight, innerWidth }: PageGlobals = globalThis;
      const out: Record<string, number> = {};
      for (const tile of document.querySelectorAll('[data-testid="wall-slot"] [data-testid="camera-tile"]')) {
        const box = tile.getBoundingClientRect();
        const seen = box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
        const key = `${tile.getAttribute('data-state')}${seen ? '' : ' (off screen)'}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    });
    progress(`  only ${playing} of ${cameras.length} tiles play after ${PLAYING_TIMEOUT_MS / 1000} s: ${JSON.stringify(states)}`);
  }
  return { playing };
}

interface VideoCounts {
  decoded: number;
  dropped: number;
  at: number;
}

/** Frames decoded and dropped so far, summed over the wall's tiles, and the page's clock. */
function videoCounts(page: Page): Promise<VideoCounts> {
  return page.evaluate(() => {
    const { document, performance }: PageGlobals = globalThis;
    let decoded = 0;
    let dropped = 0;
    for (const video of document.querySelectorAll('[data-testid="wall-slot"] video')) {
      const q = video.getVideoPlaybackQuality();
      decoded += q.totalVideoFrames;
      dropped += q.droppedVideoFrames;
    }
    return { decoded, dropped, at: performance.now() };
  });
}

interface FramesFigure {
  tiles: number;
  playing: number;
  seconds: number;
  /** Decoded ÷ (tiles × fps × seconds), %. */
  pct: number;
  dropped: number;
  decoded: number;
}

async function framesRun(page: Page, api: HostApi, layout: '16' | '25', cameras: string[], fps: number): Promise<FramesFigure> {
  progress(`frames: a wall of ${cameras.length} sub streams`);
  const { playing } = await showWall(page, api, layout, cameras);
  const before = await videoCounts(page);
  await sleep(SECONDS * 1000);
  const after = await videoCounts(page);
  const seconds = (after.at - before.at) / 1000;
  const decoded = after.decoded - before.decoded;
  const pct = (decoded / (cameras.length * fps * seconds)) * 100;
  progress(
    `  ${decoded} frames decoded in ${seconds.toFixed(1)} s by ${playing}/${cameras.length} playing tiles: ${pct.toFixed(1)} % of ${fps} fps`,
  );
  return { tiles: cameras.length, playing, seconds, pct, dropped: after.dropped - before.dropped, decoded };
}

/**
 * Ms from just before `wall.set` until every tile shows a frame of its new
 * camera: in the page, a requestVideoFrameCallback on each tile's video once
 * the tile names its new camera, checked every animation frame.
 */
interface SwitchTiming {
  /** Until every tile showed a frame of its new camera; null when one did not within SWITCH_TIMEOUT_MS. */
  frameMs: number | null;
  /** Until every tile named its new camera (the host's wall.state reached the page and was drawn). */
  namedMs: number;
}

async function switchOnce(page: Page, api: HostApi, cameras: string[]): Promise<SwitchTiming> {
  await page.evaluate((ids) => {
    const g: PageGlobals = globalThis;
    const state = {
      t0: g.performance.now(),
      want: new Set(ids),
      shown: new Map<string, number>(),
      named: new Map<string, number>(),
      watched: new Set<string>(),
      stop: false,
    };
    g.__wallSwitch = state;
    const check = () => {
      if (state.stop) return;
      for (const tile of g.document.querySelectorAll('[data-testid="wall-slot"] [data-testid="camera-tile"]')) {
        const id = tile.getAttribute('data-camera');
        const video = tile.querySelector('video');
        if (!id || !state.want.has(id) || state.watched.has(id) || !video) continue;
        state.watched.add(id);
        state.named.set(id, g.performance.now() - state.t0);
        const onFrame = (now: number) => {
          // A frame presented while the tile still names this camera: the new camera's picture.
          if (tile.getAttribute('data-camera') === id && !state.shown.has(id)) state.shown.set(id, now - state.t0);
          else if (!state.shown.has(id)) video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      }
      g.requestAnimationFrame(check);
    };
    g.requestAnimationFrame(check);
  }, cameras);
  await api.call('wall.set', { layout: '16', tiles: cameras });
  const deadline = performance.now() + SWITCH_TIMEOUT_MS;
  for (;;) {
    const result = await page.evaluate(() => {
      const s: PageGlobals = (globalThis as PageGlobals).__wallSwitch;
      return { shown: s.shown.size, last: Math.max(0, ...s.shown.values()), named: Math.max(0, ...s.named.values()) };
    });
    if (result.shown === cameras.length) {
      await page.evaluate(() => ((globalThis as PageGlobals).__wallSwitch.stop = true));
      return { frameMs: result.last, namedMs: result.named };
    }
    if (performance.now() > deadline) {
      await page.evaluate(() => ((globalThis as PageGlobals).__wallSwitch.stop = true));
      progress(`  switch: only ${result.shown}/${cameras.length} tiles showed a new frame within ${SWITCH_TIMEOUT_MS / 1000} s`);
      return { frameMs: null, namedMs: result.named };
    }
    await sleep(100);
  }
}

/** Tells the page it is hidden or shown, as a browser does for a background tab (headless Chromium keeps pages visible). */
function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate((h) => {
    const { document }: PageGlobals = globalThis;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

async function hiddenRun(
  page: Page,
  cameras: string[],
  mediaOrigin: string,
  ca: string,
): Promise<{ requests: LoggedRequest[]; stoppedMs: number; stillPlaying: number }> {
  progress(`hidden: the page hidden for ${HIDDEN_SECONDS} s`);
  await setHidden(page, true);
  // Requests already on their way when the page hid may land: counting starts once no tile plays.
  const t0 = performance.now();
  let still = Number.POSITIVE_INFINITY;
  for (const deadline = performance.now() + 30_000; still > 0 && performance.now() < deadline; await sleep(100)) {
    still = await page.evaluate(() => {
      const { document }: PageGlobals = globalThis;
      return document.querySelectorAll('[data-testid="wall-slot"] [data-testid="camera-tile"][data-state="playing"]').length;
    });
  }
  if (still > 0) progress(`  ${still} tiles still say they play 30 s after the page hid: counting anyway`);
  const stoppedMs = performance.now() - t0;
  const mark = (await mediaLogSince(mediaOrigin, Number.MAX_SAFE_INTEGER, ca)).next;
  await sleep(HIDDEN_SECONDS * 1000);
  const wall = new Set(cameras);
  const requests = (await mediaLogSince(mediaOrigin, mark, ca)).entries.filter((e) => e.camera !== null && wall.has(e.camera));
  await setHidden(page, false);
  progress(
    `  ${requests.length} media requests for the wall's cameras while hidden (tiles stopped ${Math.round(stoppedMs)} ms after hiding)`,
  );
  return { requests, stoppedMs, stillPlaying: still };
}

/**
 * Allocator sizes (bytes) per process from one memory-infra dump of the
 * whole browser: `pid allocator` → size, for the top allocators and two
 * levels below them.
 */
async function memoryDump(cdp: Cdp): Promise<Map<string, number>> {
  type DumpEvent = {
    ph?: string;
    pid?: number;
    args?: { dumps?: { allocators?: Record<string, { attrs?: { size?: { value: string } } }> } };
  };
  const events: DumpEvent[] = [];
  let complete!: () => void;
  const completed = new Promise<void>((done) => (complete = done));
  collect = (params) => events.push(...((params as { value: DumpEvent[] }).value ?? []));
  finished = () => complete();
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } },
    transferMode: 'ReportEvents',
  });
  await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  await cdp.send('Tracing.end');
  await completed;
  const sizes = new Map<string, number>();
  for (const e of events) {
    const allocators = e.ph === 'v' ? e.args?.dumps?.allocators : undefined;
    if (!allocators) continue;
    for (const [name, dump] of Object.entries(allocators)) {
      const size = dump.attrs?.size?.value;
      if (size === undefined || name.split('/').length > 3 || name.includes('0x')) continue;
      sizes.set(`${e.pid} ${name}`, parseInt(size, 16));
    }
  }
  return sizes;
}
/** Where the pipe's tracing events go while a dump is taken (one dump at a time). */
let collect: (params: Record<string, unknown>) => void = () => {};
let finished: () => void = () => {};

function printDumpGrowth(before: Map<string, number>, after: Map<string, number>): void {
  const rows = [...after]
    .map(([key, size]) => [key, size - (before.get(key) ?? 0), size] as const)
    .filter(([, growth]) => Math.abs(growth) >= 2 * 1024 * 1024);
  rows.sort((a, b) => b[1] - a[1]);
  progress('  memory-infra growth, minute 1 → last (≥ 2 MiB; pid allocator: growth → size):');
  for (const [key, growth, size] of rows.slice(0, 40)) progress(`    ${key}: ${growth > 0 ? '+' : ''}${mib(growth)} → ${mib(size)}`);
}

/**
 * The browser the memory run measures: Chromium as `egret start` opens it
 * (launchers.ts browserArgs, the product's flags) at the console's URL, with
 * no test driver attached. Playwright enables DevTools' Network domain on
 * every page it drives, and Chromium then keeps each response's body in the
 * renderer for Network.getResponseBody (up to 200 MB): a wall's video
 * segments filled that store and read as the renderer growing by the
 * stream's bit rate (memory-infra: partition_alloc/partitions/buffer, the
 * same with hls.js's fetch loader as with XHR, not freed by a full garbage
 * collection). This browser is reached over --remote-debugging-pipe and only
 * asked to evaluate and to dump memory: nothing that keeps what it loads.
 */
interface ConsoleBrowser {
  cdp: CdpPipe;
  /** The session of its one page. */
  page: string;
  profileDir: string;
  close: () => Promise<void>;
}

/**
 * Launched with the bench, on a blank page; the memory run takes it to the
 * console. A browser's first minutes are not a console's hours: Chromium
 * starts services of its own a few minutes in (its on-device model service,
 * ~90 MiB, about 2.5 min after launch, whatever --disable-features said),
 * and a browser opened for the memory run alone counted that as the wall's
 * growth. By the memory run this one has been up as long as the frames,
 * switching and hidden runs took, as the Playwright browser had been.
 */
async function consoleBrowser(profileDir: string, trust: string[]): Promise<ConsoleBrowser> {
  const url = 'about:blank';
  const child = spawn(
    requireBrowser(),
    [
      ...browserArgs(url, profileDir),
      ...(HEADED ? [] : ['--headless']),
      '--disable-gpu',
      `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--remote-debugging-pipe',
      ...trust,
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  cdp.on('Tracing.dataCollected', (params) => collect(params));
  cdp.on('Tracing.tracingComplete', () => finished());
  const close = async () => {
    child.kill();
    await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
  };
  try {
    for (const deadline = performance.now() + 30_000; ; await sleep(250)) {
      const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
      const target = targetInfos.find((t) => t.type === 'page');
      if (target) {
        const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
        return { cdp, page: sessionId, profileDir, close };
      }
      if (performance.now() > deadline) throw new Error('the console browser opened no page within 30 s');
    }
  } catch (error) {
    await close();
    throw error;
  }
}

/** A value from the console browser's page (an expression, returned by value). */
async function evaluate<T>(browser: ConsoleBrowser, expression: string): Promise<T> {
  const { result, exceptionDetails } = await browser.cdp.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
    'Runtime.evaluate',
    { expression, returnByValue: true },
    browser.page,
  );
  if (exceptionDetails) throw new Error(`the page threw: ${exceptionDetails.text}`);
  return result.value;
}

async function memoryRun(
  page: Page,
  api: HostApi,
  cameras: string[],
  consoleUrl: string,
  browser: ConsoleBrowser | null,
): Promise<{ first: number; last: number; peak: number } | null> {
  if (MINUTES === 0 || !browser) return null;
  progress(`memory: 16 tiles for ${MINUTES} min, in Chromium as egret start opens it (no test driver attached)`);
  // The driven page stops its players (and so its share of the media server); the wall is the operator's, shown by both.
  await page.goto('about:blank');
  await api.call('wall.set', { layout: '16', tiles: cameras });
  const { profileDir } = browser;
  await browser.cdp.send('Page.navigate', { url: `${consoleUrl}#/video` }, browser.page);
  const playingExpression = `document.querySelectorAll('[data-testid="wall-slot"] [data-testid="camera-tile"][data-state="playing"]').length`;
  let playing = 0;
  for (const deadline = performance.now() + PLAYING_TIMEOUT_MS; performance.now() < deadline; await sleep(500)) {
    playing = await evaluate<number>(browser, playingExpression).catch(() => 0);
    if (playing === cameras.length) break;
  }
  progress(`  ${playing} of ${cameras.length} tiles play`);
  const t0 = performance.now();
  let first = 0;
  let peak = 0;
  let last = 0;
  let dumpAtFirst: Map<string, number> | null = null;
  for (let minute = 1; minute <= MINUTES; minute++) {
    const wait = t0 + minute * 60_000 - performance.now();
    if (wait > 0) await sleep(wait);
    const memory = browserMemory(profileDir);
    last = memory.rss;
    peak = Math.max(peak, last);
    if (minute === 1) first = last;
    if (MEMORY_DUMPS && minute === 1) dumpAtFirst = await memoryDump(browser.cdp);
    if (MEMORY_DUMPS && minute === MINUTES && dumpAtFirst) printDumpGrowth(dumpAtFirst, await memoryDump(browser.cdp));
    const heap = await evaluate<number>(browser, 'performance.memory?.usedJSHeapSize ?? 0');
    const nowPlaying = await evaluate<number>(browser, playingExpression);
    const byType = Object.entries(memory.rssByType)
      .sort((a, b) => b[1] - a[1])
      .map(([type, rss]) => `${type} ${mib(rss)}`)
      .join(', ');
    progress(
      `  minute ${minute}: browser RSS ${mib(last)} (PSS ${mib(memory.pss)}; ${byType}; page JS heap ${mib(heap)}; ${nowPlaying} tiles playing)`,
    );
  }
  return { first, last, peak };
}

// ── main ────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const fps = loadClips().renditions.sub.fps;
  progress(
    `wall bench: ${SECONDS} s per wall, ${SWITCHES} switches, hidden ${HIDDEN_SECONDS} s, memory ${MINUTES} min; sub streams at ${fps} fps; ${machine()}`,
  );
  ensureRendererBuilt(progress);
  const dataDir = tempDir('wall-data');
  let served: Served | null = null;
  let context: BrowserContext | null = null;
  let api: HostApi | null = null;
  let memoryBrowser: ConsoleBrowser | null = null;
  try {
    served = await spawnServe(['--port', '0', '--data', dataDir, '--demo'], { nodeArgs: ['--max-semi-space-size=64'] });
    progress(`console at ${served.url.replace(/token=.*/, 'token=…')}`);
    // The demo keeps its media certificate in the data dir (made at its first start, after the URL is printed):
    // the browser trusts exactly it.
    const certPem = await fileWhenThere(demoMediaCertFile(dataDir), 60_000);
    const cert = certPem.replace(/^[\s\S]*?(?=-----BEGIN CERTIFICATE-----)/, '');
    if (MINUTES > 0) memoryBrowser = await consoleBrowser(tempDir('wall-memory-profile'), mediaTrustArgs(bundleSpki(cert)));
    const profileDir = tempDir('wall-profile');
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: requireBrowser(),
      headless: !HEADED,
      viewport: VIEWPORT,
      locale: 'zh-CN',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Playback and timers must not be throttled for being "in the background" of a headless run.
        '--disable-renderer-backgrounding',
        '--disable-background-timer-throttling',
        '--disable-backgrounding-occluded-windows',
        ...mediaTrustArgs(bundleSpki(cert)),
      ],
    });
    // tsx (esbuild keepNames) wraps named functions in the page scripts below with `__name(…)`.
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => progress(`page error: ${e.message}`));
    await signInAsVideoPatroller(page, served.url);
    api = await openHostApi(served.url);

    const { items } = await api.call<{ items: { id: string; status: string }[] }>('map.cameras');
    const online = items
      .filter((c) => c.status === 'online')
      .map((c) => c.id)
      .sort();
    const need = 16 + 25 + 16 * (SWITCHES + 1);
    if (online.length < need) throw new Error(`the demo has ${online.length} online cameras, the run needs ${need}`);
    let next = 0;
    const take = (n: number) => online.slice(next, (next += n));
    const { streams } = await api.call<{ streams: { main: string } }>('cameras.get', { id: online[0] });
    const mediaOrigin = new URL(streams.main).origin;
    progress(`signed in as the video patroller; ${online.length} cameras online; media at ${mediaOrigin}`);

    const wall16 = take(16);
    const frames16 = await framesRun(page, api, '16', wall16, fps);
    const frames25 = await framesRun(page, api, '25', take(25), fps);

    progress(`switching: 16 cameras to 16 others, ${SWITCHES} times`);
    let current = take(16);
    await showWall(page, api, '16', current);
    const switchMs: (number | null)[] = [];
    const namedMs: number[] = [];
    for (let i = 0; i < SWITCHES; i++) {
      current = take(16);
      const timing = await switchOnce(page, api, current);
      switchMs.push(timing.frameMs);
      namedMs.push(timing.namedMs);
      progress(
        `  switch ${i + 1}: ${timing.frameMs === null ? 'timed out' : `${Math.round(timing.frameMs)} ms`} (every tile named its camera after ${Math.round(timing.namedMs)} ms)`,
      );
    }

    await showWall(page, api, '16', wall16);
    const hidden = await hiddenRun(page, wall16, mediaOrigin, cert);
    const memory = await memoryRun(page, api, wall16, served.url, memoryBrowser);

    // ── figures ─────────────────────────────────────────────────────────
    console.log('');
    figure('wall_machine', `${machine()} at the end — the console, the demo city and Chromium share these CPUs`);
    for (const [f, goal] of [
      [frames16, GOALS.frames16Pct],
      [frames25, GOALS.frames25Pct],
    ] as const) {
      figure(
        `wall_${f.tiles}_tiles_decoded_pct`,
        `${f.pct.toFixed(1)} (${f.decoded.toLocaleString('en-US')} frames in ${f.seconds.toFixed(1)} s, ${f.playing}/${f.tiles} tiles playing, ${fps} fps each)${verdict(f.pct >= goal)}`,
        `≥ ${goal} %`,
      );
      figure(
        `wall_${f.tiles}_tiles_dropped_frames`,
        `${f.dropped} (${f.decoded ? ((f.dropped / f.decoded) * 100).toFixed(1) : '0.0'} % of decoded)`,
      );
    }
    const done = switchMs.filter((ms): ms is number => ms !== null);
    const sorted = [...switchMs.map((ms) => ms ?? SWITCH_TIMEOUT_MS)].sort((a, b) => a - b);
    const p95 = percentile(sorted, 0.95);
    figure(
      'wall_switch_16_p95_ms',
      `${Math.round(p95)} (median ${Math.round(percentile(sorted, 0.5))}, max ${Math.round(sorted[sorted.length - 1]!)}; ${done.length}/${switchMs.length} switches complete, a timed-out one counted as ${SWITCH_TIMEOUT_MS / 1000} s)${verdict(p95 < GOALS.switchP95Ms && done.length === switchMs.length)}`,
      `< ${GOALS.switchP95Ms} ms`,
    );
    const namedSorted = [...namedMs].sort((a, b) => a - b);
    figure(
      'wall_switch_16_named_p95_ms',
      `${Math.round(percentile(namedSorted, 0.95))} (wall.set → every tile names its new camera: the host's wall.state drawn; the rest of a switch is the players')`,
    );
    figure(
      'wall_hidden_media_requests',
      `${hidden.requests.length} in ${HIDDEN_SECONDS} s (${hidden.stillPlaying > 0 ? `${hidden.stillPlaying} tiles never stopped` : `tiles stopped ${Math.round(hidden.stoppedMs)} ms after the page hid`})${
        hidden.requests.length
          ? `: ${hidden.requests
              .slice(0, 3)
              .map((r) => r.path)
              .join(', ')}`
          : ''
      }${verdict(hidden.requests.length === GOALS.hiddenRequests)}`,
      `${GOALS.hiddenRequests}`,
    );
    if (!memory) figure('wall_memory', 'skipped (--minutes 0)');
    else if (MINUTES < 2) figure('wall_memory', `minute 1: browser RSS ${mib(memory.first)} (--minutes ≥ 2 for a growth)`);
    else {
      const growth = ((memory.last - memory.first) / memory.first) * 100;
      figure(
        'wall_memory_browser_rss_growth_pct',
        `${growth.toFixed(1)} (minute 1: ${mib(memory.first)} → minute ${MINUTES}: ${mib(memory.last)}, peak ${mib(memory.peak)}; every Chromium process summed)${verdict(Math.abs(growth) <= GOALS.memoryGrowthPct)}`,
        `within ${GOALS.memoryGrowthPct} %`,
      );
    }
  } finally {
    api?.close();
    await memoryBrowser?.close();
    await context?.close();
    await served?.stop();
    if (!KEEP) for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    else progress(`kept: ${tempDirs.join(', ')}`);
  }
}

await main();
