import type { District } from '../../protocol/entities.ts';
import { seededRandom } from '../time.ts';
import type { Random } from '../types.ts';
import { DISTRICT_SEATS, LANDMARKS, MORE_ROADS, ROAD_ALIASES, type RoadEntry } from './address-data.ts';
import type { DistrictMap } from './district-map.ts';
import { along, lengthM, round6, type LatLng } from './geo.ts';
import { DISTRICT_LIST, MAIN_ROADS, STREETS, type Street } from './geography.ts';
import { Locator, type CommunityAnchor } from './locator.ts';

/**
 * The city's standard address base (标准地址库, spec §8 v1.1 `place`): what a
 * console geocodes typed addresses against. Six districts, their streets and
 * communities (geography.ts), the roads, house-number addresses along the
 * roads (odd numbers on one side, even on the other, rising along the road,
 * as Xiamen numbers them) and in the communities' lanes (湖滨一里12号), and
 * landmarks people name instead of an address.
 *
 * Every point lies in the polygon of the district it is filed under, and an
 * address's street and community are the ones the platform's Locator gives
 * for its point, so a console that geocodes an address and the platform that
 * locates an incident agree.
 *
 * It is the same for every run of the city (its own fixed seed, not the
 * day's): a city's addresses do not change with its traffic. About 4,000
 * places, built in a few tens of milliseconds (address-base.test.ts).
 */

export const ADDRESS_BASE_SEED = 0x5a4d;

/** A `place` as the wire carries it (spec §8), without its rev. */
export interface AddressPlace {
  id: string;
  name: string;
  kind: 'district' | 'street' | 'community' | 'road' | 'address' | 'poi';
  district: District;
  /** Absent (undefined, left out of the JSON) for a district, a road. */
  street: string | undefined;
  community: string | undefined;
  lat: number;
  lng: number;
  aliases: string[];
}

export interface AddressBase {
  places: AddressPlace[];
  /** Where each community's centre is (the Locator's, built with the base). */
  locator: Locator;
}

/** Metres between two house-number addresses on one road. */
const ADDRESS_SPACING_M = 110;
/** How far from the road's centre line its doors are. */
const DOOR_OFFSET_M = 22;
/** House numbers advance about one per this many metres of road (per side, odd and even together). */
const METRES_PER_NUMBER = 7;
const LANE_ORDINALS = ['一', '二', '三'];
const LANES_PER_COMMUNITY = 2;
const DOORS_PER_LANE = 6;

/**
 * Each street's communities round its centre: spread on a ring 350–950 m out,
 * pulled in until inside the district. Seeded on its own, so the Locator of a
 * platform without a city finds the same centres as the city's base.
 */
export function communityAnchors(map: DistrictMap, seed = ADDRESS_BASE_SEED): CommunityAnchor[] {
  const random = seededRandom(seed);
  const out: CommunityAnchor[] = [];
  for (const street of STREETS) {
    const n = street.communities.length;
    street.communities.forEach((name, k) => {
      const angle = (2 * Math.PI * (k + random() * 0.6)) / n;
      let radius = 350 + random() * 600;
      let point = offset(street.anchor, radius * Math.cos(angle), radius * Math.sin(angle));
      while (!map.contains(street.district, point) && radius > 50) {
        radius /= 2;
        point = offset(street.anchor, radius * Math.cos(angle), radius * Math.sin(angle));
      }
      if (!map.contains(street.district, point)) point = map.sample(street.district, random, street.anchor, 0.003);
      out.push({ name, street: street.name, district: street.district, point: [round6(point[0]), round6(point[1])] });
    });
  }
  return out;
}

export function buildAddressBase(map: DistrictMap, seed = ADDRESS_BASE_SEED): AddressBase {
  const anchors = communityAnchors(map, seed);
  const locator = new Locator(map, anchors);
  const random = seededRandom(seed ^ 0x9e3779b9);
  const places: AddressPlace[] = [];
  // One object shape for every place (a spread of differently shaped parts was most of the build's time).
  const add: Add = (p, [lat, lng]) =>
    places.push({
      id: p.id,
      name: p.name,
      kind: p.kind,
      district: p.district,
      street: p.street,
      community: p.community,
      lat: round6(lat),
      lng: round6(lng),
      aliases: p.aliases,
    });

  for (const d of DISTRICT_LIST) {
    add(
      { id: `place-${d.code}`, name: d.name, kind: 'district', district: d.code, aliases: DISTRICT_SEATS[d.code].aliases },
      DISTRICT_SEATS[d.code].seat,
    );
  }
  for (const s of STREETS) {
    add(
      { id: `place-${s.id}`, name: s.name, kind: 'street', district: s.district, street: s.name, aliases: [shortStreet(s.name)] },
      s.anchor,
    );
  }
  const streetOf = new Map(STREETS.map((s) => [s.name, s]));
  anchors.forEach((c) => {
    const street = streetOf.get(c.street)!;
    const k = street.communities.indexOf(c.name);
    const id = `place-${street.id}-c${k}`;
    const base = c.name.replace(/社区$/, '');
    add({ id, name: c.name, kind: 'community', district: c.district, street: c.street, community: c.name, aliases: [base] }, c.point);
    addLanes(map, random, add, id, base, street, c);
  });

  for (const road of roadEntries()) {
    const point = roadPoint(map, road);
    if (!point) continue;
    const aliases = roadAliases(road.name);
    add({ id: `place-road-${road.id}`, name: road.name, kind: 'road', district: point.district, aliases }, point.at);
    if (!/大桥|隧道/.test(road.name)) addDoors(map, locator, add, road, aliases);
  }

  for (const l of LANDMARKS) {
    // The table's point when it is inside its district (the test holds it to that); else the nearest inside.
    const at = map.contains(l.district, l.at) ? l.at : map.sample(l.district, random, l.at, 0.002);
    const { street, community } = locator.locate(at, { district: l.district });
    add({ id: `place-poi-${l.id}`, name: l.name, kind: 'poi', district: l.district, street, community, aliases: l.aliases }, at);
  }
  return { places, locator };
}

