import type Database from 'better-sqlite3';
import { DatabaseFromTheFutureError } from './errors.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Throws unless versions start at 1 and go up by one — a misnumbered file fails at start-up, not in the field. */
export function checkMigrationOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
  });
}

/**
 * Brings a database to the newest schema, each step in its own transaction,
 * recording progress in `PRAGMA user_version` (as Signal Desktop does).
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[]): { from: number; to: number } {
  checkMigrationOrder(migrations);
  const from = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.length;
  if (from > newest) throw new DatabaseFromTheFutureError(file, from, newest);
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: newest };
}
