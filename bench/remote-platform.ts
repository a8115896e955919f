import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The platform of a benchmark, in a child process: in production it is
 * another machine, and in the console's own process it would take the CPU
 * being measured. `hostScript` answers `{id, op, ...args}` messages with
 * `{id, ok, value|error}` (and may send `{progress}` lines).
 */
export class RemotePlatform {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  url = '';

  private constructor(
    private readonly child: ChildProcess,
    onProgress: (line: string) => void,
  ) {
    child.on('message', (msg: { id?: number; ok?: boolean; value?: unknown; error?: string; progress?: string }) => {
      if (msg.progress) return onProgress(msg.progress);
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.ok) p?.resolve(msg.value);
      else p?.reject(new Error(`platform: ${msg.error}`));
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`platform process exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(
    hostScript: string,
    options: Record<string, unknown>,
    { maxOldSpaceMb, onProgress }: { maxOldSpaceMb: number; onProgress: (line: string) => void },
  ): Promise<RemotePlatform> {
    const child = fork(join(ROOT, 'bin/run-ts.mjs'), [hostScript], {
      cwd: ROOT,
      execArgv: [`--max-old-space-size=${maxOldSpaceMb}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((ok, fail) => {
      child.once('message', () => ok());
      child.once('exit', (code) => fail(new Error(`platform process exited (${code}) before it was ready`)));
    });
    const platform = new RemotePlatform(child, onProgress);
    platform.url = (await platform.call<{ url: string }>('start', { options })).url;
    return platform;
  }

  call<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, op, ...args });
    });
  }

  async head(): Promise<number> {
    return this.call<number>('head');
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((ok) => this.child.once('exit', ok));
    await this.call('close').catch(() => undefined);
    await exited;
  }
}

/** The child's side of RemotePlatform: answers each `{id, op, ...}` with `handle`'s value or error. */
export function servePlatformHost<R extends { id: number }>(handle: (request: R) => Promise<unknown>): void {
  process.on('message', (msg: R) => {
    handle(msg).then(
      (value) => process.send!({ id: msg.id, ok: true, value }),
      (error: unknown) => process.send!({ id: msg.id, ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready: true });
}
