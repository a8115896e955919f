import { describe, expect, it } from 'vitest';
import { camera, incident } from '../../../tests/support/entities.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import type { IncidentFilter } from '../../api/index.ts';
import { metresBetween } from '../../geo/distance.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import {
  CAMERAS_IN_BOX_SQL,
  RECENT_OFFERS_SQL,
  cameraStatuses,
  mapCameras,
  mapIncidentSql,
  mapIncidents,
  mapRoads,
  mapStations,
  nearestCameras,
  openOffers,
  volunteersVerified,
} from './map.ts';

const NOW = Date.parse('2026-11-28T12:00:00+08:00');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

type Item = { kind: string; data: Record<string, unknown> };
function cacheWith(...items: Item[]) {
  const { cache } = CacheStore.open(tempDir('map-queries'));
  const rows = items.map(({ kind, data }, i) => prepareChange({ seq: i + 1, op: 'upsert', kind, data }, i + 1));
  cache.applyChanges(rows, rows.length);
  return cache;
}
const inc = (id: string, extra: Record<string, unknown> = {}): Item => ({ kind: 'incident', data: incident(id, 1, extra) });
const cam = (id: string, extra: Record<string, unknown> = {}): Item => ({ kind: 'camera', data: camera(id, 1, extra) });
const event = (id: string, incidentId: string, at: number, kind: string, data: Record<string, unknown>): Item => ({
  kind: 'incident_event',
  data: { id, rev: 1, incident: incidentId, at: iso(at), actor: 'platform', kind, data },
});
const volunteer = (id: string, verified: boolean): Item => ({
  kind: 'volunteer',
  data: { id, rev: 1, name: `志愿者${id}`, points: 0, verified, skills: [] },
});

describe('the map’s incidents', () => {
  it('are the located open ones and those ended within the window, with overdue by the console’s clock', () => {
    const cache = cacheWith(
      inc('open-late', { status: 'dispatched', priority: 1, due_at: iso(NOW - 60_000) }),
      inc('open-in-time', { status: 'new', due_at: iso(NOW + 60_000) }),
      inc('open-unlocated', { status: 'new', lat: null, lng: null }),
      inc('closed-recent', { status: 'closed', updated_at: iso(NOW - 2 * HOUR), due_at: iso(NOW - 3 * HOUR) }),
      inc('cancelled-recent', { status: 'cancelled', updated_at: iso(NOW - 23 * HOUR) }),
      inc('resolved-old', { status: 'resolved', updated_at: iso(NOW - 25 * HOUR) }),
      inc('merged', { status: 'merged', updated_at: iso(NOW - HOUR) }),
    );
    const items = mapIncidents(cache.db, { filter: {}, endedWithinHours: 24, now: NOW });
    const byId = new Map(items.map((i) => [i.id, i]));
    expect([...byId.keys()].sort()).toEqual(['cancelled-recent', 'closed-recent', 'open-in-time', 'open-late']);
    expect(byId.get('open-late')).toMatchObject({
      open: true,
      overdue: true,
      priority: 1,
      status: 'dispatched',
      lat: 24.4798,
      lng: 118.0894,
      district: '350203',
    });
    expect(byId.get('open-in-time')).toMatchObject({ open: true, overdue: false });
    // Past its deadline but ended: not overdue.
    expect(byId.get('closed-recent')).toMatchObject({ open: false, overdue: false });
    expect(
      mapIncidents(cache.db, { filter: {}, endedWithinHours: 1, now: NOW })
        .map((i) => i.id)
        .sort(),
    ).toEqual(['open-in-time', 'open-late']);
    cache.close();
  });

  it('take the board’s filter, for the open and the ended alike', () => {
    const cache = cacheWith(
      inc('p1-siming', { priority: 1, district: '350203' }),
      inc('p3-huli', { priority: 3, district: '350206' }),
      inc('p1-closed', { priority: 1, status: 'closed', updated_at: iso(NOW - HOUR) }),
      inc('fire', { category: 'fire.building', title: '仓库起火' }),
    );
    const ids = (filter: Parameters<typeof mapIncidents>[1]['filter']) =>
      mapIncidents(cache.db, { filter, endedWithinHours: 24, now: NOW })
        .map((i) => i.id)
        .sort();
    expect(ids({ priority: [1] })).toEqual(['p1-closed', 'p1-siming']);
    expect(ids({ district: ['350206'] })).toEqual(['p3-huli']);
    expect(ids({ status: ['closed'] })).toEqual(['p1-closed']);
    expect(ids({ category: 'fire' })).toEqual(['fire']);
    expect(ids({ search: '仓库' })).toEqual(['fire']);
    cache.close();
  });

  it('read the open ones through the status index and the ended ones through the ended index, never every incident', () => {
    const cache = cacheWith(inc('a'));
    const sql = mapIncidentSql({}, NOW, NOW - 24 * HOUR)!;
    expect(planOf(cache.db, sql.open.sql, ...sql.open.params)).toBe('SEARCH incident USING INDEX incident_board (status=?)');
    expect(planOf(cache.db, sql.ended.sql, ...sql.ended.params)).toBe('SEARCH incident USING INDEX incident_ended (updated_ms>?)');
    const filters: IncidentFilter[] = [
      { district: ['350203'], priority: [1, 2] },
      { overdue: true },
      { search: '噪音' },
      { status: ['closed'] },
    ];
    for (const filter of filters) {
      const filtered = mapIncidentSql(filter, NOW, NOW - 24 * HOUR)!;
      expect(planOf(cache.db, filtered.ended.sql, ...filtered.ended.params)).toMatch(
        /^SEARCH incident USING INDEX incident_ended \(updated_ms>\?\)/,
      );
      expect(planOf(cache.db, filtered.open.sql, ...filtered.open.params)).toMatch(
        /^SEARCH incident USING INDEX incident_(district_board|board|status_due) /,
      );
    }
    cache.close();
  });
});

