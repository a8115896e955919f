// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import * as L from 'leaflet';
import { latOfWorldY, lngOfWorldX, projectAll, worldX, worldY } from './mercator.ts';

describe('world0 Web Mercator', () => {
  const places: [number, number][] = [
    [24.4798, 118.0894], // 厦门 Siming
    [24.7, 118.3],
    [0, 0],
    [-33.86, 151.21],
    [89, -179.9], // beyond Leaflet's clamp
  ];

  it("is Leaflet's EPSG:3857 projection at zoom 0, scaled by 2^z at every zoom", () => {
    for (const [lat, lng] of places)
      for (const zoom of [0, 11, 15.5, 18]) {
        const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lng), zoom);
        const s = Math.pow(2, zoom);
        expect(worldX(lng) * s).toBeCloseTo(p.x, 6);
        expect(worldY(lat) * s).toBeCloseTo(p.y, 6);
      }
  });

  it('inverts back to the same latitude and longitude', () => {
    for (const [lat, lng] of places.slice(0, 4)) {
      expect(latOfWorldY(worldY(lat))).toBeCloseTo(lat, 9);
      expect(lngOfWorldX(worldX(lng))).toBeCloseTo(lng, 9);
    }
  });

  it('projects arrays in one pass and refuses arrays of different lengths', () => {
    const x = new Float64Array(2);
    const y = new Float64Array(2);
    projectAll([24.48, 0], [118.09, 0], x, y);
    expect([x[1], y[1]]).toEqual([128, 128]);
    expect(x[0]).toBeCloseTo(worldX(118.09), 12);
    expect(() => projectAll([1, 2], [1], x, y)).toThrow(/one length/);
  });
});
