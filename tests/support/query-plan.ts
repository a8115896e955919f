import type Database from 'better-sqlite3';

/**
 * SQLite's plan for a statement, its steps joined by ` | `. Tests pass the
 * statement text the console runs (exported by its query module), never a
 * copy: a query changed without its index then fails the plan test.
 */
export function planOf(db: Database.Database, sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}