type Add = (p: Omit<AddressPlace, 'lat' | 'lng' | 'street' | 'community'> & { street?: string; community?: string }, at: LatLng) => void;

/** A community's lanes (里) and their doors: 莲花一里3号, 莲花一里8号 … around the community's centre. */
function addLanes(map: DistrictMap, random: Random, add: Add, id: string, base: string, street: Street, c: CommunityAnchor): void {
  for (let lane = 0; lane < LANES_PER_COMMUNITY; lane++) {
    let no = 0;
    for (let door = 0; door < DOORS_PER_LANE; door++) {
      no += 1 + Math.floor(random() * 6);
      const at = map.sample(c.district, random, c.point, 0.0012);
      add(
        {
          id: `${id}-${lane + 1}-${no}`,
          name: `${base}${LANE_ORDINALS[lane]}里${no}号`,
          kind: 'address',
          district: c.district,
          street: street.name,
          community: c.name,
          aliases: [],
        },
        at,
      );
    }
  }
}

/** Doors along a road every ADDRESS_SPACING_M, alternating sides: odd numbers on the left, even on the right. */
function addDoors(map: DistrictMap, locator: Locator, add: Add, road: RoadEntry, roadAliasList: string[]): void {
  const length = lengthM(road.line);
  const short = roadAliasList.filter((a) => road.name.startsWith(a));
  for (let i = 0, d = ADDRESS_SPACING_M / 2; d < length; i++, d += ADDRESS_SPACING_M) {
    const left = i % 2 === 0;
    let no = Math.max(1, Math.round(d / METRES_PER_NUMBER));
    if (left !== (no % 2 === 1)) no += 1;
    const at = sideOf(road.line, d, left ? DOOR_OFFSET_M : -DOOR_OFFSET_M);
    const district = map.contains(road.district, at) ? road.district : map.districtAt(at);
    if (!district) continue; // over water: no doors on a bridge or in the sea
    const { street, community } = locator.locate(at, { district });
    const name = `${road.name}${no}号`;
    add(
      { id: `place-addr-${road.id}-${no}`, name, kind: 'address', district, street, community, aliases: short.map((s) => `${s}${no}号`) },
      at,
    );
  }
}

/** Every road with an address: the main roads and the rest (address-data.ts). */
export function roadEntries(): RoadEntry[] {
  return [...MAIN_ROADS.map((r) => ({ id: r.id.replace(/^road-/, ''), name: r.name, district: r.district, line: r.line })), ...MORE_ROADS];
}

/**
 * The road's own point: on the road, inside the district it is filed under,
 * as near its middle as that allows (a bridge's middle is over the sea).
 * Searched from the middle outwards, so most roads cost one check.
 */
function roadPoint(map: DistrictMap, road: RoadEntry): { district: District; at: LatLng } | null {
  const length = lengthM(road.line);
  let fallback: { district: District; at: LatLng } | null = null;
  for (let off = 0; off <= length / 2; off += 50) {
    for (const d of off ? [length / 2 - off, length / 2 + off] : [length / 2]) {
      const at = along(road.line, d);
      if (map.contains(road.district, at)) return { district: road.district, at };
      const district: District | undefined = fallback ? undefined : map.districtAt(at);
      if (district) fallback = { district, at };
    }
  }
  return fallback;
}

/**
 * Short forms people type: 湖滨南路 → 湖滨南, 枋湖北二路 → 枋湖北二 (a
 * three-character stem at least: 嘉禾 or 莲前 alone name a street or a town
 * too), plus the table's real abbreviations.
 */
function roadAliases(name: string): string[] {
  const out: string[] = [];
  const stem = /^(.{3,})路$/.exec(name)?.[1];
  if (stem) out.push(stem);
  out.push(...(ROAD_ALIASES[name] ?? []));
  return out;
}

function shortStreet(name: string): string {
  return name.replace(/街道$|镇$/, '');
}

const M_PER_DEG_LAT = 111_320;

/** `point` moved `north` and `east` metres. */
function offset([lat, lng]: LatLng, north: number, east: number): LatLng {
  return [lat + north / M_PER_DEG_LAT, lng + east / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180))];
}

/** The point `d` metres along `line`, `side` metres to its left (negative: right). */
function sideOf(line: readonly LatLng[], d: number, side: number): LatLng {
  let left = d;
  for (let i = 1; i < line.length; i++) {
    const [aLat, aLng] = line[i - 1]!;
    const [bLat, bLng] = line[i]!;
    const cos = Math.cos((aLat * Math.PI) / 180);
    const north = (bLat - aLat) * M_PER_DEG_LAT;
    const east = (bLng - aLng) * M_PER_DEG_LAT * cos;
    const seg = Math.hypot(north, east);
    if ((left <= seg || i === line.length - 1) && seg > 0) {
      const f = Math.min(1, left / seg);
      // Left of the direction of travel: (north, east) turned a quarter anticlockwise.
      return [aLat + (north * f + (east / seg) * side) / M_PER_DEG_LAT, aLng + (east * f - (north / seg) * side) / (M_PER_DEG_LAT * cos)];
    }
    left -= seg;
  }
  return line[line.length - 1]!;
}
