import { describe, expect, it } from 'vitest';
import type { PackedPositions } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { PositionBook } from '../../geo/position-book.ts';
import { LivePositions } from './live-positions.ts';

const T0 = Date.parse('2026-11-28T09:00:00+08:00');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const p = (id: string, s: number, lat = 24.48, state: 'available' | 'busy' | 'offline' = 'available') => ({
  id,
  lat,
  lng: 118.09,
  ts: at(s),
  state,
});

function live(options: { verified?: Record<string, boolean>; trackMs?: number } = {}) {
  const timers = new FakeTimers(T0);
  const pushed: PackedPositions[] = [];
  const facts = {
    verified: options.verified ?? {},
    offers: { volunteers: new Set<string>(), nextExpiry: null as number | null },
    asked: [] as string[][],
  };
  const positions = new LivePositions({
    book: new PositionBook(options.trackMs ? { trackMs: options.trackMs } : {}),
    facts: {
      verified: (ids) => {
        facts.asked.push([...ids]);
        return new Map(ids.filter((id) => id in facts.verified).map((id) => [id, facts.verified[id]!]));
      },
      openOffers: () => facts.offers,
    },
    publish: (u) => pushed.push(u),
    timers,
    now: () => timers.now(),
    flushMs: 100,
    trimEveryMs: 60_000,
  });
  return { timers, pushed, facts, positions };
}

describe('the live volunteer layer (positions.packed)', () => {
  it('sends the latest of each moved slot at most every 100 ms, naming slots the first time they go out', () => {
    const { timers, pushed, positions } = live();
    positions.apply([p('vol-a', 1, 24.1), p('vol-b', 1, 24.2)]);
    positions.apply([p('vol-a', 2, 24.15)]);
    expect(pushed).toEqual([]);
    timers.advance(0);
    expect(pushed).toEqual([
      {
        book: positions.book.id,
        slots: [0, 1],
        lat: [24.15, 24.2],
        lng: [118.09, 118.09],
        state: [0, 0],
        ts: [T0 + 2000, T0 + 1000],
        ids: [
          [0, 'vol-a'],
          [1, 'vol-b'],
        ],
      },
    ]);
    positions.apply([p('vol-b', 3, 24.3, 'busy')]);
    timers.advance(50);
    positions.apply([p('vol-c', 3, 24.4, 'offline')]);
    timers.advance(49);
    expect(pushed).toHaveLength(1);
    timers.advance(1);
    expect(pushed[1]).toEqual({
      book: positions.book.id,
      slots: [1, 2],
      lat: [24.3, 24.4],
      lng: [118.09, 118.09],
      state: [1, 2],
      ts: [T0 + 3000, T0 + 3000],
      ids: [[2, 'vol-c']],
    });
    // An older report moves nothing and sends nothing.
    positions.apply([p('vol-c', 1, 25)]);
    timers.advance(1_000);
    expect(pushed).toHaveLength(2);
  });

  it('gives every slot with every id for a window that starts (map.positions)', () => {
    const { positions } = live();
    positions.apply([p('vol-a', 1, 24.1), p('vol-b', 1, 24.2, 'busy')]);
    expect(positions.all()).toEqual({
      book: positions.book.id,
      slots: [0, 1],
      lat: [24.1, 24.2],
      lng: [118.09, 118.09],
      state: [0, 1],
      ts: [T0 + 1000, T0 + 1000],
      ids: [
        [0, 'vol-a'],
        [1, 'vol-b'],
      ],
    });
  });

  it('marks available volunteers in an open offer as offered, and back when the offer runs out', () => {
    const { timers, pushed, facts, positions } = live();
    positions.apply([p('vol-a', 1), p('vol-b', 1), p('vol-busy', 1, 24.48, 'busy')]);
    timers.advance(100);
    expect(pushed).toHaveLength(1);
    facts.offers = { volunteers: new Set(['vol-b', 'vol-busy', 'vol-not-on-map']), nextExpiry: T0 + 60_000 };
    positions.offersChanged();
    timers.advance(100);
    // Only vol-b changed what a window draws; a busy volunteer stays busy.
    expect(pushed[1]).toMatchObject({ slots: [1], state: [3], ids: [] });
    expect(positions.stateName(1)).toBe('offered');
    expect(positions.stateName(2)).toBe('busy');
    // A volunteer new to the map who is already offered shows so at once.
    facts.offers = { volunteers: new Set(['vol-b', 'vol-new']), nextExpiry: T0 + 60_000 };
    positions.offersChanged();
    positions.apply([p('vol-new', 2)]);
    timers.advance(100);
    expect(pushed[2]).toMatchObject({ slots: [3], state: [3], ids: [[3, 'vol-new']] });
    // The offer runs out by the clock: the host reads the offers again then, without being told.
    facts.offers = { volunteers: new Set(), nextExpiry: null };
    timers.advance(60_000 - 300 - 1);
    expect(pushed).toHaveLength(3);
    timers.advance(1);
    expect(pushed[3]).toMatchObject({ slots: [1, 3], state: [0, 0] });
  });

  it('reads verified from the cache for volunteers new to the map and again when their entity changes', () => {
    const { timers, facts, positions } = live({ verified: { 'vol-a': true, 'vol-b': false } });
    positions.apply([p('vol-a', 1), p('vol-b', 1), p('vol-unknown', 1)]);
    expect(facts.asked).toEqual([['vol-a', 'vol-b', 'vol-unknown']]);
    expect([...positions.book.verified.subarray(0, 3)]).toEqual([1, 0, 0]);
    facts.verified = { 'vol-a': false, 'vol-unknown': true };
    positions.volunteersChanged(['vol-a', 'vol-unknown', 'vol-not-on-map']);
    positions.volunteersChanged(['vol-a']);
    timers.advance(100);
    expect(facts.asked.at(-1)).toEqual(['vol-a', 'vol-unknown']);
    expect([...positions.book.verified.subarray(0, 3)]).toEqual([0, 0, 1]);
    // After a snapshot, everyone again.
    facts.verified = { 'vol-b': true };
    positions.volunteersChanged('all');
    timers.advance(100);
    expect([...positions.book.verified.subarray(0, 3)]).toEqual([0, 1, 0]);
  });

  it('cuts the tracks of volunteers who stopped reporting every minute, by the newest position time', () => {
    const { timers, positions } = live({ trackMs: 2 * 60_000 });
    positions.apply([p('vol-quiet', 0), p('vol-quiet', 30)]);
    for (let s = 0; s <= 300; s += 5) positions.apply([p('vol-moving', s)]);
    expect(positions.book.track('vol-quiet', 0).ts).toHaveLength(2);
    timers.advance(60_000);
    expect(positions.book.track('vol-quiet', 0).ts).toHaveLength(0);
    expect(positions.book.track('vol-moving', 0).ts).toHaveLength(25);
    positions.dispose();
    expect(timers.scheduled).toBe(0);
  });
});
