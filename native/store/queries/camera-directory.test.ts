import { describe, expect, it } from 'vitest';
import { camera } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { cameraDirectory, cameraMatch, searchCameras } from './camera-directory.ts';

const CAMERAS = [
  camera('cam-0003', 1, { name: '湖滨南路莲前段 002', district: '350203', road: '湖滨南路' }),
  camera('cam-0001', 1, { name: '湖滨南路筼筜段 001', district: '350203', road: '湖滨南路', status: 'offline' }),
  camera('cam-0002', 1, { name: '思明区前埔社区农贸市场', district: '350203', tags: ['community', '前埔社区', '农贸市场'] }),
  camera('cam-0010', 1, { name: '嘉禾路湖里段 001', district: '350206', road: '嘉禾路', kind: 'ptz' }),
  camera('cam-0100', 1, { name: '湖里区殿前社区湖边公园入口', district: '350206', tags: ['community'] }),
];

function cacheWithCameras() {
  const { cache } = CacheStore.open(tempDir('camera-directory'));
  cache.applyChanges(
    CAMERAS.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'camera', data }, i + 1)),
    CAMERAS.length,
  );
  cache.indexPending();
  return cache;
}

describe('the camera directory', () => {
  it('lists every camera district → road → name, the district’s cameras on no road first', () => {
    const cache = cacheWithCameras();
    expect(cameraDirectory(cache.db).map((c) => [c.district, c.road, c.name])).toEqual([
      ['350203', null, '思明区前埔社区农贸市场'],
      ['350203', '湖滨南路', '湖滨南路筼筜段 001'],
      ['350203', '湖滨南路', '湖滨南路莲前段 002'],
      ['350206', null, '湖里区殿前社区湖边公园入口'],
      ['350206', '嘉禾路', '嘉禾路湖里段 001'],
    ]);
    expect(cameraDirectory(cache.db)[1]).toEqual({
      id: 'cam-0001',
      name: '湖滨南路筼筜段 001',
      district: '350203',
      road: '湖滨南路',
      kind: 'fixed',
      status: 'offline',
    });
    cache.close();
  });

  it('finds by id prefix first, in id order, then by text', () => {
    const cache = cacheWithCameras();
    const ids = (q: string, limit = 20) => searchCameras(cache.db, q, limit).map((c) => c.id);
    expect(ids('cam-000')).toEqual(['cam-0001', 'cam-0002', 'cam-0003']);
    expect(ids('cam-01')).toEqual(['cam-0100']);
    expect(ids('cam-0', 2)).toEqual(['cam-0001', 'cam-0002']);
    expect(ids('cam-9')).toEqual([]);
    // The number the directory shows finds it too.
    expect(ids('000')).toEqual(['cam-0001', 'cam-0002', 'cam-0003']);
    expect(ids('0100')).toEqual(['cam-0100']);
    cache.close();
  });

  it('finds by Chinese name, road or district, by pinyin initials and by full pinyin; the name weighs most', () => {
    const cache = cacheWithCameras();
    const ids = (q: string) => searchCameras(cache.db, q, 20).map((c) => c.id);
    expect(ids('湖滨南路').sort()).toEqual(['cam-0001', 'cam-0003']);
    expect(ids('筼筜')).toEqual(['cam-0001']);
    expect(ids('hbnl').sort()).toEqual(['cam-0001', 'cam-0003']);
    expect(ids('hubinnanlu lianqian')).toEqual(['cam-0003']);
    expect(ids('HBNL 002')).toEqual(['cam-0003']);
    expect(ids('nmsc')).toEqual(['cam-0002']);
    expect(ids('湖里区').sort()).toEqual(['cam-0010', 'cam-0100']);
    // In the name beats in the district only: 思明区 names one community camera, and holds two road cameras.
    expect(ids('思明')).toHaveLength(3);
    expect(ids('思明')[0]).toBe('cam-0002');
    // Characters must stand side by side: "湖路" is in no name as such.
    expect(ids('湖路')).toEqual([]);
    cache.close();
  });

  it('answers nothing for text with nothing to search, and FTS syntax in the text is plain text', () => {
    const cache = cacheWithCameras();
    expect(searchCameras(cache.db, '   ', 20)).toEqual([]);
    expect(cameraMatch('"*()')).toBeNull();
    expect(searchCameras(cache.db, 'hbnl" OR "a', 20)).toEqual([]);
    expect(searchCameras(cache.db, 'NEAR(湖 滨)', 20).map((c) => c.id)).toEqual([]);
    cache.close();
  });
});
