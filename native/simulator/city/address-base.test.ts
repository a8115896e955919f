import { describe, expect, it } from 'vitest';
import { checkEntity } from '../../protocol/entities.ts';
import { buildAddressBase, communityAnchors, roadEntries, type AddressPlace } from './address-base.ts';
import { LANDMARKS, MORE_ROADS } from './address-data.ts';
import { DEPARTMENTS, departmentStation } from './departments.ts';
import { DistrictMap } from './district-map.ts';
import { DISTRICT_LIST, MAIN_ROADS, STREETS } from './geography.ts';

const map = new DistrictMap();
const base = buildAddressBase(map);
const places = base.places;
const ofKind = (kind: AddressPlace['kind']) => places.filter((p) => p.kind === kind);
/** The place a caller would name `text`: by its name or one of its aliases. */
const named = (text: string) => places.filter((p) => p.name === text || p.aliases.includes(text));

describe('the address base (v1.1 place)', () => {
  it('is the same base for the same seed, and another for another seed', () => {
    expect(buildAddressBase(map).places).toEqual(places);
    const other = buildAddressBase(map, 7).places;
    expect(other.length).toBeGreaterThan(3000);
    expect(other).not.toEqual(places);
  });

  it('holds every district, street, community and road of the city, and a few thousand addresses', () => {
    expect(
      ofKind('district')
        .map((p) => p.name)
        .sort(),
    ).toEqual(DISTRICT_LIST.map((d) => d.name).sort());
    expect(
      ofKind('street')
        .map((p) => p.name)
        .sort(),
    ).toEqual(STREETS.map((s) => s.name).sort());
    const communities = ofKind('community');
    expect(communities.map((p) => p.name).sort()).toEqual(STREETS.flatMap((s) => s.communities).sort());
    for (const c of communities) expect(STREETS.find((s) => s.name === c.street)?.communities, c.name).toContain(c.name);
    const roads = ofKind('road').map((p) => p.name);
    for (const r of [...MAIN_ROADS, ...MORE_ROADS]) expect(roads, r.name).toContain(r.name);
    expect(roads).toHaveLength(roadEntries().length);
    expect(ofKind('poi')).toHaveLength(LANDMARKS.length);
    const addresses = ofKind('address');
    expect(addresses.length).toBeGreaterThan(3000);
    expect(places.length).toBeLessThan(8000);
    // Along the roads and in every community's lanes.
    expect(addresses.filter((a) => /路\d+号$|道\d+号$|大街\d+号$/.test(a.name)).length).toBeGreaterThan(1000);
    for (const c of communities)
      expect(
        addresses.some((a) => a.community === c.name && /里\d+号$/.test(a.name)),
        c.name,
      ).toBe(true);
    expect(new Set(places.map((p) => p.id)).size).toBe(places.length);
    expect(new Set(addresses.map((p) => p.name)).size).toBe(addresses.length);
  });

  it('puts every place inside its district polygon, as the wire accepts it', () => {
    for (const p of places) {
      expect(map.contains(p.district, [p.lat, p.lng]), `${p.name} ${p.lat},${p.lng}`).toBe(true);
      const checked = checkEntity('place', { ...p, rev: 1 });
      expect(checked.ok ? 'ok' : checked.reason).toBe('ok');
    }
    // The landmark table itself, not a point nudged inside at build time.
    for (const l of LANDMARKS) expect(map.districtAt(l.at), l.name).toBe(l.district);
  });

  it('files every address under the street and community the platform locates its point in', () => {
    for (const p of [...ofKind('address'), ...ofKind('poi')]) {
      expect(p.street, p.name).toBeTruthy();
      expect(p.community, p.name).toBeTruthy();
      const street = STREETS.find((s) => s.name === p.street)!;
      expect(street.district, p.name).toBe(p.district);
      expect(street.communities, p.name).toContain(p.community);
    }
    for (const p of ofKind('address').filter((a) => /路\d+号$/.test(a.name))) {
      expect(base.locator.locate([p.lat, p.lng]), p.name).toEqual({ district: p.district, street: p.street, community: p.community });
    }
  });

  it('numbers a road’s doors odd on one side and even on the other, rising along it', () => {
    const doors = ofKind('address')
      .filter((a) => a.name.startsWith('湖滨南路'))
      .map((a) => Number(/(\d+)号$/.exec(a.name)![1]));
    expect(doors.length).toBeGreaterThan(20);
    expect(doors).toEqual([...doors].sort((a, b) => a - b));
    expect(doors.filter((n) => n % 2 === 1).length).toBeGreaterThan(8);
    expect(doors.filter((n) => n % 2 === 0).length).toBeGreaterThan(8);
  });

  it.each([
    ['火车站', '厦门站', '350203'],
    ['厦门北站', '厦门北站', '350211'],
    ['厦门机场', '厦门高崎国际机场', '350206'],
    ['高崎国际机场', '厦门高崎国际机场', '350206'],
    ['轮渡', '轮渡码头', '350203'],
    ['鼓浪屿码头', '轮渡码头', '350203'],
    ['鼓浪屿轮渡', '轮渡码头', '350203'],
    ['第一医院', '厦门市第一医院', '350203'],
    ['中山医院', '厦门大学附属中山医院', '350203'],
    ['厦大', '厦门大学', '350203'],
    ['集美大学', '集美大学', '350211'],
    ['中山路步行街', '中山路步行街', '350203'],
    ['SM城市广场', 'SM城市广场', '350206'],
    ['会展中心', '厦门国际会展中心', '350203'],
    ['五缘湾', '五缘湾', '350206'],
  ])('knows the landmark %s as %s in %s', (text, name, district) => {
    expect(named(text).filter((p) => p.kind === 'poi')).toEqual([expect.objectContaining({ name, district })]);
  });

  it('knows the short forms people type for roads and their doors', () => {
    expect(named('湖滨南')).toEqual([expect.objectContaining({ kind: 'road', name: '湖滨南路' })]);
    const door = ofKind('address').find((a) => a.name.startsWith('湖滨南路'))!;
    expect(door.aliases).toEqual([door.name.replace('湖滨南路', '湖滨南')]);
    expect(named('成功')).toEqual([expect.objectContaining({ kind: 'road', name: '成功大道' })]);
    expect(named('莲前')).toEqual([expect.objectContaining({ kind: 'street', name: '莲前街道' })]);
    expect(named('思明')).toEqual([expect.objectContaining({ kind: 'district', name: '思明区' })]);
    // Two-character stems stay unaliased: 嘉禾 alone is no road.
    expect(named('嘉禾')).toEqual([]);
  });

  it('puts the community centres the platform locates with where the base has them', () => {
    expect(communityAnchors(map)).toEqual(base.locator.communities);
    for (const c of base.locator.communities) expect(map.contains(c.district, c.point), c.name).toBe(true);
  });

  it('stations every unit inside its district, the city’s in Siming', () => {
    for (const d of DEPARTMENTS) {
      const at = departmentStation(d, map, base.locator.communities);
      expect(map.districtAt(at), d.name).toBe(d.district ?? '350203');
    }
    const stations = DEPARTMENTS.filter((d) => d.level === 'district').map((d) =>
      departmentStation(d, map, base.locator.communities).join(),
    );
    expect(new Set(stations).size).toBe(stations.length); // six units of a district are six pins, not one
  });
});
