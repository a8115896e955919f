import { nearestVolunteers } from './nearest.ts';
import { PositionBook, STATES } from './position-book.ts';

export interface NearestFigure {
  volunteers: number;
  k: number;
  queries: number;
  /** Milliseconds per query. */
  medianMs: number;
  p95Ms: number;
  /** How many volunteers passed the filters on average per query (a sanity check of the set-up). */
  meanFound: number;
}

/**
 * Issue 11's nearest figure (k=10 among 10,000 live volunteers with the
 * filters, p95 < 1 ms), for bench:map to call: a book filled across Xiamen
 * with a seeded mix of states and verified flags, then `queries` searches
 * from random points with the dispatch filters (available, verified, 3 km,
 * 20 excluded), each timed alone. `now` is injected for the timing
 * (performance.now in the bench).
 */
export function measureNearest(options: {
  volunteers?: number;
  k?: number;
  queries?: number;
  seed?: number;
  now: () => number;
}): NearestFigure {
  const { volunteers = 10_000, k = 10, queries = 2_000, now } = options;
  let seed = options.seed ?? 20261201;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const point = () => ({ lat: 24.42 + random() * 0.16, lng: 117.98 + random() * 0.24 });
  const book = new PositionBook({ capacity: volunteers });
  const ts = new Date().toISOString();
  book.apply(
    Array.from({ length: volunteers }, (_, i) => ({
      id: `vol-${i}`,
      ...point(),
      ts,
      state: STATES[random() < 0.7 ? 0 : random() < 0.5 ? 1 : 2]!,
    })),
  );
  for (let i = 0; i < volunteers; i++) book.setVerified(`vol-${i}`, random() < 0.8);
  const exclude = new Set(Array.from({ length: 20 }, () => `vol-${Math.floor(random() * volunteers)}`));

  const times: number[] = [];
  let found = 0;
  for (let q = 0; q < queries; q++) {
    const at = point();
    const start = now();
    found += nearestVolunteers(book, at, k, { availableOnly: true, verifiedOnly: true, radiusM: 3_000, exclude }).length;
    times.push(now() - start);
  }
  times.sort((a, b) => a - b);
  const pick = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { volunteers, k, queries, medianMs: pick(0.5), p95Ms: pick(0.95), meanFound: found / queries };
}
