import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareChange } from '../../link/prepare.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { CacheStore } from '../cache-store.ts';
import { CAMERA_STREAM_URLS_SQL, cameraStreamOrigins } from './camera-origins.ts';

const dirs: string[] = [];
const caches: CacheStore[] = [];
afterEach(() => {
  caches.splice(0).forEach((c) => c.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const camera = (n: number, streams: Record<string, unknown>) => ({
  id: `cam-${n}`,
  rev: 1,
  name: `camera ${n}`,
  district: '350203',
  road: null,
  lat: 24.47,
  lng: 118.11,
  kind: 'fixed',
  status: 'online',
  streams,
  tags: [],
});

function cacheWith(...cameras: Record<string, unknown>[]): CacheStore {
  const dir = mkdtempSync(join(tmpdir(), 'egret-camera-origins-'));
  dirs.push(dir);
  const { cache } = CacheStore.open(dir);
  caches.push(cache);
  cache.applyChanges(
    cameras.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'camera', data }, i + 1)),
    cameras.length,
  );
  return cache;
}

describe("the origins the cached cameras' streams come from", () => {
  it('are each http(s) origin of a main or sub stream once, sorted, default ports dropped', () => {
    const cache = cacheWith(
      camera(1, { main: 'https://cams.xm.gov.cn:8443/hls/1/main.m3u8', sub: 'https://cams.xm.gov.cn:8443/hls/1/sub.m3u8' }),
      camera(2, { main: 'https://CAMS.xm.gov.cn:8443/hls/2/main.m3u8', sub: null }),
      camera(3, { main: 'http://10.1.2.3/live/3.m3u8', sub: 'https://edge.xm.gov.cn:443/3/sub.m3u8' }),
      camera(4, { main: 'rtsp://10.1.2.4/stream' }),
    );
    expect(cameraStreamOrigins(cache.db)).toEqual(['http://10.1.2.3', 'https://cams.xm.gov.cn:8443', 'https://edge.xm.gov.cn']);
  });

  it('are cut from URLs of every shape as from whole ones: no path, a query or fragment first, upper case, no host, other stream keys or non-text left out', () => {
    const cache = cacheWith(
      camera(1, { main: 'https://gw.xm.gov.cn', sub: 'https://gw2.xm.gov.cn:9443?token=a/b' }),
      camera(2, { main: 'HTTP://GW3.XM.GOV.CN#x/y', sub: 'http:///no-host' }),
      camera(3, { main: 42, sub: 'https://gw.xm.gov.cn/live/3.m3u8', hd: 'https://elsewhere.example/3' }),
    );
    expect(cameraStreamOrigins(cache.db)).toEqual(['http://gw3.xm.gov.cn', 'https://gw.xm.gov.cn', 'https://gw2.xm.gov.cn:9443']);
  });

  it('are none for a cache without cameras', () => {
    expect(cameraStreamOrigins(cacheWith().db)).toEqual([]);
  });

  it('are read by scanning the camera table (a few thousand rows, once per page load)', () => {
    const plan = planOf(cacheWith().db, CAMERA_STREAM_URLS_SQL);
    expect(plan).toMatch(/SCAN camera/);
    expect(plan).not.toMatch(/SEARCH/);
  });
});
