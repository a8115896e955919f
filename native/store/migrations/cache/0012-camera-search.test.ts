import { describe, expect, it } from 'vitest';
import { camera } from '../../../../tests/support/entities.ts';
import { planOf } from '../../../../tests/support/query-plan.ts';
import { tempDir } from '../../../../tests/support/temp-dir.ts';
import { prepareChange, prepareSnapshotItem } from '../../../link/prepare.ts';
import { CAMERA_PINYIN_PENDING_SQL, CacheStore } from '../../cache-store.ts';
import { cachePath, openDatabase } from '../../open.ts';
import { CAMERA_DIRECTORY_SQL, cameraMatch, searchCameras } from '../../queries/camera-directory.ts';
import { cacheMigrations } from './index.ts';

const ROAD_CAMERA = camera('cam-0001', 1, { name: '湖滨南路筼筜段 001', district: '350203', road: '湖滨南路', tags: ['road', 'traffic', '湖滨南路'] });
const GATE_CAMERA = camera('cam-0002', 1, { name: '湖里区殿前社区小区东门', district: '350206', tags: ['community', '殿前社区', '殿前街道', '小区东门'] });

/** A data dir whose cache a console before 0012 filled with cameras. */
function dataDirAtVersion11(): string {
  const dir = tempDir('0012');
  const db = openDatabase(cachePath(dir), cacheMigrations.slice(0, 11), { durable: false });
  const put = db.prepare('INSERT INTO camera (id, rev, name, district, road, lat, lng, kind, status, data) VALUES (?, ?, ?, ?, ?, 24.5, 118.1, ?, ?, ?)');
  for (const c of [ROAD_CAMERA, GATE_CAMERA]) {
    const road = 'road' in c && typeof c.road === 'string' ? c.road : null;
    put.run(c.id, c.rev, c.name, c.district, road, c.kind, c.status, JSON.stringify(c));
  }
  expect(db.pragma('user_version', { simple: true })).toBe(11);
  db.close();
  return dir;
}

const change = (seq: number, item: unknown) => prepareChange(item, seq);
const ids = (cache: CacheStore, text: string) => searchCameras(cache.db, text, 20).map((c) => c.id).sort();
const pinyinOf = (cache: CacheStore, id: string) => cache.db.prepare('SELECT pinyin FROM camera WHERE id = ?').pluck().get(id);
const ftsAgrees = (cache: CacheStore) => cache.db.prepare("INSERT INTO camera_fts (camera_fts) VALUES ('integrity-check')").run();

