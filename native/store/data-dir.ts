import { existsSync, mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ENTITY_KINDS, type EntityKind } from '../protocol/entities.ts';
import { CacheStore, countsOf, type CacheOpenResult } from './cache-store.ts';
import { lockDataDir, lockDataDirWaiting, type DataDirLock } from './lock.ts';
import { cachePath, statePath, type OpenOptions } from './open.ts';
import { StateStore } from './state-store.ts';
import { ThreadedCacheWrites } from './writer/threaded.ts';
import { InlineCacheWrites, type CacheWrites } from './writer/writes.ts';

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
}

/**
 * Opens a data dir for writing: takes the writer lock, opens state.db first
 * (it must never be lost with a bad cache), then cache.db — rebuilding it if
 * damaged — and starts its writer.
 */
export async function openDataDir(dir: string, options: DataDirOptions): Promise<DataDir> {
  mkdirSync(dir, { recursive: true });
  const lock: DataDirLock = options.waitForLockMs
    ? await lockDataDirWaiting(dir, options.command, options.waitForLockMs)
    : lockDataDir(dir, options.command);
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
        closing ??= writes.close().finally(() => {
          cache.close();
          openState.close();
          lock.release();
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

export interface DataDirSummary {
  cursor: number | null;
  counts: Record<EntityKind, number>;
  outbox: number;
  quarantine: number;
}

function readOnly(file: string): Database.Database | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** `egret status`: reads beside a running writer, takes no lock. */
export function summarizeDataDir(dir: string): DataDirSummary {
  const summary: DataDirSummary = {
    cursor: null,
    counts: Object.fromEntries(ENTITY_KINDS.map((k) => [k, 0])) as Record<EntityKind, number>,
    outbox: 0,
    quarantine: 0,
  };
  const cache = readOnly(cachePath(dir));
  if (cache) {
    try {
      if (hasTable(cache, 'meta')) {
        const cursor = cache.prepare("SELECT value FROM meta WHERE key = 'cursor'").pluck().get();
        summary.cursor = typeof cursor === 'number' ? cursor : null;
        summary.counts = countsOf(cache);
        summary.quarantine = cache.prepare('SELECT count(*) FROM quarantine').pluck().get() as number;
      }
    } finally {
      cache.close();
    }
  }
  const state = readOnly(statePath(dir));
  if (state) {
    try {
      if (hasTable(state, 'outbox')) summary.outbox = state.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    } finally {
      state.close();
    }
  }
  return summary;
}

/** `egret export KIND`: each cached entity's data, sorted by id bytes (BINARY collation). */
export function* exportKind(dir: string, kind: EntityKind): Generator<string> {
  const cache = readOnly(cachePath(dir));
  if (!cache) return;
  try {
    if (!hasTable(cache, kind)) return;
    for (const data of cache.prepare(`SELECT data FROM ${kind} ORDER BY id COLLATE BINARY`).pluck().iterate()) yield data as string;
  } finally {
    cache.close();
  }
}
