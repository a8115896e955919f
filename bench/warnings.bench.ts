/**
 * Early-warning benchmark (`npm run bench:warnings`): issue 14's figure —
 * over a cache of 1M incidents and 4 weeks of calls, a full computation at
 * start and each incremental update after new changes take p95 < 200 ms, off
 * the UI's critical path.
 *
 * The cache: --incidents (1,000,000) incidents reported evenly over the year
 * before now (bench/gen.ts makeIncident, its times moved into that year:
 * about 80,000 in the 29 days read), 28 days and today of calls (--calls-per-day
 * 4,000, each with the district the platform located it in, a third filed as
 * an incident) and a few reopenings; written as rows (entity-rows.ts), as the
 * link would write them.
 *
 * 1. Full computation at start: a fresh early-warning thread (the real
 *    worker, native/host/warnings/worker.ts) gets the span and runs the
 *    detector, --starts times, each closed as the console closes: at a
 *    first start over this cache (nothing kept: every cluster null drawn,
 *    the span read from cache.db — once after an install or upgrade), at a
 *    restart after a clean close (the nulls in warning-nulls.json and the
 *    span in warning-span.bin: every other start), and at a restart after a
 *    crash (the nulls only); then a reload on a warm thread (after a
 *    snapshot). p50/p95 of the thread's own time (load + detect) and of the
 *    round trip.
 * 2. Incremental updates: --updates busy minutes, each a batch of new
 *    incidents, calls and status events written to cache.db by the host's
 *    connection (a minute of the demo at rate 20: --minute-incidents 60,
 *    --minute-calls 120, --minute-events 200), then the changed ids to the
 *    thread and the clock a minute on. p50/p95.
 * 3. The host's request latency: `diag.echo` (the request path alone) and
 *    `incidents.page` (the board's first page) through ConsoleHost, each
 *    back to back for --seconds (3) idle, then while the
 *    thread computes full reloads back to back, then (for comparison only)
 *    while the same computation runs on the host's own thread between
 *    requests. p50/p95 of each: the first two should match — the figure that
 *    shows the computation is off the UI's critical path.
 *
 * One figure a line on stdout with the load average; progress on stderr.
 * Timings on a loaded machine mean little: the lead runs the quiet figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../native/common/logger.ts';
import { ConsoleHost } from '../native/host/console-host.ts';
import { boardHandlers } from '../native/host/handlers/board.ts';
import { ThreadedWarningEngine } from '../native/host/warnings/engine.ts';
import { WarningComputer, type ComputeRequest } from '../native/host/warnings/computer.ts';
import { KEPT_NULLS_FILE } from '../native/host/warnings/kept-nulls.ts';
import { KEPT_SPAN_FILE } from '../native/host/warnings/kept-span.ts';
import { prepareChange } from '../native/link/prepare.ts';
import type { Entity } from '../native/protocol/entities.ts';
import { CacheStore } from '../native/store/cache-store.ts';
import type { DataDir } from '../native/store/data-dir.ts';
import { rowOf, TABLES } from '../native/store/entity-rows.ts';
import { DEFAULT_WARNING_SETTINGS } from '../native/warning/index.ts';
import { DISTRICT_CODES, cst, makeIncident, rng } from './gen.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const INCIDENTS = option('incidents', 1_000_000);
const CALLS_PER_DAY = option('calls-per-day', 4_000);
const STARTS = option('starts', 5);
const UPDATES = option('updates', 30);
const MINUTE = { incidents: option('minute-incidents', 60), calls: option('minute-calls', 120), events: option('minute-events', 200) };
const SECONDS = option('seconds', 3);
const KEEP = process.argv.includes('--keep');
/** Development only: a cache kept by --keep is used again instead of built (the live minutes it holds are upserted again alike). */
const REUSE = process.argv.includes('--reuse') ? process.argv[process.argv.indexOf('--reuse') + 1] : undefined;

const NOW = Date.parse('2026-11-28T09:00:00+08:00');
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const LINES = ['110', '119', '122', '12345'] as const;
const TZ = 'Asia/Shanghai';

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const figure = (name: string, value: string) => console.log(`${name}: ${value}  (load ${load()})`);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const p50p95 = (values: readonly number[]) =>
  `p50 ${ms(percentile(values, 50))} ms, p95 ${ms(percentile(values, 95))} ms (n=${values.length})`;

