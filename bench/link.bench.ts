/**
 * Link and cache benchmark (`npm run bench:link`):
 *
 *  1. end-to-end ingest: changes/s from WebSocket frames to committed rows
 *     through the real PlatformLink + data dir, replaying N incident upserts
 *     of a live log, beside the raw better-sqlite3 ceiling (same rows, same
 *     table, one prepared statement, one transaction); then the same with
 *     report times scattered over two years, the worst case;
 *  3. cold snapshot of 1M incidents + 3,000 cameras through the real link;
 *  2. board and FTS queries over that 1M-incident cache.db.
 *
 * The platform (startPlatform) runs in a child process (bench/platform-host.ts),
 * as it is another machine in production. Figures go to stdout, progress to
 * stderr. Options: --changes N (200000) --incidents N (1000000) --cameras N
 * (3000) --runs N (300) --only ingest|cache --no-scattered (skip the worst-case
 * ingest run) --keep (keep temp dirs).
 * Profile: node --cpu-prof bin/run-ts.mjs bench/link.bench.ts --only ingest
 */
import { RemotePlatform } from './remote-platform.ts';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../native/common/logger.ts';
import { PlatformLink } from '../native/link/platform-link.ts';
import { openDataDir, type DataDir } from '../native/store/data-dir.ts';
import { ThreadedCacheWrites } from '../native/store/writer/threaded.ts';
import { TABLES, rowOf } from '../native/store/entity-rows.ts';
import { matchExpression } from '../native/store/fts.ts';
import { cacheMigrations } from '../native/store/migrations/cache/index.ts';
import { cachePath, openDatabase, type Db } from '../native/store/open.ts';
import type { Entity } from '../native/protocol/entities.ts';
import { DISTRICT_CODES, OPEN_STATUSES, TITLE_WORDS, makeIncident, rng, type IncidentTimes } from './gen.ts';

// ── options ─────────────────────────────────────────────────────────────

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const CHANGES = option('changes', 200_000);
const INCIDENTS = option('incidents', 1_000_000);
const CAMERAS = option('cameras', 3_000);
const RUNS = option('runs', 300);
const onlyAt = process.argv.indexOf('--only');
const ONLY = onlyAt >= 0 ? process.argv[onlyAt + 1] : null;
const KEEP = process.argv.includes('--keep');

const GOALS = { ingest: 50_000, ratio: 0.5, boardP95: 5, ftsP95: 20, snapshotS: 30 };

// ── output ──────────────────────────────────────────────────────────────

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms1 = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const figure = (name: string, value: string, goal = '') => console.log(`${name}: ${value}${goal ? `  (goal ${goal})` : ''}`);
const summary: string[] = [];
const tempDirs: string[] = [];
const tempDir = (tag: string) => {
  const dir = mkdtempSync(join(tmpdir(), `egret-bench-${tag}-`));
  tempDirs.push(dir);
  return dir;
};

// ── the console side: the real link on a real data dir ─────────────────

const linkLogger = createLogger('warn');

function startConsole(data: DataDir, url: string): PlatformLink {
  const link = new PlatformLink({ data, url, token: 'demo-chief', consoleId: 'ws-bench', logger: linkLogger });
  link.start();
  return link;
}

/** Resolves once the cursor reaches `target` (checked after every committed frame). */
function cursorReaches(link: PlatformLink, data: DataDir, target: number, timeoutMs: number, label: string): Promise<void> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    let lastCursor = data.cache.cursor() ?? 0;
    let lastAt = t0;
    const ticker = setInterval(() => {
      const s = link.status();
      const cursor = s.cursor ?? 0;
      const now = performance.now();
      const rate = ((cursor - lastCursor) * 1000) / (now - lastAt);
      lastCursor = cursor;
      lastAt = now;
      const snap = s.progress ? `, snapshot parts ${s.progress.parts} items ${fmt(s.progress.items)}` : '';
      progress(`${label}: state ${s.state}, cursor ${cursor}/${target}${snap}${rate > 0 ? `, ${fmt(rate)} changes/s` : ''}`);
    }, 2000);
    const done = (error?: Error) => {
      clearInterval(ticker);
      clearTimeout(timer);
      off();
      if (error) fail(error);
      else ok();
    };
    const off = link.on('applied', () => {
      if ((data.cache.cursor() ?? -1) >= target) done();
    });
    const timer = setTimeout(() => done(new Error(`${label}: timed out; status ${JSON.stringify(link.status())}`)), timeoutMs);
    if ((data.cache.cursor() ?? -1) >= target) done();
  });
}

