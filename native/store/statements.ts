import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

/** Distinct statement texts kept per connection; filters make many texts, most asked once. */
const KEPT = 256;
const kept = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement for this text, made once per connection. Preparing a
 * board query costs SQLite about 0.1 ms, and the board, the alarm and today's
 * figures ask many times a second (bench:ui's host profile showed 6% of the
 * host's thread in prepare). The least recently used text goes first. For
 * `get` and `all` only: a statement being iterated is busy, so iterating
 * callers prepare their own.
 */
export function prepared(db: Db, sql: string): Statement {
  let statements = kept.get(db);
  if (!statements) kept.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (statement) {
    statements.delete(sql);
  } else {
    statement = db.prepare(sql);
    if (statements.size >= KEPT) statements.delete(statements.keys().next().value!);
  }
  statements.set(sql, statement);
  // A caller before may have asked for single values.
  return statement.pluck(false);
}
