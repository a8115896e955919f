import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseFromTheFutureError } from './errors.ts';
import { checkMigrationOrder, migrate } from './migrate.ts';
import { cacheMigrations } from './migrations/cache/index.ts';
import { stateMigrations } from './migrations/state/index.ts';

function planOf(db: Database.Database, sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… in both databases', () => {
    expect(() => checkMigrationOrder(cacheMigrations)).not.toThrow();
    expect(() => checkMigrationOrder(stateMigrations)).not.toThrow();
    expect(() => checkMigrationOrder([{ version: 2, name: 'x', up() {} }])).toThrow(/expected 1/);
  });

  it('refuse a database from a newer console, by name', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db, 'cache.db', cacheMigrations)).toThrow(DatabaseFromTheFutureError);
  });

  it('cache 0001 builds the entity tables whose board and search queries use their indexes', () => {
    const db = new Database(':memory:');
    expect(migrate(db, 'cache.db', cacheMigrations)).toEqual({ from: 0, to: cacheMigrations.length });
    db.prepare(`INSERT INTO incident (id, rev, source, category, priority, status, level, title, reported_ms, updated_ms, data, district)
      VALUES ('inc-1', 1, '110', 'fire.building', 1, 'new', 'community', 't', 1, 1, '{}', '350203')`).run();
    expect(db.prepare('SELECT count(*) FROM incident').pluck().get()).toBe(1);
    expect(planOf(db, "SELECT id FROM incident WHERE district = ? AND status = 'new' ORDER BY priority, reported_ms DESC LIMIT 50", '350203')).toMatch(
      /incident_district_board/,
    );
    expect(planOf(db, 'SELECT id FROM incident_event WHERE incident = ? ORDER BY at_ms', 'inc-1')).toMatch(/incident_event_by_incident/);
    expect(planOf(db, 'SELECT count(*) FROM call WHERE received_ms BETWEEN ? AND ?', 0, 1)).toMatch(/call_received/);
    expect(planOf(db, 'SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?', 'x')).toMatch(/VIRTUAL TABLE INDEX/);
    expect(planOf(db, 'SELECT rid FROM camera_geo WHERE min_lat > ? AND max_lat < ?', 0, 1)).toMatch(/VIRTUAL TABLE INDEX/);
    // Running again changes nothing.
    expect(migrate(db, 'cache.db', cacheMigrations)).toEqual({ from: cacheMigrations.length, to: cacheMigrations.length });
  });

  it('cache 0002 adds the queue of incidents waiting for their text entry', () => {
    const db = new Database(':memory:');
    migrate(db, 'cache.db', cacheMigrations.slice(0, 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    migrate(db, 'cache.db', cacheMigrations.slice(0, 2));
    db.prepare('INSERT INTO fts_pending (rid) VALUES (7)').run();
    expect(() => db.prepare('INSERT INTO fts_pending (rid) VALUES (7)').run()).toThrow(/UNIQUE|PRIMARY/);
  });

  it('cache 0003 lets the default board page stop early and overdue counts use the deadline', () => {
    const db = new Database(':memory:');
    migrate(db, 'cache.db', cacheMigrations.slice(0, 3));
    const open = "('new', 'verified', 'dispatched', 'accepted', 'on_scene')";
    expect(planOf(db, `SELECT id FROM incident WHERE +status IN ${open} ORDER BY priority ASC, reported_ms DESC LIMIT 50`)).toMatch(/incident_priority_order/);
    expect(planOf(db, `SELECT id FROM incident WHERE +status IN ${open} ORDER BY priority ASC, reported_ms DESC LIMIT 50`)).not.toMatch(/TEMP B-TREE/);
    expect(planOf(db, `SELECT count(*) FROM incident WHERE due_ms < ? AND +status IN ${open}`, 1)).toMatch(/incident_due/);
  });

  it('cache 0004 turns the text queue into a flag on the row, and keeps the camera R*Tree by triggers', () => {
    const db = new Database(':memory:');
    migrate(db, 'cache.db', cacheMigrations.slice(0, 3));
    const insert = db.prepare(`INSERT INTO incident (id, rev, source, category, priority, status, level, title, lat, lng, reported_ms, updated_ms, data)
      VALUES (?, 1, '110', 'fire.building', 1, 'new', 'community', ?, 24.45, 118.08, 1, 1, '{}')`);
    const waiting = Number(insert.run('inc-1', '火灾').lastInsertRowid);
    insert.run('inc-2', '噪音');
    db.prepare('INSERT INTO fts_pending (rid) VALUES (?)').run(waiting);
    migrate(db, 'cache.db', cacheMigrations);
    // What waited for its text entry still waits; the rest does not.
    expect(db.prepare('SELECT id FROM incident WHERE unindexed IS NOT NULL').pluck().all()).toEqual(['inc-1']);
    expect(planOf(db, 'SELECT rowid FROM incident WHERE unindexed IS NOT NULL')).toMatch(/incident_unindexed/);
    // The stage keeps the live table's shape, so a snapshot can replace it.
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('stage_incident')).toEqual(columns('incident'));

    db.prepare(`INSERT INTO camera (id, rev, name, district, lat, lng, kind, status, data)
      VALUES ('cam-1', 1, 'c', '350203', 24.4, 118.1, 'fixed', 'online', '{}')`).run();
    const cameraBox = () => (db.prepare('SELECT min_lat FROM camera_geo').pluck().all() as number[]).map((v) => v.toFixed(2));
    expect(cameraBox()).toEqual(['24.40']);
    db.prepare("UPDATE camera SET lat = 24.5 WHERE id = 'cam-1'").run();
    expect(cameraBox()).toEqual(['24.50']);
    db.prepare("DELETE FROM camera WHERE id = 'cam-1'").run();
    expect(cameraBox()).toEqual([]);
  });

  it('cache 0005 finds open incidents of a caller by index, newest first', () => {
    const db = new Database(':memory:');
    migrate(db, 'cache.db', cacheMigrations);
    const open = "('new', 'verified', 'dispatched', 'accepted', 'on_scene')";
    const plan = planOf(db, `SELECT id FROM incident WHERE caller_phone = ? AND status IN ${open} ORDER BY reported_ms DESC LIMIT 10`, '13812345678');
    expect(plan).toMatch(/incident_open_caller/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'incident_call'").pluck().get()).toBe(0);
  });

  it('state 0001 builds the outbox, results, settings and audit', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations);
    db.prepare("INSERT INTO outbox (id, name, args, made_ms) VALUES ('c1', 'incident.note', '{}', 1)").run();
    db.prepare("INSERT INTO outbox (id, name, args, made_ms) VALUES ('c2', 'incident.note', '{}', 2)").run();
    expect(db.prepare('SELECT id FROM outbox ORDER BY n').pluck().all()).toEqual(['c1', 'c2']);
    expect(() => db.prepare("INSERT INTO outbox (id, name, args, made_ms) VALUES ('c1', 'x', '{}', 3)").run()).toThrow(/UNIQUE/);
    expect(planOf(db, 'SELECT * FROM audit WHERE at_ms > ?', 0)).toMatch(/audit_at/);
  });
});
