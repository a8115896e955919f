import { metresBetween } from './distance.ts';
import { STATES, type PositionBook, type PositionState } from './position-book.ts';

/** A WGS84 point in degrees. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** A volunteer found near a point, with their latest position. */
export interface NearbyVolunteer {
  id: string;
  /** Great-circle distance from the point, unrounded. */
  metres: number;
  lat: number;
  lng: number;
  state: PositionState;
}

const AVAILABLE = STATES.indexOf('available');

/**
 * The `k` volunteers nearest `point` by their latest positions, nearest
 * first; equal distances in id order, so the same book gives the same list.
 * With `availableOnly`, volunteers who are busy or offline are left out
 * (派单: only someone free can be sent).
 *
 * Brute force over the book's typed arrays: every position is measured once
 * and the best `k` kept in a small sorted list. For 10,000 volunteers that is
 * about 0.2 ms a query (ARCHITECTURE, map), well within a dispatch click. A
 * k-d index rebuilt every 0.5–1 s (kdbush/geokdbush, ~0.05 ms a query) pays
 * off only when the map asks on every hover or frame; it can replace this
 * function behind the same signature then.
 */
export function nearestAvailable(book: PositionBook, point: GeoPoint, k: number, options: { availableOnly?: boolean } = {}): NearbyVolunteer[] {
  const limit = Math.floor(k);
  if (!(limit >= 1)) return [];
  const best: { i: number; id: string; metres: number }[] = [];
  const closer = (metres: number, id: string, than: { metres: number; id: string }) =>
    metres < than.metres || (metres === than.metres && id < than.id);

  for (let i = 0; i < book.size; i++) {
    if (options.availableOnly && book.state[i] !== AVAILABLE) continue;
    const metres = metresBetween(point.lat, point.lng, book.lat[i]!, book.lng[i]!);
    const id = book.idAt(i);
    if (best.length === limit && !closer(metres, id, best[limit - 1]!)) continue;
    // Insert in order; k is small (the API allows 50), so shifting beats a heap.
    let at = best.length;
    while (at > 0 && closer(metres, id, best[at - 1]!)) at--;
    best.splice(at, 0, { i, id, metres });
    if (best.length > limit) best.pop();
  }

  return best.map(({ i, id, metres }) => ({ id, metres, lat: book.lat[i]!, lng: book.lng[i]!, state: STATES[book.state[i]!]! }));
}
