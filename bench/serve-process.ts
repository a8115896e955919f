import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Served {
  /** The first line `egret serve` printed: the URL to open, token included. */
  url: string;
  /** Spawn → that line, ms. */
  spawnToUrlMs: number;
  stderr(): string;
  /** SIGTERM, SIGKILL after 15 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Spawns `egret serve ARGS` (node flags in `nodeArgs`) and resolves with its URL once it prints it. */
export async function spawnServe(args: string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; giveUpMs?: number } = {}): Promise<Served> {
  const giveUpMs = options.giveUpMs ?? 30_000;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(ROOT, 'bin/egret.mjs'), 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, EGRET_LOG: process.env.EGRET_LOG ?? 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`egret serve printed no URL in ${giveUpMs / 1000} s\n${stderr}`)), giveUpMs);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const nl = stdout.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        ok(stdout.slice(0, nl).trim());
      }
    });
    child.once('exit', (code) => fail(new Error(`egret serve exited (${code}) before printing its URL\n${stderr}`)));
  });
  const spawnToUrlMs = performance.now() - spawnedAt;
  child.stdout!.resume();
  return {
    url,
    spawnToUrlMs,
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
