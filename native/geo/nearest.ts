import { boxAround, metresBetween } from './distance.ts';
import { STATES, type PositionBook } from './position-book.ts';

/** A WGS84 point in degrees. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** Who may be listed (派单: only someone free, vetted and not asked already). */
export interface NearestFilter {
  /** Leave out volunteers whose latest report says busy or offline. */
  availableOnly?: boolean;
  /** Leave out volunteers the cache does not hold as verified (PositionBook.verified). */
  verifiedOnly?: boolean;
  /** Only volunteers at most this many metres away (great-circle); the edge itself is inside. */
  radiusM?: number;
  /** Volunteers never to list (an earlier wave's, say). */
  exclude?: ReadonlySet<string>;
}

/** A volunteer found near a point: their slot in the book and the unrounded distance. */
export interface NearbySlot {
  slot: number;
  id: string;
  metres: number;
}

const AVAILABLE = STATES.indexOf('available');

/**
 * The `k` volunteers nearest `point` by their latest positions, nearest
 * first; equal distances in id order, so the same book gives the same list.
 *
 * Brute force over the book's typed arrays: every position passing the
 * filters is measured once and the best `k` kept in a small sorted list.
 * With a radius, a lat/lng box around the point (boxAround) turns most
 * volunteers away with four comparisons before any trigonometry. For 10,000
 * volunteers a query takes about 0.2 ms without a radius (ARCHITECTURE,
 * map), under issue 11's 1 ms; bench:map reports the p95
 * (nearest-figure.ts). A k-d index (geokdbush) would be ~0.05 ms but must be
 * rebuilt as 1,000 positions a second move, and answers a second later.
 */
export function nearestVolunteers(book: PositionBook, point: GeoPoint, k: number, filter: NearestFilter = {}): NearbySlot[] {
  const limit = Math.floor(k);
  if (!(limit >= 1)) return [];
  const { availableOnly = false, verifiedOnly = false, radiusM, exclude } = filter;
  const box = radiusM === undefined ? null : boxAround(point.lat, point.lng, radiusM);
  const { lat, lng, state, verified } = book;
  const best: NearbySlot[] = [];
  const closer = (metres: number, id: string, than: NearbySlot) => metres < than.metres || (metres === than.metres && id < than.id);

  for (let i = 0; i < book.size; i++) {
    if (availableOnly && state[i] !== AVAILABLE) continue;
    if (verifiedOnly && verified[i] !== 1) continue;
    const la = lat[i]!;
    const ln = lng[i]!;
    if (box && (la < box.minLat || la > box.maxLat || ln < box.minLng || ln > box.maxLng)) continue;
    const metres = metresBetween(point.lat, point.lng, la, ln);
    if (radiusM !== undefined && metres > radiusM) continue;
    if (best.length === limit && metres > best[limit - 1]!.metres) continue;
    const id = book.idAt(i);
    if (best.length === limit && !closer(metres, id, best[limit - 1]!)) continue;
    if (exclude?.has(id)) continue;
    // Insert in order; k is small (the API allows 50), so shifting beats a heap.
    let at = best.length;
    while (at > 0 && closer(metres, id, best[at - 1]!)) at--;
    best.splice(at, 0, { slot: i, id, metres });
    if (best.length > limit) best.pop();
  }
  return best;
}