describe('the map’s cameras, roads and stations', () => {
  it('lists every camera with its place and status', () => {
    const cache = cacheWith(cam('cam-2', { status: 'offline', road: '湖滨南路' }), cam('cam-1'));
    expect(mapCameras(cache.db)).toEqual([
      { id: 'cam-1', name: '摄像头 cam-1', lat: 24.5, lng: 118.1, district: '350206', road: null, kind: 'fixed', status: 'online' },
      { id: 'cam-2', name: '摄像头 cam-2', lat: 24.5, lng: 118.1, district: '350206', road: '湖滨南路', kind: 'fixed', status: 'offline' },
    ]);
    expect(cameraStatuses(cache.db, ['cam-2', 'cam-404'])).toEqual([{ id: 'cam-2', status: 'offline' }]);
    expect(cameraStatuses(cache.db, 'all')).toHaveLength(2);
    expect(cameraStatuses(cache.db, [])).toEqual([]);
    cache.close();
  });

  it('draws roads that have a line, with their level and speed', () => {
    const road = (id: string, extra: Record<string, unknown>): Item => ({
      kind: 'road',
      data: { id, rev: 1, name: `路 ${id}`, district: '350203', level: 'congested', speed_kmh: 12.5, updated_at: iso(NOW), ...extra },
    });
    const line = [
      [24.45, 118.08],
      [24.46, 118.09],
    ];
    const cache = cacheWith(
      road('r-1', { line }),
      road('r-no-line', {}),
      road('r-null-line', { line: null }),
      road('r-2', { line, level: 'blocked', speed_kmh: null }),
    );
    expect(mapRoads(cache.db)).toEqual([
      { id: 'r-1', name: '路 r-1', district: '350203', level: 'congested', speedKmh: 12.5, line },
      { id: 'r-2', name: '路 r-2', district: '350203', level: 'blocked', speedKmh: null, line },
    ]);
    cache.close();
  });

  it('gives the stations of units that have one', () => {
    const unit = (id: string, extra: Record<string, unknown>): Item => ({
      kind: 'department',
      data: { id, rev: 1, name: `单位 ${id}`, kind: 'fire', level: 'district', ...extra },
    });
    const cache = cacheWith(
      unit('d-1', { lat: 24.47, lng: 118.1, district: '350203' }),
      unit('d-none', {}),
      unit('d-2', { lat: 24.5, lng: 118 }),
    );
    expect(mapStations(cache.db)).toEqual([
      { id: 'd-1', name: '单位 d-1', kind: 'fire', level: 'district', district: '350203', lat: 24.47, lng: 118.1 },
      { id: 'd-2', name: '单位 d-2', kind: 'fire', level: 'district', district: null, lat: 24.5, lng: 118 },
    ]);
    cache.close();
  });
});

