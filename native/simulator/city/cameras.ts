import type { District } from '../../protocol/entities.ts';
import type { Random } from '../types.ts';
import { between, type CityContext } from './context.ts';
import { along, lengthM, round6, type LatLng } from './geo.ts';
import { DISTRICT_LIST, MAIN_ROADS, STREETS, districtInfo } from './geography.ts';
import { nearestStreet } from './locator.ts';

/**
 * The 3,000+ cameras the wall can call up: most along the main roads
 * (traffic, fixed or PTZ), the rest in communities (domes at gates, markets,
 * schools). Each streams HLS from the media server at `mediaBase`: `main`
 * for a maximized tile, `sub` for the grid. A few are offline for good; a few
 * flap — a bad link that drops and comes back every few minutes — so the
 * console's wall sees status changes.
 */

export interface CameraOptions {
  /** Base URL of the HLS server: streams are `${mediaBase}/hls/${id}/main.m3u8` and `…/sub.m3u8`. */
  mediaBase: string;
  roadCameras: number;
  communityCameras: number;
}

const COMMUNITY_SPOTS = [
  '小区东门',
  '小区西门',
  '农贸市场',
  '小学门口',
  '幼儿园门口',
  '公园入口',
  '公交站',
  '菜市场',
  '商业街',
  '地下车库出口',
  '广场',
];
const OFFLINE_SHARE = 0.02;
const FLAPPING_SHARE = 0.01;

export class Cameras {
  readonly all: Record<string, unknown>[] = [];
  private readonly flapping: string[] = [];

  constructor(
    private readonly ctx: CityContext,
    private readonly options: CameraOptions,
  ) {
    const r = ctx.random;
    const map = ctx.places.map;
    let n = 0;
    const add = (district: District, point: LatLng, name: string, kind: 'fixed' | 'ptz' | 'dome', tags: string[], road?: string) => {
      const id = `cam-${String(++n).padStart(4, '0')}`;
      const roll = r();
      const status = roll < OFFLINE_SHARE ? 'offline' : 'online';
      if (roll >= OFFLINE_SHARE && roll < OFFLINE_SHARE + FLAPPING_SHARE) this.flapping.push(id);
      const base = `${options.mediaBase}/hls/${id}`;
      this.all.push({
        id,
        name,
        district,
        ...(road ? { road } : {}),
        lat: round6(point[0]),
        lng: round6(point[1]),
        kind,
        status,
        streams: { main: `${base}/main.m3u8`, sub: `${base}/sub.m3u8` },
        tags,
      });
    };

    // Road cameras: spread over the roads by length, at junctions every few hundred metres, both directions.
    const lengths = MAIN_ROADS.map((road) => lengthM(road.line));
    const total = lengths.reduce((a, b) => a + b, 0);
    MAIN_ROADS.forEach((road, i) => {
      const count = Math.round((options.roadCameras * lengths[i]!) / total);
      let placed = 0;
      for (let attempt = 0; placed < count && attempt < count * 4; attempt++) {
        const at = along(road.line, ((placed + r()) / count) * lengths[i]!);
        const point: LatLng = [at[0] + (r() - 0.5) * 0.0006, at[1] + (r() - 0.5) * 0.0006];
        const district = map.districtAt(point);
        if (!district) {
          placed += 1;
          continue;
        } // over water: bridges and the tunnel have no pole there
        const street = nearestStreet(district, point).name.replace(/街道$|镇$/, '');
        const kind = r() < 0.6 ? 'fixed' : 'ptz';
        const tags = [
          'road',
          'traffic',
          road.name,
          ...(/大桥|隧道/.test(road.name) ? ['bridge_tunnel'] : []),
          ...(kind === 'ptz' ? ['ptz'] : []),
        ];
        add(district, point, `${road.name}${street}段 ${String(placed + 1).padStart(3, '0')}`, kind, tags, road.name);
        placed += 1;
      }
    });

    // Community cameras: by district weight, around each street's communities.
    for (const d of DISTRICT_LIST) {
      const streets = STREETS.filter((s) => s.district === d.code);
      const count = Math.round(options.communityCameras * d.weight);
      for (let k = 0; k < count; k++) {
        const street = streets[k % streets.length]!;
        const community = street.communities[Math.floor(r() * street.communities.length)]!;
        const point = map.sample(d.code, r, street.anchor, 0.008);
        const spot = COMMUNITY_SPOTS[Math.floor(r() * COMMUNITY_SPOTS.length)]!;
        const roll = r();
        const kind = roll < 0.6 ? 'dome' : roll < 0.85 ? 'fixed' : 'ptz';
        add(d.code, point, `${districtInfo(d.code).name}${community}${spot}`, kind, ['community', community, street.name, spot]);
      }
    }
  }

  publish(): void {
    for (const c of this.all) this.ctx.world.put('camera', c);
  }

  /**
   * A kept city: the cameras are rebuilt from the seed (the same ids and
   * places) and keep the status the platform kept; only their stream URLs
   * follow the media server if it moved (its kept port was taken). One the
   * platform lacks is written.
   */
  adoptKept(): void {
    for (const c of this.all) {
      const kept = this.ctx.world.get('camera', c.id as string);
      if (!kept) this.ctx.world.put('camera', c);
      else if (JSON.stringify(kept.streams) !== JSON.stringify(c.streams)) this.ctx.world.patch('camera', c.id as string, { streams: c.streams });
    }
  }

  /** Flapping cameras drop and come back on their own schedules. */
  startFlapping(): void {
    for (const id of this.flapping) this.flap(id);
  }

  /**
   * An online camera (video patrollers watch these), drawn with `random`:
   * online `now`, or `as built` — for an earlier hour simulated later, which
   * must not depend on which camera happens to be flapping now.
   */
  randomOnline(random: Random, tag?: string, when: 'now' | 'as built' = 'now'): Record<string, unknown> {
    for (;;) {
      const c = this.all[Math.floor(random() * this.all.length)]!;
      if (tag && !(c.tags as string[]).includes(tag)) continue;
      const current = when === 'now' ? (this.ctx.world.get('camera', c.id as string) ?? c) : c;
      if (current.status === 'online') return current;
    }
  }

  private flap(id: string): void {
    const r = this.ctx.random;
    const cam = this.ctx.world.get('camera', id);
    // Down for a minute or a few; up for 3–25 minutes.
    const wait = cam?.status === 'offline' ? between(r, 40_000, 5 * 60_000) : between(r, 3 * 60_000, 25 * 60_000);
    this.ctx.sched.after(wait, () => {
      const now = this.ctx.world.get('camera', id);
      if (now) this.ctx.world.patch('camera', id, { status: now.status === 'online' ? 'offline' : 'online' });
      this.flap(id);
    });
  }
}
