import { describe, expect, it } from 'vitest';
import { districtAt } from './district-at.ts';
import { loadDistricts } from './districts.ts';

describe('the district a dropped pin lies in', () => {
  it('is each district for its own label point and for known places in it', async () => {
    const data = await loadDistricts();
    for (const feature of data.features) {
      const [lng, lat] = feature.properties.cp!;
      expect(districtAt(data, lat, lng), feature.properties.name).toBe(feature.properties.code);
    }
    // WGS84: Zhongshan Road (Siming), Gaoqi airport (Huli), Jimei school village, Xiamen North station (Jimei).
    expect(districtAt(data, 24.4565, 118.0825)).toBe('350203');
    expect(districtAt(data, 24.5362, 118.1376)).toBe('350206');
    expect(districtAt(data, 24.5762, 118.0986)).toBe('350211');
    expect(districtAt(data, 24.6346, 118.0745)).toBe('350211');
  });

  it('is none out at sea or outside the city', async () => {
    const data = await loadDistricts();
    expect(districtAt(data, 24.33, 118.3)).toBeNull();
    expect(districtAt(data, 26.07, 119.3)).toBeNull();
  });
});
