import { describe, expect, it } from 'vitest';
import { PositionBook } from './position-book.ts';

const T0 = Date.parse('2026-11-28T09:00:00+08:00');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const p = (id: string, minutes: number, lat = 24.48, state: 'available' | 'busy' | 'offline' = 'available') => ({
  id,
  lat,
  lng: 118.09,
  ts: at(minutes),
  state,
});

describe('live volunteer positions (spec §5)', () => {
  it('keeps the newest position per volunteer in its slot; an older report changes nothing', () => {
    const book = new PositionBook();
    expect(book.apply([p('vol-1', 1, 24.1), p('vol-2', 1, 24.2), p('vol-1', 1.5, 24.15)])).toEqual([0, 1]);
    expect(book.apply([p('vol-1', 0, 24.9)])).toEqual([]);
    expect(book.apply([p('vol-1', 2, 24.3, 'busy')])).toEqual([0]);
    expect(book.latest('vol-1')).toMatchObject({ lat: 24.3, state: 'busy', verified: false });
    expect(book.size).toBe(2);
    expect(book.newest).toBe(Date.parse(at(2)));
  });

  it('grows its typed arrays past the first capacity, flags included', () => {
    const book = new PositionBook({ capacity: 4 });
    book.apply(Array.from({ length: 100 }, (_, i) => p(`vol-${i}`, 1, 24 + i / 1000)));
    expect(book.size).toBe(100);
    expect(book.latest('vol-99')!.lat).toBeCloseTo(24.099);
    expect(book.idAt(99)).toBe('vol-99');
    expect(book.setVerified('vol-99', true)).toBe(true);
    expect(book.setVerified('vol-404', true)).toBe(false);
    expect(book.verified[book.slotOf('vol-99')!]).toBe(1);
  });

  it('gives a track from a time on, oldest first, and keeps no more than the window and a trimming batch', () => {
    const book = new PositionBook();
    for (let minute = 0; minute <= 90; minute++) book.apply([p('vol-1', minute, 24 + minute / 1000)]);
    const track = book.track('vol-1', Date.parse(at(60)));
    expect(track.ts[0]).toBe(Date.parse(at(60)));
    expect(track.ts.at(-1)).toBe(Date.parse(at(90)));
    expect(track.lat).toHaveLength(31);
    expect(book.trackPoints()).toBeLessThanOrEqual(31 + 32);
    expect(book.track('vol-404', 0)).toEqual({ ts: [], lat: [], lng: [] });
  });

  it('leaves a late report out of the track too, so a track stays in time order', () => {
    const book = new PositionBook();
    book.apply([p('vol-1', 1, 24.1), p('vol-1', 3, 24.3)]);
    book.apply([p('vol-1', 2, 24.2)]);
    expect(book.track('vol-1', 0).lat).toEqual([24.1, 24.3]);
    expect(book.latest('vol-1')!.lat).toBe(24.3);
  });

  it('a configured window (the memory benchmark’s 2 minutes) bounds every track, and a trim forgets volunteers who went quiet', () => {
    const book = new PositionBook({ trackMs: 2 * 60_000 });
    for (let second = 0; second <= 600; second++) book.apply([p('vol-moving', second / 60, 24 + second / 1e5)]);
    book.apply([p('vol-quiet', 0), p('vol-quiet', 0.5)]);
    expect(book.trackPoints()).toBeLessThanOrEqual(121 + 32 + 2);
    book.trimTracks(book.newest);
    expect(book.track('vol-moving', 0).ts).toHaveLength(121);
    expect(book.track('vol-quiet', 0).ts).toEqual([]);
    expect(book.trackPoints()).toBe(121);
    // The quiet volunteer keeps their slot and latest position: only the trail went.
    expect(book.latest('vol-quiet')).not.toBeNull();
  });

  it('gets a new id when cleared, so slots of the old book are not read in the new one', () => {
    const book = new PositionBook();
    book.apply([p('vol-1', 1)]);
    const first = book.id;
    book.clear();
    expect(book.id).not.toBe(first);
    expect(book.size).toBe(0);
    expect(book.latest('vol-1')).toBeNull();
    expect(() => new PositionBook({ trackMs: 0 })).toThrow(/positive/);
  });
});