describe('cache 0012 lets the camera directory find cameras by name, road and pinyin', () => {
  it('cameras already cached are found by their Chinese text at once, and by pinyin once the link is idle', () => {
    const { cache } = CacheStore.open(dataDirAtVersion11());
    expect(cache.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(12);
    expect(ids(cache, '湖滨南路')).toEqual(['cam-0001']);
    expect(ids(cache, '小区东门')).toEqual(['cam-0002']);
    expect(ids(cache, '思明区')).toEqual(['cam-0001']);
    // The pinyin library is not loaded by opening the cache: it waits for indexPending.
    expect(ids(cache, 'hbnl')).toEqual([]);
    expect(cache.indexPending()).toBe(false);
    expect(ids(cache, 'hbnl')).toEqual(['cam-0001']);
    expect(ids(cache, 'hubinnan')).toEqual(['cam-0001']);
    expect(ids(cache, 'hu bin nan lu')).toEqual(['cam-0001']);
    expect(ids(cache, 'xqdm')).toEqual(['cam-0002']);
    expect(ids(cache, 'dqsq')).toEqual(['cam-0002']);
    expect(() => ftsAgrees(cache)).not.toThrow();
    cache.close();
  });

  it('a status change keeps the pinyin; a rename is found by its new name only, and by its new pinyin once built; a deleted camera not at all', () => {
    const { cache } = CacheStore.open(tempDir('0012-changes'));
    cache.applyChanges([change(1, { seq: 1, op: 'upsert', kind: 'camera', data: ROAD_CAMERA }), change(2, { seq: 2, op: 'upsert', kind: 'camera', data: GATE_CAMERA })], 2);
    cache.indexPending();
    expect(pinyinOf(cache, 'cam-0001')).toContain('hbnlydd001');

    cache.applyChanges([change(3, { seq: 3, op: 'upsert', kind: 'camera', data: { ...ROAD_CAMERA, rev: 2, status: 'offline' } })], 3);
    expect(pinyinOf(cache, 'cam-0001')).toContain('hbnlydd001');
    expect(ids(cache, 'hbnl')).toEqual(['cam-0001']);

    const renamed = { ...ROAD_CAMERA, rev: 3, name: '嘉禾路莲花段 001', road: '嘉禾路', tags: ['road', '嘉禾路'] };
    cache.applyChanges([change(4, { seq: 4, op: 'upsert', kind: 'camera', data: renamed })], 4);
    expect(ids(cache, '湖滨南路')).toEqual([]);
    expect(ids(cache, '嘉禾路')).toEqual(['cam-0001']);
    expect(ids(cache, 'hbnl')).toEqual([]);
    expect(ids(cache, 'jhl')).toEqual([]);
    cache.indexPending();
    expect(ids(cache, 'jhl')).toEqual(['cam-0001']);

    cache.applyChanges([change(5, { seq: 5, op: 'delete', kind: 'camera', id: 'cam-0001', rev: 4 })], 5);
    expect(ids(cache, '嘉禾路')).toEqual([]);
    expect(ids(cache, 'jhl')).toEqual([]);
    expect(ids(cache, 'xqdm')).toEqual(['cam-0002']);
    expect(() => ftsAgrees(cache)).not.toThrow();
    cache.close();
  });

  it('a snapshot replaces the cameras and their index with them; their pinyin is built afterwards', () => {
    const { cache } = CacheStore.open(tempDir('0012-snapshot'));
    cache.applyChanges([change(1, { seq: 1, op: 'upsert', kind: 'camera', data: ROAD_CAMERA })], 1);
    cache.indexPending();
    cache.beginSnapshot(10);
    cache.stageSnapshotPart([prepareSnapshotItem({ kind: 'camera', data: GATE_CAMERA })]);
    cache.commitSnapshot(10);
    expect(ids(cache, '湖滨南路')).toEqual([]);
    expect(ids(cache, '殿前')).toEqual(['cam-0002']);
    expect(ids(cache, 'xqdm')).toEqual([]);
    expect(cache.indexPending()).toBe(false);
    expect(ids(cache, 'xqdm')).toEqual(['cam-0002']);
    expect(() => ftsAgrees(cache)).not.toThrow();
    cache.close();
  });

  it('lists the directory from its index, finds by text through the FTS index and by id through the primary key', () => {
    const { cache } = CacheStore.open(tempDir('0012-plan'));
    expect(planOf(cache.db, CAMERA_DIRECTORY_SQL.all)).toBe('SCAN camera USING COVERING INDEX camera_directory');
    expect(planOf(cache.db, CAMERA_DIRECTORY_SQL.idPrefix, 'cam-1', 'cam-2', 20)).toBe(
      'SEARCH camera USING COVERING INDEX sqlite_autoindex_camera_1 (id>? AND id<?)',
    );
    for (const text of ['湖滨南路', 'hbnl', 'hu bin nan lu']) {
      expect(planOf(cache.db, CAMERA_DIRECTORY_SQL.matching, cameraMatch(text), 20)).toMatch(
        /^SCAN camera_fts VIRTUAL TABLE INDEX \d+:M\d+ \| SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)$/,
      );
    }
    expect(planOf(cache.db, CAMERA_PINYIN_PENDING_SQL, 1000)).toBe('SCAN camera USING INDEX camera_pinyin_pending');
    cache.close();
  });
});
