import type { District } from '../../protocol/entities.ts';
import type { Random } from '../types.ts';
import { DistrictMap } from './district-map.ts';
import { along, distanceM, lengthM, round6, type LatLng } from './geo.ts';
import { DISTRICT_LIST, MAIN_ROADS, STREETS, districtInfo, streetsOf, type MainRoad, type Street } from './geography.ts';
import { pick } from './categories.ts';

/** Where something happens: a point inside its district, with the street and community it belongs to. */
export interface Place {
  district: District;
  street: string;
  community: string;
  lat: number;
  lng: number;
  address: string;
  road?: MainRoad;
}

/**
 * Picks places the way activity falls in Xiamen: by district weight (the
 * island districts busiest), then a street, then a point around the street's
 * centre that is inside the district polygon. Road places sit on a main road
 * (only where the road is over land: bridges and the tunnel have no
 * district polygon under them).
 */
export class Places {
  private readonly roadLengths = new Map<string, number>(MAIN_ROADS.map((r) => [r.id, lengthM(r.line)]));

  constructor(
    readonly map: DistrictMap,
    private readonly random: Random,
  ) {}

  district(): District {
    return pick(DISTRICT_LIST, this.random()).code;
  }

  /** Any place, in `district` when given. */
  anywhere(district: District = this.district()): Place {
    const streets = streetsOf(district);
    const street = streets[Math.floor(this.random() * streets.length)]!;
    const [lat, lng] = this.map.sample(district, this.random, street.anchor, 0.008);
    return this.at(district, street, [lat, lng]);
  }

  /** A place on a main road; roads of busier districts are picked more often. */
  onRoad(): Place {
    for (let attempt = 0; attempt < 50; attempt++) {
      const road = pick(
        MAIN_ROADS.map((r) => ({ r, weight: districtInfo(r.district).weight * (this.roadLengths.get(r.id)! / 1000) })),
        this.random(),
      ).r;
      const point = along(road.line, this.random() * this.roadLengths.get(road.id)!);
      const district = this.map.districtAt(point);
      if (!district) continue;
      const street = nearestStreet(district, point);
      const place = this.at(district, street, point);
      return { ...place, road, address: `${districtInfo(district).name}${road.name}（${street.name.replace(/街道$|镇$/, '')}段）` };
    }
    return this.anywhere();
  }

  /** A place within about 200 m of `point` (a second report of the same event). */
  near(district: District, point: LatLng): Place {
    const p = this.map.sample(district, this.random, point, 0.002);
    return this.at(district, nearestStreet(district, p), p);
  }

  at(district: District, street: Street, [lat, lng]: LatLng): Place {
    const community = street.communities[Math.floor(this.random() * street.communities.length)]!;
    const no = 1 + Math.floor(this.random() * 200);
    return {
      district,
      street: street.name,
      community,
      lat: round6(lat),
      lng: round6(lng),
      address: `厦门市${districtInfo(district).name}${street.name}${community}附近${no}号`,
    };
  }
}

export function nearestStreet(district: District, point: LatLng): Street {
  let best: Street = STREETS.find((s) => s.district === district)!;
  let bestD = Infinity;
  for (const s of streetsOf(district)) {
    const d = distanceM(s.anchor, point);
    if (d < bestD) [best, bestD] = [s, d];
  }
  return best;
}
