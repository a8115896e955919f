import { afterEach, describe, expect, it } from 'vitest';
import { camera } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { PER_ROAD, trafficCameras } from './traffic-cameras.ts';

type Item = { kind: string; data: Record<string, unknown> };
let open: CacheStore | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

function cacheWith(...items: Item[]): CacheStore {
  const { cache } = CacheStore.open(tempDir('traffic-cameras'));
  const rows = items.map(({ kind, data }, i) => prepareChange({ seq: i + 1, op: 'upsert', kind, data }, i + 1));
  cache.applyChanges(rows, rows.length);
  open = cache;
  return cache;
}
const road = (id: string, name: string, level: string, speedKmh: number | null = null): Item => ({
  kind: 'road',
  data: {
    id,
    rev: 1,
    name,
    district: '350203',
    level,
    ...(speedKmh === null ? {} : { speed_kmh: speedKmh }),
    updated_at: '2026-11-28T08:00:00+08:00',
    line: [
      [24.47, 118.08],
      [24.48, 118.1],
    ],
  },
});
const cam = (id: string, onRoad: string | null, status: 'online' | 'offline' = 'online'): Item => ({
  kind: 'camera',
  data: camera(id, 1, { name: `${onRoad ?? '小区'} ${id}`, status, ...(onRoad ? { road: onRoad } : {}) }),
});
const ids = (rows: { camera: string }[]) => rows.map((r) => r.camera);

describe("the duty chief's traffic cameras", () => {
  it('come from the worst roads first: blocked, then congested, then slow, the slowest first within a level', () => {
    const cache = cacheWith(
      road('road-a', '环岛路', 'smooth', 55),
      road('road-b', '仙岳路', 'congested', 20),
      road('road-c', '成功大道', 'congested', 12),
      road('road-d', '嘉禾路', 'blocked', 6),
      road('road-e', '湖滨南路', 'slow', 25),
      cam('cam-1', '环岛路'),
      cam('cam-2', '仙岳路'),
      cam('cam-3', '成功大道'),
      cam('cam-4', '嘉禾路'),
      cam('cam-5', '湖滨南路'),
      cam('cam-6', null),
    );
    const rows = trafficCameras(cache.db, { k: 10 });
    expect(rows.map((r) => [r.camera, r.roadName, r.level])).toEqual([
      ['cam-4', '嘉禾路', 'blocked'],
      ['cam-3', '成功大道', 'congested'],
      ['cam-2', '仙岳路', 'congested'],
      ['cam-5', '湖滨南路', 'slow'],
      ['cam-1', '环岛路', 'smooth'],
    ]);
    expect(rows[0]).toEqual({
      camera: 'cam-4',
      name: '嘉禾路 cam-4',
      road: 'road-d',
      roadName: '嘉禾路',
      level: 'blocked',
      speedKmh: 6,
      status: 'online',
    });
    expect(ids(trafficCameras(cache.db, { k: 2 }))).toEqual(['cam-4', 'cam-3']);
  });

  it(`spread over the congested roads, ${PER_ROAD} a road, before one road gives more`, () => {
    const cache = cacheWith(
      road('road-b', '仙岳路', 'congested', 20),
      road('road-c', '成功大道', 'congested', 12),
      road('road-a', '环岛路', 'smooth', 55),
      ...['c1', 'c2', 'c3', 'c4'].map((n) => cam(`cam-${n}`, '成功大道')),
      ...['b1', 'b2', 'b3'].map((n) => cam(`cam-${n}`, '仙岳路')),
      cam('cam-a1', '环岛路'),
    );
    expect(ids(trafficCameras(cache.db, { k: 4 }))).toEqual(['cam-c1', 'cam-c2', 'cam-b1', 'cam-b2']);
    expect(ids(trafficCameras(cache.db, { k: 5 }))).toEqual(['cam-c1', 'cam-c2', 'cam-b1', 'cam-b2', 'cam-a1']);
    // Every road has given its share: the worst gives more, still in road order.
    expect(ids(trafficCameras(cache.db, { k: 7 }))).toEqual(['cam-c1', 'cam-c2', 'cam-c3', 'cam-c4', 'cam-b1', 'cam-b2', 'cam-a1']);
  });

  it('are online first, flapping next, and offline only where playable ones do not fill the strip', () => {
    const cache = cacheWith(
      road('road-c', '成功大道', 'blocked', 5),
      road('road-b', '仙岳路', 'slow', 30),
      cam('cam-1', '成功大道', 'offline'),
      cam('cam-2', '成功大道'),
      cam('cam-3', '成功大道'),
      cam('cam-4', '仙岳路'),
    );
    const flapping = (id: string) => id === 'cam-2';
    expect(trafficCameras(cache.db, { k: 3, isFlapping: flapping }).map((r) => [r.camera, r.status])).toEqual([
      ['cam-3', 'online'],
      ['cam-2', 'flapping'],
      ['cam-4', 'online'],
    ]);
    expect(trafficCameras(cache.db, { k: 4, isFlapping: flapping }).map((r) => [r.camera, r.status])).toEqual([
      ['cam-3', 'online'],
      ['cam-2', 'flapping'],
      ['cam-1', 'offline'],
      ['cam-4', 'online'],
    ]);
  });

  it("find a camera whether it names its road by the road's id or its name, and pass over roads no camera stands on", () => {
    const cache = cacheWith(
      road('road-x', '莲前大道', 'blocked', 4),
      road('road-c', '成功大道', 'congested', 12),
      road('road-b', '仙岳路', 'slow', 30),
      cam('cam-1', 'road-c'),
      cam('cam-2', '仙岳路'),
      cam('cam-3', '不在缓存的路'),
    );
    expect(trafficCameras(cache.db, { k: 5 }).map((r) => [r.camera, r.road, r.roadName])).toEqual([
      ['cam-1', 'road-c', '成功大道'],
      ['cam-2', 'road-b', '仙岳路'],
    ]);
  });

  it('are none when the cache holds no roads yet', () => {
    const cache = cacheWith(cam('cam-1', '成功大道'));
    expect(trafficCameras(cache.db, { k: 6 })).toEqual([]);
  });
});
