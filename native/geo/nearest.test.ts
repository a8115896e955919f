import { describe, expect, it } from 'vitest';
import { nearestVolunteers, type NearestFilter } from './nearest.ts';
import { PositionBook, type PositionState } from './position-book.ts';

// The incident: Zhongshan Road, Siming.
const INCIDENT = { lat: 24.455, lng: 118.08 };
const TS = '2026-11-28T09:00:00+08:00';

// Written here, not imported: the list must agree with a computation that shares no code with it.
const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
function haversine(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const h = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
/** The point `metres` from `from` on a bearing (degrees from north), on the same sphere. */
function destination(from: { lat: number; lng: number }, bearing: number, metres: number): { lat: number; lng: number } {
  const d = metres / R;
  const lat = Math.asin(Math.sin(rad(from.lat)) * Math.cos(d) + Math.cos(rad(from.lat)) * Math.sin(d) * Math.cos(rad(bearing)));
  const lng =
    rad(from.lng) +
    Math.atan2(Math.sin(rad(bearing)) * Math.sin(d) * Math.cos(rad(from.lat)), Math.cos(d) - Math.sin(rad(from.lat)) * Math.sin(lat));
  return { lat: (lat * 180) / Math.PI, lng: (lng * 180) / Math.PI };
}

interface Volunteer {
  id: string;
  lat: number;
  lng: number;
  state: PositionState;
  verified: boolean;
}

function bookOf(volunteers: readonly Volunteer[]): PositionBook {
  const book = new PositionBook();
  book.apply(volunteers.map(({ id, lat, lng, state }) => ({ id, lat, lng, state, ts: TS })));
  for (const v of volunteers) book.setVerified(v.id, v.verified);
  return book;
}

/** Every volunteer measured, filtered and sorted: what the nearest list must equal. */
function bruteForce(volunteers: readonly Volunteer[], k: number, filter: NearestFilter): { id: string; metres: number }[] {
  return volunteers
    .filter((v) => !filter.availableOnly || v.state === 'available')
    .filter((v) => !filter.verifiedOnly || v.verified)
    .filter((v) => !filter.exclude?.has(v.id))
    .map((v) => ({ id: v.id, metres: haversine(INCIDENT.lat, INCIDENT.lng, v.lat, v.lng) }))
    .filter((v) => filter.radiusM === undefined || v.metres <= filter.radiusM)
    .sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

const north = (id: string, metres: number, state: PositionState = 'available', verified = true): Volunteer => ({
  id,
  ...destination(INCIDENT, 0, metres),
  state,
  verified,
});

describe('nearest volunteers to an incident (派单)', () => {
  it('lists the k nearest, nearest first, with their slots and distances', () => {
    const volunteers = [
      north('vol-far', 900),
      north('vol-near', 100),
      { ...north('vol-south', 0), ...destination(INCIDENT, 180, 300) },
      north('vol-mid', 500),
    ];
    const book = bookOf(volunteers);
    const found = nearestVolunteers(book, INCIDENT, 3);
    expect(found.map((v) => v.id)).toEqual(['vol-near', 'vol-south', 'vol-mid']);
    expect(found[0]!.metres).toBeCloseTo(100, 6);
    expect(found[1]!.slot).toBe(book.slotOf('vol-south'));
  });

  it('leaves out the busy, the offline, the unverified and the excluded when asked to', () => {
    const volunteers = [
      north('vol-busy', 10, 'busy'),
      north('vol-offline', 20, 'offline'),
      north('vol-unverified', 30, 'available', false),
      north('vol-asked-before', 40),
      north('vol-free', 800),
    ];
    const book = bookOf(volunteers);
    const filter = { availableOnly: true, verifiedOnly: true, exclude: new Set(['vol-asked-before']) };
    expect(nearestVolunteers(book, INCIDENT, 5, filter).map((v) => v.id)).toEqual(['vol-free']);
    expect(nearestVolunteers(book, INCIDENT, 2).map((v) => v.id)).toEqual(['vol-busy', 'vol-offline']);
    expect(nearestVolunteers(book, INCIDENT, 5, { verifiedOnly: true }).map((v) => v.id)).toEqual([
      'vol-busy',
      'vol-offline',
      'vol-asked-before',
      'vol-free',
    ]);
  });

  it('counts a volunteer right on the radius as inside, and one a centimetre beyond as outside, whichever way they lie', () => {
    const radiusM = 500;
    const volunteers: Volunteer[] = [];
    for (let bearing = 0; bearing < 360; bearing += 15) {
      for (const [tag, metres] of [
        ['at', radiusM],
        ['in', radiusM - 0.01],
        ['out', radiusM + 0.01],
      ] as const) {
        volunteers.push({
          id: `vol-${tag}-${String(bearing).padStart(3, '0')}`,
          ...destination(INCIDENT, bearing, metres),
          state: 'available',
          verified: true,
        });
      }
    }
    const book = bookOf(volunteers);
    const found = nearestVolunteers(book, INCIDENT, 50, { radiusM }).map((v) => v.id);
    expect(found).toEqual(bruteForce(volunteers, 50, { radiusM }).map((v) => v.id));
    expect(found.filter((id) => id.startsWith('vol-in-'))).toHaveLength(24);
    expect(found.some((id) => id.startsWith('vol-out-'))).toBe(false);
    // The points exactly on the circle are inside unless rounding put them a hair beyond it: the brute force says which.
    const onCircle = volunteers.filter((v) => v.id.startsWith('vol-at-') && haversine(INCIDENT.lat, INCIDENT.lng, v.lat, v.lng) <= radiusM);
    expect(onCircle.length).toBeGreaterThan(0);
    for (const v of onCircle) expect(found).toContain(v.id);
  });

  it('orders equal distances by id, whatever order the positions arrived in, and cuts a tie at k by id', () => {
    const at200 = (id: string, bearing: number): Volunteer => ({
      id,
      ...destination(INCIDENT, bearing, 200),
      state: 'available',
      verified: true,
    });
    // The same point three times: a tie to the last bit.
    const same = destination(INCIDENT, 45, 200);
    const volunteers = [
      { ...at200('vol-c', 0), ...same },
      { ...at200('vol-a', 0), ...same },
      north('vol-far', 600),
      { ...at200('vol-b', 0), ...same },
    ];
    const book = bookOf(volunteers);
    expect(nearestVolunteers(book, INCIDENT, 3).map((v) => v.id)).toEqual(['vol-a', 'vol-b', 'vol-c']);
    expect(nearestVolunteers(book, INCIDENT, 2).map((v) => v.id)).toEqual(['vol-a', 'vol-b']);
    expect(nearestVolunteers(book, INCIDENT, 2, { exclude: new Set(['vol-a']) }).map((v) => v.id)).toEqual(['vol-b', 'vol-c']);
  });

  it('finds nobody in an empty book, when nobody passes, or for k below 1', () => {
    expect(nearestVolunteers(new PositionBook(), INCIDENT, 5)).toEqual([]);
    expect(nearestVolunteers(bookOf([north('vol-1', 10, 'busy')]), INCIDENT, 5, { availableOnly: true })).toEqual([]);
    expect(nearestVolunteers(bookOf([north('vol-1', 10)]), INCIDENT, 0)).toEqual([]);
    expect(nearestVolunteers(bookOf([north('vol-1', 1_000)]), INCIDENT, 5, { radiusM: 999 })).toEqual([]);
  });

  it('agrees with measuring every volunteer, for every mix of filters, among 5,000 across the city', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const states: PositionState[] = ['available', 'busy', 'offline'];
    const volunteers: Volunteer[] = Array.from({ length: 5_000 }, (_, i) => ({
      id: `vol-${i}`,
      lat: 24.4 + random() * 0.2,
      lng: 118.0 + random() * 0.2,
      state: states[Math.floor(random() * 3)]!,
      verified: random() < 0.7,
    }));
    // Ties: a few volunteers share a spot.
    for (let i = 1; i <= 5; i++)
      Object.assign(volunteers[i * 100]!, { lat: volunteers[0]!.lat, lng: volunteers[0]!.lng, state: 'available', verified: true });
    const book = bookOf(volunteers);
    const exclude = new Set(volunteers.filter((_, i) => i % 7 === 0).map((v) => v.id));
    for (const availableOnly of [false, true]) {
      for (const verifiedOnly of [false, true]) {
        for (const radiusM of [undefined, 800, 3_000]) {
          for (const ex of [undefined, exclude]) {
            const filter: NearestFilter = {
              availableOnly,
              verifiedOnly,
              ...(radiusM === undefined ? {} : { radiusM }),
              ...(ex ? { exclude: ex } : {}),
            };
            const found = nearestVolunteers(book, INCIDENT, 25, filter);
            const expected = bruteForce(volunteers, 25, filter);
            expect(found.map((v) => v.id)).toEqual(expected.map((v) => v.id));
            found.forEach((v, i) => expect(v.metres).toBeCloseTo(expected[i]!.metres, 6));
          }
        }
      }
    }
    const tied = { lat: volunteers[0]!.lat, lng: volunteers[0]!.lng };
    expect(nearestVolunteers(book, tied, 3).map((v) => v.id)).toEqual(['vol-0', 'vol-100', 'vol-200']);
  });
});
