import { z } from 'zod';
import { CameraGroup, SavedView, TourDef, TourRun, WallState, WALL_LAYOUTS, wallTileCount } from '../api/index.ts';
import type { Db } from './open.ts';

/** The wall's statements; exported so their query plans are tested as run. */
export const WALL_SQL = {
  wall: 'SELECT * FROM wall WHERE operator = ?',
  putWall: `INSERT OR REPLACE INTO wall (operator, layout, tiles, maximised, view, tour, rev, updated_ms)
    VALUES (@operator, @layout, @tiles, @maximised, @view, @tour, @rev, @updated_ms)`,
  views: 'SELECT * FROM wall_view WHERE operator = ? ORDER BY name',
  view: 'SELECT * FROM wall_view WHERE operator = ? AND name = ?',
  putView: 'INSERT OR REPLACE INTO wall_view (operator, name, layout, tiles, saved_ms) VALUES (?, ?, ?, ?, ?)',
  deleteView: 'DELETE FROM wall_view WHERE operator = ? AND name = ?',
  tours: 'SELECT * FROM wall_tour WHERE operator = ? ORDER BY name',
  tour: 'SELECT * FROM wall_tour WHERE operator = ? AND name = ?',
  putTour: 'INSERT OR REPLACE INTO wall_tour (operator, name, cameras, dwell_s, saved_ms) VALUES (?, ?, ?, ?, ?)',
  deleteTour: 'DELETE FROM wall_tour WHERE operator = ? AND name = ?',
  favourites: 'SELECT camera FROM camera_favourite WHERE operator = ? ORDER BY marked_ms, camera',
  markFavourite: 'INSERT OR IGNORE INTO camera_favourite (operator, camera, marked_ms) VALUES (?, ?, ?)',
  unmarkFavourite: 'DELETE FROM camera_favourite WHERE operator = ? AND camera = ?',
  groups: 'SELECT * FROM camera_group WHERE operator = ? ORDER BY name',
  putGroup: 'INSERT OR REPLACE INTO camera_group (operator, name, cameras, saved_ms) VALUES (?, ?, ?, ?)',
  deleteGroup: 'DELETE FROM camera_group WHERE operator = ? AND name = ?',
  // What an operator keeps, counted against rules.ts WALL_LIMITS before a new one is written.
  viewCount: 'SELECT count(*) FROM wall_view WHERE operator = ?',
  hasView: 'SELECT 1 FROM wall_view WHERE operator = ? AND name = ?',
  tourCount: 'SELECT count(*) FROM wall_tour WHERE operator = ?',
  hasTour: 'SELECT 1 FROM wall_tour WHERE operator = ? AND name = ?',
  groupCount: 'SELECT count(*) FROM camera_group WHERE operator = ?',
  hasGroup: 'SELECT 1 FROM camera_group WHERE operator = ? AND name = ?',
  favouriteCount: 'SELECT count(*) FROM camera_favourite WHERE operator = ?',
  isFavourite: 'SELECT 1 FROM camera_favourite WHERE operator = ? AND camera = ?',
} as const;

/** The operator's collections that rules.ts WALL_LIMITS bounds by count. */
export type WallCollection = 'views' | 'tours' | 'groups' | 'favourites';

const COUNT_SQL: { readonly [C in WallCollection]: { count: string; has: string } } = {
  views: { count: WALL_SQL.viewCount, has: WALL_SQL.hasView },
  tours: { count: WALL_SQL.tourCount, has: WALL_SQL.hasTour },
  groups: { count: WALL_SQL.groupCount, has: WALL_SQL.hasGroup },
  favourites: { count: WALL_SQL.favouriteCount, has: WALL_SQL.isFavourite },
};

interface WallRow {
  operator: string;
  layout: string;
  tiles: string;
  maximised: number | null;
  view: string | null;
  tour: string | null;
  rev: number;
  updated_ms: number;
}
interface ViewRow {
  operator: string;
  name: string;
  layout: string;
  tiles: string;
  saved_ms: number;
}
interface TourRow {
  operator: string;
  name: string;
  cameras: string;
  dwell_s: number;
}
interface GroupRow {
  operator: string;
  name: string;
  cameras: string;
}

/** A wall row, view, tour or group that does not read back as one (a hand-edited or damaged state.db): never used as if valid. */
export class StoredWallError extends Error {
  constructor(
    readonly operator: string,
    readonly what: string,
    reason: string,
  ) {
    super(`state.db holds an invalid ${what} of operator ${operator} (${reason})`);
    this.name = 'StoredWallError';
  }
}

const Tiles = z.array(z.string().nullable());
const Cameras = z.array(z.string());
const Layout = z.enum(WALL_LAYOUTS);

/**
 * The camera wall as state.db keeps it (migration 0004), per operator: the
 * wall now, saved views, tours, favourites and groups. The host's wall
 * service is the only writer and validates what it writes (camera ids,
 * names, tile counts); what is read back is checked again here.
 */
export class WallStore {
  constructor(private readonly db: Db) {}

  /** The operator's wall; null before their first change. Throws StoredWallError for a damaged row. */
  wall(operator: string): WallState | null {
    const row = this.db.prepare(WALL_SQL.wall).get(operator) as WallRow | undefined;
    return row ? wallFromRow(row) : null;
  }

  putWall(wall: WallState, now: number): void {
    this.db.prepare(WALL_SQL.putWall).run({
      operator: wall.operator,
      layout: wall.layout,
      tiles: JSON.stringify(wall.tiles),
      maximised: wall.maximised,
      view: wall.view,
      tour: wall.tour === null ? null : JSON.stringify(wall.tour),
      rev: wall.rev,
      updated_ms: now,
    });
  }

