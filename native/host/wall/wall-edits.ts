import { wallTileCount, type TourDef, type TourRun, type WallLayout, type WallState } from '../../api/index.ts';

/**
 * The wall's edits as pure functions of its state: what a layout change
 * keeps, where a camera goes, which cameras a tour shows next. The service
 * (wall-service.ts) validates, stores and publishes around them.
 */

/** A wall nobody has arranged yet: four empty tiles. */
export function emptyWall(operator: string): WallState {
  return { operator, layout: '4', tiles: [null, null, null, null], maximised: null, view: null, tour: null, rev: 0 };
}

/** The first tiles that fit `n`, padded with empty ones. */
export function fitTiles(tiles: readonly (string | null)[], n: number): (string | null)[] {
  return Array.from({ length: n }, (_, i) => tiles[i] ?? null);
}

/** The tile a camera goes to when none is named: the first empty one, else the last. */
export function tileForPlacing(tiles: readonly (string | null)[]): number {
  const empty = tiles.indexOf(null);
  return empty === -1 ? tiles.length - 1 : empty;
}

/** A wall tour's page: `n` cameras from `index`; the last page of a tour that does not divide evenly leaves its last tiles empty. */
export function tourPage(cameras: readonly string[], index: number, n: number): (string | null)[] {
  return fitTiles(cameras.slice(index, index + n), n);
}

/**
 * Where a tour goes next: a tile tour to the next camera, a wall tour to the
 * next page (N = the layout's tile count), both back to the start after the
 * last. An index past the end (the tour was saved shorter since) starts over.
 */
export function nextTourIndex(run: Pick<TourRun, 'scope' | 'index'>, cameras: number, tileCount: number): number {
  const step = run.scope === 'tile' ? 1 : tileCount;
  const next = run.index + step;
  return next >= cameras ? 0 : next;
}

/** The wall with the tour's cameras at `index` shown: its tile, or the whole page. */
export function showTour(wall: WallState, run: TourRun, tour: TourDef): WallState {
  const index = run.index < tour.cameras.length ? run.index : 0;
  const n = wallTileCount(wall.layout);
  if (run.scope === 'wall') return { ...wall, tiles: tourPage(tour.cameras, index, n), tour: { ...run, index } };
  const tiles = [...wall.tiles];
  tiles[run.tile!] = tour.cameras[index]!;
  return { ...wall, tiles, tour: { ...run, index } };
}

/** Whether two walls show the same layout and cameras. */
export function sameTiles(a: { layout: WallLayout; tiles: readonly (string | null)[] }, b: typeof a): boolean {
  return a.layout === b.layout && a.tiles.length === b.tiles.length && a.tiles.every((t, i) => t === b.tiles[i]);
}

/**
 * What a change of tiles by hand does to the tour running: the operator's
 * hand wins. A wall tour stops when any tile is changed; a tile tour when its
 * tile is (or no longer exists).
 */
export function tourAfterHandChange(wall: WallState, tiles: readonly (string | null)[]): TourRun | null {
  const run = wall.tour;
  if (run === null) return null;
  if (run.scope === 'wall') return tiles.every((t, i) => t === wall.tiles[i]) && tiles.length === wall.tiles.length ? run : null;
  const tile = run.tile!;
  return tile < tiles.length && tiles[tile] === wall.tiles[tile] ? run : null;
}
