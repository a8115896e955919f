import type { ApplyOutcome, CacheStore, PreparedItem } from '../cache-store.ts';

/**
 * The writes the link makes to cache.db, each one whole transaction, carried
 * out in the order they are asked for. The link hands them over and goes on
 * receiving and checking the next frames while they are written.
 *
 * Two ways to carry them out:
 * - `ThreadedCacheWrites` (threaded.ts): a worker thread with its own
 *   connection. What the console runs: SQLite's work happens beside the
 *   thread that parses frames and answers windows, so neither waits for the
 *   other (about half of ingest time each).
 * - `InlineCacheWrites` below: the same CacheStore methods on this thread,
 *   for tools and tests that want no thread.
 */
export interface CacheWrites {
  applyChanges(items: readonly PreparedItem[], lastSeq: number, now: number): Promise<ApplyOutcome>;
  beginSnapshot(asOf: number): Promise<void>;
  stageSnapshotPart(items: readonly PreparedItem[], now: number): Promise<void>;
  commitSnapshot(asOf: number): Promise<ApplyOutcome>;
  discardSnapshot(): Promise<void>;
  dropCursor(): Promise<void>;
  setMeta(key: string, value: string | number | null): Promise<void>;
  /** Builds waiting text and spatial entries (and pinyin, unless `pinyin` is false); resolves to whether any still wait. */
  indexPending(max: number, pinyin?: boolean): Promise<boolean>;
  /** Resolves once every write asked for so far is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The CacheStore methods a CacheWrites may call, and nothing else (the worker checks too). */
export const WRITE_METHODS = [
  'applyChanges',
  'beginSnapshot',
  'stageSnapshotPart',
  'commitSnapshot',
  'discardSnapshot',
  'dropCursor',
  'setMeta',
  'indexPending',
] as const satisfies readonly (keyof CacheStore & keyof CacheWrites)[];
export type WriteMethod = (typeof WRITE_METHODS)[number];

export class InlineCacheWrites implements CacheWrites {
  constructor(private readonly cache: CacheStore) {}

  async applyChanges(items: readonly PreparedItem[], lastSeq: number, now: number) {
    return this.cache.applyChanges(items, lastSeq, now);
  }
  async beginSnapshot(asOf: number) {
    this.cache.beginSnapshot(asOf);
  }
  async stageSnapshotPart(items: readonly PreparedItem[], now: number) {
    this.cache.stageSnapshotPart(items, now);
  }
  async commitSnapshot(asOf: number) {
    return this.cache.commitSnapshot(asOf);
  }
  async discardSnapshot() {
    this.cache.discardSnapshot();
  }
  async dropCursor() {
    this.cache.dropCursor();
  }
  async setMeta(key: string, value: string | number | null) {
    this.cache.setMeta(key, value);
  }
  async indexPending(max: number, pinyin = true) {
    return this.cache.indexPending(max, pinyin);
  }
  async idle() {}
  async close() {}
}
