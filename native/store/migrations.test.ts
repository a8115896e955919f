import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { planOf } from '../../tests/support/query-plan.ts';
import { DatabaseFromTheFutureError } from './errors.ts';
import { checkMigrationOrder, migrate } from './migrate.ts';
import { cacheMigrations } from './migrations/cache/index.ts';
import { stateMigrations } from './migrations/state/index.ts';
import { DUPLICATE_SQL } from './queries/duplicates.ts';
import { boardPageSql, type BoardPageQuery } from './queries/incident-board.ts';
import { DETAIL_SQL } from './queries/incident-detail.ts';
import { TODAY_SQL } from './queries/today.ts';
import { AUDIT_SQL, OPERATOR_NAMES_SQL } from './state-store.ts';

// Plans are asked of the statements the console runs, imported from their
// query modules: a query changed away from its migration's index fails here.

/** The board's statement for a filter, as incidentPage runs it. */
function boardPage(filter: BoardPageQuery['filter']): { sql: string; params: (string | number)[] } {
  return boardPageSql({ filter, sort: 'priority', offset: 0, limit: 50, now: Date.parse('2026-11-28T12:00:00+08:00') })!;
}

/** Names and columns of a table's indexes, e.g. `incident_due(due_ms)`. */
function indexesOf(db: Database.Database, table: string): string[] {
  const names = (db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; origin: string }[]).filter((i) => i.origin === 'c').map((i) => i.name);
  return names.sort().map((name) => `${name}(${(db.prepare(`PRAGMA index_info(${name})`).all() as { name: string | null }[]).map((c) => c.name ?? '<expr>').join(', ')})`);
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
    const district = boardPage({ district: ['350203'], status: ['new'] });
    expect(planOf(db, district.sql, ...district.params)).toMatch(/SEARCH incident USING INDEX incident_district_board \(district=\? AND status=\?\)/);
    expect(planOf(db, DETAIL_SQL.timeline, 'inc-1')).toMatch(/SEARCH incident_event USING INDEX incident_event_by_incident \(incident=\?\)/);
    expect(planOf(db, TODAY_SQL.received, 0, 1)).toMatch(/SEARCH call USING COVERING INDEX call_received /);
    const search = boardPage({ search: '火灾' });
    expect(planOf(db, search.sql, ...search.params)).toMatch(/SCAN incident_fts VIRTUAL TABLE INDEX 0:M1 \| SEARCH incident USING INTEGER PRIMARY KEY/);
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

  it('cache 0003 adds the board-order and deadline indexes; overdue counts use the deadline', () => {
    const db = new Database(':memory:');
    migrate(db, 'cache.db', cacheMigrations.slice(0, 3));
    // The board order's index is replaced by 0007's keyset index (tested with the board's own statement there).
    expect(indexesOf(db, 'incident')).toEqual(expect.arrayContaining(['incident_due(due_ms)', 'incident_priority_order(priority, reported_ms, status)']));
    // 0008 replaces the deadline index with one led by the status (tested with today's statement there).
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
    // A search finds those rows by the flag's partial index, not by scanning the table.
    const search = boardPage({ search: '火灾' });
    expect(planOf(db, search.sql, ...search.params)).toMatch(/SEARCH incident USING COVERING INDEX incident_unindexed \(unindexed>\?\)/);
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
    const plan = planOf(db, DUPLICATE_SQL.sameCaller, '13812345678', 10);
    expect(plan).toMatch(/SEARCH incident USING INDEX incident_open_caller \(caller_phone=\?\)/);
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
    // The log is read by entry number (the rowid), newest first a page at a time, or all in order.
    expect(planOf(db, AUDIT_SQL.page, 100, 50)).toBe('SEARCH audit USING INTEGER PRIMARY KEY (rowid<?)');
    expect(planOf(db, AUDIT_SQL.all)).toBe('SCAN audit');
  });

  it('state 0002 keeps the operators who signed in here, seeded with the one signed in before it ran', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations.slice(0, 1));
    db.prepare("INSERT INTO setting (key, value) VALUES ('platform.operator', ?)").run(JSON.stringify({ id: 'op-031', name: '接警员 林晓', role: 'call_taker' }));
    migrate(db, 'state.db', stateMigrations.slice(0, 2));
    expect(db.prepare('SELECT id, name, role FROM operator').all()).toEqual([{ id: 'op-031', name: '接警员 林晓', role: 'call_taker' }]);
    // Looked up by primary key for a page's ids, however many.
    expect(planOf(db, OPERATOR_NAMES_SQL, '["op-031"]')).toMatch(/SEARCH operator USING PRIMARY KEY \(id=\?\)/);
  });

  it('state 0002 ignores a stored operator that is not one (signedInOperator refuses it later)', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations.slice(0, 1));
    db.prepare("INSERT INTO setting (key, value) VALUES ('platform.operator', '{\"id\":7}')").run();
    migrate(db, 'state.db', stateMigrations.slice(0, 2));
    expect(db.prepare('SELECT count(*) FROM operator').pluck().get()).toBe(0);
  });
});
