import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ApplyOutcome, PreparedItem } from '../cache-store.ts';
import type { WriterData, WriterRequest } from './worker.ts';
import type { CacheWrites } from './writes.ts';

/** The worker script: the bundled one in a build, else the sources through tsx. */
export const SOURCE_WRITER_SCRIPT = new URL('./worker-entry.mjs', import.meta.url);

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Why a write failed, with SQLite's code when there is one (`SQLITE_FULL`…). */
export class CacheWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'CacheWriteError';
  }
}

/**
 * CacheWrites on a worker thread (writes.ts says why). Requests are numbered
 * and answered in order; if the thread dies, every waiting and later write
 * fails with the reason, and the link treats that like any failed write.
 */
export class ThreadedCacheWrites implements CacheWrites {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: { id: number; ok: boolean; value?: unknown; error?: { message: string; code: string | null } }) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.value);
      else w.reject(new CacheWriteError(reply.error!.message, reply.error!.code));
    });
    worker.on('error', (error) => this.stop(new CacheWriteError(`the cache writer failed: ${error.message}`, null)));
    worker.on('exit', (code) => this.stop(new CacheWriteError(`the cache writer stopped (exit ${code})`, null)));
  }

  /** Starts the thread and waits until it has cache.db open. */
  static start(options: WriterData & { script?: string | URL }): Promise<ThreadedCacheWrites> {
    const data: WriterData = { dir: options.dir, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) };
    const worker = new Worker(options.script ?? SOURCE_WRITER_SCRIPT, { workerData: data });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(new CacheWriteError(`the cache writer did not start: ${error.message}`, null));
      worker.once('error', failed);
      worker.once('message', (first: { ready: boolean; error?: string }) => {
        worker.off('error', failed);
        if (first.ready) resolve(new ThreadedCacheWrites(worker));
        else failed(new Error(first.error ?? 'unknown error'));
      });
    });
  }

  private call<T>(method: WriterRequest['method'], args?: unknown[]): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args } satisfies WriterRequest);
    });
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const w of this.waiting.values()) w.reject(this.stopped);
    this.waiting.clear();
  }

  applyChanges(items: readonly PreparedItem[], lastSeq: number, now: number): Promise<ApplyOutcome> {
    return this.call('applyChanges', [items, lastSeq, now]);
  }
  beginSnapshot(asOf: number): Promise<void> {
    return this.call('beginSnapshot', [asOf]);
  }
  stageSnapshotPart(items: readonly PreparedItem[], now: number): Promise<void> {
    return this.call('stageSnapshotPart', [items, now]);
  }
  commitSnapshot(asOf: number): Promise<ApplyOutcome> {
    return this.call('commitSnapshot', [asOf]);
  }
  discardSnapshot(): Promise<void> {
    return this.call('discardSnapshot');
  }
  dropCursor(): Promise<void> {
    return this.call('dropCursor');
  }
  setMeta(key: string, value: string | number | null): Promise<void> {
    return this.call('setMeta', [key, value]);
  }
  indexPending(max: number, pinyin = true): Promise<boolean> {
    return this.call('indexPending', [max, pinyin]);
  }
  idle(): Promise<void> {
    return this.stopped ? Promise.resolve() : this.call('idle');
  }

  /** How busy the writer thread has been (its event-loop utilization), for benchmarks. */
  eventLoopUtilization(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }

  /** Finishes what was asked, closes the connection, ends the thread. */
  async close(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.call('close');
    } finally {
      this.stop(new CacheWriteError('the cache writer is closed', null));
      await this.worker.terminate();
    }
  }
}
