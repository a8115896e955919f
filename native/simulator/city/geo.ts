/**
 * Plane geometry on WGS84 degrees, enough for a city: point-in-polygon for
 * sampling inside districts, distances in metres, walking along polylines.
 * GeoJSON rings are [lng, lat]; everything the wire carries is lat/lng.
 */

/** A GeoJSON ring: [lng, lat] pairs. */
export type Ring = [number, number][];
/** A polygon: the outer ring, then holes. */
export type Polygon = Ring[];
/** The wire's order (spec §8 `Road.line`). */
export type LatLng = [number, number];

/** Even-odd ray casting; a point on the edge may fall either way (fine at 100 m resolution). */
export function inRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function inPolygon(lng: number, lat: number, polygon: Polygon): boolean {
  if (!inRing(lng, lat, polygon[0]!)) return false;
  for (let h = 1; h < polygon.length; h++) if (inRing(lng, lat, polygon[h]!)) return false;
  return true;
}

const R = 6_371_000;
const rad = Math.PI / 180;

/** Great-circle distance in metres. */
export function distanceM(a: LatLng, b: LatLng): number {
  const dLat = (b[0] - a[0]) * rad;
  const dLng = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Total length of a polyline in metres. */
export function lengthM(line: readonly LatLng[]): number {
  let sum = 0;
  for (let i = 1; i < line.length; i++) sum += distanceM(line[i - 1]!, line[i]!);
  return sum;
}

/** The point `d` metres along `line` (clamped to its ends). */
export function along(line: readonly LatLng[], d: number): LatLng {
  let left = Math.max(0, d);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const seg = distanceM(a, b);
    if (left <= seg && seg > 0) {
      const f = left / seg;
      return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
    }
    left -= seg;
  }
  return line[line.length - 1]!;
}

/** Rounds to 6 decimals (about 0.1 m): what a GPS would send. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
