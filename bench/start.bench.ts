/**
 * Start-up benchmark (`npm run bench:start`): how soon `npm start` gives a
 * live command centre, on a first start (a fresh data dir) and on a warm one
 * (the data dir an earlier start left: cache filled, operator signed in), at
 * several hours of the city's day. Issue 10's goals: warm start live < 3 s,
 * first start live < 6 s, whatever the hour.
 *
 * What runs is what `npm start` runs with no platform configured:
 * `node --max-semi-space-size=64 bin/egret.mjs start --port 0 --data DIR`
 * (the browser shell and the embedded demo platform; Electron is not
 * installed here), plus `--demo-rate R` (R = 20 like the end-to-end tests,
 * so nights are busy too) and EGRET_CLOCK_START (test use only, see README)
 * to start the city at the hour asked. EGRET_BROWSER names no browser, so
 * `egret start` prints the URL instead of opening one; the bench opens it
 * then, as `egret start` would: a Chromium with its profile in
 * DIR/browser-profile (kept from run to run like the real one, so a warm
 * start finds its cache), launched when the URL is printed — the browser's
 * own start counts. `egret` runs its bundle (dist/cli), what `npm ci`
 * builds; it is built first if a source changed (--from-source runs the
 * sources through tsx instead, as after an edit).
 *
 * Per hour and run: a first start in a fresh dir, stopped once live, then a
 * warm start in that dir. Times count from the spawn: the URL printed, the
 * first incident row painted, the link state `live`, today's calls counter
 * showing calls, and "live" — all three on screen; and the CPU time egret's
 * process and the browser's processes had used by then (on this 2-core
 * machine a start's CPU time halved is as fast as it can be, whatever runs
 * beside it).
 *
 * Figures go to stdout (one line per figure: median and min–max over the
 * runs), progress to stderr. Options: --hours 00:05,09:00,16:00,23:55 (city
 * time, Asia/Shanghai) --rate R (20) --runs N (3) --from-source
 * --renderer-as-built (no rebuild of dist/renderer, e.g. while a renderer
 * source does not compile) --keep --headed --profile DIR (node --cpu-prof of each `egret start`, the page's
 * CPU profile and performance timeline, written to DIR and summarised).
 *
 * --platform standing: the console links to a platform that keeps running
 * between its starts, as in production, instead of starting the embedded
 * demo. Per hour the bench starts `egret simulate` (the same city, rate and
 * hour) in a process of its own, waits until it has built its day, and runs
 * `npm start -- --platform URL --token demo-chief` against it. A warm start
 * then resumes from its cursor (a replay). So does a warm start of the
 * embedded demo: it keeps its city in DIR/demo/ at a clean close and goes on
 * with it at the next start (simulator/kept/), so the warm start's clock
 * starts where the first one's stood plus the seconds between, as in life
 * (a city kept in the future of the clock would be set aside). The
 * platform's process shares the two cores (on a real site it is another
 * machine): its CPU is not counted, but it runs.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession } from 'playwright-core';
import { freshBundle } from '../bin/cli-bundle.mjs';
import { ensureRendererBuilt } from './renderer-build.ts';
import { spawnEgret, type Served } from './serve-process.ts';
import { formatSelfTimes, type CpuProfile } from './ui-profile.ts';
import { busyBefore, formatSourceSelfTimes, formatStartJobs, formatStartProfile } from './start-profile.ts';
import { browserCpuByType, startCpuMs } from './proc-cpu.ts';
import { browserArgs, requireBrowser } from '../native/cli/launchers.ts';
import { CLOCK_START_ENV } from '../native/common/clock.ts';
import { localDate } from '../native/common/day.ts';

/** The page's globals, in functions run by page.evaluate (the root tsconfig has no DOM lib). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobals = any;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CITY_TZ = 'Asia/Shanghai';
const CITY_OFFSET = '+08:00';

// ── options ─────────────────────────────────────────────────────────────

function stringOption(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}
const HOURS = (stringOption('hours') ?? '00:05,09:00,16:00,23:55').split(',').map((h) => h.trim());
const RATE = Number(stringOption('rate') ?? 20);
const RUNS = Number(stringOption('runs') ?? 3);
const KEEP = process.argv.includes('--keep');
const HEADED = process.argv.includes('--headed');
const FROM_SOURCE = process.argv.includes('--from-source');
const AS_BUILT = process.argv.includes('--renderer-as-built');
const PROFILE_DIR = stringOption('profile') === null ? null : resolve(stringOption('profile')!);
const PLATFORM = stringOption('platform') ?? 'embedded';
if (PLATFORM !== 'embedded' && PLATFORM !== 'standing') throw new Error(`--platform: "${PLATFORM}" is neither embedded nor standing`);
for (const h of HOURS) if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(h)) throw new Error(`--hours: "${h}" is not HH:MM`);
if (!(RATE > 0) || !Number.isInteger(RUNS) || RUNS < 1) throw new Error('--rate must be > 0 and --runs a whole number ≥ 1');

type Kind = 'first' | 'warm';
/** Spawn → live command centre (issue 10). */
const GOAL_MS: Record<Kind, number> = { first: 6_000, warm: 3_000 };
const KIND_SAYS: Record<Kind, string> = { first: 'first start (fresh data dir)', warm: 'warm start (the data dir of the first)' };
/** How long each wait may take before the run counts it as never reached. */
const GIVE_UP_MS = 60_000;
/** `npm start`'s node flags (package.json). */
const NPM_START_NODE_ARGS = ['--max-semi-space-size=64'];

