import { describe, expect, it } from 'vitest';
import { PositionBook } from './position-book.ts';

const at = (minutes: number) => new Date(Date.parse('2026-11-28T09:00:00+08:00') + minutes * 60_000).toISOString();
const p = (id: string, minutes: number, lat = 24.48, state: 'available' | 'busy' | 'offline' = 'available') => ({
  id,
  lat,
  lng: 118.09,
  ts: at(minutes),
  state,
});

describe('live volunteer positions (spec §5)', () => {
  it('keeps the newest position per volunteer; an older report changes nothing', () => {
    const book = new PositionBook();
    expect(book.apply([p('vol-1', 1, 24.1), p('vol-2', 1, 24.2)])).toHaveLength(2);
    expect(book.apply([p('vol-1', 0, 24.9)])).toEqual([]);
    expect(book.apply([p('vol-1', 2, 24.3, 'busy')])).toHaveLength(1);
    expect(book.latest('vol-1')).toMatchObject({ lat: 24.3, state: 'busy' });
    expect(book.size).toBe(2);
  });

  it('grows its typed arrays past the first capacity', () => {
    const book = new PositionBook(30 * 60_000, 4);
    book.apply(Array.from({ length: 100 }, (_, i) => p(`vol-${i}`, 1, 24 + i / 1000)));
    expect(book.size).toBe(100);
    expect(book.latest('vol-99')!.lat).toBeCloseTo(24.099);
    expect(book.idAt(99)).toBe('vol-99');
  });

  it('keeps each track for the last 30 minutes', () => {
    const book = new PositionBook();
    for (let minute = 0; minute <= 90; minute++) book.apply([p('vol-1', minute, 24 + minute / 1000)]);
    const track = book.track('vol-1');
    expect(track[0]!.ts).toBe(Date.parse(at(60)));
    expect(track.at(-1)!.ts).toBe(Date.parse(at(90)));
    expect(track).toHaveLength(31);
  });
});