  /** Saved views by name; unreadable rows are left out (view() names them). */
  views(operator: string): SavedView[] {
    return readable((this.db.prepare(WALL_SQL.views).all(operator) as ViewRow[]).map((row) => () => viewFromRow(row)));
  }

  view(operator: string, name: string): SavedView | null {
    const row = this.db.prepare(WALL_SQL.view).get(operator, name) as ViewRow | undefined;
    return row ? viewFromRow(row) : null;
  }

  putView(operator: string, view: SavedView, now: number): void {
    this.db.prepare(WALL_SQL.putView).run(operator, view.name, view.layout, JSON.stringify(view.tiles), now);
  }

  /** Whether there was such a view. */
  deleteView(operator: string, name: string): boolean {
    return this.db.prepare(WALL_SQL.deleteView).run(operator, name).changes > 0;
  }

  tours(operator: string): TourDef[] {
    return readable((this.db.prepare(WALL_SQL.tours).all(operator) as TourRow[]).map((row) => () => tourFromRow(row)));
  }

  tour(operator: string, name: string): TourDef | null {
    const row = this.db.prepare(WALL_SQL.tour).get(operator, name) as TourRow | undefined;
    return row ? tourFromRow(row) : null;
  }

  putTour(operator: string, tour: TourDef, now: number): void {
    this.db.prepare(WALL_SQL.putTour).run(operator, tour.name, JSON.stringify(tour.cameras), tour.dwellS, now);
  }

  deleteTour(operator: string, name: string): boolean {
    return this.db.prepare(WALL_SQL.deleteTour).run(operator, name).changes > 0;
  }

  /** Favourite cameras in the order marked. */
  favourites(operator: string): string[] {
    return this.db.prepare(WALL_SQL.favourites).pluck().all(operator) as string[];
  }

  /** Marks or unmarks a favourite; marking one already marked keeps its place in the list. */
  setFavourite(operator: string, camera: string, on: boolean, now: number): void {
    if (on) this.db.prepare(WALL_SQL.markFavourite).run(operator, camera, now);
    else this.db.prepare(WALL_SQL.unmarkFavourite).run(operator, camera);
  }

  groups(operator: string): CameraGroup[] {
    return readable((this.db.prepare(WALL_SQL.groups).all(operator) as GroupRow[]).map((row) => () => groupFromRow(row)));
  }

  putGroup(operator: string, group: CameraGroup, now: number): void {
    this.db.prepare(WALL_SQL.putGroup).run(operator, group.name, JSON.stringify(group.cameras), now);
  }

  deleteGroup(operator: string, name: string): boolean {
    return this.db.prepare(WALL_SQL.deleteGroup).run(operator, name).changes > 0;
  }

  /** How many views, tours, groups or favourites the operator keeps (damaged rows count: they take room all the same). */
  count(operator: string, collection: WallCollection): number {
    return this.db.prepare(COUNT_SQL[collection].count).pluck().get(operator) as number;
  }

  /** Whether the operator keeps a view, tour or group of that name, or that camera among their favourites. */
  has(operator: string, collection: WallCollection, key: string): boolean {
    return this.db.prepare(COUNT_SQL[collection].has).get(operator, key) !== undefined;
  }
}

function readable<T>(reads: (() => T)[]): T[] {
  return reads.flatMap((read) => {
    try {
      return [read()];
    } catch (error) {
      if (error instanceof StoredWallError) return [];
      throw error;
    }
  });
}

function parsed<S extends z.ZodType>(schema: S, text: string, operator: string, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StoredWallError(operator, what, 'not JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new StoredWallError(operator, what, result.error.issues[0]?.message ?? 'wrong shape');
  return result.data;
}

function wallFromRow(r: WallRow): WallState {
  const wall = WallState.safeParse({
    operator: r.operator,
    layout: r.layout,
    tiles: parsed(Tiles, r.tiles, r.operator, 'wall'),
    maximised: r.maximised,
    view: r.view,
    tour: r.tour === null ? null : parsed(TourRun, r.tour, r.operator, 'wall tour'),
    rev: r.rev,
  });
  if (!wall.success) throw new StoredWallError(r.operator, 'wall', wall.error.issues[0]?.message ?? 'wrong shape');
  const n = wallTileCount(wall.data.layout);
  if (wall.data.tiles.length !== n)
    throw new StoredWallError(r.operator, 'wall', `${wall.data.tiles.length} tiles for layout ${wall.data.layout} (${n})`);
  return wall.data;
}

function viewFromRow(r: ViewRow): SavedView {
  const layout = Layout.safeParse(r.layout);
  if (!layout.success) throw new StoredWallError(r.operator, `view ${JSON.stringify(r.name)}`, `layout ${JSON.stringify(r.layout)}`);
  return { name: r.name, layout: layout.data, tiles: parsed(Tiles, r.tiles, r.operator, `view ${JSON.stringify(r.name)}`) };
}

function tourFromRow(r: TourRow): TourDef {
  return { name: r.name, cameras: parsed(Cameras, r.cameras, r.operator, `tour ${JSON.stringify(r.name)}`), dwellS: r.dwell_s };
}

function groupFromRow(r: GroupRow): CameraGroup {
  return { name: r.name, cameras: parsed(Cameras, r.cameras, r.operator, `group ${JSON.stringify(r.name)}`) };
}
