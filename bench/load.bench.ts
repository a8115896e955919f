/**
 * Load benchmark: does the console keep up with a busy city?
 *
 *   node bin/run-ts.mjs bench/load.bench.ts [--minutes 10] [--rate 20] [--volunteers 10000]
 *                                           [--seed 1] [--history-hours H] [--goal-ms 1000] [--keep] [--city-tz ZONE]
 *
 * Goal (the issue's "done when"): a load run (--rate 20 --volunteers 10000)
 * for 10 minutes keeps the console's link lag under 1 s.
 *
 * The platform — `egret simulate --port 0 --rate R --volunteers N --load`, i.e.
 * startDemoPlatform with a living Xiamen — runs in a child process
 * (bench/load-platform.ts), as it is another machine in production. The
 * console core runs in THIS process exactly as the shells start it
 * (createConsoleRuntime: stores, PlatformLink, host, live topics, positions
 * book), with no window connected.
 *
 * Link lag is measured in time, per change: the child reports over IPC when
 * it logged each seq; here the time each seq was committed to cache.db (the
 * CacheStore transaction that moved the cursor past it returned) is taken,
 * and lag = commit time − logged time. Both processes read the same clock
 * (performance.timeOrigin + performance.now(); checked by an IPC round trip
 * at start). Entity stamps (`updated_at`, positions' `ts`) are not used:
 * they have one-second precision and carry the city's simulated due time.
 *
 * The run is measured from the moment the first snapshot is committed (the
 * cold start is reported apart) for --minutes; changes logged in that span
 * count, and the bench then waits for the console to commit them.
 *
 * Progress goes to stderr every 30 s; figures to stdout. Exits 1 if the
 * max lag is ≥ the goal (or a change was never committed), after printing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createConsoleRuntime, type ConsoleRuntime } from '../native/host/runtime.ts';
import type { PlatformLink } from '../native/link/platform-link.ts';
import { HOURLY_WEIGHTS, localHour, weightAt } from '../native/simulator/city/day-curve.ts';
import type { PlatformReport } from './load-platform.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ── options ─────────────────────────────────────────────────────────────

function option(name: string, fallback: number): number;
function option(name: string, fallback: undefined): number | undefined;
function option(name: string, fallback: number | undefined): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} needs a number ≥ 0, got "${process.argv[i + 1]}"\n`);
    process.exit(2);
  }
  return n;
}
const MINUTES = option('minutes', 10);
const RATE = option('rate', 20);
const VOLUNTEERS = option('volunteers', 10_000);
const SEED = option('seed', 1);
const HISTORY_HOURS = option('history-hours', undefined);
const GOAL_MS = option('goal-ms', 1000);
const KEEP = process.argv.includes('--keep');
const PROGRESS_EVERY_MS = 30_000;
const SAMPLE_EVERY_MS = 1000;
/** How long to wait after the run for the console to commit what was logged in it. */
const DRAIN_TIMEOUT_MS = 30_000;

// ── output ──────────────────────────────────────────────────────────────

