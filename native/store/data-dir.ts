import { mkdirSync } from 'node:fs';
import { CacheStore, type CacheOpenResult } from './cache-store.ts';
import { lockDataDir, lockDataDirWaiting, type DataDirLock } from './lock.ts';
import { cachePath, type OpenOptions } from './open.ts';
import { sealCleanClose } from './clean-close.ts';
import { StateStore } from './state-store.ts';
import { ThreadedCacheWrites } from './writer/threaded.ts';
import { InlineCacheWrites, type CacheWrites } from './writer/writes.ts';

export { exportKind, summarizeDataDir, type DataDirSummary } from './inspect.ts';

export interface DataDir {
  dir: string;
  /** cache.db for reading (and for tools that write it directly). */
  cache: CacheStore;
  /** How the link writes cache.db (writer/writes.ts). */
  writes: CacheWrites;
  state: StateStore;
  rebuilt: CacheOpenResult['rebuilt'];
  /** Finishes the writes asked for, closes both databases, releases the lock. */
  close(): Promise<void>;
}

export interface DataDirOptions extends OpenOptions {
  command: string;
  waitForLockMs?: number;
  /** `thread` (the default): cache.db is written on a worker thread; `inline`: on this one. */
  cacheWriter?: 'thread' | 'inline';
  /** The writer thread's script, in a bundled build (Electron); else the sources. */
  writerScript?: string;
  /** The writer lock, already taken (lockDataDir) by a caller that must know it holds the dir before it opens it. */
  lock?: DataDirLock;
}

/**
 * Opens a data dir for writing: takes the writer lock, opens state.db first
 * (it must never be lost with a bad cache), then cache.db — rebuilding it if
 * damaged — and starts its writer.
 */
export async function openDataDir(dir: string, options: DataDirOptions): Promise<DataDir> {
  mkdirSync(dir, { recursive: true });
  const lock: DataDirLock =
    options.lock ??
    (options.waitForLockMs ? await lockDataDirWaiting(dir, options.command, options.waitForLockMs) : lockDataDir(dir, options.command));
  let state: StateStore | null = null;
  let opened: CacheOpenResult | null = null;
  try {
    state = StateStore.open(dir, options);
    opened = CacheStore.open(dir, options);
    const { cache, rebuilt } = opened;
    const writes: CacheWrites =
      options.cacheWriter === 'inline'
        ? new InlineCacheWrites(cache)
        : await ThreadedCacheWrites.start({
            dir,
            ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
            ...(options.writerScript ? { script: options.writerScript } : {}),
          });
    const openState = state;
    let closing: Promise<void> | null = null;
    return {
      dir,
      cache,
      writes,
      state: openState,
      rebuilt,
      close() {
        let writerClosed = false;
        closing ??= writes
          .close()
          .then(() => void (writerClosed = true))
          .finally(() => {
            try {
              cache.close();
              // Every connection closed, its WAL folded in: the next start may skip the integrity check.
              if (writerClosed) sealCleanClose(cachePath(dir));
            } finally {
              openState.close();
              lock.release();
            }
          });
        return closing;
      },
    };
  } catch (error) {
    opened?.cache.close();
    state?.close();
    lock.release();
    throw error;
  }
}
