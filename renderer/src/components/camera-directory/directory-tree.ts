import type { Result } from '../../../../native/api/index.ts';

export type DirectoryCamera = Result<'cameras.directory'>[number];
export interface CameraGroup {
  name: string;
  cameras: readonly string[];
}

/**
 * The camera directory as the rows of ONE virtual list: favourites, the
 * operator's groups, then district → road → camera, each folded or not.
 * Pure, so the folding, counting and filtering are tested without a DOM;
 * the component only draws the rows it is given.
 */

/** A node that folds: favourites, a group, a district, a road in a district. */
export interface NodeRow {
  type: 'favourites' | 'group' | 'district' | 'road';
  key: string;
  depth: number;
  expanded: boolean;
  /** The group's name, the district's code, the road's name (null: cameras on no road). */
  name: string | null;
  district: string | null;
  /** Cameras under it, and how many of them are offline (counted whatever the filter). */
  total: number;
  offline: number;
  parent: string | null;
}

export interface CameraRow {
  type: 'camera';
  /** Unique in the list: a camera can show under its road and among favourites and groups. */
  key: string;
  depth: number;
  camera: DirectoryCamera;
  parent: string | null;
  /** The group it is listed under (its remove button takes it out of that one). */
  group: string | null;
}

export type DirectoryRow = NodeRow | CameraRow;

export interface TreeInput {
  /** All cameras, in the host's order (district → road → name). */
  cameras: readonly DirectoryCamera[];
  /** The operator's favourites and groups; null when their role keeps none (no such rows at all). */
  favourites: readonly string[] | null;
  groups: readonly CameraGroup[] | null;
  /** Districts and roads unfolded (folded until opened: 3,000 cameras are too many to scroll past). */
  opened: ReadonlySet<string>;
  /** Favourites and groups folded (open until folded: they are the operator's own short lists). */
  folded: ReadonlySet<string>;
  /** Hide offline cameras (a flapping one is shown: it is not offline now). */
  onlineOnly: boolean;
}

export const FAVOURITES_KEY = 'favourites';
export const groupKey = (name: string) => `group:${name}`;
export const districtKey = (district: string) => `district:${district}`;
export const roadKey = (district: string, road: string | null) => `road:${district}:${road ?? ''}`;

/** Cameras by district (in the host's order) and road (by pinyin); cameras on no road after the district's roads. */
export interface DistrictBranch {
  district: string;
  roads: { road: string | null; cameras: DirectoryCamera[] }[];
}

/** Roads in the order a Chinese reader looks them up: by pinyin (the zh collation), not by code point. */
const roadOrder = new Intl.Collator('zh-CN');

export function branchesOf(cameras: readonly DirectoryCamera[]): DistrictBranch[] {
  const districts = new Map<string, Map<string | null, DirectoryCamera[]>>();
  for (const camera of cameras) {
    let roads = districts.get(camera.district);
    if (!roads) districts.set(camera.district, (roads = new Map()));
    let list = roads.get(camera.road);
    if (!list) roads.set(camera.road, (list = []));
    list.push(camera);
  }
  return [...districts].map(([district, roads]) => ({
    district,
    roads: [...roads]
      .map(([road, list]) => ({ road, cameras: list }))
      // Community cameras (no road) go last: the roads are what a traffic patroller looks for first.
      .sort((a, b) => (a.road === null || b.road === null ? Number(a.road === null) - Number(b.road === null) : roadOrder.compare(a.road, b.road))),
  }));
}

const offlineIn = (cameras: readonly DirectoryCamera[]) => cameras.reduce((n, c) => n + (c.status === 'offline' ? 1 : 0), 0);

/** The rows to draw, top to bottom. */
export function directoryRows(input: TreeInput, branches: readonly DistrictBranch[] = branchesOf(input.cameras)): DirectoryRow[] {
  const { opened, folded, onlineOnly } = input;
  const rows: DirectoryRow[] = [];
  const byId = new Map(input.cameras.map((c) => [c.id, c]));
  const shown = (c: DirectoryCamera) => !onlineOnly || c.status !== 'offline';

  function listed(type: 'favourites' | 'group', key: string, name: string | null, ids: readonly string[]): void {
    // Ids the directory no longer holds (a camera removed from the platform) are not shown: no name to show.
    const cameras = ids.map((id) => byId.get(id)).filter((c): c is DirectoryCamera => c !== undefined);
    const open = !folded.has(key);
    rows.push({ type, key, depth: 0, expanded: open, name, district: null, total: cameras.length, offline: offlineIn(cameras), parent: null });
    if (!open) return;
    for (const camera of cameras) {
      if (shown(camera)) rows.push({ type: 'camera', key: `${key}/${camera.id}`, depth: 1, camera, parent: key, group: type === 'group' ? name : null });
    }
  }

  if (input.favourites) listed('favourites', FAVOURITES_KEY, null, input.favourites);
  for (const group of input.groups ?? []) listed('group', groupKey(group.name), group.name, group.cameras);

  for (const branch of branches) {
    const dKey = districtKey(branch.district);
    const all = branch.roads.flatMap((r) => r.cameras);
    const open = opened.has(dKey);
    rows.push({ type: 'district', key: dKey, depth: 0, expanded: open, name: branch.district, district: branch.district, total: all.length, offline: offlineIn(all), parent: null });
    if (!open) continue;
    for (const { road, cameras } of branch.roads) {
      const rKey = roadKey(branch.district, road);
      const roadOpen = opened.has(rKey);
      rows.push({ type: 'road', key: rKey, depth: 1, expanded: roadOpen, name: road, district: branch.district, total: cameras.length, offline: offlineIn(cameras), parent: dKey });
      if (!roadOpen) continue;
      for (const camera of cameras) {
        if (shown(camera)) rows.push({ type: 'camera', key: `${rKey}/${camera.id}`, depth: 2, camera, parent: rKey, group: null });
      }
    }
  }
  return rows;
}

/** Search results: the cameras found, best first, flat (each says its district and road). */
export function searchRows(found: readonly string[], cameras: ReadonlyMap<string, DirectoryCamera>, onlineOnly: boolean): CameraRow[] {
  const rows: CameraRow[] = [];
  for (const id of found) {
    const camera = cameras.get(id);
    if (camera && (!onlineOnly || camera.status !== 'offline')) rows.push({ type: 'camera', key: `found/${id}`, depth: 0, camera, parent: null, group: null });
  }
  return rows;
}

/** Where Left goes from a row: a folded-out node folds; anything else goes to its parent (null: stay). */
export function leftOf(row: DirectoryRow): { fold: string } | { to: string } | null {
  if (row.type !== 'camera' && row.expanded) return { fold: row.key };
  return row.parent === null ? null : { to: row.parent };
}
