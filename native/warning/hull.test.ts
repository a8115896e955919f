import { describe, expect, it } from 'vitest';
import { convexHull } from './hull.ts';

describe('convexHull', () => {
  it('outlines a square, leaving out points inside, on an edge and repeated', () => {
    const corners = [
      [24.4, 118.0],
      [24.4, 118.1],
      [24.5, 118.1],
      [24.5, 118.0],
    ] as const;
    const inside = [
      [24.45, 118.05],
      [24.42, 118.08],
    ] as const;
    const onEdge = [[24.4, 118.05]] as const;
    const hull = convexHull([...inside, ...corners, ...onEdge, ...corners, corners[0]]);
    expect(hull).toHaveLength(4);
    expect(new Set(hull.map((p) => p.join(',')))).toEqual(new Set(corners.map((p) => p.join(','))));
  });

  it('gives a repeated point once, and two distinct points as a segment', () => {
    expect(convexHull([[24.4, 118.0], [24.4, 118.0], [24.4, 118.0]])).toEqual([[24.4, 118.0]]);
    expect(convexHull([[24.5, 118.1], [24.4, 118.0], [24.5, 118.1]])).toEqual([
      [24.4, 118.0],
      [24.5, 118.1],
    ]);
  });
});
