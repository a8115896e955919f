import type { District } from '../../protocol/entities.ts';
import type { DistrictMap } from './district-map.ts';
import type { LatLng } from './geo.ts';
import { STREETS, streetsOf, type Street } from './geography.ts';

/** A community's centre (address-base.ts places them). */
export interface CommunityAnchor {
  name: string;
  street: string;
  district: District;
  point: LatLng;
}

export interface Location {
  district?: District;
  street?: string;
  community?: string;
}

/**
 * Where a point is, as the platform files it: the district whose polygon
 * holds it, the street (街道/镇) whose centre is nearest within that
 * district, the community whose centre is nearest within that street. What
 * `incident.create` fills in from `lat`/`lng` (spec §7 v1.1), and what the
 * address base files each address under.
 */
export class Locator {
  private readonly byStreet = new Map<string, CommunityAnchor[]>();
  private readonly streetsByDistrict = new Map<District, Street[]>();

  constructor(
    readonly map: DistrictMap,
    readonly communities: readonly CommunityAnchor[],
  ) {
    for (const c of communities) {
      const list = this.byStreet.get(c.street) ?? [];
      list.push(c);
      this.byStreet.set(c.street, list);
    }
    for (const s of STREETS) {
      const list = this.streetsByDistrict.get(s.district) ?? [];
      list.push(s);
      this.streetsByDistrict.set(s.district, list);
    }
  }

  /**
   * Locates `point`; what `known` already says is kept and only narrows the
   * rest (a street named by the caller picks the community among its own).
   * A point in no district (the sea, Kinmen) gets none, nor a street.
   */
  locate(point: LatLng, known: Location = {}): Location {
    const district = known.district ?? this.map.districtAt(point);
    if (!district) return { ...known };
    const street = known.street ?? nearest(this.streetsByDistrict.get(district) ?? [], (s) => s.anchor, point)?.name;
    const community = known.community ?? nearest(this.byStreet.get(street ?? '') ?? [], (c) => c.point, point)?.name;
    return { district, ...(street ? { street } : {}), ...(community ? { community } : {}) };
  }
}

/** The street of `district` whose centre is nearest `point`. */
export function nearestStreet(district: District, point: LatLng): Street {
  return nearest(streetsOf(district), (s) => s.anchor, point) ?? STREETS.find((s) => s.district === district)!;
}

/** Within a city a degree of longitude is about cos(24.5°) of one of latitude: near enough to rank distances without trigonometry. */
const LNG_SCALE = Math.cos((24.5 * Math.PI) / 180);

function nearest<T>(items: readonly T[], at: (item: T) => LatLng, [lat, lng]: LatLng): T | undefined {
  let best: T | undefined;
  let bestD = Infinity;
  for (const item of items) {
    const [iLat, iLng] = at(item);
    const d = (iLat - lat) ** 2 + ((iLng - lng) * LNG_SCALE) ** 2;
    if (d < bestD) [best, bestD] = [item, d];
  }
  return best;
}
