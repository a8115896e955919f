import type { District } from '../../protocol/entities.ts';
import { CITY_STATIONS, DISTRICT_SEATS } from './address-data.ts';
import type { DistrictMap } from './district-map.ts';
import { round6, type LatLng } from './geo.ts';
import { DISTRICT_LIST, STREETS, type DistrictInfo } from './geography.ts';
import type { CommunityAnchor } from './locator.ts';

/**
 * The 73 units linked to the platform (DOMAIN.md), four levels: city bureaus
 * and public-service units; in each district the police branch, traffic
 * brigade, fire brigade, city management, construction and the district grid
 * centre; street offices; communities and grid stations. Not every street is
 * linked yet — as in the real rollout, two per district are.
 *
 * Parents follow the line of command that dispatch follows: a district police
 * branch under the city bureau, street offices under the district grid centre
 * (the "district grid platform" that escalations go to).
 */

export type DepartmentKind =
  | 'police'
  | 'traffic_police'
  | 'fire'
  | 'health'
  | 'city_mgmt'
  | 'construction'
  | 'environment'
  | 'street_office'
  | 'community'
  | 'grid'
  | 'other';

export interface Department {
  id: string;
  name: string;
  kind: DepartmentKind;
  level: 'city' | 'district' | 'street' | 'community';
  district?: District;
  parent?: string;
}

export const COMMAND_CENTRE = 'dept-city-command';

const CITY: Department[] = [
  { id: COMMAND_CENTRE, name: '厦门市公共安全管理指挥中心', kind: 'other', level: 'city' },
  { id: 'dept-city-police', name: '厦门市公安局', kind: 'police', level: 'city' },
  { id: 'dept-city-traffic-police', name: '厦门市公安局交通警察支队', kind: 'traffic_police', level: 'city', parent: 'dept-city-police' },
  { id: 'dept-city-fire', name: '厦门市消防救援支队', kind: 'fire', level: 'city' },
  { id: 'dept-city-health', name: '厦门市卫生健康委员会', kind: 'health', level: 'city' },
  { id: 'dept-city-120', name: '厦门市医疗急救中心', kind: 'health', level: 'city', parent: 'dept-city-health' },
  { id: 'dept-city-city-mgmt', name: '厦门市城市管理行政执法局', kind: 'city_mgmt', level: 'city' },
  { id: 'dept-city-construction', name: '厦门市建设局', kind: 'construction', level: 'city' },
  { id: 'dept-city-environment', name: '厦门市生态环境局', kind: 'environment', level: 'city' },
  { id: 'dept-city-12345', name: '厦门市12345政务服务便民热线', kind: 'other', level: 'city', parent: COMMAND_CENTRE },
];

function districtUnits(d: DistrictInfo): Department[] {
  const short = d.name.slice(0, -1);
  const at = (suffix: string) => `dept-${d.slug}-${suffix}`;
  const units: Department[] = [
    { id: at('police'), name: `厦门市公安局${short}分局`, kind: 'police', level: 'district', district: d.code, parent: 'dept-city-police' },
    {
      id: at('traffic-police'),
      name: `厦门市公安局交警${short}大队`,
      kind: 'traffic_police',
      level: 'district',
      district: d.code,
      parent: 'dept-city-traffic-police',
    },
    { id: at('fire'), name: `${d.name}消防救援大队`, kind: 'fire', level: 'district', district: d.code, parent: 'dept-city-fire' },
    {
      id: at('city-mgmt'),
      name: `${d.name}城市管理局`,
      kind: 'city_mgmt',
      level: 'district',
      district: d.code,
      parent: 'dept-city-city-mgmt',
    },
    {
      id: at('construction'),
      name: `${d.name}建设局`,
      kind: 'construction',
      level: 'district',
      district: d.code,
      parent: 'dept-city-construction',
    },
    { id: at('grid'), name: `${d.name}网格化服务管理中心`, kind: 'grid', level: 'district', district: d.code, parent: COMMAND_CENTRE },
  ];
  // Two linked streets per district; the first hosts a grid station, each has linked communities.
  const streets = STREETS.filter((s) => s.district === d.code).slice(0, 2);
  streets.forEach((s, i) => {
    const office = at(`street-${i + 1}`);
    units.push({ id: office, name: `${s.name}办事处`, kind: 'street_office', level: 'street', district: d.code, parent: at('grid') });
    if (i === 0)
      units.push({
        id: at('grid-station-1'),
        name: `${s.name}网格工作站`,
        kind: 'grid',
        level: 'community',
        district: d.code,
        parent: office,
      });
  });
  return units;
}

