import type { Geometry, Position } from 'geojson';
import type { Districts } from './districts.ts';

/**
 * The district a WGS84 point lies in, by the offline base's boundaries
 * (resources/map, about 100 m resolution), or null outside all six (the
 * sea, another city). For a pin dropped where no place of the address base
 * is near: the incident still gets its district.
 */
export function districtAt(data: Districts, lat: number, lng: number): string | null {
  for (const feature of data.features) {
    if (inGeometry(feature.geometry, lng, lat)) return feature.properties.code;
  }
  return null;
}

function inGeometry(geometry: Geometry, x: number, y: number): boolean {
  if (geometry.type === 'Polygon') return inPolygon(geometry.coordinates, x, y);
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.some((polygon) => inPolygon(polygon, x, y));
  return false;
}

/** Inside the outer ring and outside every hole (even-odd ray casting). */
function inPolygon(rings: Position[][], x: number, y: number): boolean {
  const [outer, ...holes] = rings;
  return !!outer && inRing(outer, x, y) && !holes.some((hole) => inRing(hole, x, y));
}

function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