// ── output ──────────────────────────────────────────────────────────────

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const seconds = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(2)} s`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const tempDirs: string[] = [];

// ── one start ───────────────────────────────────────────────────────────

interface StartFigures {
  hour: string;
  kind: Kind;
  run: number;
  loadAtStart: string;
  loadAtEnd: string;
  spawnToUrlMs: number;
  spawnToFirstRowMs: number | null;
  spawnToLinkLiveMs: number | null;
  spawnToCallsMs: number | null;
  /** All three on screen. */
  spawnToLiveMs: number | null;
  callsShown: string | null;
  /** CPU used by then (proc-cpu.ts): egret's process, and the browser's processes. */
  cpuEgretMs: number | null;
  cpuBrowserMs: number | null;
}

const FIGURES: { key: keyof StartFigures & `spawnTo${string}`; says: string }[] = [
  { key: 'spawnToUrlMs', says: 'spawn → URL' },
  { key: 'spawnToFirstRowMs', says: 'spawn → first incident row' },
  { key: 'spawnToLinkLiveMs', says: 'spawn → link live' },
  { key: 'spawnToCallsMs', says: "spawn → today's calls shown" },
  { key: 'spawnToLiveMs', says: 'spawn → live command centre' },
];

/** `npm start` with the demo at city time `clockStart` (or linked to a standing platform); resolves once it printed its URL. */
function npmStart(clockStart: string, dataDir: string, profileDir: string | null, platformUrl: string | null): Promise<Served> {
  const platform = platformUrl ? ['--platform', platformUrl, '--token', 'demo-chief'] : ['--demo-rate', String(RATE)];
  return spawnEgret(['start', '--port', '0', '--data', dataDir, ...platform], {
    nodeArgs: [...NPM_START_NODE_ARGS, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: {
      [CLOCK_START_ENV]: clockStart,
      // Names no browser: egret start prints the URL and the bench opens it (see the header).
      EGRET_BROWSER: join(dataDir, 'no-browser-here'),
      EGRET_FROM_SOURCE: FROM_SOURCE ? '1' : '',
    },
    giveUpMs: GIVE_UP_MS,
  });
}

/** The browser `egret start` would open: its own profile in the data dir, launched once the URL is printed. */
function openBrowser(dataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(dataDir, 'browser-profile'), {
    executablePath: requireBrowser(),
    headless: !HEADED,
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN',
    args: [
      // egret start's flags, less --app and --user-data-dir (the page is opened below; Playwright names the profile).
      ...browserArgs('', '').filter((a) => !a.startsWith('--app=') && !a.startsWith('--user-data-dir=')),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** When each sign of a live command centre first showed (the page's Date.now()). */
interface PageMoments {
  firstRow?: number;
  linkLive?: number;
  calls?: number;
  callsShown?: string;
  all?: boolean;
}

/**
 * Runs in the page before its own scripts: after a change to the page, in the
 * next animation frame (the one that paints it), checks the signs of a live
 * command centre not seen yet and notes when each first held. At most one
 * check a frame, and none once all three were seen: the watch must not
 * slow the page it times.
 */
function pageWatch(): void {
  const g = globalThis as PageGlobals;
  const moments: PageMoments = {};
  g.__egretStart = moments;
  let scheduled = false;
  let observer: PageGlobals = null;
  const check = () => {
    scheduled = false;
    const d = g.document;
    const now = Date.now();
    if (moments.firstRow === undefined) {
      const rows = d.querySelectorAll('[data-testid="board-row"]');
      for (const el of rows) {
        if (el.getClientRects().length > 0 && g.getComputedStyle(el).visibility !== 'hidden') {
          moments.firstRow = now;
          break;
        }
      }
    }
    if (moments.linkLive === undefined && d.querySelector('[data-testid="link-state"][data-state="live"]') !== null) moments.linkLive = now;
    if (moments.calls === undefined) {
      const calls = (d.querySelector('[data-testid="counter-calls-received"]')?.textContent ?? '').trim();
      if (/^[1-9]\d*$/.test(calls)) {
        moments.calls = now;
        moments.callsShown = calls;
      }
    }
    moments.all = moments.firstRow !== undefined && moments.linkLive !== undefined && moments.calls !== undefined;
    if (moments.all) {
      observer?.disconnect();
      g.__egretStartSeen?.(moments);
    }
  };
  const changed = () => {
    if (scheduled || moments.all) return;
    scheduled = true;
    g.requestAnimationFrame(check);
  };
  const observe = () => {
    observer = new g.MutationObserver(changed);
    observer.observe(g.document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    changed();
  };
  if (g.document.documentElement) observe();
  else g.document.addEventListener('readystatechange', observe, { once: true });
}

async function startOnce(
  hour: string,
  kind: Kind,
  run: number,
  dataDir: string,
  standing: StandingPlatform | null,
  clockStartMs: number,
): Promise<StartFigures> {
  // Against a standing platform the console's clock goes on from the platform's (it started at the hour and ran on).
  const clockStart = new Date(standing ? standing.now() : clockStartMs).toISOString();
  const platformUrl = standing?.url ?? null;
  const label = `${hour.replace(':', '')}-${kind}-${run}`;
  const profileDir = PROFILE_DIR ? join(PROFILE_DIR, label) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  // Others may edit a source at any time (the bundle then steps aside for the sources): built again
  // right before each start, and checked again once it printed its URL.
  buildCliBundle();
  const loadAtStart = load();
  const served = await npmStart(clockStart, dataDir, profileDir, platformUrl);
  if (!FROM_SOURCE && !freshBundle(ROOT)) progress(`${label}: a source changed while it started: it may have run the sources, not the bundle`);
  let context: BrowserContext | null = null;
  /** Spawn → live, for the profiles' "before live". */
  let liveAtMs: number | null = null;
  try {
    context = await openBrowser(dataDir);
    // tsx names this file's functions through a helper (`__name`) the page lacks.
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    let reportSeen: (moments: PageMoments) => void = () => undefined;
    const seenByPage = new Promise<PageMoments>((resolve) => (reportSeen = resolve));
    await context.exposeBinding('__egretStartSeen', (_source, moments: PageMoments) => reportSeen(moments));
    await context.addInitScript(pageWatch);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => progress(`page error: ${e.message}`));
    let cdp: CDPSession | null = null;
    const frames: string[] = [];
    if (profileDir) {
      // What the page and the host said, and when (as this process heard it: late by its own delays).
      const note = (way: string, payload: string | Buffer) =>
        frames.push(`${((performance.now() - served.spawnedAt) / 1000).toFixed(3)} ${way} ${String(payload).slice(0, 160)}`);
      page.on('websocket', (ws) => {
        note('open', ws.url().replace(/token=[^&]+/, 'token=…'));
        ws.on('framesent', (f) => note('→', f.payload));
        ws.on('framereceived', (f) => note('←', f.payload));
        ws.on('close', () => note('closed', ''));
      });
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    // The page notes (Date.now()) the frame in which each first held, whatever
    // order they come in (pageWatch), and calls the bench back once all three did.
    // Not polled with page.waitForFunction: Playwright runs each poll in the page as
    // a user gesture, which gives the page the user activation a real start's page
    // lacks (its P1 alarm then makes an AudioContext: 1.9–3.1 s of the page's main
    // thread in a first start under load).
    const navigated = page.goto(served.url);
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    const seen = await Promise.race([
      seenByPage,
      new Promise<PageMoments>((resolve) => {
        giveUp = setTimeout(
          () => void page.evaluate(() => (globalThis as PageGlobals).__egretStart as PageMoments).then(resolve, () => resolve({})),
          GIVE_UP_MS,
        );
      }),
    ]);
    clearTimeout(giveUp);
    const cpu = startCpuMs(served.pid, join(dataDir, 'browser-profile'));
    if (profileDir) progress(`${label}: browser CPU by process: ${JSON.stringify(browserCpuByType(join(dataDir, 'browser-profile')))}`);
    await navigated.catch(() => undefined);
    const sinceSpawn = (at: number | undefined) => (at === undefined ? null : at - performance.timeOrigin - served.spawnedAt);
    const firstRow = sinceSpawn(seen.firstRow);
    const linkLive = sinceSpawn(seen.linkLive);
    const calls = sinceSpawn(seen.calls);
    const callsShown = seen.callsShown ?? null;
    if (cdp && profileDir) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      writeFileSync(join(profileDir, 'page.cpuprofile'), JSON.stringify(profile));
      const timeline = await page.evaluate(() => (globalThis as PageGlobals).performance.getEntries().map((e: PageGlobals) => e.toJSON()));
      const navigationStartMs = sinceSpawn(await page.evaluate(() => (globalThis as PageGlobals).performance.timeOrigin as number));
      writeFileSync(join(profileDir, 'page-frames.txt'), frames.join('\n') + '\n');
      writeFileSync(
        join(profileDir, 'page-timeline.json'),
        JSON.stringify({ urlAtMs: served.spawnToUrlMs, navigationStartMs, moments: { firstRow, linkLive, calls }, timeline }, null, 1),
      );
    }
    const all = [firstRow, linkLive, calls];
    liveAtMs = all.includes(null) ? null : Math.max(...(all as number[]));
    return {
      hour,
      kind,
      run,
      loadAtStart,
      loadAtEnd: load(),
      spawnToUrlMs: served.spawnToUrlMs,
      spawnToFirstRowMs: firstRow,
      spawnToLinkLiveMs: linkLive,
      spawnToCallsMs: calls,
      spawnToLiveMs: all.includes(null) ? null : Math.max(...(all as number[])),
      callsShown,
      cpuEgretMs: cpu?.egretMs ?? null,
      cpuBrowserMs: cpu?.browserMs ?? null,
    };
  } finally {
    await context?.close().catch(() => undefined);
    await served.stop();
    if (profileDir) summariseProfiles(label, profileDir, served, liveAtMs);
  }
}

/** `hour` (HH:MM) of today in the city, as EGRET_CLOCK_START takes it. */
function cityInstant(hour: string): string {
  return `${localDate(Date.now(), CITY_TZ)}T${hour}:00${CITY_OFFSET}`;
}

/** `egret simulate` started at a city hour, running until stopped (--platform standing). */
interface StandingPlatform {
  url: string;
  /** Its clock now (epoch ms): it started at the hour and runs on in real time. */
  now(): number;
  stop(): Promise<void>;
}

/**
 * Starts the demo platform in a process of its own at `hour` and resolves
 * once it serves and has built its day (the rest of the day and yesterday's
 * calls are generated in the background after it prints its URL; it says
 * `history: loaded` then), so that what the starts time is the console.
 */
async function startStandingPlatform(hour: string): Promise<StandingPlatform> {
  const clockStart = cityInstant(hour);
  const spawnedWall = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/egret.mjs'), 'simulate', '--port', '0', '--rate', String(RATE)], {
    cwd: ROOT,
    env: { ...process.env, [CLOCK_START_ENV]: clockStart, EGRET_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  // Its first stdout line is the link URL; a later one says the day's history is built (egret simulate).
  let out = '';
  const line = (test: (l: string) => boolean, what: string) =>
    new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`egret simulate printed no ${what} in 120 s`)), 120_000);
      const look = () => {
        const found = out.split('\n').find((l) => test(l.trim()));
        if (found === undefined) return false;
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        ok(found.trim());
        return true;
      };
      const onData = () => look();
      if (!look()) child.stdout!.on('data', onData);
      child.once('exit', (code) => fail(new Error(`egret simulate exited (${code}) before its ${what}`)));
    });
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const url = await line((l) => /^wss?:\/\//.test(l), 'link URL');
  await line((l) => l === 'history: loaded', 'history');
  progress(`standing platform at ${hour}: ${url}, its day built ${((Date.now() - spawnedWall) / 1000).toFixed(0)} s after its start`);
  const startMs = Date.parse(clockStart);
  return { url, now: () => startMs + (Date.now() - spawnedWall), stop };
}

function summariseProfiles(label: string, dir: string, served: Served, liveAtMs: number | null): void {
  // One profile per thread: the main one, the cache writer, the demo platform. Each is lined up with the
  // earliest (the main thread's, which starts with the process) and named by what it mostly ran.
  const profiles = readdirSync(dir)
    .filter((f) => f.startsWith('CPU.') && f.endsWith('.cpuprofile'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile)
    .sort((a, b) => a.startTime - b.startTime);
  if (profiles.length === 0) progress(`${label}: no .cpuprofile written (egret start did not exit cleanly?)`);
  const origin = profiles[0]?.startTime ?? 0;
  for (const [i, profile] of profiles.entries()) {
    const thread = i === 0 ? 'main thread' : `thread ${i} (from ${((profile.startTime - origin) / 1000).toFixed(0)} ms)`;
    progress(`\n${formatStartProfile(`${label}: egret start, ${thread}, URL at ${seconds(served.spawnToUrlMs)} after the spawn`, profile, 10_000, 250, origin)}`);
    progress(`\n${formatSourceSelfTimes(`${label}: egret start, ${thread}, self time`, profile, 15)}`);
    // The profiles' clock starts with the process, a few ms after the spawn: close enough to split the jobs at live.
    const jobs = formatStartJobs(`${label}: egret start, ${thread}`, profile, origin, 20, liveAtMs);
    if (liveAtMs !== null) progress(`${label}: egret start, ${thread}: ${busyBefore(profile, origin, liveAtMs).toFixed(0)} ms CPU before live`);
    if (jobs) progress(`\n${jobs}`);
  }
  const page = join(dir, 'page.cpuprofile');
  try {
    progress(`\n${formatSelfTimes(`${label}: the page until live (CDP Profiler)`, JSON.parse(readFileSync(page, 'utf8')) as CpuProfile, 15)}`);
  } catch {
    progress(`${label}: no page profile`);
  }
}

// ── summary ─────────────────────────────────────────────────────────────

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figureLine(says: string, values: (number | null)[], goalMs: number | null): string {
  const reached = values.filter((v): v is number => v !== null);
  const never = values.length - reached.length;
  const range = reached.length
    ? `median ${seconds(median(reached))}, ${seconds(Math.min(...reached))}–${seconds(Math.max(...reached))}`
    : 'never reached';
  const missed = never > 0 ? `, ${never} of ${values.length} never` : '';
  const goal = goalMs === null ? '' : `  goal < ${goalMs / 1000} s${never === 0 && Math.max(...reached) < goalMs ? '  ✔' : '  ✘ MISSED'}`;
  return `  ${(says + ':').padEnd(32)} ${range}${missed}${goal}`;
}

function buildCliBundle(): void {
  if (FROM_SOURCE || freshBundle(ROOT)) return;
  progress('the CLI bundle is missing or older than the sources: npm run build:cli');
  const r = spawnSync(process.execPath, [join(ROOT, 'build', 'build-cli.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !freshBundle(ROOT)) throw new Error(`npm run build:cli failed (${r.status})`);
}

// ── main ────────────────────────────────────────────────────────────────

/** RUNS pairs of a first start in a fresh data dir and a warm start in it, at `hour`. */
async function startsAt(hour: string, standing: StandingPlatform | null, runs: StartFigures[]): Promise<void> {
  for (let run = 1; run <= RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'egret-bench-start-'));
    tempDirs.push(dataDir);
    // The warm start's city time goes on from the first's, as in life: it starts where the first one
    // stood plus the seconds between (the embedded demo goes on with the city the first start kept).
    const firstAt = Date.parse(cityInstant(hour));
    const firstSpawnedWall = Date.now();
    for (const kind of ['first', 'warm'] as const) {
      const f = await startOnce(hour, kind, run, dataDir, standing, kind === 'first' ? firstAt : firstAt + (Date.now() - firstSpawnedWall));
      runs.push(f);
      progress(
        `${hour} ${kind} ${run}: URL ${seconds(f.spawnToUrlMs)}, first row ${seconds(f.spawnToFirstRowMs)}, link live ${seconds(f.spawnToLinkLiveMs)}, ` +
          `calls ${seconds(f.spawnToCallsMs)} (${f.callsShown ?? '—'}) → live ${seconds(f.spawnToLiveMs)}; ` +
          `CPU by then: egret ${seconds(f.cpuEgretMs)}, browser ${seconds(f.cpuBrowserMs)}; load average ${f.loadAtStart} → ${f.loadAtEnd}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const loadBefore = load();
  progress(
    `egret start bench: npm start (${FROM_SOURCE ? 'sources through tsx' : 'CLI bundle'}), ${PLATFORM} platform, demo rate ${RATE}, at city times ${HOURS.join(', ')} (${CITY_TZ}), ` +
      `${RUNS} first + ${RUNS} warm start(s) each; ${cpus().length} CPUs, load average ${loadBefore}`,
  );
  if (AS_BUILT) progress('--renderer-as-built: dist/renderer as it is, whatever changed in renderer/src since');
  else ensureRendererBuilt(progress);
  buildCliBundle();
  const runs: StartFigures[] = [];
  for (const hour of HOURS) {
    const standing = PLATFORM === 'standing' ? await startStandingPlatform(hour) : null;
    try {
      await startsAt(hour, standing, runs);
    } finally {
      await standing?.stop();
    }
  }

  console.log('');
  console.log(`start_machine: ${cpus().length} CPUs; load average ${loadBefore} at the start, ${load()} at the end (1, 5, 15 min)`);
  const platformSays =
    PLATFORM === 'standing' ? `linked to a standing demo platform (egret simulate, rate ${RATE}, its own process)` : `embedded demo at rate ${RATE}`;
  console.log(
    `start_workload: npm start from ${FROM_SOURCE ? 'the sources (tsx)' : 'the CLI bundle'}, browser shell + ${platformSays}, ` +
      `the page in Chromium launched at the URL; ${RUNS} runs per figure`,
  );
  for (const hour of HOURS) {
    for (const kind of ['first', 'warm'] as const) {
      const these = runs.filter((r) => r.hour === hour && r.kind === kind);
      console.log(`\nat ${hour} city time, ${KIND_SAYS[kind]}, load average ${these[0]!.loadAtStart} → ${these.at(-1)!.loadAtEnd}:`);
      for (const { key, says } of FIGURES) {
        console.log(figureLine(says, these.map((r) => r[key]), key === 'spawnToLiveMs' ? GOAL_MS[kind] : null));
      }
      console.log(figureLine('CPU used by then, egret', these.map((r) => r.cpuEgretMs), null));
      console.log(figureLine('CPU used by then, browser', these.map((r) => r.cpuBrowserMs), null));
    }
  }
  console.log('');
  for (const kind of ['first', 'warm'] as const) {
    const these = runs.filter((r) => r.kind === kind);
    console.log(`every hour, ${kind} start:`);
    console.log(figureLine('spawn → live command centre', these.map((r) => r.spawnToLiveMs), GOAL_MS[kind]));
  }
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} finally {
  if (!KEEP) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  else progress(`kept: ${tempDirs.join(' ')}`);
}