/** Communities: 9 across the city, spread over the linked streets (Siming and Huli, the densest, get more). */
function communityUnits(): Department[] {
  const plan: [string, number, number][] = [
    ['siming', 1, 2],
    ['siming', 2, 1],
    ['huli', 1, 2],
    ['jimei', 1, 1],
    ['haicang', 1, 1],
    ['tongan', 1, 1],
    ['xiangan', 1, 1],
  ];
  const out: Department[] = [];
  for (const [slug, streetNo, count] of plan) {
    const d = DISTRICT_LIST.find((x) => x.slug === slug)!;
    const street = STREETS.filter((s) => s.district === d.code)[streetNo - 1]!;
    for (let k = 0; k < count; k++) {
      out.push({
        id: `dept-${slug}-community-${streetNo}-${k + 1}`,
        name: `${street.communities[k]}居委会`,
        kind: 'community',
        level: 'community',
        district: d.code,
        parent: `dept-${slug}-street-${streetNo}`,
      });
    }
  }
  return out;
}

export const DEPARTMENTS: readonly Department[] = [...CITY, ...DISTRICT_LIST.flatMap(districtUnits), ...communityUnits()];

const byId = new Map(DEPARTMENTS.map((d) => [d.id, d]));

export function department(id: string): Department | undefined {
  return byId.get(id);
}

/**
 * The unit of `kind` that answers for `district`: the district's own when it
 * has one, else the city's (health, environment and the hotline are city-run).
 */
export function responsible(kind: DepartmentKind, district: District, street?: string): string {
  const slug = DISTRICT_LIST.find((d) => d.code === district)!.slug;
  switch (kind) {
    case 'police':
      return `dept-${slug}-police`;
    case 'traffic_police':
      return `dept-${slug}-traffic-police`;
    case 'fire':
      return `dept-${slug}-fire`;
    case 'city_mgmt':
      return `dept-${slug}-city-mgmt`;
    case 'construction':
      return `dept-${slug}-construction`;
    case 'grid':
      return `dept-${slug}-grid`;
    case 'health':
      return 'dept-city-120';
    case 'environment':
      return 'dept-city-environment';
    case 'street_office':
    case 'community': {
      // The street's own office when it is linked, else the district grid centre that stands in for it.
      const office = DEPARTMENTS.find((d) => d.kind === 'street_office' && d.district === district && street && d.name.startsWith(street));
      return office?.id ?? `dept-${slug}-grid`;
    }
    default:
      return 'dept-city-12345';
  }
}

/** The unit an incident goes to when escalated to `level`. */
export function escalationUnit(level: 'street' | 'district' | 'city', district: District, street?: string): string {
  if (level === 'city') return COMMAND_CENTRE;
  if (level === 'district') return responsible('grid', district);
  return responsible('street_office', district, street);
}

/**
 * Where district units stand round their district's government (metres
 * north, east): a few hundred metres apart, so the console's map shows each
 * of them, not one pin for six.
 */
const DISTRICT_UNIT_OFFSETS: Partial<Record<DepartmentKind, [number, number]>> = {
  police: [350, 250],
  traffic_police: [-300, 420],
  fire: [250, -380],
  city_mgmt: [-220, -260],
  construction: [120, 160],
  grid: [0, 0],
};
const M_PER_DEG = 111_320;

/**
 * A unit's station (spec §8 v1.1 `Department.lat/lng`): the city's units in
 * Siming round the city hall (address-data.ts), a district's round its
 * government, a street office at its street's centre, a community's at the
 * community's centre — always inside the unit's district.
 */
export function departmentStation(d: Department, map: DistrictMap, communities: readonly CommunityAnchor[]): LatLng {
  const station = (): LatLng => {
    if (!d.district) return CITY_STATIONS[d.id] ?? DISTRICT_SEATS['350203'].seat;
    if (d.level === 'district') {
      const [lat, lng] = DISTRICT_SEATS[d.district].seat;
      const [north, east] = DISTRICT_UNIT_OFFSETS[d.kind] ?? [0, 0];
      return [lat + north / M_PER_DEG, lng + east / (M_PER_DEG * Math.cos((lat * Math.PI) / 180))];
    }
    const street = STREETS.find((s) => s.district === d.district && d.name.startsWith(s.name));
    if (street) {
      // The grid station shares its street office's building block, a street away.
      return d.kind === 'grid' ? [street.anchor[0] + 0.0012, street.anchor[1] + 0.0008] : street.anchor;
    }
    const community = communities.find((c) => c.district === d.district && d.name.startsWith(c.name));
    return community?.point ?? DISTRICT_SEATS[d.district].seat;
  };
  const at = station();
  const district = d.district ?? '350203';
  const inside = map.contains(district, at) ? at : DISTRICT_SEATS[district].seat;
  return [round6(inside[0]), round6(inside[1])];
}
