import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const EGRET = join(import.meta.dirname, '..', '..', 'bin', 'egret.mjs');

/** Runs `egret …` to completion. */
export function egret(args: string[], options: { timeoutMs?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [EGRET, ...args], { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, maxBuffer: 256 << 20 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `egret …` in the background. */
export function egretChild(args: string[]): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, [EGRET, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  return Object.assign(child, { stderrText: () => stderr });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Runs `egret …` to completion without blocking this process (an in-process platform keeps serving). */
export async function egretAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [EGRET, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await exited(child);
  return { status, stdout, stderr };
}
