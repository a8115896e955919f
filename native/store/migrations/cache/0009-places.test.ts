import { describe, expect, it } from 'vitest';
import { place } from '../../../../tests/support/entities.ts';
import { planOf } from '../../../../tests/support/query-plan.ts';
import { tempDir } from '../../../../tests/support/temp-dir.ts';
import { prepareChange, prepareSnapshotItem } from '../../../link/prepare.ts';
import { CacheStore, PLACE_PINYIN_PENDING_SQL } from '../../cache-store.ts';
import { exportKind, summarizeDataDir } from '../../inspect.ts';
import { cachePath, openDatabase } from '../../open.ts';
import { PLACE_SQL, placeCandidates, placeQuery } from '../../queries/places.ts';
import { StateStore } from '../../state-store.ts';
import { cacheMigrations } from './index.ts';

const T = Date.parse('2026-11-28T09:00:00+08:00');

/**
 * A data dir as a console before 0009 left it: it had received the platform's
 * places as an unknown kind, quarantined them, and moved its cursor past them;
 * an operator's command waits in the outbox.
 */
function dataDirAtVersion8(): string {
  const dir = tempDir('0009');
  const db = openDatabase(cachePath(dir), cacheMigrations.slice(0, 8), { durable: false });
  const quarantine = db.prepare('INSERT INTO quarantine (at_ms, seq, kind, reason, raw) VALUES (?, ?, ?, ?, ?)');
  quarantine.run(T, 41, 'place', 'unknown kind "place"', JSON.stringify({ seq: 41, op: 'upsert', kind: 'place', data: place('pl-1', 1) }));
  quarantine.run(T, 42, 'incident', 'rev: expected number', '{"seq":42}');
  db.prepare(`INSERT INTO incident (id, rev, source, category, priority, status, level, title, reported_ms, updated_ms, data)
    VALUES ('inc-1', 1, '110', 'fire.building', 1, 'new', 'community', '火警', ?, ?, '{}')`).run(T, T);
  db.prepare("INSERT INTO meta (key, value) VALUES ('cursor', 42)").run();
  expect(db.pragma('user_version', { simple: true })).toBe(8);
  db.close();
  const state = StateStore.open(dir);
  state.db.prepare("INSERT INTO outbox (id, name, args, made_ms) VALUES ('cmd-1', 'incident.note', '{}', 1)").run();
  state.close();
  return dir;
}

