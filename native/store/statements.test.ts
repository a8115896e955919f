import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { prepared } from './statements.ts';

describe('prepared statements kept per connection', () => {
  it('prepares a text once, and a later caller gets rows even after one asked for single values', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')");
    const first = prepared(db, 'SELECT a, b FROM t');
    expect(first.pluck().get()).toBe(1);
    const again = prepared(db, 'SELECT a, b FROM t');
    expect(again).toBe(first);
    expect(again.get()).toEqual({ a: 1, b: 'x' });
    expect(prepared(new Database(':memory:'), 'SELECT 1')).not.toBe(prepared(db, 'SELECT 1'));
    db.close();
  });

  it('keeps a bounded number of texts, dropping the least recently used', () => {
    const db = new Database(':memory:');
    const keep = prepared(db, 'SELECT 0');
    const once = prepared(db, "SELECT 'once'");
    for (let i = 1; i <= 300; i++) {
      prepared(db, `SELECT ${i}`);
      if (i % 100 === 0) expect(prepared(db, 'SELECT 0')).toBe(keep);
    }
    expect(prepared(db, "SELECT 'once'")).not.toBe(once);
    db.close();
  });
});
