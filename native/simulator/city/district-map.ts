import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { District } from '../../protocol/entities.ts';
import type { Random } from '../types.ts';
import { IndexedRing, type LatLng, type Polygon } from './geo.ts';

/**
 * The six districts' WGS84 boundaries from resources/map (converted once from
 * the GCJ-02 demo data by make-map.ts). Every generated point is sampled
 * inside the polygon of the district it claims, so the console's map and its
 * district filters agree.
 */

export const DEFAULT_MAP_FILE = fileURLToPath(new URL('../../../resources/map/xiamen-districts.wgs84.geojson', import.meta.url));

interface Shape {
  /** Each polygon's outer ring, then its holes. */
  polygons: IndexedRing[][];
  /** [minLng, minLat, maxLng, maxLat] */
  bbox: [number, number, number, number];
}

export class DistrictMap {
  private readonly shapes = new Map<District, Shape>();

  constructor(file: string = DEFAULT_MAP_FILE) {
    const fc = JSON.parse(readFileSync(file, 'utf8')) as {
      features: { properties: { code: District }; geometry: { type: string; coordinates: unknown } }[];
    };
    for (const f of fc.features) {
      const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Polygon[];
      const bbox: Shape['bbox'] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const p of polygons) {
        for (const [lng, lat] of p[0]!) {
          bbox[0] = Math.min(bbox[0], lng);
          bbox[1] = Math.min(bbox[1], lat);
          bbox[2] = Math.max(bbox[2], lng);
          bbox[3] = Math.max(bbox[3], lat);
        }
      }
      this.shapes.set(f.properties.code, { polygons: polygons.map((p) => p.map((ring) => new IndexedRing(ring))), bbox });
    }
  }

  contains(code: District, [lat, lng]: LatLng): boolean {
    const s = this.shapes.get(code);
    if (!s || lng < s.bbox[0] || lat < s.bbox[1] || lng > s.bbox[2] || lat > s.bbox[3]) return false;
    return s.polygons.some(([outer, ...holes]) => outer!.contains(lng, lat) && !holes.some((h) => h.contains(lng, lat)));
  }

  /** The district a point lies in, if any (the sea and Kinmen lie in none). */
  districtAt(point: LatLng): District | undefined {
    for (const code of this.shapes.keys()) if (this.contains(code, point)) return code;
    return undefined;
  }

  /**
   * A point in `code`: near `near` (Gaussian, `sigmaDeg` ≈ 0.01° ≈ 1 km) when
   * that lands inside, else anywhere in the district.
   */
  sample(code: District, random: Random, near?: LatLng, sigmaDeg = 0.01): LatLng {
    if (near) {
      for (let i = 0; i < 30; i++) {
        const p: LatLng = [near[0] + gauss(random) * sigmaDeg, near[1] + gauss(random) * sigmaDeg];
        if (this.contains(code, p)) return p;
      }
    }
    const s = this.shapes.get(code)!;
    for (;;) {
      const p: LatLng = [s.bbox[1] + random() * (s.bbox[3] - s.bbox[1]), s.bbox[0] + random() * (s.bbox[2] - s.bbox[0])];
      if (this.contains(code, p)) return p;
    }
  }
}

/** A standard normal draw (Box–Muller). */
export function gauss(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