// ── the cache ──────────────────────────────────────────────────────────

/** Incident n with its times moved into the year before now (evenly: the newest now). */
function incidentAt(n: number, prefix: string, reportedMs: number): Entity<'incident'> {
  const e = makeIncident(n, prefix, 7) as Record<string, unknown>;
  const shift = reportedMs - Date.parse(String(e.reported_at));
  const moved = (key: string) => (typeof e[key] === 'string' ? { [key]: cst(Date.parse(String(e[key])) + shift) } : {});
  return { ...e, reported_at: cst(reportedMs), ...moved('updated_at'), ...moved('due_at') } as unknown as Entity<'incident'>;
}

function callAt(n: number, prefix: string, receivedMs: number): Entity<'call'> {
  const r = rng(91 * 1_000_003 + n);
  const line = LINES[Math.floor(r() * LINES.length)]!;
  return {
    id: `call-${prefix}-${n}`,
    rev: 1,
    line,
    received_at: cst(receivedMs),
    answered_at: cst(receivedMs + 5_000),
    ended_at: cst(receivedMs + 90_000),
    district: DISTRICT_CODES[Math.floor(r() * DISTRICT_CODES.length)]!,
    ...(r() < 0.33 ? { incident: `inc-w-${String(Math.floor(r() * INCIDENTS)).padStart(7, '0')}` } : {}),
    caller_phone: `1${String(3_000_000_000 + Math.floor(r() * 999_999_999))}`,
  } as unknown as Entity<'call'>;
}

