import { describe, expect, it } from 'vitest';
import { DISTRICTS } from '../../protocol/entities.ts';
import { seededRandom } from '../time.ts';
import { DEPARTMENTS } from './departments.ts';
import { DistrictMap } from './district-map.ts';
import { DISTRICT_LIST, MAIN_ROADS, STREETS } from './geography.ts';

const map = new DistrictMap();

describe('geography', () => {
  it('has the six districts of the spec, each with its WGS84 polygon', () => {
    expect(DISTRICT_LIST.map((d) => d.code).sort()).toEqual(Object.keys(DISTRICTS).sort());
    // Xiamen city hall area (WGS84) is in Siming; Gaoqi airport in Huli; the sea in none.
    expect(map.districtAt([24.4795, 118.0845])).toBe('350203');
    expect(map.districtAt([24.54, 118.13])).toBe('350206');
    expect(map.districtAt([24.43, 118.22])).toBeUndefined();
  });

  it('puts every street centre inside its own district', () => {
    for (const s of STREETS) expect(map.districtAt(s.anchor), s.name).toBe(s.district);
    expect(new Set(STREETS.flatMap((s) => s.communities)).size).toBe(STREETS.flatMap((s) => s.communities).length);
  });

  it('samples points inside the district asked for', () => {
    const random = seededRandom(5);
    for (const d of DISTRICT_LIST) {
      for (let i = 0; i < 200; i++) expect(map.contains(d.code, map.sample(d.code, random))).toBe(true);
    }
  });

  it('has about fifteen main roads with lines mostly over land', () => {
    expect(MAIN_ROADS.length).toBeGreaterThanOrEqual(15);
    for (const r of MAIN_ROADS) {
      const onLand = r.line.filter((p) => map.districtAt(p)).length;
      expect(onLand / r.line.length, r.name).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('links 73 departments across four levels, every parent known', () => {
    expect(DEPARTMENTS).toHaveLength(73);
    const ids = new Set(DEPARTMENTS.map((d) => d.id));
    expect(ids.size).toBe(73);
    for (const d of DEPARTMENTS) if (d.parent) expect(ids.has(d.parent), d.id).toBe(true);
    expect(new Set(DEPARTMENTS.map((d) => d.level))).toEqual(new Set(['city', 'district', 'street', 'community']));
    expect(DEPARTMENTS.filter((d) => d.kind === 'police' && d.level === 'district')).toHaveLength(6);
  });
});
