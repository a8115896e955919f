import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareChange } from '../../link/prepare.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { CacheStore } from '../cache-store.ts';
import { CachedEntityError } from '../errors.ts';
import { CAMERA_SQL, KNOWN_CAMERAS_SQL, cameraById, knownCameras } from './camera.ts';

const dirs: string[] = [];
const caches: CacheStore[] = [];
afterEach(() => {
  caches.splice(0).forEach((c) => c.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const CAMERA = {
  id: 'cam-0007',
  rev: 3,
  name: '湖滨南路筼筜段 007',
  district: '350203',
  road: '湖滨南路',
  lat: 24.4781,
  lng: 118.1102,
  kind: 'ptz',
  status: 'online',
  streams: { main: 'http://127.0.0.1:9/hls/cam-0007/main.m3u8', sub: 'http://127.0.0.1:9/hls/cam-0007/sub.m3u8' },
  tags: ['road', 'ptz'],
};

function cacheWith(...cameras: Record<string, unknown>[]): CacheStore {
  const dir = mkdtempSync(join(tmpdir(), 'egret-camera-'));
  dirs.push(dir);
  const { cache } = CacheStore.open(dir);
  caches.push(cache);
  cache.applyChanges(
    cameras.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'camera', data }, i + 1)),
    cameras.length,
  );
  return cache;
}

describe('a camera from the cache', () => {
  it('is the entity as last applied, streams included', () => {
    const cache = cacheWith(CAMERA, { ...CAMERA, id: 'cam-0008', status: 'offline', streams: { main: 'http://127.0.0.1:9/m.m3u8' } });
    expect(cameraById(cache.db, 'cam-0007')).toEqual(CAMERA);
    expect(cameraById(cache.db, 'cam-0008')).toMatchObject({ status: 'offline', streams: { main: 'http://127.0.0.1:9/m.m3u8' } });
  });

  it('is null for an id the cache does not hold', () => {
    expect(cameraById(cacheWith(CAMERA).db, 'cam-9999')).toBeNull();
  });

  it('is refused with a named error when its stored data no longer passes the entity schema', () => {
    const cache = cacheWith(CAMERA);
    cache.db.prepare("UPDATE camera SET data = json_set(data, '$.status', 'broken') WHERE id = ?").run('cam-0007');
    expect(() => cameraById(cache.db, 'cam-0007')).toThrow(CachedEntityError);
  });

  it('is read by primary key', () => {
    expect(planOf(cacheWith(CAMERA).db, CAMERA_SQL, 'cam-0007')).toMatch(/SEARCH camera USING INDEX sqlite_autoindex_camera_1 \(id=\?\)/);
  });
});

describe('which cameras the cache holds (the wall validates its tiles by it)', () => {
  it('answers the ids it holds among those asked, repeats and unknown ones aside', () => {
    const cache = cacheWith(CAMERA, { ...CAMERA, id: 'cam-0008', status: 'offline' });
    expect([...knownCameras(cache.db, ['cam-0008', 'cam-9999', 'cam-0007', 'cam-0008'])].sort()).toEqual(['cam-0007', 'cam-0008']);
    expect(knownCameras(cache.db, []).size).toBe(0);
  });

  it('looks each id up by primary key', () => {
    expect(planOf(cacheWith(CAMERA).db, KNOWN_CAMERAS_SQL, '["cam-0007"]')).toMatch(/SEARCH camera USING COVERING INDEX sqlite_autoindex_camera_1 \(id=\?\)/);
  });
});
