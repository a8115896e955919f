import { ROAD_LEVELS, type Road } from '../../protocol/entities.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

/**
 * The duty chief's traffic video (issue 12): cameras on the most congested
 * roads, by the cached `road` entities' level. Roads are hundreds and road
 * cameras a few thousand, so both are read whole and matched here; a
 * camera names its road by the road's id or, as the demo platform does, by
 * its name (the spec's `Camera.road` is a free string).
 */

type RoadLevel = Road['level'];

/** Worst first: a blocked road before a congested one, and so on; within a level the slowest first. */
export const ROADS_BY_CONGESTION_SQL = `SELECT id, name, level, speed_kmh FROM road
  ORDER BY CASE level WHEN 'blocked' THEN 0 WHEN 'congested' THEN 1 WHEN 'slow' THEN 2 ELSE 3 END, speed_kmh IS NULL, speed_kmh, id`;

export const ROAD_CAMERAS_SQL = 'SELECT id, name, road, status FROM camera WHERE road IS NOT NULL ORDER BY id';

export type TrafficCameraStatus = 'online' | 'flapping' | 'offline';

export interface TrafficCamera {
  camera: string;
  name: string;
  /** The road's id. */
  road: string;
  roadName: string;
  level: RoadLevel;
  speedKmh: number | null;
  status: TrafficCameraStatus;
}

/**
 * How many cameras one road gives before every other road has given its
 * share: a strip of six from one jammed road shows one jam six times, where
 * the chief wants to see where the city is stuck.
 */
export const PER_ROAD = 2;

const STATUS_RANK: Record<TrafficCameraStatus, number> = { online: 0, flapping: 1, offline: 2 };

/**
 * Up to `k` cameras, worst road first, online before flapping before
 * offline. Each road gives at most PER_ROAD playable cameras until the
 * roads run out, then more; an offline camera only where playable ones do
 * not fill `k` (it would show a dark tile). Roads no camera stands on are
 * passed over.
 */
export function trafficCameras(db: Db, options: { k: number; isFlapping?: (id: string) => boolean }): TrafficCamera[] {
  const { k } = options;
  const isFlapping = options.isFlapping ?? (() => false);
  const roads = prepared(db, ROADS_BY_CONGESTION_SQL).all() as { id: string; name: string; level: string; speed_kmh: number | null }[];
  const cameras = prepared(db, ROAD_CAMERAS_SQL).all() as { id: string; name: string; road: string; status: 'online' | 'offline' }[];

  const onRoad = new Map<string, typeof cameras>();
  for (const c of cameras) {
    const list = onRoad.get(c.road);
    if (list) list.push(c);
    else onRoad.set(c.road, [c]);
  }

  const statusOf = (c: (typeof cameras)[number]): TrafficCameraStatus =>
    c.status === 'offline' ? 'offline' : isFlapping(c.id) ? 'flapping' : 'online';
  const candidates = roads
    .filter((r): r is typeof r & { level: RoadLevel } => (ROAD_LEVELS as readonly string[]).includes(r.level))
    .map((road, rank) => {
      const mine = [...(onRoad.get(road.id) ?? []), ...(road.name !== road.id ? (onRoad.get(road.name) ?? []) : [])];
      const rows = mine
        .map((c): TrafficCamera => ({
          camera: c.id,
          name: c.name,
          road: road.id,
          roadName: road.name,
          level: road.level,
          speedKmh: road.speed_kmh,
          status: statusOf(c),
        }))
        .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || (a.camera < b.camera ? -1 : a.camera > b.camera ? 1 : 0));
      return { rank, rows };
    })
    .filter((c) => c.rows.length > 0);

  const chosen: { rank: number; index: number; row: TrafficCamera }[] = [];
  const taken = candidates.map(() => 0);
  const take = (playableOnly: boolean, cap: number) => {
    candidates.forEach(({ rank, rows }, i) => {
      while (chosen.length < k && taken[i]! < Math.min(cap, rows.length)) {
        const row = rows[taken[i]!]!;
        if (playableOnly && row.status === 'offline') break;
        chosen.push({ rank, index: taken[i]!, row });
        taken[i]! += 1;
      }
    });
  };
  take(true, PER_ROAD);
  take(true, Infinity);
  take(false, Infinity);
  return chosen.sort((a, b) => a.rank - b.rank || a.index - b.index).map((c) => c.row);
}