function insertAll<K extends 'incident' | 'call' | 'incident_event'>(
  cache: CacheStore,
  kind: K,
  count: number,
  make: (i: number) => Entity<K>,
): void {
  const columns = [...TABLES[kind].columns, 'data'];
  const insert = cache.db.prepare(`INSERT INTO ${kind} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const BATCH = 50_000;
  for (let from = 0; from < count; from += BATCH) {
    cache.db.transaction(() => {
      for (let i = from; i < Math.min(count, from + BATCH); i++) {
        const e = make(i);
        insert.run(rowOf(kind, e, JSON.stringify(e)));
      }
    })();
    if (from % 200_000 === 0) progress(`${kind}: ${fmt(Math.min(count, from + BATCH))} of ${fmt(count)}`);
  }
}

function buildCache(dir: string): CacheStore {
  const { cache } = CacheStore.open(dir);
  insertAll(cache, 'incident', INCIDENTS, (i) => incidentAt(i, 'w', NOW - YEAR + Math.floor(((i + 1) * YEAR) / INCIDENTS)));
  const calls = 29 * CALLS_PER_DAY;
  insertAll(cache, 'call', calls, (i) => callAt(i, 'w', NOW - 29 * DAY + Math.floor(((i + 1) * 29 * DAY) / calls)));
  // A few reopenings in the span (resolved → dispatched), among ordinary status events.
  insertAll(cache, 'incident_event', 20_000, (i) => {
    const at = NOW - 29 * DAY + Math.floor(((i + 1) * 29 * DAY) / 20_000);
    const reopen = i % 100 === 0;
    return {
      id: `ev-w-${i}`,
      rev: 1,
      incident: `inc-w-${String(INCIDENTS - 1 - (i % 80_000)).padStart(7, '0')}`,
      at: cst(at),
      actor: '值班员',
      kind: 'status',
      data: reopen ? { from: 'resolved', to: 'dispatched' } : { from: 'dispatched', to: 'accepted' },
    } as unknown as Entity<'incident_event'>;
  });
  cache.setMeta('tz', TZ);
  // As the link leaves it: the cursor a start's kept span is checked against (the live minutes move it on).
  cache.setMeta('cursor', 0);
  cache.db.pragma('wal_checkpoint(TRUNCATE)');
  cache.db.exec('ANALYZE');
  return cache;
}

// ── the figures ────────────────────────────────────────────────────────

const request = (extra: Partial<ComputeRequest>): ComputeRequest => ({
  now: NOW,
  settings: DEFAULT_WARNING_SETTINGS,
  reload: false,
  changed: { incidents: [], calls: [], events: [] },
  ...extra,
});

/**
 * How a start finds the data dir: `first` — nothing kept (a first start over
 * a full cache: once, after an install or an upgrade); `restart` — what a
 * clean close kept (the nulls and the span, kept-span.ts: every other start);
 * `unclean` — the nulls only (after a crash, or a close cut short).
 */
type StartKind = 'first' | 'restart' | 'unclean';

async function fullAtStart(dir: string, cache: CacheStore): Promise<void> {
  const cursor = cache.cursor()!;
  /** A fresh thread's first computation, `STARTS` times, each closed as the console closes (cleanly: the span kept). */
  const starts = async (kind: StartKind) => {
    const thread: number[] = [];
    const roundTrip: number[] = [];
    const loading: number[] = [];
    let findings = 0;
    for (let i = 0; i < STARTS; i++) {
      if (kind === 'first') rmSync(join(dir, KEPT_NULLS_FILE), { force: true });
      if (kind !== 'restart') rmSync(join(dir, KEPT_SPAN_FILE), { force: true });
      const engine = await ThreadedWarningEngine.start({ dir });
      const t0 = performance.now();
      // As the host asks at start: the span kept at the cursor the cache was opened at, if there is one.
      const result = await engine.compute(request({ reload: true, resumeAt: cursor }));
      roundTrip.push(performance.now() - t0);
      thread.push(result.tookMs);
      loading.push(result.loadMs);
      findings = result.findings.length;
      await engine.close({ cursor, changed: { incidents: [], calls: [], events: [] } });
      if (result.resumed !== (kind === 'restart')) throw new Error(`${kind} ${i + 1}: the kept span was ${result.resumed ? '' : 'not '}taken`);
      progress(`${kind} ${i + 1}: ${ms(result.tookMs)} ms (load ${ms(result.loadMs)} ms), ${findings} findings`);
    }
    return { thread, roundTrip, loading, findings };
  };
  const line = (r: Awaited<ReturnType<typeof starts>>, says: string) =>
    `${p50p95(r.thread)} in the thread (load + detect, a fresh thread, ${says}); round trip ${p50p95(r.roundTrip)}; load alone ${p50p95(r.loading)}; ${r.findings} findings`;
  figure('full_at_first_start', line(await starts('first'), 'nothing kept: every cluster null drawn, the span read from cache.db'));
  figure('full_at_restart', line(await starts('restart'), 'after a clean close: the nulls and the span it kept'));
  figure('full_at_restart_unclean', line(await starts('unclean'), 'after a crash: the nulls kept, the span read from cache.db'));

  const engine = await ThreadedWarningEngine.start({ dir });
  await engine.compute(request({ reload: true }));
  const warm: number[] = [];
  for (let i = 0; i < STARTS * 2; i++) warm.push((await engine.compute(request({ reload: true }))).tookMs);
  await engine.close();
  figure('full_reload_warm', `${p50p95(warm)} in the thread (after a snapshot: the span read again, the nulls kept)`);
}

async function incremental(dir: string, cache: CacheStore): Promise<void> {
  const engine = await ThreadedWarningEngine.start({ dir });
  await engine.compute(request({ reload: true }));
  const thread: number[] = [];
  const refresh: number[] = [];
  const roundTrip: number[] = [];
  let seq = cache.cursor() ?? 0; // on from the cursor: a reused cache (--reuse) has applied minutes before
  let next = 0;
  for (let m = 1; m <= UPDATES; m++) {
    const at = NOW + m * 60_000;
    const items: { kind: string; data: object }[] = [];
    for (let i = 0; i < MINUTE.incidents; i++) {
      const e = incidentAt(INCIDENTS + next++, 'w', at - 60_000 + Math.floor((i * 60_000) / MINUTE.incidents));
      items.push({ kind: 'incident', data: { ...e, id: `inc-live-${m}-${i}` } });
    }
    for (let i = 0; i < MINUTE.calls; i++)
      items.push({ kind: 'call', data: callAt(10_000_000 + m * 1000 + i, 'live', at - 60_000 + i * 400) });
    for (let i = 0; i < MINUTE.events; i++) {
      items.push({
        kind: 'incident_event',
        data: {
          id: `ev-live-${m}-${i}`,
          rev: 1,
          incident: `inc-w-${String(INCIDENTS - 1 - ((m * 997 + i) % 50_000)).padStart(7, '0')}`,
          at: cst(at - 30_000),
          actor: '值班员',
          kind: 'status',
          data: i % 50 === 0 ? { from: 'resolved', to: 'dispatched' } : { from: 'accepted', to: 'on_scene' },
        },
      });
    }
    const changes = items.map((item) => prepareChange({ seq: ++seq, op: 'upsert', ...item }, seq));
    const outcome = cache.applyChanges(changes, seq);
    const ids = (kind: 'incident' | 'call' | 'incident_event') => outcome.changed.get(kind)?.upserted ?? [];
    const t0 = performance.now();
    const result = await engine.compute(
      request({ now: at, changed: { incidents: ids('incident'), calls: ids('call'), events: ids('incident_event') } }),
    );
    roundTrip.push(performance.now() - t0);
    thread.push(result.tookMs);
    refresh.push(result.loadMs);
  }
  await engine.close();
  figure(
    'incremental_update',
    `${p50p95(thread)} in the thread (the refresh by ids and the inputs made: ${p50p95(refresh)}; the rest is the detector); round trip ${p50p95(roundTrip)} (a busy minute each: ${MINUTE.incidents} incidents, ${MINUTE.calls} calls, ${MINUTE.events} events)`,
  );
}

async function requestLatency(dir: string, cache: CacheStore): Promise<void> {
  const data = { cache, state: null, writes: null, dir, rebuilt: null, close: async () => {} } as unknown as DataDir;
  const handlers = { ...boardHandlers(data, () => NOW), 'diag.echo': () => ({ delivered: 0 }) };
  const host = new ConsoleHost({ role: () => 'duty_chief', logger: silentLogger, handlers: handlers as never });
  const requests = {
    // The request path alone (frame check, role, handler): what a blocked thread delays first.
    'diag.echo': { text: 'bench' },
    // The board's first page over the 1M-incident cache (its total counts every open incident).
    'incidents.page': { sort: 'priority', limit: 50 },
  } as const;
  const timed = async (method: keyof typeof requests) => {
    const t0 = performance.now();
    const outcome = await host.call(method, requests[method], { label: 'bench' });
    if (!('result' in outcome)) throw new Error(`${method} failed: ${outcome.message}`);
    return performance.now() - t0;
  };
  /** Requests back to back for SECONDS while `busy` runs (a macrotask between each, as separate window frames arrive). */
  const sample = async (method: keyof typeof requests, busy: () => Promise<void>, stop: () => void) => {
    const latencies: number[] = [];
    const running = busy();
    const end = performance.now() + SECONDS * 1000;
    while (performance.now() < end) {
      latencies.push(await timed(method));
      await new Promise((resolve) => setImmediate(resolve));
    }
    stop();
    await running;
    return latencies;
  };

  for (const method of Object.keys(requests) as (keyof typeof requests)[]) {
    const idle = await sample(
      method,
      async () => {},
      () => {},
    );
    figure(`request_idle ${method}`, p50p95(idle));

    const engine = await ThreadedWarningEngine.start({ dir });
    let computing = true;
    let runs = 0;
    const threaded = await sample(
      method,
      async () => {
        while (computing) {
          await engine.compute(request({ reload: true }));
          runs++;
        }
      },
      () => (computing = false),
    );
    await engine.close();
    figure(`request_while_computing_in_thread ${method}`, `${p50p95(threaded)} (${runs} full computations meanwhile)`);

    // For comparison only: the same work on the host's thread, as it would be without the worker.
    const computer = new WarningComputer(cache.db);
    let inline = true;
    let inlineRuns = 0;
    const onHost = await sample(
      method,
      async () => {
        while (inline) {
          await new Promise((resolve) => setImmediate(resolve));
          computer.compute(request({ reload: true }));
          inlineRuns++;
        }
      },
      () => (inline = false),
    );
    figure(`request_while_computing_on_host_thread ${method}`, `${p50p95(onHost)} (${inlineRuns} computations; what the thread spares)`);
  }
}

async function main(): Promise<void> {
  const dir = REUSE ?? mkdtempSync(join(tmpdir(), 'egret-bench-warnings-'));
  try {
    let cache: CacheStore;
    if (REUSE) {
      cache = CacheStore.open(dir).cache;
      progress(`using the cache in ${dir}`);
    } else {
      progress(`building a cache of ${fmt(INCIDENTS)} incidents over a year and ${fmt(29 * CALLS_PER_DAY)} calls in ${dir}`);
      cache = buildCache(dir);
      progress('cache built');
    }
    await fullAtStart(dir, cache);
    await incremental(dir, cache);
    await requestLatency(dir, cache);
    cache.close();
  } finally {
    if (KEEP || REUSE) progress(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