describe('the cameras nearest a point (through the camera R*Tree)', () => {
  const POINT = { lat: 24.48, lng: 118.1 };
  it('agrees with measuring every camera, near and far, online only when asked, ties by id', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cameras: Item[] = Array.from({ length: 400 }, (_, i) =>
      cam(`cam-${String(i).padStart(3, '0')}`, {
        lat: 24.38 + random() * 0.2,
        lng: 118.0 + random() * 0.2,
        status: random() < 0.3 ? 'offline' : 'online',
      }),
    );
    // Two on the same spot, and one exactly at the point.
    cameras.push(
      cam('cam-tie-b', { ...POINT, lat: POINT.lat + 0.001 }),
      cam('cam-tie-a', { ...POINT, lat: POINT.lat + 0.001 }),
      cam('cam-here', POINT),
    );
    const cache = cacheWith(...cameras);
    const all = cameras.map(({ data }) => ({
      id: data.id as string,
      status: data.status as string,
      metres: metresBetween(POINT.lat, POINT.lng, data.lat as number, data.lng as number),
    }));
    const sorted = (xs: typeof all) => [...xs].sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : 1));
    for (const k of [1, 3, 20, 50]) {
      expect(nearestCameras(cache.db, { ...POINT, k, onlineOnly: false }).map((c) => c.id)).toEqual(
        sorted(all)
          .slice(0, k)
          .map((c) => c.id),
      );
      expect(nearestCameras(cache.db, { ...POINT, k, onlineOnly: true }).map((c) => c.id)).toEqual(
        sorted(all.filter((c) => c.status === 'online'))
          .slice(0, k)
          .map((c) => c.id),
      );
    }
    expect(nearestCameras(cache.db, { ...POINT, k: 3, onlineOnly: false }).map((c) => c.id)).toEqual([
      'cam-here',
      'cam-tie-a',
      'cam-tie-b',
    ]);
    // From far outside the city the boxes grow until they hold k cameras (or 50 km).
    expect(nearestCameras(cache.db, { lat: 24.9, lng: 118.1, k: 2, onlineOnly: false })).toHaveLength(2);
    expect(planOf(cache.db, CAMERAS_IN_BOX_SQL, 1, 0, 1, 0)).toMatch(/SCAN g VIRTUAL TABLE INDEX \d+:/);
    cache.close();
  });

  it('finds nothing in an empty cache', () => {
    const cache = cacheWith();
    expect(nearestCameras(cache.db, { ...POINT, k: 5, onlineOnly: false })).toEqual([]);
    cache.close();
  });
});

describe('facts the live volunteer layer reads', () => {
  it('says which volunteers are verified, leaving out ids the cache does not hold', () => {
    const cache = cacheWith(volunteer('v-1', true), volunteer('v-2', false));
    expect([...volunteersVerified(cache.db, ['v-1', 'v-2', 'v-404'])].sort()).toEqual([
      ['v-1', true],
      ['v-2', false],
    ]);
    cache.close();
  });

  it('finds the volunteers in an offer still open: not expired, not taken, not declined by them', () => {
    const expires = (ms: number) => iso(ms);
    const cache = cacheWith(
      inc('i-1'),
      inc('i-2'),
      inc('i-3'),
      inc('i-4'),
      // Open: v-1 declined it, v-2 and v-3 still asked.
      event('offer-open', 'i-1', NOW - 30_000, 'offer', { volunteers: ['v-1', 'v-2', 'v-3'], expires_at: expires(NOW + 30_000) }),
      event('e-decline', 'i-1', NOW - 20_000, 'decline', { volunteer: 'v-1', offer: 'offer-open' }),
      // Taken by v-4: over for v-5 too.
      event('offer-taken', 'i-2', NOW - 30_000, 'offer', { volunteers: ['v-4', 'v-5'], expires_at: expires(NOW + 30_000) }),
      event('e-accept', 'i-2', NOW - 10_000, 'accept', { volunteer: 'v-4', offer: 'offer-taken' }),
      // Ran out by the clock, and one the platform said expired.
      event('offer-late', 'i-3', NOW - 120_000, 'offer', { volunteers: ['v-6'], expires_at: expires(NOW - 60_000) }),
      event('offer-expired', 'i-4', NOW - 20_000, 'offer', { volunteers: ['v-7'], expires_at: expires(NOW + 40_000) }),
      event('e-expire', 'i-4', NOW - 5_000, 'expire', { offer: 'offer-expired' }),
      // Open later on the same incident as the taken one: its own offer.
      event('offer-again', 'i-2', NOW - 5_000, 'offer', { volunteers: ['v-8'], expires_at: expires(NOW + 10_000) }),
    );
    const open = openOffers(cache.db, NOW);
    expect([...open.volunteers].sort()).toEqual(['v-2', 'v-3', 'v-8']);
    expect(open.nextExpiry).toBe(NOW + 10_000);
    expect(openOffers(cache.db, NOW + 10_000)).toEqual({ volunteers: new Set(['v-2', 'v-3']), nextExpiry: NOW + 30_000 });
    expect(openOffers(cache.db, NOW + 30_000)).toEqual({ volunteers: new Set(), nextExpiry: null });
    expect(planOf(cache.db, RECENT_OFFERS_SQL, NOW)).toMatch(/^SEARCH incident_event USING INDEX incident_event_offers \(at_ms>\?\)$/);
    cache.close();
  });
});
