import { describe, expect, it } from 'vitest';
import { metresBetween } from './distance.ts';
import { nearestAvailable } from './nearest.ts';
import { PositionBook, type PositionState } from './position-book.ts';

// The incident: Zhongshan Road, Siming. 0.001° of latitude is about 111 m.
const INCIDENT = { lat: 24.455, lng: 118.08 };
const TS = '2026-11-28T09:00:00+08:00';

function bookOf(...volunteers: [id: string, northMetres: number, state?: PositionState][]): PositionBook {
  const book = new PositionBook();
  book.apply(volunteers.map(([id, north, state = 'available']) => ({ id, lat: INCIDENT.lat + north / 111_195, lng: INCIDENT.lng, ts: TS, state })));
  return book;
}

describe('nearest volunteers to an incident (派单)', () => {
  it('lists the k nearest, nearest first, with distance and latest position', () => {
    const book = bookOf(['vol-far', 900], ['vol-near', 100], ['vol-south', -300], ['vol-mid', 500]);
    const found = nearestAvailable(book, INCIDENT, 3);
    expect(found.map((v) => v.id)).toEqual(['vol-near', 'vol-south', 'vol-mid']);
    expect(found[0]!.metres).toBeCloseTo(100, 0);
    expect(found[1]).toEqual({
      id: 'vol-south',
      metres: metresBetween(INCIDENT.lat, INCIDENT.lng, book.latest('vol-south')!.lat, INCIDENT.lng),
      lat: book.latest('vol-south')!.lat,
      lng: INCIDENT.lng,
      state: 'available',
    });
  });

  it('gives everyone when fewer than k are on the map', () => {
    const book = bookOf(['vol-b', 200], ['vol-a', 50]);
    expect(nearestAvailable(book, INCIDENT, 10).map((v) => v.id)).toEqual(['vol-a', 'vol-b']);
    expect(nearestAvailable(book, INCIDENT, 1).map((v) => v.id)).toEqual(['vol-a']);
  });

  it('leaves out busy and offline volunteers when only available ones are asked for', () => {
    const book = bookOf(['vol-busy', 10, 'busy'], ['vol-offline', 20, 'offline'], ['vol-free', 800]);
    expect(nearestAvailable(book, INCIDENT, 2, { availableOnly: true }).map((v) => v.id)).toEqual(['vol-free']);
    expect(nearestAvailable(book, INCIDENT, 2).map((v) => [v.id, v.state])).toEqual([
      ['vol-busy', 'busy'],
      ['vol-offline', 'offline'],
    ]);
  });

  it('follows a volunteer who became busy after their last report', () => {
    const book = bookOf(['vol-1', 10], ['vol-2', 400]);
    book.apply([{ id: 'vol-1', lat: INCIDENT.lat, lng: INCIDENT.lng, ts: '2026-11-28T09:01:00+08:00', state: 'busy' }]);
    expect(nearestAvailable(book, INCIDENT, 1, { availableOnly: true }).map((v) => v.id)).toEqual(['vol-2']);
  });

  it('orders equal distances by id, whatever order the positions arrived in', () => {
    const book = bookOf(['vol-c', 200], ['vol-a', 200], ['vol-far', 600], ['vol-b', 200]);
    expect(nearestAvailable(book, INCIDENT, 3).map((v) => v.id)).toEqual(['vol-a', 'vol-b', 'vol-c']);
    // The cut at k keeps the lower ids of a tie.
    expect(nearestAvailable(book, INCIDENT, 2).map((v) => v.id)).toEqual(['vol-a', 'vol-b']);
  });

  it('finds nobody in an empty book, or when nobody is available, or for k below 1', () => {
    expect(nearestAvailable(new PositionBook(), INCIDENT, 5)).toEqual([]);
    expect(nearestAvailable(bookOf(['vol-1', 10, 'busy']), INCIDENT, 5, { availableOnly: true })).toEqual([]);
    expect(nearestAvailable(bookOf(['vol-1', 10]), INCIDENT, 0)).toEqual([]);
  });

  it('agrees with sorting every volunteer by distance', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const states: PositionState[] = ['available', 'busy', 'offline'];
    const book = new PositionBook();
    book.apply(
      Array.from({ length: 2_000 }, (_, i) => ({
        id: `vol-${i}`,
        lat: 24.4 + random() * 0.2,
        lng: 118.0 + random() * 0.2,
        ts: TS,
        state: states[Math.floor(random() * 3)]!,
      })),
    );
    const all = Array.from({ length: book.size }, (_, i) => book.idAt(i))
      .map((id) => ({ id, ...book.latest(id)! }))
      .filter((v) => v.state === 'available')
      .map((v) => ({ id: v.id, metres: metresBetween(INCIDENT.lat, INCIDENT.lng, v.lat, v.lng) }))
      .sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : 1));
    expect(nearestAvailable(book, INCIDENT, 25, { availableOnly: true }).map((v) => v.id)).toEqual(all.slice(0, 25).map((v) => v.id));
  });
});
