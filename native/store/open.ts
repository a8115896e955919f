import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, type Migration } from './migrate.ts';

export interface OpenOptions {
  readonly?: boolean;
  /** better-sqlite3 built for Electron, when running inside it (ARCHITECTURE "Native module, two runtimes"). */
  nativeBinding?: string;
}

export type Db = Database.Database;

/**
 * Opens one of the console's databases with the pragmas every connection
 * needs. `durable` (state.db) syncs on every commit: the outbox must survive
 * a power cut; the cache can be rebuilt, so it trades that for speed.
 */
export function openDatabase(file: string, migrations: readonly Migration[], options: OpenOptions & { durable: boolean }): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    nativeBinding: options.nativeBinding,
  });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.durable ? 'FULL' : 'NORMAL'}`);
      db.pragma('foreign_keys = ON');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -65536');
      if (!options.durable) {
        // The default checkpoint every 1,000 pages runs (with an fsync) after
        // almost every changes frame; checkpoint in larger steps instead.
        db.pragma('wal_autocheckpoint = 16384');
        db.pragma('journal_size_limit = 67108864');
      }
      migrate(db, file, migrations);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Whether SQLite considers the file sound; the reason when it does not. */
export function checkIntegrity(file: string, nativeBinding?: string): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(file)) return { ok: true };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true, nativeBinding });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length === 0 ? { ok: true } : { ok: false, reason: problems.slice(0, 3).join('; ') };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    db?.close();
  }
}

/** Moves a damaged database (and its WAL) aside, keeping it for inspection. */
export function moveAside(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

export const CACHE_FILE = 'cache.db';
export const STATE_FILE = 'state.db';
export const cachePath = (dir: string) => join(dir, CACHE_FILE);
export const statePath = (dir: string) => join(dir, STATE_FILE);