describe('cache 0009 adds the place kind and asks for a fresh snapshot', () => {
  it('a cache that quarantined places loses its cursor (the next hello asks for a snapshot); the outbox stays', () => {
    const dir = dataDirAtVersion8();
    // `egret status` reads a cache no console has migrated yet: places count 0.
    expect(summarizeDataDir(dir)).toMatchObject({ cursor: 42, quarantine: 2, counts: { incident: 1, place: 0 } });

    const { cache } = CacheStore.open(dir);
    expect(cache.db.pragma('user_version', { simple: true })).toBe(cacheMigrations.length);
    expect(cache.cursor()).toBeNull();
    expect(cache.db.prepare('SELECT kind FROM quarantine').pluck().all()).toEqual(['incident']);
    expect(cache.counts()).toMatchObject({ incident: 1, place: 0 });
    const columns = (table: string) => (cache.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('place')).toEqual(['id', 'rev', 'name', 'kind', 'district', 'street', 'community', 'lat', 'lng', 'names', 'pinyin', 'area', 'data']);
    expect(columns('stage_place')).toEqual(columns('place'));
    cache.close();
    const state = StateStore.open(dir);
    expect(state.db.prepare('SELECT id FROM outbox').pluck().all()).toEqual(['cmd-1']);
    state.close();
  });

  it('the snapshot that follows brings the places, found by name, alias, pinyin initials and area', () => {
    const dir = dataDirAtVersion8();
    const { cache } = CacheStore.open(dir);
    cache.beginSnapshot(50);
    cache.stageSnapshotPart([
      prepareSnapshotItem({ kind: 'place', data: place('pl-1', 1) }),
      prepareSnapshotItem({ kind: 'place', data: place('pl-2', 1, { name: '湖滨南路', kind: 'road', aliases: [], community: null }) }),
      prepareSnapshotItem({ kind: 'place', data: place('pl-3', 1, { name: '厦门站', kind: 'poi', aliases: ['厦门火车站'] }) }),
    ]);
    cache.commitSnapshot(50);
    expect(cache.cursor()).toBe(50);
    const ids = (text: string) => placeCandidates(cache.db, text, { limit: 10, fuzzy: false }).map((c) => c.id).sort();
    expect(ids('湖滨南')).toEqual(['pl-1', 'pl-2']);
    // Pinyin is built when the link is idle, not while the snapshot is written, nor by a step told to leave it (at a start).
    expect(ids('hbnl')).toEqual([]);
    expect(cache.indexPending(1000, false)).toBe(false);
    expect(ids('hbnl')).toEqual([]);
    expect(cache.indexPending()).toBe(false);
    expect(ids('hbnl')).toEqual(['pl-1', 'pl-2']);
    expect(ids('hbnl388')).toEqual(['pl-1']);
    expect(ids('hubinnan')).toEqual(['pl-1', 'pl-2']);
    expect(ids('火车站')).toEqual(['pl-3']);
    expect(ids('思明区湖滨南路388号')).toEqual(['pl-1']);
    expect(summarizeDataDir(dir).counts.place).toBe(3);
    expect([...exportKind(dir, 'place')].map((line) => JSON.parse(line).id)).toEqual(['pl-1', 'pl-2', 'pl-3']);

    // A later snapshot replaces the table: the index follows it (rebuilt at the commit), old rowids and all.
    cache.beginSnapshot(60);
    cache.stageSnapshotPart([prepareSnapshotItem({ kind: 'place', data: place('pl-3', 2, { name: '厦门站', kind: 'poi', aliases: [] }) })]);
    cache.commitSnapshot(60);
    expect(ids('火车站')).toEqual([]);
    expect(ids('厦门站')).toEqual(['pl-3']);
    expect(ids('湖滨南')).toEqual([]);
    expect(() => cache.db.prepare("INSERT INTO place_fts (place_fts) VALUES ('integrity-check')").run()).not.toThrow();
    cache.close();
  });

  it('changes keep the text index in step: a renamed place is found by its new name only, a deleted one not at all', () => {
    const { cache } = CacheStore.open(tempDir('0009-changes'));
    const change = (seq: number, item: unknown) => prepareChange(item, seq);
    cache.applyChanges([change(1, { seq: 1, op: 'upsert', kind: 'place', data: place('pl-1', 1) }), change(2, { seq: 2, op: 'upsert', kind: 'place', data: place('pl-9', 1, { name: '中山路', kind: 'road', aliases: [] }) })], 2);
    cache.indexPending();
    // Straight through the index: every typed character must be in the place's text.
    const ids = (text: string) => (cache.db.prepare(PLACE_SQL.matching).all(placeQuery(text)!.everywhere, 10) as { id: string }[]).map((r) => r.id);
    expect(ids('湖滨南路388号')).toEqual(['pl-1']);
    expect(ids('hbnl388')).toEqual(['pl-1']);
    cache.applyChanges([change(3, { seq: 3, op: 'upsert', kind: 'place', data: place('pl-1', 2, { name: '湖滨北路388号', aliases: [] }) })], 3);
    expect(ids('湖滨南路388号')).toEqual([]);
    expect(ids('湖滨北路388号')).toEqual(['pl-1']);
    // The renamed place's pinyin is built again: the old one no longer finds it.
    expect(ids('hbnl388')).toEqual([]);
    expect(ids('hbbl388')).toEqual([]);
    cache.indexPending();
    expect(ids('hbbl388')).toEqual(['pl-1']);
    cache.applyChanges([change(4, { seq: 4, op: 'delete', kind: 'place', id: 'pl-1', rev: 3 })], 4);
    expect(ids('湖滨北路')).toEqual([]);
    expect(ids('中山路')).toEqual(['pl-9']);
    // FTS5 checks its index against the place table, and throws if they disagree.
    expect(() => cache.db.prepare("INSERT INTO place_fts (place_fts) VALUES ('integrity-check')").run()).not.toThrow();
    cache.close();
  });

  it('looks places up through the text index and each row by its rowid', () => {
    const { cache } = CacheStore.open(tempDir('0009-plan'));
    const query = placeQuery('湖滨南路388号')!;
    for (const expression of [query.names, query.everywhere, query.chinese!, query.fuzzy!]) {
      // FTS5 hands the rows over in bm25 order itself: no sort.
      expect(planOf(cache.db, PLACE_SQL.matching, expression, 40)).toMatch(/^SCAN place_fts VIRTUAL TABLE INDEX \d+:M\d+ \| SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    }
    // Recent addresses: the newest text matches and the newest incidents waiting for their text entry, each row by rowid.
    const recent = planOf(cache.db, PLACE_SQL.recent, query.everywhere, T, '%湖滨南路%', 32);
    expect(recent).toMatch(/SCAN incident_fts VIRTUAL TABLE INDEX \d+:M\d+/);
    expect(recent).toMatch(/SEARCH incident USING COVERING INDEX incident_unindexed \(unindexed=\?\)/);
    expect(recent).toMatch(/SEARCH i USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(recent).not.toMatch(/SCAN (incident|i)\b(?! USING)/);
    // Places waiting for their pinyin: a walk of the partial index, which holds only those.
    expect(planOf(cache.db, PLACE_PINYIN_PENDING_SQL, 500)).toBe('SCAN place USING INDEX place_pinyin_pending');
    cache.close();
  });
});
