import { describe, expect, it } from 'vitest';
import { incident, place } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { PlaceMatch, type Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { metresBetween } from '../../geo/distance.ts';
import { ConsoleHost } from '../console-host.ts';
import { placeHandlers } from './places.ts';

const NOW = Date.parse('2026-11-28T09:10:00+08:00');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString().replace('Z', '+00:00');

const PLACES = [
  place('pl-district', 1, { name: '思明区', kind: 'district', street: null, community: null, aliases: ['思明'] }),
  place('pl-street', 1, { name: '滨海街道', kind: 'street', community: null, aliases: [] }),
  place('pl-road', 1, { name: '湖滨南路', kind: 'road', community: null, aliases: [] }),
  place('pl-388', 1),
  place('pl-100', 1, { name: '湖滨南路100号', aliases: [], lat: 24.4752, lng: 118.0981 }),
  place('pl-station', 1, { name: '厦门北站', kind: 'poi', district: '350211', street: '后溪镇', community: null, aliases: ['北站'], lat: 24.6386, lng: 118.0746 }),
  // A community's point is its centre: a pin is never snapped to it.
  place('pl-community', 1, { name: '前埔社区', kind: 'community', district: '350206', street: '金山街道', community: null, aliases: [], lat: 24.5, lng: 118.17 }),
];

const INCIDENTS = [
  incident('inc-recent', 1, { address: '湖滨南路与湖滨一路交叉口', reported_at: daysAgo(1), district: '350203', street: '滨海街道' }),
  incident('inc-recent-again', 1, { address: '湖滨南路与湖滨一路交叉口', reported_at: daysAgo(2), district: '350203' }),
  incident('inc-old', 1, { address: '湖滨南路旧货市场门口', reported_at: daysAgo(9) }),
];

/** A console host over a real data dir holding the places and incidents, signed in as `role` (null: signed out). */
async function consoleAs(role: Role | null, options: { indexIncidents: boolean } = { indexIncidents: true }) {
  const data = await openDataDir(tempDir('places-host'), { command: 'test', cacheWriter: 'inline' });
  const items = [...PLACES.map((p) => ({ kind: 'place', data: p })), ...INCIDENTS.map((i) => ({ kind: 'incident', data: i }))];
  data.cache.applyChanges(items.map((item, i) => prepareChange({ seq: i + 1, op: 'upsert', ...item }, i + 1)), items.length);
  // Incidents' text entries are built when the link is idle; until then recent addresses are found by a scan.
  if (options.indexIncidents) while (data.cache.indexPending()) { /* all of them */ }
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: placeHandlers(data, () => NOW) as never });
  const call = (method: string, params: unknown) => host.call(method, params, { label: 'test' });
  return { call, close: () => data.close() };
}

type Matches = { result: { items: PlaceMatch[] } };
type Geocoded = { result: { best: PlaceMatch | null; alternatives: PlaceMatch[] } };

describe('places.suggest through the host', () => {
  it('offers places first, then the address of a recent incident once, never one older than a week', async () => {
    const { call, close } = await consoleAs('call_taker');
    const { result } = (await call('places.suggest', { text: '湖滨南路' })) as Matches;
    expect(result.items.map((m) => [m.source, m.name])).toEqual([
      ['place', '湖滨南路'],
      ['place', '湖滨南路100号'],
      ['place', '湖滨南路388号'],
      ['recent', '湖滨南路与湖滨一路交叉口'],
    ]);
    for (const item of result.items) expect(PlaceMatch.parse(item)).toEqual(item);
    expect(result.items[0]).toMatchObject({ id: 'pl-road', kind: 'road', precision: 'road', district: '350203', address: '厦门市思明区湖滨南路' });
    expect(result.items[3]).toMatchObject({ id: null, kind: null, district: '350203', street: '滨海街道', lat: 24.4798 });
    await close();
  });

  it('finds recent addresses whose text entry is not built yet', async () => {
    const { call, close } = await consoleAs('call_taker', { indexIncidents: false });
    const { result } = (await call('places.suggest', { text: '交叉口' })) as Matches;
    expect(result.items.map((m) => m.name)).toEqual(['湖滨南路与湖滨一路交叉口']);
    await close();
  });

  it('finds a place by pinyin initials and by alias, and honours the limit', async () => {
    const { call, close } = await consoleAs('video_patroller');
    expect(((await call('places.suggest', { text: 'hbnl', limit: 2 })) as Matches).result.items.map((m) => m.id)).toEqual(['pl-road', 'pl-100']);
    expect(((await call('places.suggest', { text: '北站' })) as Matches).result.items.map((m) => m.id)).toEqual(['pl-station']);
    await close();
  });

  it('refuses a caller who is not signed in, and text out of bounds, by the contract', async () => {
    const signedOut = await consoleAs(null);
    expect(await signedOut.call('places.suggest', { text: '湖滨' })).toMatchObject({ code: 'unauthenticated' });
    await signedOut.close();
    const { call, close } = await consoleAs('duty_chief');
    expect(await call('places.suggest', { text: '' })).toMatchObject({ code: 'invalid_params' });
    expect(await call('places.suggest', { text: '湖滨', limit: 21 })).toMatchObject({ code: 'invalid_params' });
    expect(await call('places.geocode', { address: 'x'.repeat(201) })).toMatchObject({ code: 'invalid_params' });
    await close();
  });
});

