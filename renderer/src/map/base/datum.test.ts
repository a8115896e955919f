import { describe, expect, it } from 'vitest';
import { datumConverter } from './datum.ts';

/**
 * GCJ-02 written out independently of gcoord, from the published formula
 * (the Krasovsky-ellipsoid offset every open implementation — eviltransform,
 * coordtransform — carries), so a swapped direction, swapped lat/lng or a
 * no-op conversion in datum.ts fails here.
 */
function wgs84ToGcj02(lat: number, lng: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = lng - 105;
  const y = lat - 35;
  const wave = (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * (2 / 3);
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + wave;
  dLat += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + wave;
  dLng += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  dLng += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lat + dLat, lng + dLng];
}

function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLng = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

// WGS84 points across the six districts.
const XIAMEN: Record<string, [number, number]> = {
  'Gulangyu (Siming)': [24.4468, 118.066],
  'Gaoqi airport (Huli)': [24.544, 118.1277],
  'Xiamen North station (Jimei)': [24.6346, 118.0745],
  "Tong'an old town": [24.7296, 118.1526],
  "Xiang'an airport site": [24.5628, 118.3377],
  'Haicang port': [24.4485, 118.0402],
};

describe('datum conversion for a GCJ-02 tile server', () => {
  const gcj = datumConverter('gcj02');

  for (const [name, point] of Object.entries(XIAMEN)) {
    it(`moves ${name} to where GCJ-02 draws it, some 500–650 m away`, () => {
      const drawn = gcj.toMap(...point);
      const expected = wgs84ToGcj02(...point);
      expect(drawn[0]).toBeCloseTo(expected[0], 7);
      expect(drawn[1]).toBeCloseTo(expected[1], 7);
      const offset = metres(point, drawn);
      expect(offset).toBeGreaterThan(450);
      expect(offset).toBeLessThan(700);
      // GCJ-02 draws Xiamen about 500 m east and 300 m south of WGS84.
      expect(drawn[0]).toBeLessThan(point[0]);
      expect(drawn[1]).toBeGreaterThan(point[1]);
    });

    it(`takes a click on ${name} in GCJ-02 back to its WGS84 point within a metre`, () => {
      const back = gcj.fromMap(...wgs84ToGcj02(...point));
      expect(metres(back, point)).toBeLessThan(1);
    });
  }

  it('leaves WGS84 (and CGCS2000) bases alone', () => {
    const wgs = datumConverter('wgs84');
    expect(wgs.toMap(24.4468, 118.066)).toEqual([24.4468, 118.066]);
    expect(wgs.fromMap(24.4468, 118.066)).toEqual([24.4468, 118.066]);
  });
});