/**
 * Where the time went, by thread: the link's (receive, JSON.parse, checks,
 * prepare) and the cache writer's (SQLite), as busy seconds from Node's
 * event-loop utilization, and how many transactions the writer ran.
 */
function threadTimes(data: DataDir): () => { mainS: number; writerS: number; transactions: number; waitS: number } {
  const main0 = performance.eventLoopUtilization();
  const writes = data.writes;
  const writer = writes instanceof ThreadedCacheWrites ? writes : null;
  const writer0 = writer?.eventLoopUtilization();
  let transactions = 0;
  const apply = writes.applyChanges.bind(writes);
  writes.applyChanges = (...args) => {
    transactions++;
    return apply(...args);
  };
  // From the last snapshot part handed over to the commit's answer: what the operator waits at the end.
  let lastPartAt = 0;
  let waitS = 0;
  const stage = writes.stageSnapshotPart.bind(writes);
  writes.stageSnapshotPart = (...args) => {
    lastPartAt = performance.now();
    return stage(...args);
  };
  const commit = writes.commitSnapshot.bind(writes);
  writes.commitSnapshot = async (...args) => {
    const outcome = await commit(...args);
    waitS = (performance.now() - lastPartAt) / 1000;
    return outcome;
  };
  return () => ({
    mainS: performance.eventLoopUtilization(main0).active / 1000,
    writerS: writer && writer0 ? writer.eventLoopUtilization(writer0).active / 1000 : 0,
    transactions,
    waitS,
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;

// ── 1. end-to-end ingest ────────────────────────────────────────────────

/**
 * One ingest run: a console with a cursor reconnects to a platform that has
 * logged CHANGES incident upserts since; returns changes/s to committed rows
 * and the raw ceiling for the same rows.
 */
async function measureIngest(times: IncidentTimes, label: string): Promise<{ rate: number; rawRate: number; seconds: number; changes: number }> {
  progress(`${label}: starting the platform (batchSize 500, window 5000, keepLog ${CHANGES + 1000})`);
  const platform = await RemotePlatform.start(
    'bench/platform-host.ts',
    { batchSize: 500, window: 5000, snapshotPartSize: 5000, keepLog: CHANGES + 1000 },
    { maxOldSpaceMb: 12288, onProgress: progress },
  );
  const dir = tempDir('ingest');
  try {
    // A console with a cursor: a tiny snapshot first.
    await platform.call('upsertIncidents', { from: 0, count: 1, prefix: 'seed' });
    let data = await openDataDir(dir, { command: 'bench' });
    let link = startConsole(data, platform.url);
    await cursorReaches(link, data, await platform.head(), 30_000, `${label}: first sync`);
    await link.close();
    await data.close();

    progress(`${label}: logging ${fmt(CHANGES)} incident upserts on the platform`);
    const logged = (await platform.call('upsertIncidents', { from: 0, count: CHANGES, prefix: 'e', times })) as { head: number; ms: number };
    progress(`${label}: platform head ${logged.head} (logged in ${(logged.ms / 1000).toFixed(1)} s); console reconnecting with its cursor`);

    data = await openDataDir(dir, { command: 'bench' });
    const from = data.cache.cursor()!;
    const busyTimes = threadTimes(data);
    const t0 = performance.now();
    link = startConsole(data, platform.url);
    await cursorReaches(link, data, logged.head, 600_000, label);
    const seconds = (performance.now() - t0) / 1000;
    const busy = busyTimes();
    const changes = logged.head - from;
    const stats = (await platform.call('stats')) as { windowStalls: number; framesSent: number; maxUnacked: number }[];
    await link.close();
    const counts = data.cache.counts();
    const quarantined = data.cache.quarantineCount();
    await data.close();
    if (counts.incident !== CHANGES + 1 || quarantined !== 0) {
      throw new Error(`${label}: expected ${CHANGES + 1} incidents and no quarantine, got ${counts.incident} and ${quarantined}`);
    }
    progress(
      `${label}: ${fmt(changes)} changes in ${seconds.toFixed(2)} s; link thread busy ${busy.mainS.toFixed(2)} s (ws, JSON.parse, checks, prepare), ` +
        `cache writer busy ${busy.writerS.toFixed(2)} s (SQLite) over ${busy.transactions} transactions; ` +
        `platform session ${JSON.stringify(stats[0] ?? null)}`,
    );
    await platform.close();
    return { rate: changes / seconds, rawRate: rawCeiling(times, label), seconds, changes };
  } finally {
    await platform.close().catch(() => undefined);
  }
}

/** Raw ceiling: the same rows into the same table (all its indexes), one prepared statement, one transaction. */
function rawCeiling(times: IncidentTimes, label: string): number {
  progress(`${label} raw: building ${fmt(CHANGES)} rows`);
  const rows: (string | number | null)[][] = new Array(CHANGES);
  for (let i = 0; i < CHANGES; i++) {
    const e = makeIncident(i, 'e', 7, times);
    rows[i] = rowOf('incident', e as unknown as Entity<'incident'>, JSON.stringify(e));
  }
  const db = openDatabase(cachePath(tempDir('raw')), cacheMigrations, { durable: false });
  const columns = rowOfColumns();
  const insert = db.prepare(`INSERT INTO incident (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const r0 = performance.now();
  db.transaction(() => {
    for (const row of rows) insert.run(row);
  })();
  const rawSeconds = (performance.now() - r0) / 1000;
  db.close();
  progress(`${label} raw: ${fmt(CHANGES)} rows in ${rawSeconds.toFixed(2)} s`);
  return CHANGES / rawSeconds;
}

async function benchIngest(): Promise<void> {
  // The goal's workload: a live log, incidents in the order they were reported.
  const live = await measureIngest({ live: CHANGES }, 'ingest');
  const ratio = live.rate / live.rawRate;
  figure('ingest_changes_per_s', fmt(live.rate), `≥ ${fmt(GOALS.ingest)}`);
  figure('ingest_seconds', `${live.seconds.toFixed(2)} (${fmt(live.changes)} changes of a live log, frames of 500, window 5000)`);
  figure('raw_sqlite_rows_per_s', fmt(live.rawRate));
  figure('ingest_raw_ratio', ratio.toFixed(2), `≥ ${GOALS.ratio}`);
  summary.push(
    `ingest: ${fmt(live.rate)} changes/s (raw ceiling ${fmt(live.rawRate)} rows/s, ratio ${ratio.toFixed(2)}) — goal ≥ ${fmt(GOALS.ingest)} and ≥ ${GOALS.ratio}` +
      verdict(live.rate >= GOALS.ingest && ratio >= GOALS.ratio),
  );
  if (process.argv.includes('--no-scattered')) return;
  // The worst case, shown beside it: the same upserts with report times scattered over two years.
  const scattered = await measureIngest('scattered', 'ingest-scattered');
  const sRatio = scattered.rate / scattered.rawRate;
  figure('ingest_scattered_changes_per_s', `${fmt(scattered.rate)} (raw ${fmt(scattered.rawRate)}, ratio ${sRatio.toFixed(2)})`);
  summary.push(
    `ingest with report times scattered over two years (worst case, no goal): ${fmt(scattered.rate)} changes/s ` +
      `(raw ceiling ${fmt(scattered.rawRate)} rows/s, ratio ${sRatio.toFixed(2)})`,
  );
}

/** entity-rows.ts's incident columns, then data: exactly what CacheStore writes. */
const rowOfColumns = () => [...TABLES.incident.columns, 'data'];

const verdict = (ok: boolean) => (ok ? '  ✔' : '  ✘ MISSED');

// ── 3. cold snapshot ────────────────────────────────────────────────────

async function benchSnapshot(): Promise<string> {
  progress(`snapshot: starting the platform and bulk-loading ${fmt(INCIDENTS)} incidents + ${fmt(CAMERAS)} cameras`);
  const platform = await RemotePlatform.start(
    'bench/platform-host.ts',
    { batchSize: 500, window: 5000, snapshotPartSize: 5000 },
    { maxOldSpaceMb: 12288, onProgress: progress },
  );
  try {
    const loaded = (await platform.call('bulkLoad', { incidents: INCIDENTS, cameras: CAMERAS, prefix: 's' })) as {
      head: number;
      ms: number;
    };
    progress(`snapshot: platform loaded in ${(loaded.ms / 1000).toFixed(1)} s, head ${loaded.head}; empty console connecting`);
    const dir = tempDir('snapshot');
    const data = await openDataDir(dir, { command: 'bench' });
    const times = threadTimes(data);
    const t0 = performance.now();
    const link = startConsole(data, platform.url);
    await cursorReaches(link, data, loaded.head, 900_000, 'snapshot');
    const seconds = (performance.now() - t0) / 1000;
    const busy = times();
    // Text entries are built after the commit, while the link is idle: time how long
    // until full-text search covers every incident by its index (it covers them by scan meanwhile).
    const i0 = performance.now();
    while (data.cache.indexBacklog() > 0) await new Promise((r) => setTimeout(r, 200));
    const textIndexS = (performance.now() - i0) / 1000;
    await link.close();
    const counts = data.cache.counts();
    const walBytes = existsSync(cachePath(dir) + '-wal') ? statSync(cachePath(dir) + '-wal').size : 0;
    const c0 = performance.now();
    await data.close();
    const closeS = (performance.now() - c0) / 1000;
    await platform.close();
    if (counts.incident !== INCIDENTS || counts.camera !== CAMERAS) {
      throw new Error(`snapshot: expected ${INCIDENTS} incidents and ${CAMERAS} cameras, got ${JSON.stringify(counts)}`);
    }
    progress(
      `snapshot: ${seconds.toFixed(1)} s; link thread busy ${busy.mainS.toFixed(1)} s (ws, JSON.parse, checks, prepare), ` +
        `cache writer busy ${busy.writerS.toFixed(1)} s (stage + commit); last part to commit done ${busy.waitS.toFixed(1)} s; ` +
        `WAL after commit ${(walBytes / 2 ** 20).toFixed(0)} MiB, close (checkpoint) ${closeS.toFixed(1)} s; ` +
        `cache.db ${(statSync(cachePath(dir)).size / 2 ** 20).toFixed(0)} MiB`,
    );
    figure('cold_snapshot_seconds', seconds.toFixed(1), `< ${GOALS.snapshotS} s`);
    figure('text_and_spatial_index_after_snapshot_seconds', textIndexS.toFixed(1));
    figure(
      'cold_snapshot_busy_s',
      `link thread ${busy.mainS.toFixed(1)}, cache writer ${busy.writerS.toFixed(1)}; last part to commit done ${busy.waitS.toFixed(1)}`,
    );
    summary.push(
      `cold snapshot of ${fmt(INCIDENTS)} incidents + ${fmt(CAMERAS)} cameras: ${seconds.toFixed(1)} s — goal < ${GOALS.snapshotS} s` +
        verdict(seconds < GOALS.snapshotS),
    );
    return dir;
  } finally {
    await platform.close().catch(() => undefined);
  }
}

// ── 2. queries over the 1M-incident cache ───────────────────────────────

function timeQuery(label: string, run: (r: () => number) => unknown[]): { p50: number; p95: number; rows: number } {
  const r = rng(42);
  for (let i = 0; i < 20; i++) run(r); // warm the page cache and statements
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    rows += run(r).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const out = { p50: percentile(times, 0.5), p95: percentile(times, 0.95), rows: rows / RUNS };
  progress(
    `${label}: p50 ${ms1(out.p50)} ms, p95 ${ms1(out.p95)} ms, max ${ms1(times[times.length - 1]!)} ms, ${out.rows.toFixed(1)} rows/query`,
  );
  return out;
}

function plan(db: Db, sql: string, params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

function benchQueries(dir: string): void {
  const db = openDatabase(cachePath(dir), cacheMigrations, { durable: false });
  const n = db.prepare('SELECT count(*) FROM incident').pluck().get() as number;
  const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
  const cols = 'id, title, status, priority, level, address, reported_ms, due_ms';

  const boardSql = `SELECT ${cols} FROM incident WHERE district = ? AND status IN (${OPEN}) ORDER BY priority, reported_ms DESC LIMIT 50`;
  const board = db.prepare(boardSql);
  progress(`board plan: ${plan(db, boardSql, ['350203'])}`);
  const b = timeQuery('board (district, open statuses)', (r) => board.all(DISTRICT_CODES[Math.floor(r() * DISTRICT_CODES.length)]));

  const oneSql = `SELECT ${cols} FROM incident WHERE district = ? AND status = ? ORDER BY priority, reported_ms DESC LIMIT 50`;
  const one = db.prepare(oneSql);
  progress(`board-one-status plan: ${plan(db, oneSql, ['350203', 'new'])}`);
  const b1 = timeQuery('board (district, one status)', (r) =>
    one.all(DISTRICT_CODES[Math.floor(r() * DISTRICT_CODES.length)], OPEN_STATUSES[Math.floor(r() * OPEN_STATUSES.length)]),
  );

  const citySql = `SELECT ${cols} FROM incident WHERE status IN (${OPEN}) ORDER BY priority, reported_ms DESC LIMIT 50`;
  const city = db.prepare(citySql);
  progress(`board-city plan: ${plan(db, citySql, [])}`);
  const bc = timeQuery('board (whole city, open statuses)', () => city.all());

  const ftsSql = `SELECT i.id, i.title, i.status, i.priority, i.reported_ms FROM incident_fts JOIN incident i ON i.rowid = incident_fts.rowid
    WHERE incident_fts MATCH ? LIMIT 50`;
  const fts = db.prepare(ftsSql);
  progress(`fts plan: ${plan(db, ftsSql, [matchExpression('追尾')])}`);
  const word = (r: () => number) => TITLE_WORDS[Math.floor(r() * TITLE_WORDS.length)]!;
  const f = timeQuery('fts (one title word, LIMIT 50)', (r) => fts.all(matchExpression(word(r))));
  const f2 = timeQuery('fts (two words, AND)', (r) => fts.all(matchExpression(`${word(r)} ${word(r)}`)));
  const newestSql = `SELECT i.id, i.title, i.status, i.priority, i.reported_ms FROM incident_fts JOIN incident i ON i.rowid = incident_fts.rowid
    WHERE incident_fts MATCH ? ORDER BY incident_fts.rowid DESC LIMIT 50`;
  const newest = db.prepare(newestSql);
  const fn = timeQuery('fts (one word, newest rowids first)', (r) => newest.all(matchExpression(word(r))));
  const rankedSql = `SELECT i.id, i.title FROM incident_fts JOIN incident i ON i.rowid = incident_fts.rowid
    WHERE incident_fts MATCH ? ORDER BY rank LIMIT 50`;
  const ranked = db.prepare(rankedSql);
  const fr = timeQuery('fts (one word, ORDER BY rank)', (r) => ranked.all(matchExpression(word(r))));
  db.close();

  figure('board_open_p50_ms', ms1(b.p50));
  figure('board_open_p95_ms', ms1(b.p95), `< ${GOALS.boardP95} ms`);
  figure('board_one_status_p50_p95_ms', `${ms1(b1.p50)} / ${ms1(b1.p95)}`);
  figure('board_city_open_p50_p95_ms', `${ms1(bc.p50)} / ${ms1(bc.p95)}`);
  figure('fts_p50_ms', ms1(f.p50));
  figure('fts_p95_ms', ms1(f.p95), `< ${GOALS.ftsP95} ms`);
  figure('fts_two_words_p50_p95_ms', `${ms1(f2.p50)} / ${ms1(f2.p95)}`);
  figure('fts_newest_first_p50_p95_ms', `${ms1(fn.p50)} / ${ms1(fn.p95)}`);
  figure('fts_ranked_p50_p95_ms', `${ms1(fr.p50)} / ${ms1(fr.p95)}`);
  summary.push(
    `board first page over ${fmt(n)} incidents: p50 ${ms1(b.p50)} ms, p95 ${ms1(b.p95)} ms — goal p95 < ${GOALS.boardP95} ms` +
      verdict(b.p95 < GOALS.boardP95),
  );
  summary.push(
    `fts search over ${fmt(n)} incidents: p50 ${ms1(f.p50)} ms, p95 ${ms1(f.p95)} ms — goal p95 < ${GOALS.ftsP95} ms` +
      verdict(f.p95 < GOALS.ftsP95),
  );
}

// ── main ────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  progress(`egret link bench: ${fmt(CHANGES)} changes, ${fmt(INCIDENTS)} incidents, ${fmt(CAMERAS)} cameras, ${RUNS} query runs`);
  if (ONLY !== 'cache') await benchIngest();
  let snapshotSummary: string | null = null;
  if (ONLY !== 'ingest') {
    const dir = await benchSnapshot();
    snapshotSummary = summary.pop()!;
    benchQueries(dir);
  }
  if (snapshotSummary) summary.push(snapshotSummary);
  console.log('');
  for (const line of summary) console.log(line);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} finally {
  if (!KEEP) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  else progress(`kept: ${tempDirs.join(' ')}`);
}
