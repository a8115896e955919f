import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../time.ts';
import { DEFAULT_MAP_FILE } from './district-map.ts';
import { IndexedRing, inRing, type Ring } from './geo.ts';

const rings: Ring[] = (
  JSON.parse(readFileSync(DEFAULT_MAP_FILE, 'utf8')) as { features: { geometry: { type: string; coordinates: Ring[] | Ring[][] } }[] }
).features.flatMap((f) =>
  f.geometry.type === 'Polygon' ? (f.geometry.coordinates as Ring[]) : (f.geometry.coordinates as Ring[][]).flat(),
);

describe('IndexedRing', () => {
  it('answers exactly as the plain ray cast, for points anywhere round every district ring', () => {
    const random = seededRandom(3);
    let inside = 0;
    const disagree: string[] = [];
    for (const ring of rings) {
      const indexed = new IndexedRing(ring);
      const lngs = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
      const points: [number, number][] = [];
      // Inside and round the ring's box, and on its vertices' own latitudes (the bands' edges).
      for (let i = 0; i < 3000; i++) points.push([x0 - 0.01 + random() * (x1 - x0 + 0.02), y0 - 0.01 + random() * (y1 - y0 + 0.02)]);
      for (const [lng, lat] of ring) points.push([lng + (random() - 0.5) * 0.01, lat], [lng, lat]);
      for (const [lng, lat] of points) {
        const expected = inRing(lng, lat, ring);
        if (expected) inside += 1;
        if (indexed.contains(lng, lat) !== expected) disagree.push(`${lng},${lat}`);
      }
    }
    expect(disagree).toEqual([]);
    expect(inside).toBeGreaterThan(1000);
  });
});
