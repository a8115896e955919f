import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ApiError, WALL_LIMITS, type WallState } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { migrate } from '../../store/migrate.ts';
import { stateMigrations } from '../../store/migrations/state/index.ts';
import { WallStore } from '../../store/wall-state.ts';
import { WallService } from './wall-service.ts';

/** One more camera than a tour may hold: m-000 … m-500. */
const MANY = Array.from({ length: WALL_LIMITS.listCameras + 1 }, (_, i) => `m-${String(i).padStart(3, '0')}`);
/** Cameras the cache holds: cam-01 … cam-30 (cam-07 is offline there; the wall does not care), and MANY. */
const CAMERAS = new Set([...Array.from({ length: 30 }, (_, i) => `cam-${String(i + 1).padStart(2, '0')}`), ...MANY]);
const cams = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `cam-${String(from + i).padStart(2, '0')}`);

/** A console's wall over one state.db; `restart()` is a new service (a restarted host) over the same database and clock. */
function wallConsole(timers = new FakeTimers(1_000_000), db = freshDb()) {
  const published: WallState[] = [];
  /** Whose collections (views, tours) changed, in order. */
  const collectionsChanged: string[] = [];
  let signedIn: string | null = 'op-1';
  const make = () =>
    new WallService({
      store: new WallStore(db),
      knownCameras: (ids) => new Set(ids.filter((id) => CAMERAS.has(id))),
      timers,
      signedIn: () => signedIn,
      publish: (w) => published.push(w),
      collectionsChanged: (operator) => collectionsChanged.push(operator),
    });
  let wall = make();
  return {
    get wall() {
      return wall;
    },
    timers,
    published,
    collectionsChanged,
    db,
    signIn: (who: string | null) => (signedIn = who),
    restart: () => {
      wall.dispose();
      wall = make();
      wall.resume();
    },
  };
}

function freshDb() {
  const db = new Database(':memory:');
  migrate(db, 'state.db', stateMigrations);
  return db;
}

