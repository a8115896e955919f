import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { WallState } from '../api/index.ts';
import { planOf } from '../../tests/support/query-plan.ts';
import { migrate } from './migrate.ts';
import { stateMigrations } from './migrations/state/index.ts';
import { StoredWallError, WALL_SQL, WallStore } from './wall-state.ts';

function store(): { db: Database.Database; walls: WallStore } {
  const db = new Database(':memory:');
  migrate(db, 'state.db', stateMigrations);
  return { db, walls: new WallStore(db) };
}

const WALL: WallState = {
  operator: 'op-1',
  layout: '1+5',
  tiles: ['cam-1', null, 'cam-2', null, null, 'cam-3'],
  maximised: 0,
  view: '湖滨路口',
  tour: { name: '早高峰', scope: 'tile', tile: 2, index: 1, paused: false, nextAtMs: 9_000 },
  rev: 7,
};

describe('state 0004: the camera wall per operator', () => {
  it('migrates a state.db at version 3 keeping what it holds, with no walls yet', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations.slice(0, 3));
    db.prepare("INSERT INTO setting (key, value) VALUES ('k', 'v')").run();
    expect(migrate(db, 'state.db', stateMigrations.slice(0, 4))).toEqual({ from: 3, to: 4 });
    expect(db.prepare("SELECT value FROM setting WHERE key = 'k'").pluck().get()).toBe('v');
    const walls = new WallStore(db);
    expect([walls.wall('op-1'), walls.views('op-1'), walls.favourites('op-1')]).toEqual([null, [], []]);
  });

  it("keeps each operator's wall as written, and none for an operator who has not used it", () => {
    const { walls } = store();
    walls.putWall(WALL, 1_000);
    walls.putWall({ ...WALL, operator: 'op-2', tour: null, view: null }, 1_000);
    expect(walls.wall('op-1')).toEqual(WALL);
    expect(walls.wall('op-2')?.tour).toBeNull();
    expect(walls.wall('op-3')).toBeNull();
  });

  it('a damaged wall row is refused by name, never used as if valid', () => {
    const { db, walls } = store();
    walls.putWall(WALL, 1_000);
    db.prepare('UPDATE wall SET tour = \'{"name": 3}\'').run();
    expect(() => walls.wall('op-1')).toThrow(StoredWallError);
    db.prepare("UPDATE wall SET tour = NULL, layout = '7'").run();
    expect(() => walls.wall('op-1')).toThrow(/invalid wall of operator op-1/);
    db.prepare("UPDATE wall SET layout = '4'").run();
    expect(() => walls.wall('op-1')).toThrow(/6 tiles for layout 4 \(4\)/);
  });

  it('keeps views, tours and groups per operator by name (a save replaces one of the same name), listed by name', () => {
    const { walls } = store();
    walls.putView('op-1', { name: 'b', layout: '4', tiles: ['cam-1', null, null, null] }, 1);
    walls.putView('op-1', { name: 'a', layout: '1', tiles: ['cam-2'] }, 1);
    walls.putView('op-1', { name: 'b', layout: '1', tiles: ['cam-3'] }, 2);
    walls.putView('op-2', { name: 'c', layout: '1', tiles: [null] }, 1);
    expect(walls.views('op-1')).toEqual([
      { name: 'a', layout: '1', tiles: ['cam-2'] },
      { name: 'b', layout: '1', tiles: ['cam-3'] },
    ]);
    expect(walls.deleteView('op-1', 'a')).toBe(true);
    expect(walls.deleteView('op-1', 'a')).toBe(false);
    expect(walls.view('op-1', 'b')).toEqual({ name: 'b', layout: '1', tiles: ['cam-3'] });
    expect(walls.view('op-2', 'b')).toBeNull();

    walls.putTour('op-1', { name: 'T', cameras: ['cam-1', 'cam-2'], dwellS: 10 }, 1);
    expect(walls.tours('op-1')).toEqual([{ name: 'T', cameras: ['cam-1', 'cam-2'], dwellS: 10 }]);
    expect(walls.tour('op-2', 'T')).toBeNull();
    expect(walls.deleteTour('op-1', 'T')).toBe(true);

    walls.putGroup('op-1', { name: '思明', cameras: ['cam-1'] }, 1);
    walls.putGroup('op-1', { name: '思明', cameras: ['cam-2', 'cam-3'] }, 2);
    expect(walls.groups('op-1')).toEqual([{ name: '思明', cameras: ['cam-2', 'cam-3'] }]);
    expect(walls.groups('op-2')).toEqual([]);
    expect(walls.deleteGroup('op-1', '思明')).toBe(true);
    expect(walls.groups('op-1')).toEqual([]);
  });

  it('a damaged view is left out of the list and refused by name when asked for', () => {
    const { db, walls } = store();
    walls.putView('op-1', { name: 'a', layout: '1', tiles: ['cam-1'] }, 1);
    walls.putView('op-1', { name: 'b', layout: '1', tiles: ['cam-1'] }, 1);
    db.prepare("UPDATE wall_view SET tiles = 'nope' WHERE name = 'a'").run();
    expect(walls.views('op-1').map((v) => v.name)).toEqual(['b']);
    expect(() => walls.view('op-1', 'a')).toThrow(/invalid view "a" of operator op-1 \(not JSON\)/);
  });

  it('keeps favourites in the order marked; marking twice keeps the first place', () => {
    const { walls } = store();
    walls.setFavourite('op-1', 'cam-9', true, 1);
    walls.setFavourite('op-1', 'cam-2', true, 2);
    walls.setFavourite('op-1', 'cam-9', true, 3);
    walls.setFavourite('op-2', 'cam-5', true, 1);
    expect(walls.favourites('op-1')).toEqual(['cam-9', 'cam-2']);
    walls.setFavourite('op-1', 'cam-9', false, 4);
    expect(walls.favourites('op-1')).toEqual(['cam-2']);
  });

  it("reads an operator's rows by primary key", () => {
    const { db } = store();
    expect(planOf(db, WALL_SQL.wall, 'op-1')).toMatch(/SEARCH wall USING PRIMARY KEY \(operator=\?\)/);
    expect(planOf(db, WALL_SQL.views, 'op-1')).toMatch(/SEARCH wall_view USING PRIMARY KEY \(operator=\?\)/);
    expect(planOf(db, WALL_SQL.tour, 'op-1', 'T')).toMatch(/SEARCH wall_tour USING PRIMARY KEY \(operator=\? AND name=\?\)/);
    expect(planOf(db, WALL_SQL.favourites, 'op-1')).toMatch(/SEARCH camera_favourite USING PRIMARY KEY \(operator=\?\)/);
    expect(planOf(db, WALL_SQL.groups, 'op-1')).toMatch(/SEARCH camera_group USING PRIMARY KEY \(operator=\?\)/);
    // Counted before each new view, tour, group or favourite: by key, never a scan of everyone's.
    for (const [sql, table] of [
      [WALL_SQL.viewCount, 'wall_view'],
      [WALL_SQL.tourCount, 'wall_tour'],
      [WALL_SQL.groupCount, 'camera_group'],
      [WALL_SQL.favouriteCount, 'camera_favourite'],
    ] as const) {
      expect(planOf(db, sql, 'op-1')).toMatch(new RegExp(`SEARCH ${table} USING PRIMARY KEY \\(operator=\\?\\)`));
    }
    expect(planOf(db, WALL_SQL.hasView, 'op-1', 'a')).toMatch(/SEARCH wall_view USING PRIMARY KEY \(operator=\? AND name=\?\)/);
    expect(planOf(db, WALL_SQL.isFavourite, 'op-1', 'c')).toMatch(/SEARCH camera_favourite USING PRIMARY KEY \(operator=\? AND camera=\?\)/);
  });

  it("counts what an operator keeps, damaged rows too, and nobody else's", () => {
    const { db, walls } = store();
    walls.putView('op-1', { name: 'a', layout: '1', tiles: ['cam-1'] }, 1);
    walls.putView('op-1', { name: 'b', layout: '1', tiles: ['cam-1'] }, 1);
    walls.putView('op-2', { name: 'a', layout: '1', tiles: ['cam-1'] }, 1);
    db.prepare("UPDATE wall_view SET tiles = 'nope' WHERE operator = 'op-1' AND name = 'a'").run();
    walls.putTour('op-1', { name: 'T', cameras: ['cam-1'], dwellS: 10 }, 1);
    walls.putGroup('op-2', { name: 'G', cameras: ['cam-1'] }, 1);
    walls.setFavourite('op-1', 'cam-7', true, 1);
    expect(['views', 'tours', 'groups', 'favourites'].map((c) => walls.count('op-1', c as never))).toEqual([2, 1, 0, 1]);
    expect(walls.has('op-1', 'views', 'a')).toBe(true);
    expect(walls.has('op-1', 'views', 'c')).toBe(false);
    expect(walls.has('op-1', 'tours', 'T')).toBe(true);
    expect(walls.has('op-1', 'groups', 'G')).toBe(false);
    expect(walls.has('op-2', 'groups', 'G')).toBe(true);
    expect(walls.has('op-1', 'favourites', 'cam-7')).toBe(true);
    expect(walls.has('op-2', 'favourites', 'cam-7')).toBe(false);
  });
});