const now = () => performance.timeOrigin + performance.now();
const started = now();
const progress = (message: string) => process.stderr.write(`[${((now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : fmt(n));
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;
/** The city's time zone (startDemoPlatform's default) and how busy its day is at `t` (the load follows the clock). */
const TZ = process.argv.includes('--city-tz') ? process.argv[process.argv.indexOf('--city-tz') + 1]! : 'Asia/Shanghai';
const PEAK = Math.max(...HOURLY_WEIGHTS);
const cityClock = (t: number) => {
  const h = localHour(t, TZ);
  return `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.floor((h % 1) * 60)).padStart(2, '0')}`;
};
const busyness = (t: number) => weightAt(localHour(t, TZ));
const percentile = (sorted: ArrayLike<number>, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN;

// ── the platform, in a child process ───────────────────────────────────

/** What the child reported: when each seq was logged (ascending), positions frames published. */
class PlatformTimeline {
  readonly seqs: number[] = [];
  readonly times: number[] = [];
  /** Positions frames published, by the key of their first item (published, not yet received). */
  readonly frames = new Map<string, { n: number; t: number }>();
  head = 0;
  positionsPublished = 0;
  /** The child's clock minus ours (estimated at start); subtracted from its times. */
  offset = 0;

  add(r: PlatformReport): void {
    for (let i = 0; i < r.seqs.length; i++) {
      this.seqs.push(r.seqs[i]!);
      this.times.push(r.times[i]! - this.offset);
    }
    for (const f of r.frames) this.frames.set(f.key, { n: f.n, t: f.t - this.offset });
    this.head = Math.max(this.head, r.head);
    this.positionsPublished = r.positionsPublished;
  }

  /** The highest seq whose log time is known. */
  get known(): number {
    return this.seqs.length ? this.seqs[this.seqs.length - 1]! : 0;
  }

  /** When `seq` was logged, or undefined if it was not reported (logged before the child listened). */
  loggedAt(seq: number): number | undefined {
    const i = this.indexOf(seq);
    return i >= 0 ? this.times[i] : undefined;
  }

  private indexOf(seq: number): number {
    const s = this.seqs;
    if (!s.length) return -1;
    const guess = seq - s[0]!; // seqs are contiguous while the city runs
    if (s[guess] === seq) return guess;
    let lo = 0;
    let hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] === seq) return mid;
      if (s[mid]! < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The platform's head at time `t` (as far as reported): the highest seq logged at or before t. */
  headAt(t: number, floor: number): number {
    const ts = this.times;
    let lo = 0;
    let hi = ts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ts[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 ? Math.max(floor, this.seqs[found]!) : floor;
  }
}

class RemotePlatform {
  readonly timeline = new PlatformTimeline();
  private nextId = 1;
  private readonly pending = new Map<number, (clock: number) => void>();
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (msg: { report?: PlatformReport; id?: number; clock?: number }) => {
      if (msg.report) this.timeline.add(msg.report);
      else if (msg.id !== undefined) {
        this.pending.get(msg.id)?.(msg.clock!);
        this.pending.delete(msg.id);
      }
    });
  }

  static async start(): Promise<RemotePlatform> {
    const args = ['bench/load-platform.ts', '--rate', String(RATE), '--volunteers', String(VOLUNTEERS), '--seed', String(SEED)];
    if (HISTORY_HOURS !== undefined) args.push('--history-hours', String(HISTORY_HOURS));
    // --city-tz ZONE runs the city's day in another zone, to place the run at a busy hour of its day.
    if (process.argv.includes('--city-tz')) args.push('--city-tz', process.argv[process.argv.indexOf('--city-tz') + 1]!);
    const child = fork(join(ROOT, 'bin/run-ts.mjs'), args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    const url = await new Promise<string>((ok, fail) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => ok(line.trim()));
      child.once('exit', (code) => fail(new Error(`platform process exited (${code}) before printing its URL`)));
    });
    return new RemotePlatform(child, url);
  }

  private clock(): Promise<number> {
    const id = this.nextId++;
    return new Promise((ok) => {
      this.pending.set(id, ok);
      this.child.send({ op: 'clock', id });
    });
  }

  /** NTP-style: the child's clock minus ours, from the fastest of `n` round trips. */
  async checkClock(n = 20): Promise<{ offset: number; rtt: number }> {
    let best = { offset: 0, rtt: Infinity };
    for (let i = 0; i < n; i++) {
      const t0 = now();
      const theirs = await this.clock();
      const t1 = now();
      if (t1 - t0 < best.rtt) best = { offset: theirs - (t0 + t1) / 2, rtt: t1 - t0 };
    }
    this.timeline.offset = best.offset;
    return best;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async close(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((ok) => this.child.once('exit', ok));
    if (this.child.connected) this.child.send({ op: 'close', id: 0 });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

// ── measurement ─────────────────────────────────────────────────────────

interface Commit {
  /** First and last seq the commit moved the cursor over. */
  from: number;
  to: number;
  /** When the transaction returned. */
  at: number;
}

async function main(): Promise<number> {
  progress(
    `load bench: ${MINUTES} min, rate ${RATE}, ${fmt(VOLUNTEERS)} volunteers on duty (load mode); goal: max link lag < ${fmt(GOAL_MS)} ms`,
  );
  const platform = await RemotePlatform.start();
  const timeline = platform.timeline;
  const clock = await platform.checkClock();
  progress(`platform at ${platform.url}; clock check: offset ${clock.offset.toFixed(2)} ms (round trip ${clock.rtt.toFixed(2)} ms)`);

  const dataDir = mkdtempSync(join(tmpdir(), 'egret-bench-load-'));
  const rssAtLaunch = process.memoryUsage().rss;
  let runtime: ConsoleRuntime | null = null;
  try {
    const t0 = now();
    runtime = await createConsoleRuntime({
      shell: 'browser',
      dataDir,
      version: 'bench',
      platform: { url: platform.url, token: 'demo-chief' },
    });
    const { data } = runtime;
    const link = runtime.link as PlatformLink;

    // Time every commit: wrap this data dir's cache writes (the link hands them to the writer
    // thread through data.writes); a commit's time is when the writer answers.
    const commits: Commit[] = [];
    let snapshotAt: number | null = null;
    let snapshotAsOf = 0;
    let snapshots = 0;
    let applied = 0;
    let skipped = 0;
    let quarantined = 0;
    let committedThrough = data.cache.cursor() ?? 0;
    const writes = data.writes;
    const applyChanges = writes.applyChanges.bind(writes);
    writes.applyChanges = async (items, lastSeq, when) => {
      const outcome = await applyChanges(items, lastSeq, when);
      commits.push({ from: committedThrough + 1, to: lastSeq, at: now() });
      committedThrough = lastSeq;
      applied += outcome.applied;
      skipped += outcome.skipped;
      quarantined += outcome.quarantined;
      return outcome;
    };
    const commitSnapshot = writes.commitSnapshot.bind(writes);
    writes.commitSnapshot = async (asOf) => {
      const outcome = await commitSnapshot(asOf);
      const at = now();
      snapshots++;
      if (snapshotAt === null) {
        snapshotAt = at;
        snapshotAsOf = asOf;
      } else if (asOf > committedThrough) commits.push({ from: committedThrough + 1, to: asOf, at }); // a re-snapshot after a reconnect
      committedThrough = asOf;
      return outcome;
    };
    let welcomes = 0;
    link.on('welcome', () => welcomes++);

    // Positions: count them, and time each frame by its first item against the child's publish
    // time (matched later: the child reports every 50 ms, frames usually arrive sooner).
    let positionsReceived = 0;
    let positionFrames = 0;
    let positionFramesMatched = 0;
    const positionLags: number[] = [];
    let receivedFrames: { key: string; at: number }[] = [];
    let measuring = false;
    let measureFrom = Infinity; // frames published before the run are catch-up, as for changes
    let positionsCatchUp = 0;
    link.on('positions', (items) => {
      const at = now();
      if (!measuring) return;
      positionsReceived += items.length;
      positionFrames++;
      const p = items[0]!;
      receivedFrames.push({ key: `${p.id}|${p.ts}|${p.lat}|${p.lng}`, at });
    });
    const matchPositions = (final: boolean) => {
      const cutoff = now() - 2000;
      receivedFrames = receivedFrames.filter(({ key, at }) => {
        const sent = timeline.frames.get(key);
        if (sent) {
          positionFramesMatched++;
          if (sent.t >= measureFrom) positionLags.push(at - sent.t);
          else positionsCatchUp++;
          timeline.frames.delete(key);
          return false;
        }
        return !final && at > cutoff; // not reported within 2 s: give up on it (counted as unmatched)
      });
    };

    // ── cold start: until the first snapshot is committed ──
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no snapshot within 10 min; link ${JSON.stringify(link.status())}`)), 600_000);
      const off = link.on('applied', (_o, via) => {
        if (via !== 'snapshot') return;
        clearTimeout(timer);
        off();
        ok();
      });
    });
    const counts = data.cache.counts();
    const cold = (snapshotAt! - t0) / 1000;
    progress(
      `snapshot committed in ${cold.toFixed(1)} s (as_of ${snapshotAsOf}; ${Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${fmt(n)} ${k}`)
        .join(', ')}); measuring for ${MINUTES} min`,
    );

    // ── the run ──
    const runStart = snapshotAt!;
    const runEnd = runStart + MINUTES * 60_000;
    measuring = true;
    measureFrom = runStart;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const samples: { at: number; cursor: number }[] = [];
    const publishedAtStart = timeline.positionsPublished;

    // Lags per change, resolved once the child's log times are in.
    const lags: number[] = [];
    let catchUp = { n: 0, max: 0 }; // logged before the snapshot committed, committed after
    let unreported = 0; // committed seqs the child never reported (should stay 0)
    let resolved = 0; // commits[0..resolved) done
    let lastCommitted = snapshotAsOf;
    const window = { max: 0, n: 0 }; // since the last progress line
    let runMax = 0;
    const resolveLags = () => {
      while (resolved < commits.length && commits[resolved]!.to <= timeline.known) {
        const c = commits[resolved++]!;
        for (let seq = c.from; seq <= c.to; seq++) {
          const logged = timeline.loggedAt(seq);
          if (logged === undefined) {
            unreported++;
            continue;
          }
          if (logged > runEnd) continue;
          const lag = c.at - logged;
          if (logged < runStart) {
            catchUp = { n: catchUp.n + 1, max: Math.max(catchUp.max, lag) };
            continue;
          }
          lags.push(lag);
          runMax = Math.max(runMax, lag);
          window.max = Math.max(window.max, lag);
          window.n++;
        }
        lastCommitted = c.to;
      }
    };

    let lastProgress = runStart;
    let positionsAtLastProgress = 0;
    await new Promise<void>((ok) => {
      const sampler = setInterval(() => {
        const at = now();
        samples.push({ at, cursor: data.cache.cursor() ?? 0 });
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        resolveLags();
        matchPositions(false);
        if (at - lastProgress >= PROGRESS_EVERY_MS - SAMPLE_EVERY_MS / 2 || at >= runEnd) {
          const s = (at - lastProgress) / 1000;
          const st = link.status();
          progress(
            `${((at - runStart) / 60_000).toFixed(1)} min: link ${st.state}, cursor ${st.cursor}, platform head ${timeline.head}; ` +
              `${fmt(window.n / s)} changes/s, ${fmt((positionsReceived - positionsAtLastProgress) / s)} positions/s; ` +
              `lag max ${window.n ? ms(window.max) : '–'} ms (run so far: max ${lags.length ? ms(runMax) : '–'} ms); ` +
              `event loop p99 ${ms(loop.percentile(99) / 1e6)} ms; RSS ${mb(process.memoryUsage().rss)}`,
          );
          lastProgress = at;
          positionsAtLastProgress = positionsReceived;
          window.max = 0;
          window.n = 0;
        }
        if (at >= runEnd) {
          clearInterval(sampler);
          ok();
        }
        if (!platform.alive) {
          clearInterval(sampler);
          progress('the platform process died');
          ok();
        }
      }, SAMPLE_EVERY_MS);
    });
    measuring = false;
    loop.disable();
    const rssEnd = process.memoryUsage().rss;
    const publishedInRun = timeline.positionsPublished - publishedAtStart;

    // ── drain: wait for the console to commit everything logged during the run ──
    const drainStart = now();
    let lastInRun = 0;
    while (now() - drainStart < DRAIN_TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 100));
      // The child reports every 50 ms; once it has reported past runEnd we know the last seq of the run.
      lastInRun = timeline.headAt(runEnd, snapshotAsOf);
      const reportedPast = timeline.times.length > 0 && timeline.times[timeline.times.length - 1]! > runEnd;
      resolveLags();
      if ((reportedPast || now() - runEnd > 1000) && lastCommitted >= lastInRun) break;
    }
    resolveLags();
    matchPositions(true);
    // Whatever was logged in the run and is still not committed: its lag is at least until now.
    let uncommitted = 0;
    const giveUpAt = now();
    for (let seq = lastCommitted + 1; seq <= lastInRun; seq++) {
      const logged = timeline.loggedAt(seq);
      if (logged === undefined || logged < runStart || logged > runEnd) continue;
      uncommitted++;
      lags.push(giveUpAt - logged);
    }

    // Seq lag: the platform's head (from its log times) minus the console's cursor, just before each
    // commit (when it is highest) and at each 1 s sample. Like the time lag, it counts only changes
    // logged during the run: the backlog from the cold start is reported with it.
    const runFloor = timeline.headAt(runStart, snapshotAsOf);
    const seqLag = (at: number, cursor: number) => timeline.headAt(Math.min(at, runEnd), runFloor) - Math.max(cursor, runFloor);
    let seqLagMax = 0;
    for (const c of commits) if (c.at >= runStart) seqLagMax = Math.max(seqLagMax, seqLag(c.at, c.from - 1));
    for (const x of samples) seqLagMax = Math.max(seqLagMax, seqLag(x.at, x.cursor));

    // ── figures ──
    const minutes = (runEnd - runStart) / 60_000;
    const seconds = minutes * 60;
    const sorted = Float64Array.from(lags).sort();
    const maxLag = sorted.length ? sorted[sorted.length - 1]! : 0;
    const posSorted = Float64Array.from(positionLags).sort();
    const pct = (a: Float64Array, p: number) => ms(percentile(a, p));
    const st = link.status();
    const passed = maxLag < GOAL_MS && uncommitted === 0 && unreported === 0 && platform.alive && sorted.length > 0;

    console.log(`load run: ${minutes.toFixed(1)} min, rate ${RATE}, ${fmt(VOLUNTEERS)} volunteers on duty`);
    console.log(
      `city time ${cityClock(runStart)}–${cityClock(runEnd)} ${TZ}: busyness ${busyness(runStart).toFixed(1)}–${busyness(runEnd).toFixed(1)} ` +
        `(daily peak ${PEAK.toFixed(1)}; the city's load follows the clock)`,
    );
    console.log(
      `cold start: snapshot of ${fmt(Object.values(counts).reduce((a, b) => a + b, 0))} entities committed in ${cold.toFixed(1)} s; ` +
        `${fmt(catchUp.n)} changes logged meanwhile, committed at most ${ms(catchUp.max)} ms after they were logged (not in the figures below)`,
    );
    console.log(
      `changes applied: ${fmt(lags.length)} (${fmt(lags.length / seconds)}/s; rows applied ${fmt(applied)}, skipped ${fmt(skipped)}, quarantined ${fmt(quarantined)}); ` +
        `positions: ${fmt(positionsReceived)} (${fmt(positionsReceived / seconds)}/s; platform published ${fmt(publishedInRun)})`,
    );
    console.log(
      `link lag (time from platform change to console commit): p50 ${pct(sorted, 0.5)} ms, p95 ${pct(sorted, 0.95)} ms, ` +
        `p99 ${pct(sorted, 0.99)} ms, max ${ms(maxLag)} ms — goal < ${fmt(GOAL_MS)} ms${passed ? '  ✔' : '  ✘ MISSED'}`,
    );
    if (uncommitted)
      console.log(`  ${fmt(uncommitted)} changes logged in the run were still not committed ${DRAIN_TIMEOUT_MS / 1000} s after it`);
    if (unreported) console.log(`  ${fmt(unreported)} committed seqs had no log time from the platform (bench bug?)`);
    console.log(`seq lag (head − cursor) max: ${fmt(seqLagMax)}`);
    console.log(
      `positions lag (platform publish to console receipt, ${fmt(positionFramesMatched)} of ${fmt(positionFrames)} frames matched` +
        `${positionsCatchUp ? `, ${fmt(positionsCatchUp)} published before the run left out` : ''}): ` +
        `p50 ${pct(posSorted, 0.5)} ms, p99 ${pct(posSorted, 0.99)} ms, max ${posSorted.length ? ms(posSorted[posSorted.length - 1]!) : '–'} ms`,
    );
    console.log(
      `event loop delay p99 ${ms(loop.percentile(99) / 1e6)} ms, max ${ms(loop.max / 1e6)} ms; ` +
        `RSS ${mb(rssStart)} → ${mb(rssEnd)} (peak ${mb(rssPeak)}; ${mb(rssAtLaunch)} before the console started)`,
    );
    console.log(
      `link: ${st.state}, ${welcomes} welcome(s), ${snapshots} snapshot(s), quarantine ${st.quarantine}; ` +
        `clock offset to the platform process ${clock.offset.toFixed(2)} ms (round trip ${clock.rtt.toFixed(2)} ms)`,
    );
    return passed ? 0 : 1;
  } finally {
    await runtime?.close().catch((e: unknown) => progress(`closing the console: ${String(e)}`));
    await platform.close();
    if (KEEP) progress(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
    progress(`done in ${((now() - started) / 1000).toFixed(0)} s`);
  }
}

process.exitCode = await main();
