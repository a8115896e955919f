import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Served {
  /** The URL `egret` printed (its first stdout line starting with http), token included. */
  url: string;
  /** performance.now() in this process when the child was spawned: later figures count from it. */
  spawnedAt: number;
  pid: number;
  /** Spawn → that line, ms. */
  spawnToUrlMs: number;
  /** The stdout lines before the URL (`egret start` says which shell first). */
  before: string[];
  stderr(): string;
  /** SIGTERM, SIGKILL after 15 s; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Node flags before bin/egret.mjs (`npm start` passes --max-semi-space-size=64; benches add --cpu-prof). */
  nodeArgs?: string[];
  giveUpMs?: number;
}

/** Spawns `egret serve ARGS` and resolves with its URL once it prints it. */
export function spawnServe(args: string[], options: SpawnOptions = {}): Promise<Served> {
  return spawnEgret(['serve', ...args], options);
}

/**
 * Spawns `node NODE_ARGS bin/egret.mjs ARGS` (`serve` or `start`) and
 * resolves once it prints the console's URL: the first stdout line that
 * starts with http (`serve` prints it first; `start` after a line saying
 * which shell it chose).
 */
export async function spawnEgret(args: string[], options: SpawnOptions = {}): Promise<Served> {
  const giveUpMs = options.giveUpMs ?? 30_000;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(ROOT, 'bin/egret.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, EGRET_LOG: process.env.EGRET_LOG ?? 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const before: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`egret ${args[0]} printed no URL in ${giveUpMs / 1000} s\n${stderr}`)), giveUpMs);
    const onData = (c: string) => {
      stdout += c;
      for (let nl = stdout.indexOf('\n'); nl >= 0; nl = stdout.indexOf('\n')) {
        const line = stdout.slice(0, nl).trim();
        stdout = stdout.slice(nl + 1);
        if (!/^https?:\/\//.test(line)) {
          before.push(line);
          continue;
        }
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        return ok(line);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => fail(new Error(`egret ${args[0]} exited (${code}) before printing its URL\n${stderr}`)));
  });
  const spawnToUrlMs = performance.now() - spawnedAt;
  child.stdout!.resume();
  return {
    url,
    spawnedAt,
    pid: child.pid!,
    spawnToUrlMs,
    before,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
