/**
 * CLI start-up benchmark (`npm run bench:cli`): how soon `egret` answers when
 * it runs its bundle (dist/cli, what an install runs) and when it runs the
 * TypeScript sources through tsx (EGRET_FROM_SOURCE=1, what it did before
 * the bundle) — run by run, alternating, so a machine that gets busier or
 * quieter meanwhile weighs on both alike.
 *
 * - `egret status --data DIR`: spawn → exit (DIR: a cache of 1,000 incidents
 *   synced from an in-process platform). Goal (issue 9): median < 0.4 s on a
 *   quiet machine, from the bundle.
 * - `egret serve --port 0 --data DIR`: spawn → the URL on stdout.
 *
 * Builds the bundle first when it is missing or older than the sources.
 * Figures go to stdout, progress to stderr. Options: --runs N (5; one more
 * warm-up run of each is not counted).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBundle } from '../bin/cli-bundle.mjs';
import { startPlatform } from '../native/simulator/index.ts';
import { makeIncident } from './gen.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EGRET = join(ROOT, 'bin', 'egret.mjs');
const STATUS_GOAL_MS = 400;

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a whole number ≥ 1');

const progress = (message: string) => process.stderr.write(`${message}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

type Mode = 'bundle' | 'source';
const MODES: Mode[] = ['bundle', 'source'];
const envOf = (mode: Mode) => ({ ...process.env, EGRET_FROM_SOURCE: mode === 'source' ? '1' : '' });

/** spawn → exit of `egret status`, in ms. */
function timeStatus(mode: Mode, dir: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [EGRET, 'status', '--data', dir], { env: envOf(mode), encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`egret status (${mode}) exited ${run.status}: ${run.stderr}`);
  return ms;
}

/** spawn → first stdout line (the URL) of `egret serve`, in ms; then stops it and waits for its exit (it holds the data dir). */
function timeServe(mode: Mode, dir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [EGRET, 'serve', '--port', '0', '--data', dir], {
    env: envOf(mode),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done, fail) => {
    let ms: number | null = null;
    child.stdout.on('data', (d: Buffer) => {
      if (ms !== null || !d.toString().includes('\n')) return;
      ms = performance.now() - started;
      child.kill('SIGTERM');
    });
    child.once('exit', (code) =>
      ms === null ? fail(new Error(`egret serve (${mode}) exited ${code} before its URL: ${stderr}`)) : done(ms),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summary(values: number[]): string {
  return `median ${median(values).toFixed(0).padStart(5)} ms  (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms, ${values.length} runs)`;
}

if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('the console UI is not built: run "npm run build" first');
if (!freshBundle(ROOT)) {
  progress('building the CLI bundle (npm run build:cli) …');
  const build = spawnSync(process.execPath, [join(ROOT, 'build', 'build-cli.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the CLI bundle did not build');
}

const dir = mkdtempSync(join(tmpdir(), 'egret-bench-cli-'));
try {
  progress('syncing a cache of 1,000 incidents …');
  const platform = await startPlatform();
  for (let n = 0; n < 1_000; n++) platform.upsert('incident', makeIncident(n));
  const sync = spawn(
    process.execPath,
    [EGRET, 'sync', '--platform', platform.url, '--token', 'demo-chief', '--data', dir, '--exit-idle', '300'],
    {
      stdio: 'inherit',
    },
  );
  const synced = await new Promise<number | null>((done) => sync.once('exit', done));
  await platform.close();
  if (synced !== 0) throw new Error(`egret sync exited ${synced}`);

  const loadBefore = load();
  const times: Record<string, number[]> = {};
  for (let run = 0; run <= RUNS; run++) {
    progress(run === 0 ? 'warm-up run …' : `run ${run}/${RUNS} …`);
    for (const mode of MODES) {
      const status = timeStatus(mode, dir);
      const serve = await timeServe(mode, dir);
      if (run === 0) continue;
      (times[`status ${mode}`] ??= []).push(status);
      (times[`serve ${mode}`] ??= []).push(serve);
    }
  }

  process.stdout.write(`egret start-up, ${cpus().length} cores, load average ${loadBefore} before, ${load()} after\n`);
  process.stdout.write(`  egret status (spawn → exit)\n`);
  for (const mode of MODES) process.stdout.write(`    ${mode.padEnd(7)} ${summary(times[`status ${mode}`]!)}\n`);
  process.stdout.write(`  egret serve (spawn → URL)\n`);
  for (const mode of MODES) process.stdout.write(`    ${mode.padEnd(7)} ${summary(times[`serve ${mode}`]!)}\n`);
  const statusMedian = median(times['status bundle']!);
  process.stdout.write(
    `  goal: status from the bundle, median < ${STATUS_GOAL_MS} ms on a quiet machine: ${statusMedian.toFixed(0)} ms ${statusMedian < STATUS_GOAL_MS ? '✔' : '✘ MISSED'}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
