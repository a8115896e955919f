import type { Migration } from '../../migrate.ts';

/**
 * The platform's entities (spec §8): typed columns for what the console
 * filters and sorts on, plus the raw `data` JSON exactly as last applied.
 * Times are kept as epoch milliseconds (`*_ms`) so ranges and sorts are
 * integer comparisons. Each entity table has a `stage_*` twin of the same
 * shape where a snapshot accumulates until its last part (spec §3).
 */
const ENTITY_TABLES = {
  incident: `
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL,
    source TEXT NOT NULL, category TEXT NOT NULL, priority INTEGER NOT NULL,
    status TEXT NOT NULL, level TEXT NOT NULL,
    district TEXT, street TEXT, community TEXT,
    title TEXT NOT NULL, description TEXT, address TEXT,
    lat REAL, lng REAL, call TEXT, merged_into TEXT, caller_phone TEXT,
    reported_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, due_ms INTEGER,
    data TEXT NOT NULL`,
  incident_event: `
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL, incident TEXT NOT NULL,
    at_ms INTEGER NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
    data TEXT NOT NULL`,
  call: `
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL, line TEXT NOT NULL,
    received_ms INTEGER NOT NULL, answered_ms INTEGER, ended_ms INTEGER,
    incident TEXT, caller_phone TEXT,
    data TEXT NOT NULL`,
  camera: `
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL, name TEXT NOT NULL,
    district TEXT NOT NULL, road TEXT, lat REAL NOT NULL, lng REAL NOT NULL,
    kind TEXT NOT NULL, status TEXT NOT NULL,
    data TEXT NOT NULL`,
  department: `
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL, name TEXT NOT NULL,
    kind TEXT NOT NULL, level TEXT NOT NULL, district TEXT, parent TEXT,
    data TEXT NOT NULL`,
  volunteer: `
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL, name TEXT NOT NULL,
    team TEXT, district TEXT, points REAL NOT NULL, verified INTEGER NOT NULL,
    data TEXT NOT NULL`,
  road: `
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL, name TEXT NOT NULL,
    district TEXT NOT NULL, level TEXT NOT NULL, speed_kmh REAL, updated_ms INTEGER NOT NULL,
    data TEXT NOT NULL`,
};

export const migration: Migration = {
  version: 1,
  name: 'entities',
  up(db) {
    for (const [table, columns] of Object.entries(ENTITY_TABLES)) {
      db.exec(`CREATE TABLE ${table} (${columns})`);
      db.exec(`CREATE TABLE stage_${table} (${columns})`);
    }
    db.exec(`
      -- The board: open incidents by status/priority/time, optionally per district.
      CREATE INDEX incident_board ON incident (status, priority, reported_ms DESC);
      CREATE INDEX incident_district_board ON incident (district, status, priority, reported_ms DESC);
      CREATE INDEX incident_reported ON incident (reported_ms);
      CREATE INDEX incident_call ON incident (call);
      CREATE INDEX incident_event_by_incident ON incident_event (incident, at_ms);
      CREATE INDEX call_received ON call (received_ms);
      CREATE INDEX call_answered ON call (answered_ms);
      CREATE INDEX camera_district ON camera (district);
      CREATE INDEX department_kind ON department (kind, district);

      -- Full text over title, description and address. Contentless: the text
      -- is segmented before it is stored (each CJK character its own token, see
      -- fts.ts), so the original is not needed here — it is in incident.data.
      CREATE VIRTUAL TABLE incident_fts USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

      -- Where things are, for "near this point" queries (rowid = the entity's rowid).
      CREATE VIRTUAL TABLE incident_geo USING rtree(rid, min_lat, max_lat, min_lng, max_lng);
      CREATE VIRTUAL TABLE camera_geo USING rtree(rid, min_lat, max_lat, min_lng, max_lng);

      -- What was deleted, so a stale upsert can never bring it back (spec §4).
      CREATE TABLE tombstone (kind TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;

      -- Items the platform sent that break §8, kept with the reason (spec §4).
      CREATE TABLE quarantine (
        n INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, seq INTEGER, kind TEXT, reason TEXT NOT NULL, raw TEXT NOT NULL
      );
      CREATE TABLE stage_quarantine (
        n INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, seq INTEGER, kind TEXT, reason TEXT NOT NULL, raw TEXT NOT NULL
      );

      -- The cursor (last durably applied seq) and snapshot bookkeeping.
      CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
    `);
  },
};
