// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { warning } from '../../test-support/warning-fixtures.ts';
import { circleRing, warningBounds, warningOutlineLines } from './warning-outlines.ts';

describe('warning outlines on the map', () => {
  it("draws each open cluster's hull closed and its scanned circle; other kinds and handled clusters not", () => {
    const lines = warningOutlineLines(
      [
        warning({ key: 'a' }),
        warning({ key: 'b', status: 'acknowledged' }),
        warning({ key: 'c', kind: 'surge', area: null, outline: [] }),
        warning({ key: 'd', kind: 'repeat_address' }),
      ],
      null,
    );
    expect(lines.map((l) => [l.id, l.style])).toEqual([
      ['a', 1],
      ['a', 0],
    ]);
    const hull = lines.find((l) => l.style === 0)!;
    expect(hull.points).toHaveLength(4);
    expect(hull.points.at(-1)).toEqual(hull.points[0]);
  });

  it('draws the selected warning last, in the highlight styles, even when it is handled', () => {
    const lines = warningOutlineLines([warning({ key: 'a' }), warning({ key: 'b', status: 'dismissed' }), warning({ key: 'c' })], 'b');
    expect(lines.map((l) => [l.id, l.style])).toEqual([
      ['a', 1],
      ['a', 0],
      ['c', 1],
      ['c', 0],
      ['b', 3],
      ['b', 2],
    ]);
  });

  it('a cluster of two incidents is a line, with its circle; one without a place draws nothing', () => {
    const two = warningOutlineLines(
      [
        warning({
          outline: [
            [24.45, 118.08],
            [24.46, 118.09],
          ],
        }),
      ],
      null,
    );
    expect(two.find((l) => l.style === 0)!.points).toHaveLength(2);
    expect(warningOutlineLines([warning({ outline: [], area: null })], null)).toEqual([]);
    expect(warningBounds(warning({ outline: [], area: null }))).toBeNull();
  });

  it('the circle is the scanned radius around its centre (within a metre) and closes', () => {
    const area = { lat: 24.4539, lng: 118.0889, radiusM: 500 };
    const ring = circleRing(area);
    expect(ring.at(-1)![0]).toBeCloseTo(ring[0]![0], 9);
    expect(ring.at(-1)![1]).toBeCloseTo(ring[0]![1], 9);
    const metres = ([lat, lng]: [number, number]) => {
      const dy = (lat - area.lat) * 111_320;
      const dx = (lng - area.lng) * 111_320 * Math.cos((area.lat * Math.PI) / 180);
      return Math.hypot(dx, dy);
    };
    for (const p of ring) expect(Math.abs(metres(p) - 500)).toBeLessThan(1);
    const [[south, west], [north, east]] = warningBounds({ outline: [], area })!;
    expect(north - south).toBeCloseTo((2 * 500) / 111_320, 6);
    expect(east).toBeGreaterThan(west);
  });
});
