import { describe, expect, it } from 'vitest';
import { camera } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import type { Role } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { PositionBook } from '../../geo/position-book.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { openOffers, volunteersVerified } from '../../store/queries/map.ts';
import type { CallContext } from '../console-host.ts';
import { CameraFlapping } from './camera-flapping.ts';
import { LivePositions } from './live-positions.ts';
import { followAppliedForMap } from './map-feed.ts';
import { mapHandlers } from './map-handlers.ts';

const NOW = Date.parse('2026-11-28T09:10:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const as = (role: Role): CallContext => ({ role, peer: { label: 'test' } });
type Item = { kind: string; data: Record<string, unknown> };

async function consoleWith(...items: Item[]) {
  const data = await openDataDir(tempDir('map-handlers'), { command: 'test', cacheWriter: 'inline' });
  let seq = 0;
  const apply = (...more: Item[]) => {
    const rows = more.map(({ kind, data: d }) => prepareChange({ seq: ++seq, op: 'upsert', kind, data: d }, seq));
    return data.cache.applyChanges(rows, seq);
  };
  apply(...items);
  const timers = new FakeTimers(NOW);
  const now = () => timers.now();
  const flapping = new CameraFlapping(now);
  const live = new LivePositions({
    book: new PositionBook(),
    facts: { verified: (ids) => volunteersVerified(data.cache.db, ids), openOffers: (at) => openOffers(data.cache.db, at) },
    publish: () => {},
    timers,
    now,
  });
  const follow = (...more: Item[]) => followAppliedForMap(data.cache.db, live, flapping, apply(...more).changed);
  return {
    data,
    timers,
    live,
    flapping,
    follow,
    handlers: mapHandlers({ data, live, flapping, now }),
    close: () => (live.dispose(), data.close()),
  };
}

const volunteer = (id: string, name: string, verified = true): Item => ({
  kind: 'volunteer',
  data: { id, rev: 1, name, points: 10, verified, skills: ['first_aid'] },
});
const position = (id: string, lat: number, secondsAgo: number, state: 'available' | 'busy' = 'available') => ({
  id,
  lat,
  lng: 118.08,
  ts: iso(NOW - secondsAgo * 1000),
  state,
});

describe('the nearest volunteers, as a window asks for them', () => {
  it('are named from the cache, in whole metres, with verified, last seen and the offered state', async () => {
    const c = await consoleWith(volunteer('vol-1', '林*'), volunteer('vol-2', '陈*'), volunteer('vol-unverified', '王*', false), {
      kind: 'incident',
      data: {
        id: 'i-1',
        rev: 1,
        source: '110',
        category: 'public_order',
        priority: 3,
        status: 'new',
        level: 'community',
        title: 't',
        departments: [],
        volunteers: [],
        reported_at: iso(NOW),
        updated_at: iso(NOW),
        attachments: [],
      },
    });
    c.live.apply([
      position('vol-1', 24.456, 4),
      position('vol-2', 24.4552, 61),
      position('vol-unverified', 24.4551, 1),
      position('vol-unknown', 24.4553, 2),
    ]);
    c.follow({
      kind: 'incident_event',
      data: {
        id: 'offer-1',
        rev: 1,
        incident: 'i-1',
        at: iso(NOW - 5_000),
        actor: 'op',
        kind: 'offer',
        data: { volunteers: ['vol-2'], expires_at: iso(NOW + 55_000) },
      },
    });
    c.timers.advance(100);
    const found = await c.handlers['volunteers.nearest'](
      { lat: 24.455, lng: 118.08, k: 5, availableOnly: true, verifiedOnly: true },
      as('call_taker'),
    );
    expect(found).toEqual([
      { id: 'vol-2', name: '陈*', metres: 22, lat: 24.4552, lng: 118.08, state: 'offered', verified: true, lastSeenS: 61 },
      { id: 'vol-1', name: '林*', metres: 111, lat: 24.456, lng: 118.08, state: 'available', verified: true, lastSeenS: 4 },
    ]);
    const everyone = await c.handlers['volunteers.nearest'](
      { lat: 24.455, lng: 118.08, k: 5, availableOnly: false, verifiedOnly: false, radiusM: 40, exclude: ['vol-2'] },
      as('call_taker'),
    );
    expect(everyone.map((v) => [v.id, v.name, v.verified])).toEqual([
      ['vol-unverified', '王*', false],
      ['vol-unknown', null, false],
    ]);
    // A volunteer verified later (their entity changed) is found at once.
    c.follow(volunteer('vol-unverified', '王*', true));
    c.timers.advance(100);
    const now = await c.handlers['volunteers.nearest'](
      { lat: 24.455, lng: 118.08, k: 1, availableOnly: true, verifiedOnly: true },
      as('call_taker'),
    );
    expect(now.map((v) => v.id)).toEqual(['vol-unverified']);
    await c.close();
  });
});

describe('a volunteer on the map', () => {
  it('has a track of their last minutes and a profile with their live state', async () => {
    const c = await consoleWith(volunteer('vol-1', '林*'));
    for (let s = 600; s >= 0; s -= 60) c.live.apply([position('vol-1', 24.45 + s / 1e5, s)]);
    const track = await c.handlers['volunteers.track']({ id: 'vol-1', minutes: 5 }, as('video_patroller'));
    expect(track.ts).toEqual([5, 4, 3, 2, 1, 0].map((m) => NOW - m * 60_000));
    expect(track.lat).toHaveLength(6);
    expect(await c.handlers['volunteers.track']({ id: 'vol-404', minutes: 30 }, as('duty_chief'))).toEqual({ ts: [], lat: [], lng: [] });
    expect(await c.handlers['volunteers.profile']({ id: 'vol-1' }, as('duty_chief'))).toMatchObject({
      id: 'vol-1',
      name: '林*',
      skills: ['first_aid'],
      verified: true,
      state: 'available',
      lastSeenS: 0,
      offers: 0,
      acceptanceRate: null,
    });
    await expect(Promise.resolve().then(() => c.handlers['volunteers.profile']({ id: 'vol-404' }, as('duty_chief')))).rejects.toMatchObject(
      { code: 'not_found' },
    );
    await c.close();
  });
});

describe('cameras on the map', () => {
  it('show flapping once the link applied offline-and-back more than twice in 10 minutes, on the layer and in the nearest list', async () => {
    const c = await consoleWith(
      { kind: 'camera', data: camera('cam-1', 1, { lat: 24.48, lng: 118.1 }) },
      { kind: 'camera', data: camera('cam-2', 1, { lat: 24.49, lng: 118.1 }) },
    );
    c.live.volunteersChanged('all');
    followAppliedForMap(c.data.cache.db, c.live, c.flapping, 'snapshot');
    for (let rev = 2; rev <= 7; rev++) {
      c.follow({ kind: 'camera', data: camera('cam-1', rev, { lat: 24.48, lng: 118.1, status: rev % 2 === 0 ? 'offline' : 'online' }) });
      c.timers.advance(60_000);
    }
    const layer = await c.handlers['map.cameras']({}, as('video_patroller'));
    expect(layer.items.map((cam) => [cam.id, cam.status])).toEqual([
      ['cam-1', 'flapping'],
      ['cam-2', 'online'],
    ]);
    const nearest = await c.handlers['cameras.nearest']({ lat: 24.48, lng: 118.1, k: 5, onlineOnly: false }, as('video_patroller'));
    expect(nearest.map((cam) => [cam.id, cam.status, cam.metres])).toEqual([
      ['cam-1', 'flapping', 0],
      ['cam-2', 'online', 1112],
    ]);
    await c.close();
  });
});