function refusal(act: () => unknown): ApiError {
  try {
    act();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the wall', () => {
  it('starts as four empty tiles and is restored, as left, by a restarted console', () => {
    const c = wallConsole();
    expect(c.wall.get('op-1')).toMatchObject({ operator: 'op-1', layout: '4', tiles: [null, null, null, null], rev: 0, tour: null });
    c.wall.set('op-1', { layout: '9', tiles: [...cams(1, 8), null], maximised: 3 });
    c.restart();
    expect(c.wall.get('op-1')).toMatchObject({ layout: '9', tiles: [...cams(1, 8), null], maximised: 3, rev: 1 });
    expect(c.wall.get('op-2').tiles).toEqual([null, null, null, null]);
  });

  it('a layout change keeps the first tiles that still fit, and empty tiles past the old ones', () => {
    const c = wallConsole();
    c.wall.set('op-1', { layout: '9', tiles: cams(1, 9), maximised: 8 });
    const smaller = c.wall.set('op-1', { layout: '1+5' });
    expect(smaller.tiles).toEqual(cams(1, 6));
    expect(smaller.maximised).toBeNull(); // tile 8 is gone
    expect(c.wall.set('op-1', { layout: '1+7' }).tiles).toEqual([...cams(1, 6), null, null]);
  });

  it('places a camera in the tile asked, else the first empty one, else the last; many from tile 0', () => {
    const c = wallConsole();
    expect(c.wall.place('op-1', 'cam-05', 2).tiles).toEqual([null, null, 'cam-05', null]);
    expect(c.wall.place('op-1', 'cam-06').tiles).toEqual(['cam-06', null, 'cam-05', null]);
    c.wall.place('op-1', 'cam-07');
    c.wall.place('op-1', 'cam-08');
    expect(c.wall.place('op-1', 'cam-09').tiles).toEqual(['cam-06', 'cam-07', 'cam-05', 'cam-09']);
    expect(c.wall.placeMany('op-1', cams(20, 25)).tiles).toEqual(cams(20, 23));
    expect(c.wall.placeMany('op-1', ['cam-01']).tiles).toEqual(['cam-01', ...cams(21, 23)]);
  });

  it('refuses bad input clearly and changes nothing', () => {
    const c = wallConsole();
    const before = c.wall.set('op-1', { tiles: cams(1, 4) });
    const published = c.published.length;
    expect(refusal(() => c.wall.set('op-1', { tiles: ['cam-01', 'cam-99', null, 'nope'] }))).toMatchObject({
      code: 'invalid_params',
      message: 'no camera cam-99, nope in the cache',
    });
    expect(refusal(() => c.wall.set('op-1', { layout: '9', tiles: cams(1, 4) })).message).toBe('layout 9 has 9 tiles; 4 were given');
    expect(refusal(() => c.wall.set('op-1', { maximised: 4 })).message).toMatch(/tile 4 does not exist in layout 4/);
    expect(refusal(() => c.wall.place('op-1', 'cam-01', 7)).code).toBe('invalid_params');
    expect(refusal(() => c.wall.place('op-1', 'cam-77')).message).toBe('no camera cam-77 in the cache');
    expect(refusal(() => c.wall.placeMany('op-1', ['cam-01', 'cam-77'])).code).toBe('invalid_params');
    expect(refusal(() => c.wall.applyView('op-1', 'nowhere')).code).toBe('not_found');
    expect(refusal(() => c.wall.saveTour('op-1', { name: 'x', cameras: ['cam-01', 'cam-88'], dwellS: 5 })).message).toMatch(/cam-88/);
    expect(c.wall.tours('op-1')).toEqual([]);
    expect(c.wall.get('op-1')).toEqual(before);
    expect(c.published.length).toBe(published);
  });

  it('counts every change in rev and publishes it; a change to the same wall is no change', () => {
    const c = wallConsole();
    const a = c.wall.place('op-1', 'cam-01', 0);
    const b = c.wall.set('op-1', { maximised: 0 });
    expect([a.rev, b.rev]).toEqual([1, 2]);
    expect(c.wall.set('op-1', { maximised: 0 }).rev).toBe(2);
    expect(c.published.map((w) => w.rev)).toEqual([1, 2]);
  });

  it("publishes only the signed-in operator's wall (a window shows one)", () => {
    const c = wallConsole();
    c.wall.place('op-2', 'cam-01');
    expect(c.published).toEqual([]);
    c.signIn('op-2');
    c.wall.signedInChanged();
    expect(c.published.map((w) => [w.operator, w.tiles[0]])).toEqual([['op-2', 'cam-01']]);
  });
});

