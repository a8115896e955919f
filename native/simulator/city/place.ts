import type { District } from '../../protocol/entities.ts';
import type { Random } from '../types.ts';
import { pick } from './categories.ts';
import type { DistrictMap } from './district-map.ts';
import { along, lengthM, round6, type LatLng } from './geo.ts';
import { DISTRICT_LIST, MAIN_ROADS, districtInfo, streetsOf, type MainRoad, type Street } from './geography.ts';
import { nearestStreet, type Locator } from './locator.ts';

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
 * district polygon under them). The community is the one the platform's
 * Locator gives for the point, as it would for a console's incident there.
 */
export class Places {
  private readonly roadLengths = new Map<string, number>(MAIN_ROADS.map((r) => [r.id, lengthM(r.line)]));
  private readonly roadsByDistrict = new Map<District, readonly MainRoad[]>();
  readonly map: DistrictMap;

  constructor(
    readonly locator: Locator,
    private readonly random: Random,
  ) {
    this.map = locator.map;
  }

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

  /** A place on a main road (in `district` when given); roads of busier districts are picked more often. */
  onRoad(district?: District): Place {
    const roads = district ? this.roadsIn(district) : MAIN_ROADS;
    if (!roads.length) return this.anywhere(district);
    for (let attempt = 0; attempt < 50; attempt++) {
      const road = pick(
        roads.map((r) => ({ r, weight: districtInfo(r.district).weight * (this.roadLengths.get(r.id)! / 1000) })),
        this.random(),
      ).r;
      const point = along(road.line, this.random() * this.roadLengths.get(road.id)!);
      const at = this.map.districtAt(point);
      if (!at || (district && at !== district)) continue;
      const street = nearestStreet(at, point);
      const place = this.at(at, street, point);
      return { ...place, road, address: `${districtInfo(at).name}${road.name}（${street.name.replace(/街道$|镇$/, '')}段）` };
    }
    return this.anywhere(district);
  }

  /** The main roads with some stretch in `district`. */
  private roadsIn(district: District): readonly MainRoad[] {
    let roads = this.roadsByDistrict.get(district);
    if (!roads) {
      roads = MAIN_ROADS.filter((r) => {
        const length = this.roadLengths.get(r.id)!;
        for (let d = 0; d <= length; d += 250) if (this.map.contains(district, along(r.line, d))) return true;
        return false;
      });
      this.roadsByDistrict.set(district, roads);
    }
    return roads;
  }

  /** A place within about 200 m of `point` (a second report of the same event). */
  near(district: District, point: LatLng): Place {
    const p = this.map.sample(district, this.random, point, 0.002);
    return this.at(district, nearestStreet(district, p), p);
  }

  at(district: District, street: Street, [lat, lng]: LatLng): Place {
    const community = this.locator.locate([lat, lng], { district, street: street.name }).community ?? street.communities[0]!;
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
