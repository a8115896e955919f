import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ENTITY_KINDS, type EntityKind } from '../protocol/kinds.ts';
import { cachePath, statePath, type Db } from './open.ts';

/**
 * Reading a data dir without opening it for writing: `egret status` and
 * `egret export`. Kept apart from data-dir.ts so those commands load no
 * schemas, migrations or writer — they start in a fraction of the time.
 */

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

/**
 * Row counts per kind; works on a read-only connection too. A kind newer than
 * the file counts 0: `egret status` reads a cache a console has not yet
 * migrated (its `place` table comes with migration 0009).
 */
export function countsOf(db: Db): Record<EntityKind, number> {
  const counts = {} as Record<EntityKind, number>;
  for (const kind of ENTITY_KINDS) counts[kind] = hasTable(db, kind) ? (db.prepare(`SELECT count(*) FROM ${kind}`).pluck().get() as number) : 0;
  return counts;
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