describe('saved views', () => {
  it('saves the layout and tiles by name, applies them back (restoring a wall changed since), and deletes them', () => {
    const c = wallConsole();
    c.wall.set('op-1', { layout: '1+5', tiles: cams(1, 6) });
    expect(c.wall.saveView('op-1', '中山路')).toEqual([{ name: '中山路', layout: '1+5', tiles: cams(1, 6) }]);
    expect(c.wall.get('op-1').view).toBe('中山路');
    expect(c.wall.place('op-1', 'cam-20', 0).view).toBeNull();
    c.wall.set('op-1', { layout: '1' });
    c.restart();
    const applied = c.wall.applyView('op-1', '中山路');
    expect(applied).toMatchObject({ layout: '1+5', tiles: cams(1, 6), view: '中山路', maximised: null });
    expect(c.wall.deleteView('op-1', '中山路')).toEqual([]);
    expect(c.wall.get('op-1').view).toBeNull();
    expect(refusal(() => c.wall.deleteView('op-1', '中山路')).code).toBe('not_found');
  });

  it("tells the operator's windows each time the views change (saved, saved over, deleted), and not on a refusal", () => {
    const c = wallConsole();
    c.wall.saveView('op-1', 'a');
    c.wall.saveView('op-1', 'a');
    c.wall.deleteView('op-1', 'a');
    refusal(() => c.wall.deleteView('op-1', 'a'));
    expect(c.collectionsChanged).toEqual(['op-1', 'op-1', 'op-1']);
  });

  it(`keeps at most ${WALL_LIMITS.views} views: the last one fits, one more is refused and changes nothing, saving over one still works`, () => {
    const c = wallConsole();
    c.wall.place('op-1', 'cam-01', 0);
    const names = Array.from({ length: WALL_LIMITS.views }, (_, i) => `view ${String(i).padStart(3, '0')}`);
    for (const name of names) c.wall.saveView('op-1', name);
    expect(c.wall.views('op-1')).toHaveLength(WALL_LIMITS.views);
    const wall = c.wall.get('op-1');
    const told = c.collectionsChanged.length;

    expect(refusal(() => c.wall.saveView('op-1', 'one more'))).toMatchObject({
      code: 'invalid_params',
      message: `an operator keeps at most ${WALL_LIMITS.views} saved views: delete one, or save over one of the same name`,
    });
    expect(c.wall.views('op-1').map((v) => v.name)).toEqual(names);
    expect(c.wall.get('op-1')).toEqual(wall);
    expect(c.collectionsChanged).toHaveLength(told);

    c.wall.place('op-1', 'cam-02', 1);
    expect(c.wall.saveView('op-1', 'view 000')[0]).toEqual({ name: 'view 000', layout: '4', tiles: ['cam-01', 'cam-02', null, null] });
    // Another operator's views are theirs: op-1's count does not stop them.
    c.signIn('op-2');
    expect(c.wall.saveView('op-2', 'one more')).toHaveLength(1);
  });
});

