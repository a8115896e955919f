import { existsSync, mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ENTITY_KINDS, type EntityKind } from '../link/entities.ts';
import { CacheStore, countsOf, type CacheOpenResult } from './cache-store.ts';
import { lockDataDir, lockDataDirWaiting, type DataDirLock } from './lock.ts';
import { cachePath, statePath, type OpenOptions } from './open.ts';
import { StateStore } from './state-store.ts';

export interface DataDir {
  dir: string;
  cache: CacheStore;
  state: StateStore;
  rebuilt: CacheOpenResult['rebuilt'];
  close(): void;
}

/**
 * Opens a data dir for writing: takes the writer lock, opens state.db first
 * (it must never be lost with a bad cache), then cache.db — rebuilding it if
 * damaged.
 */
export async function openDataDir(
  dir: string,
  options: OpenOptions & { command: string; waitForLockMs?: number },
): Promise<DataDir> {
  mkdirSync(dir, { recursive: true });
  const lock: DataDirLock = options.waitForLockMs
    ? await lockDataDirWaiting(dir, options.command, options.waitForLockMs)
    : lockDataDir(dir, options.command);
  let state: StateStore | null = null;
  try {
    state = StateStore.open(dir, options);
    const { cache, rebuilt } = CacheStore.open(dir, options);
    const opened = state;
    return {
      dir,
      cache,
      state: opened,
      rebuilt,
      close() {
        cache.close();
        opened.close();
        lock.release();
      },
    };
  } catch (error) {
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
