import { Worker } from 'node:worker_threads';
import type { Db } from '../../store/open.ts';
import { WarningComputer, type ComputeRequest, type ComputeResult, type KeepRequest } from './computer.ts';
import type { WarningsThreadData } from './worker.ts';

/** The thread's script: the bundled one in a build (cli/paths.ts, electron/build.mjs), else the sources through tsx. */
export const SOURCE_WARNINGS_SCRIPT = new URL('./worker-entry.mjs', import.meta.url);

/** Where warnings are computed: a thread of their own in a console, in-process in tests. */
export interface WarningEngine {
  compute(request: ComputeRequest): Promise<ComputeResult>;
  /** `keep`: a clean close — the span is kept for the next start (computer.ts keep). */
  close(keep?: KeepRequest): Promise<void>;
}

/** The computer on the caller's thread (tests, and the benchmark's comparison): the same work, no thread. */
export function inProcessEngine(db: Db): WarningEngine {
  const computer = new WarningComputer(db);
  return {
    compute: (request) => Promise.resolve().then(() => computer.compute(request)),
    close: () => Promise.resolve(),
  };
}

/** How long an idle thread gets to close its connection before it is stopped. */
const IDLE_CLOSE_WAIT_MS = 1_000;
/**
 * How long an idle thread gets to keep its span at a clean close (~8 MB
 * written: ~0.2 s on the quiet machine). Cut short, the file is not renamed
 * into place and the next start reads cache.db.
 */
const KEEP_WAIT_MS = 3_000;

interface Waiting {
  resolve(result: ComputeResult): void;
  reject(error: Error): void;
}

/**
 * Early warning on a worker thread, never the host's request thread: a full
 * computation reads four weeks of incidents and calls and scans them
 * (bench:warnings), and on the host's thread every window's request would
 * wait for it. Requests are numbered and answered in order; if the thread
 * dies, every waiting and later request fails with the reason.
 */
export class ThreadedWarningEngine implements WarningEngine {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: { id: number; ok: boolean; result?: ComputeResult; error?: string }) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.result!);
      else w.reject(new Error(`early warning failed: ${reply.error}`));
    });
    worker.on('error', (error) => this.stop(new Error(`the early-warning thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.stop(new Error(`the early-warning thread stopped (exit ${code})`)));
  }

  /** Starts the thread and waits until it has cache.db open. */
  static start(options: WarningsThreadData & { script?: string | URL }): Promise<ThreadedWarningEngine> {
    const data: WarningsThreadData = { dir: options.dir, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) };
    const worker = new Worker(options.script ?? SOURCE_WARNINGS_SCRIPT, { workerData: data });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(new Error(`the early-warning thread did not start: ${error.message}`));
      worker.once('error', failed);
      worker.once('message', (first: { ready: boolean; error?: string }) => {
        worker.off('error', failed);
        if (first.ready) resolve(new ThreadedWarningEngine(worker));
        else failed(new Error(first.error ?? 'unknown error'));
      });
    });
  }

  compute(request: ComputeRequest): Promise<ComputeResult> {
    return this.call({ request });
  }

  private call(message: { request: ComputeRequest } | { keep: KeepRequest } | { close: true }): Promise<ComputeResult> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<ComputeResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const w of this.waiting.values()) w.reject(this.stopped);
    this.waiting.clear();
  }

  /**
   * Stops the thread. Idle, it closes its connection first (briefly waited
   * for); busy, it is stopped at once: a computation takes seconds on a
   * loaded machine, the thread only reads (nothing to flush), and a console
   * closing must not wait for warnings nobody will see. `keep` (idle only):
   * the span is kept first, for the next start.
   */
  async close(keep?: KeepRequest): Promise<void> {
    if (this.stopped) return;
    if (this.waiting.size === 0) {
      if (keep) await this.within(KEEP_WAIT_MS, this.call({ keep }));
      await this.within(IDLE_CLOSE_WAIT_MS, this.call({ close: true }));
    }
    this.stop(new Error('the early-warning thread is closed'));
    await this.worker.terminate();
  }

  /** Waits for a reply at most `ms`; a failed one is no matter (the close goes on). */
  private async within(ms: number, reply: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reply.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }
}