describe('tours', () => {
  it('a wall tour pages the cameras N = the tile count at a time, offline ones included, and starts over after the last page', () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: '环岛路', cameras: cams(1, 10), dwellS: 10 });
    const started = c.wall.startTour('op-1', '环岛路', 'wall');
    expect(started.tiles).toEqual(cams(1, 4));
    expect(started.tour).toMatchObject({ scope: 'wall', index: 0, paused: false, nextAtMs: 1_010_000 });
    c.timers.advance(9_999);
    expect(c.wall.get('op-1').tiles).toEqual(cams(1, 4));
    c.timers.advance(1);
    expect(c.wall.get('op-1').tiles).toEqual(cams(5, 8)); // cam-07 is offline in the cache: shown all the same
    c.timers.advance(10_000);
    expect(c.wall.get('op-1')).toMatchObject({ tiles: ['cam-09', 'cam-10', null, null], tour: { index: 8 } });
    c.timers.advance(10_000);
    expect(c.wall.get('op-1').tiles).toEqual(cams(1, 4));
    expect(c.published.at(-1)?.tiles).toEqual(cams(1, 4));
  });

  it('a tile tour steps one camera in its tile and leaves the others', () => {
    const c = wallConsole();
    c.wall.set('op-1', { tiles: ['cam-20', null, 'cam-21', null] });
    c.wall.saveTour('op-1', { name: 't', cameras: ['cam-01', 'cam-02', 'cam-03'], dwellS: 5 });
    expect(c.wall.startTour('op-1', 't', 'tile', 1).tiles).toEqual(['cam-20', 'cam-01', 'cam-21', null]);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      c.timers.advance(5_000);
      seen.push(c.wall.get('op-1').tiles[1]);
    }
    expect(seen).toEqual(['cam-02', 'cam-03', 'cam-01']);
    expect(c.wall.get('op-1').tiles[0]).toBe('cam-20');
  });

  it('pauses, resumes a full dwell later, and stops leaving the tiles as they are', () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 3), dwellS: 5 });
    c.wall.startTour('op-1', 't', 'tile', 0);
    c.timers.advance(3_000);
    expect(c.wall.pauseTour('op-1').tour).toMatchObject({ paused: true, nextAtMs: null });
    c.timers.advance(60_000);
    expect(c.wall.get('op-1').tiles[0]).toBe('cam-01');
    expect(c.wall.resumeTour('op-1').tour).toMatchObject({ paused: false, nextAtMs: c.timers.now() + 5_000 });
    c.timers.advance(5_000);
    expect(c.wall.get('op-1').tiles[0]).toBe('cam-02');
    const stopped = c.wall.stopTour('op-1');
    expect(stopped).toMatchObject({ tour: null, tiles: ['cam-02', null, null, null] });
    c.timers.advance(60_000);
    expect(c.wall.get('op-1').tiles[0]).toBe('cam-02');
    expect(c.timers.scheduled).toBe(0);
    expect(refusal(() => c.wall.pauseTour('op-1')).code).toBe('not_found');
  });

  it('a running tour goes on after a restart, and a step that fell due while the console was down comes at once', () => {
    const timers = new FakeTimers(1_000_000);
    const db = freshDb();
    const c = wallConsole(timers, db);
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 12), dwellS: 10 });
    c.wall.startTour('op-1', 't', 'wall');
    c.timers.advance(10_000);
    expect(c.wall.get('op-1').tiles).toEqual(cams(5, 8));
    c.wall.dispose(); // the console goes down, its timers with it
    timers.advance(25_000); // down for 25 s: the step due at 20 s was missed
    c.restart();
    expect(c.wall.get('op-1')).toMatchObject({ tiles: cams(9, 12), tour: { index: 8, nextAtMs: timers.now() + 10_000 } });
    timers.advance(10_000);
    expect(c.wall.get('op-1').tiles).toEqual(cams(1, 4));
  });

  it("an operator's tour waits while they are signed out, unwritten, and goes on when they sign in again", () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 3), dwellS: 5 });
    c.wall.startTour('op-1', 't', 'tile', 0);
    c.signIn('op-2');
    c.wall.signedInChanged();
    const away = c.wall.get('op-1');
    c.timers.advance(60_000);
    expect(c.wall.get('op-1')).toEqual(away);
    expect(c.published.at(-1)?.operator).toBe('op-2');
    c.signIn('op-1');
    c.wall.signedInChanged();
    expect(c.wall.get('op-1')).toMatchObject({ tiles: ['cam-02', null, null, null], tour: { index: 1, nextAtMs: c.timers.now() + 5_000 } });
    expect(c.published.at(-1)).toMatchObject({ operator: 'op-1', tour: { index: 1 } });
  });

  it('a paused tour stays paused after a restart', () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 3), dwellS: 5 });
    c.wall.startTour('op-1', 't', 'tile', 0);
    c.wall.pauseTour('op-1');
    c.restart();
    c.timers.advance(60_000);
    expect(c.wall.get('op-1')).toMatchObject({ tiles: ['cam-01', null, null, null], tour: { paused: true } });
  });

  it('the hand wins: placing a camera stops a wall tour; a tile tour stops only when its own tile is changed', () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 8), dwellS: 5 });
    c.wall.startTour('op-1', 't', 'wall');
    expect(c.wall.place('op-1', 'cam-20', 3).tour).toBeNull();
    c.wall.startTour('op-1', 't', 'tile', 0);
    expect(c.wall.place('op-1', 'cam-21', 2).tour).not.toBeNull();
    expect(c.wall.place('op-1', 'cam-21', 0).tour).toBeNull();
  });

  it('a layout change re-pages a wall tour at the new size and stops a tile tour whose tile is gone', () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 20), dwellS: 5 });
    c.wall.startTour('op-1', 't', 'wall');
    expect(c.wall.set('op-1', { layout: '9' })).toMatchObject({ tiles: cams(1, 9), tour: { index: 0 } });
    c.timers.advance(5_000);
    expect(c.wall.get('op-1').tiles).toEqual(cams(10, 18));
    c.wall.startTour('op-1', 't', 'tile', 5);
    expect(c.wall.set('op-1', { layout: '4' }).tour).toBeNull();
  });

  it('refuses a tour it cannot run: unknown, a tile scope without its tile or past the layout, a wall scope with a tile', () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 3), dwellS: 5 });
    expect(refusal(() => c.wall.startTour('op-1', 'nope', 'wall')).code).toBe('not_found');
    expect(refusal(() => c.wall.startTour('op-1', 't', 'tile')).message).toBe('a tour in one tile needs the tile it runs in');
    expect(refusal(() => c.wall.startTour('op-1', 't', 'tile', 4)).code).toBe('invalid_params');
    expect(refusal(() => c.wall.startTour('op-1', 't', 'wall', 0)).message).toBe('a tour over the whole wall takes no tile');
    expect(c.wall.get('op-1').tour).toBeNull();
  });

  it('deleting a running tour stops it; saving it anew changes what its next step shows', () => {
    const c = wallConsole();
    c.wall.saveTour('op-1', { name: 't', cameras: cams(1, 3), dwellS: 5 });
    c.wall.startTour('op-1', 't', 'tile', 0);
    c.wall.saveTour('op-1', { name: 't', cameras: ['cam-01', 'cam-25'], dwellS: 20 });
    c.timers.advance(5_000);
    expect(c.wall.get('op-1')).toMatchObject({ tiles: ['cam-25', null, null, null], tour: { nextAtMs: c.timers.now() + 20_000 } });
    expect(c.wall.deleteTour('op-1', 't')).toEqual([]);
    expect(c.wall.get('op-1').tour).toBeNull();
    expect(c.timers.scheduled).toBe(0);
  });

  it(`keeps at most ${WALL_LIMITS.tours} tours: the last one fits, one more is refused and changes nothing, saving over one still works`, () => {
    const c = wallConsole();
    const names = Array.from({ length: WALL_LIMITS.tours }, (_, i) => `tour ${String(i).padStart(3, '0')}`);
    for (const name of names) c.wall.saveTour('op-1', { name, cameras: ['cam-01'], dwellS: 10 });
    expect(c.collectionsChanged).toHaveLength(WALL_LIMITS.tours);

    expect(refusal(() => c.wall.saveTour('op-1', { name: 'one more', cameras: ['cam-01'], dwellS: 10 }))).toMatchObject({
      code: 'invalid_params',
      message: `an operator keeps at most ${WALL_LIMITS.tours} tours: delete one, or save over one of the same name`,
    });
    expect(c.wall.tours('op-1').map((t) => t.name)).toEqual(names);
    expect(c.collectionsChanged).toHaveLength(WALL_LIMITS.tours);

    c.wall.saveTour('op-1', { name: 'tour 042', cameras: ['cam-02'], dwellS: 20 });
    expect(c.wall.tours('op-1')[42]).toEqual({ name: 'tour 042', cameras: ['cam-02'], dwellS: 20 });
    c.wall.deleteTour('op-1', 'tour 000');
    expect(c.wall.saveTour('op-1', { name: 'one more', cameras: ['cam-01'], dwellS: 10 })).toHaveLength(WALL_LIMITS.tours);
  });

  it(`a tour holds at most ${WALL_LIMITS.listCameras} cameras: that many run, one more is refused and changes nothing`, () => {
    const c = wallConsole();
    const most = MANY.slice(0, WALL_LIMITS.listCameras);
    expect(c.wall.saveTour('op-1', { name: 'long', cameras: most, dwellS: 3 })[0]!.cameras).toHaveLength(WALL_LIMITS.listCameras);
    expect(refusal(() => c.wall.saveTour('op-1', { name: 'long', cameras: MANY, dwellS: 3 }))).toMatchObject({
      code: 'invalid_params',
      message: `a tour holds at most ${WALL_LIMITS.listCameras} cameras; this one has ${WALL_LIMITS.listCameras + 1}`,
    });
    expect(c.wall.tours('op-1')).toEqual([{ name: 'long', cameras: most, dwellS: 3 }]);
  });
});
