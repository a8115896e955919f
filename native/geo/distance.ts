/** The mean Earth radius (IUGG) the console measures with. */
export const EARTH_RADIUS_M = 6_371_008.8;

const toRad = Math.PI / 180;

/** Great-circle distance in metres between two WGS84 points (haversine). */
export function metresBetween(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * toRad;
  const dLng = (lng2 - lng1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * A lat/lng box that contains every point within `metres` (great-circle) of
 * the centre, for a prefilter (an R*Tree, a scan) before measuring. It must
 * never be smaller than the circle, or a point right at the edge is lost:
 * the circle's widest longitude is asin(sin δ / cos φ) (δ its angular
 * radius), reached north of the centre, wider than δ / cos φ. The last
 * millionth is slack for rounding.
 */
export function boxAround(lat: number, lng: number, metres: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const delta = metres / EARTH_RADIUS_M;
  const dLat = (delta / toRad) * (1 + 1e-6);
  const ratio = Math.sin(delta) / Math.cos(lat * toRad);
  const dLng = ratio >= 1 ? 180 : (Math.asin(ratio) / toRad) * (1 + 1e-6);
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng };
}
