import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, MAIN, WRITER } from '../../bin/cli-bundle.mjs';
import { startPlatform, type Platform } from '../../native/simulator/index.ts';
import { exited } from '../support/cli.ts';
import { incident } from '../support/entities.ts';

// The CLI bundle (build/build-cli.mjs) runs the commands as the sources do —
// its chunks load, it finds the renderer, the city's resources and its own
// cache writer thread — and `egret status` loads only what it needs. Built
// here into a folder of its own inside the repository (its externals,
// better-sqlite3 and ws, resolve from node_modules), so the test neither
// depends on nor disturbs dist/cli.

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'dist', `cli-test-${process.pid}`);
const METAFILE = join(OUT + '.meta.json');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<
    string,
    { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }
  >;
}
let meta: Metafile;
let platform: Platform;
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs', '--outdir', OUT, '--metafile', METAFILE], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  meta = JSON.parse(readFileSync(METAFILE, 'utf8')) as Metafile;
  writeFileSync(
    RUNNER,
    `const { main } = await import(${JSON.stringify(pathToFileURL(join(OUT, MAIN)).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  platform = await startPlatform();
  platform.upsert('incident', incident('inc-b', 1));
  platform.upsert('incident', incident('inc-a', 1));
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await platform?.close();
  for (const dir of [...dirs, OUT]) rmSync(dir, { recursive: true, force: true });
  rmSync(METAFILE, { force: true });
});

const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'egret-bundle-'));
  dirs.push(dir);
  return dir;
};

/** As bin/egret.mjs runs the bundle: its main module, called with the arguments (a file, not -e: worker threads inherit execArgv). */
const RUNNER = join(OUT, 'run.mjs');
const bundledArgs = (args: string[]) => [RUNNER, ...args];

function bundled(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, bundledArgs(args), { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function bundledAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, bundledArgs(args), { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return exited(child).then((status) => ({ status, stdout, stderr }));
}

/** Starts a long-running command; resolves with its first stdout lines. */
async function firstLines(args: string[], count: number): Promise<{ child: ChildProcess; lines: string[]; stderr: () => string }> {
  const child = spawn(process.execPath, bundledArgs(args), { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === count) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing ${count} lines: ${stderr}`)));
  });
  return { child, lines, stderr: () => stderr };
}