describe('places.geocode through the host', () => {
  it('locates a full typed address to the place, with what the incident is filed with', async () => {
    const { call, close } = await consoleAs('call_taker');
    const { result } = (await call('places.geocode', { address: '厦门市思明区湖滨南路388号' })) as Geocoded;
    expect(result.best).toEqual({
      source: 'place', id: 'pl-388', name: '湖滨南路388号', address: '厦门市思明区湖滨南路388号', kind: 'address', precision: 'address',
      district: '350203', street: '滨海街道', community: '振兴社区', lat: 24.4771, lng: 118.1102, score: 1,
    });
    await close();
  });

  it('falls back to the road for a house number the base lacks, and offers the nearest numbers', async () => {
    const { call, close } = await consoleAs('call_taker');
    const { result } = (await call('places.geocode', { address: '湖滨南路390号' })) as Geocoded;
    expect(result.best).toMatchObject({ id: 'pl-road', precision: 'road' });
    expect(result.alternatives.slice(0, 2).map((m) => m.id)).toEqual(['pl-388', 'pl-100']);
    await close();
  });

  it('finds a misspelt address and a district typed alone; nothing at all is best null', async () => {
    const { call, close } = await consoleAs('call_taker');
    const best = async (address: string) => ((await call('places.geocode', { address })) as Geocoded).result.best;
    expect(await best('湖宾南路388号')).toMatchObject({ id: 'pl-388', precision: 'address' });
    expect(await best('思明区')).toMatchObject({ id: 'pl-district', precision: 'district' });
    expect(await best('火星基地')).toBeNull();
    await close();
  });
});

type Nearest = { result: { place: PlaceMatch | null; metres: number | null } };

describe('places.nearest through the host (a pin on the intake map)', () => {
  it('snaps to the nearest address or landmark within the distance, with what the incident is filed with', async () => {
    const { call, close } = await consoleAs('call_taker');
    // About 40 m east of 湖滨南路388号, 1.2 km from 湖滨南路100号.
    const { result } = (await call('places.nearest', { lat: 24.4771, lng: 118.1106, maxMetres: 100 })) as Nearest;
    expect(PlaceMatch.parse(result.place)).toEqual(result.place);
    expect(result.place).toMatchObject({
      id: 'pl-388',
      source: 'place',
      precision: 'address',
      address: '厦门市思明区湖滨南路388号',
      district: '350203',
      street: '滨海街道',
      community: '振兴社区',
      lat: 24.4771,
      lng: 118.1102,
    });
    expect(result.metres).toBeCloseTo(metresBetween(24.4771, 118.1106, 24.4771, 118.1102), 6);
    const station = (await call('places.nearest', { lat: 24.639, lng: 118.075 })) as Nearest;
    expect(station.result.place).toMatchObject({ id: 'pl-station', kind: 'poi', district: '350211' });
    await close();
  });

  it('finds nothing farther than maxMetres, to the centimetre at the edge', async () => {
    const { call, close } = await consoleAs('call_taker');
    const point = { lat: 24.4752, lng: 118.0986 };
    const exact = metresBetween(point.lat, point.lng, 24.4752, 118.0981);
    const within = (await call('places.nearest', { ...point, maxMetres: exact + 0.01 })) as Nearest;
    expect(within.result.place?.id).toBe('pl-100');
    const beyond = (await call('places.nearest', { ...point, maxMetres: exact - 0.01 })) as Nearest;
    expect(beyond.result).toEqual({ place: null, metres: null });
    await close();
  });

  it('never snaps to a district, street, community or road: their point is a centre', async () => {
    const { call, close } = await consoleAs('call_taker');
    const { result } = (await call('places.nearest', { lat: 24.5, lng: 118.17, maxMetres: 2000 })) as Nearest;
    expect(result).toEqual({ place: null, metres: null });
    await close();
  });

  it('refuses a caller who is not signed in, and a radius out of bounds', async () => {
    const signedOut = await consoleAs(null);
    expect(await signedOut.call('places.nearest', { lat: 24.5, lng: 118.1 })).toMatchObject({ code: 'unauthenticated' });
    await signedOut.close();
    const { call, close } = await consoleAs('call_taker');
    expect(await call('places.nearest', { lat: 24.5, lng: 118.1, maxMetres: 5000 })).toMatchObject({ code: 'invalid_params' });
    await close();
  });
});
