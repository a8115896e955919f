import type { ApplyOutcome, PreparedItem } from '../../native/store/cache-store.ts';
import type { CacheWrites } from '../../native/store/writer/writes.ts';

/** One write asked of the fake writer, answered when the test says so. */
export interface AskedWrite {
  method: keyof CacheWrites;
  args: unknown[];
  resolve(value?: unknown): void;
  reject(error: Error): void;
}

export const outcome = (quarantined = 0): ApplyOutcome => ({ applied: 0, skipped: 0, quarantined, changed: new Map(), newP1: [] });

/**
 * A cache writer that writes nothing: it records each write in the order
 * asked and leaves it pending until the test answers it, so a test can hold
 * the writer "behind" without a slow disk or a clock.
 */
export class FakeCacheWrites implements CacheWrites {
  readonly asked: AskedWrite[] = [];
  private readonly answered = new Set<AskedWrite>();
  private idleWaiters: (() => void)[] = [];

  private ask<T>(method: keyof CacheWrites, args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.asked.push({ method, args, resolve: resolve as (v?: unknown) => void, reject });
    });
  }

  /** The writes asked for so far that are still waiting for an answer, oldest first. */
  pending(method?: keyof CacheWrites): AskedWrite[] {
    return this.asked.filter((w) => (!method || w.method === method) && !this.answered.has(w));
  }

  /** Answers the oldest waiting write of `method` (with `value`, or an outcome for applies and commits). */
  answer(method: keyof CacheWrites, value?: unknown): AskedWrite {
    const w = this.pending(method)[0];
    if (!w) throw new Error(`no ${method} is waiting`);
    this.answered.add(w);
    w.resolve(value ?? (method === 'applyChanges' || method === 'commitSnapshot' ? outcome() : undefined));
    this.wakeIdle();
    return w;
  }

  fail(method: keyof CacheWrites, error: Error): AskedWrite {
    const w = this.pending(method)[0];
    if (!w) throw new Error(`no ${method} is waiting`);
    this.answered.add(w);
    w.reject(error);
    this.wakeIdle();
    return w;
  }

  private wakeIdle(): void {
    if (this.pending().length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  methods(): (keyof CacheWrites)[] {
    return this.asked.map((w) => w.method);
  }

  applyChanges(items: readonly PreparedItem[], lastSeq: number, now: number): Promise<ApplyOutcome> {
    return this.ask('applyChanges', [items, lastSeq, now]);
  }
  beginSnapshot(asOf: number): Promise<void> {
    return this.ask('beginSnapshot', [asOf]);
  }
  stageSnapshotPart(items: readonly PreparedItem[], now: number): Promise<void> {
    return this.ask('stageSnapshotPart', [items, now]);
  }
  commitSnapshot(asOf: number): Promise<ApplyOutcome> {
    return this.ask('commitSnapshot', [asOf]);
  }
  discardSnapshot(): Promise<void> {
    return this.ask('discardSnapshot', []);
  }
  dropCursor(): Promise<void> {
    return this.ask('dropCursor', []);
  }
  setMeta(key: string, value: string | number | null): Promise<void> {
    return this.ask('setMeta', [key, value]);
  }
  indexPending(max: number, pinyin = true): Promise<boolean> {
    return this.ask('indexPending', [max, pinyin]);
  }
  /** Resolves once every write asked for so far is answered. */
  idle(): Promise<void> {
    if (this.pending().length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
  async close(): Promise<void> {}
}