/** Every repository source an output loads before it runs: its own and its static imports', transitively. */
function loadedBy(output: string): string[] {
  const seen = new Set<string>();
  const sources = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const out = meta.outputs[path];
    if (!out) return;
    for (const input of Object.keys(out.inputs)) sources.add(input);
    for (const i of out.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(output);
  return [...sources];
}

const outputOf = (entryPoint: string) => {
  const found = Object.entries(meta.outputs).find(([, out]) => out.entryPoint === entryPoint);
  if (!found) throw new Error(`no output for ${entryPoint}`);
  return found[0];
};

describe('the CLI bundle', { timeout: 120_000 }, () => {
  it('loads for status and export only the CLI, the kind names and the read-only store', () => {
    const loaded = [...loadedBy(outputOf('native/cli/main.ts')), ...loadedBy(outputOf('native/cli/commands/status.ts'))];
    expect(loaded).toContain('native/store/inspect.ts');
    const heavy = loaded.filter((file) =>
      /^native\/(link|host|simulator)\/|^native\/api\/(?!rules\.ts)|node_modules\/(zod|ajv|ws)\/|native\/protocol\/(entities|fast-check)\.ts/.test(
        file,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it('gives the cache writer thread no schemas to load', () => {
    const loaded = loadedBy(outputOf('native/store/writer/worker.ts'));
    expect(loaded).toContain('native/store/cache-store.ts');
    expect(loaded.filter((file) => /node_modules\/(zod|ajv)\/|native\/protocol\/(entities|fast-check)\.ts/.test(file))).toEqual([]);
  });

  it("carries zod's English error messages only, not its other languages (each thread parses what it loads)", () => {
    const locales = Object.keys(meta.inputs).filter((file) => /node_modules\/zod\/v4\/locales\//.test(file));
    expect(locales).toContain('node_modules/zod/v4/locales/en.js');
    expect(locales.filter((file) => !/\/(en|index)\.js$/.test(file))).toEqual([]);
  });

  it('starts its own writer thread, not the sources through tsx', () => {
    // native/cli/paths.ts names the bundled writer, relative to the package root.
    const pathsChunk = Object.entries(meta.outputs).find(([, out]) => 'native/cli/paths.ts' in out.inputs)![0];
    const writer = relative(ROOT, join(OUT, WRITER)).split(sep).join('/');
    expect(readFileSync(join(ROOT, pathsChunk), 'utf8')).toContain(JSON.stringify(writer));
    expect(existsSync(join(ROOT, writer))).toBe(true);
  });

  it('gives out the URL of serve and start before it loads the link, the store, the demo city or the schemas', () => {
    // They load after the URL is printed, while the browser starts (native/cli/browser-shell.ts).
    // `start` serves nothing itself: it supervises a `serve` child (native/cli/supervise/).
    for (const command of ['serve', 'start']) {
      const loaded = [...loadedBy(outputOf('native/cli/main.ts')), ...loadedBy(outputOf(`native/cli/commands/${command}.ts`))];
      if (command === 'serve') expect(loaded, command).toContain('native/host/transports/browser-server.ts');
      else {
        expect(loaded, command).toContain('native/cli/supervise/serve-supervisor.ts');
        expect(loaded, command).not.toContain('native/host/transports/browser-server.ts');
      }
      const heavy = loaded.filter((file) =>
        /^native\/(link|simulator)\/(?!platform-url\.ts)|^native\/host\/runtime\.ts|^native\/store\/(?!lock|errors)|node_modules\/(zod|ajv)\//.test(file),
      );
      expect(heavy, command).toEqual([]);
    }
  });

  it('runs the embedded demo platform on its own bundled thread', async () => {
    const pathsChunk = Object.entries(meta.outputs).find(([, out]) => 'native/cli/paths.ts' in out.inputs)![0];
    const demo = relative(ROOT, join(OUT, DEMO)).split(sep).join('/');
    expect(readFileSync(join(ROOT, pathsChunk), 'utf8')).toContain(JSON.stringify(demo));
    expect(existsSync(join(ROOT, demo))).toBe(true);

    // Its media server's origin reaches the page's CSP: the thread started and said where it listens.
    const { child, lines } = await firstLines(['serve', '--port', '0', '--data', tmp(), '--demo'], 1);
    const page = await fetch(lines[0]!);
    expect(page.status).toBe(200);
    const own = new URL(lines[0]!).origin;
    const media = (page.headers.get('content-security-policy') ?? '').match(/media-src 'self' blob: ([^;]+)/)?.[1]?.split(' ') ?? [];
    expect(media.filter((origin) => origin !== own).length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('syncs, and status and export read the result', async () => {
    const dir = tmp();
    const run = await bundledAsync(['sync', '--platform', platform.url, '--token', 'demo-taker', '--data', dir, '--exit-idle', '200']);
    expect(run.status, run.stderr).toBe(0);
    const status = bundled(['status', '--data', dir]);
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      cursor: platform.head,
      counts: { incident: 2, incident_event: 0, call: 0, camera: 0, department: 0, volunteer: 0, road: 0, place: 0 },
      outbox: 0,
      quarantine: 0,
    });
    const lines = bundled(['export', 'incident', '--data', dir]).stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(platform.exportState('incident'));
  });

  it('exits 2 on usage mistakes and prints its version', () => {
    for (const args of [['export', 'unicorn', '--data', tmp()], ['frobnicate'], ['status']]) {
      const run = bundled(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(bundled(['--version']).stdout).toBe(version + '\n');
    expect(bundled(['--help']).stdout).toMatch(/status[\s\S]*export[\s\S]*simulate/);
  });

  it('serves the console it finds in dist/renderer', async () => {
    const { child, lines } = await firstLines(['serve', '--port', '0', '--data', tmp()], 1);
    const page = await fetch(lines[0]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('runs the demo platform with the city map and demo video beside the sources', async () => {
    const { child, lines, stderr } = await firstLines(['simulate', '--port', '0', '--history-hours', '0'], 2);
    expect(lines[0]).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/v1$/);
    expect(lines[1]).toMatch(/^tokens: demo-chief/);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(stderr()).toMatch(/volunteers on duty/);
  });
});
