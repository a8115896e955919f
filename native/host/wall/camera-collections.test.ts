import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ApiError, WALL_LIMITS } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { migrate } from '../../store/migrate.ts';
import { stateMigrations } from '../../store/migrations/state/index.ts';
import { WallStore } from '../../store/wall-state.ts';
import { CameraCollections } from './camera-collections.ts';

/** More cameras than any limit lets one operator keep: c-0000 … c-1000. */
const MANY = Array.from({ length: WALL_LIMITS.favourites + 1 }, (_, i) => `c-${String(i).padStart(4, '0')}`);

function collections() {
  const db = new Database(':memory:');
  migrate(db, 'state.db', stateMigrations);
  const timers = new FakeTimers(1_000);
  const known = new Set(['cam-1', 'cam-2', 'cam-3', ...MANY]);
  const changed: string[] = [];
  return {
    timers,
    changed,
    lists: new CameraCollections({
      store: new WallStore(db),
      knownCameras: (ids) => new Set(ids.filter((id) => known.has(id))),
      timers,
      changed: (operator) => changed.push(operator),
    }),
  };
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

describe("an operator's favourites and groups", () => {
  it('marks favourites in order and unmarks them, even a camera the cache no longer holds', () => {
    const { lists, timers } = collections();
    lists.setFavourite('op-1', 'cam-2', true);
    timers.advance(10);
    expect(lists.setFavourite('op-1', 'cam-1', true)).toEqual(['cam-2', 'cam-1']);
    expect(lists.favourites('op-2')).toEqual([]);
    expect(() => lists.setFavourite('op-1', 'cam-9', true)).toThrow(new ApiError('invalid_params', 'no camera cam-9 in the cache'));
    expect(lists.setFavourite('op-1', 'cam-9', false)).toEqual(['cam-2', 'cam-1']);
  });

  it('saves a group once per name with each camera once, refuses unknown cameras whole, deletes by name', () => {
    const { lists } = collections();
    expect(lists.saveGroup('op-1', '集美', ['cam-3', 'cam-1', 'cam-3'])).toEqual([{ name: '集美', cameras: ['cam-3', 'cam-1'] }]);
    expect(() => lists.saveGroup('op-1', '集美', ['cam-2', 'cam-7', 'cam-8'])).toThrow(/no camera cam-7, cam-8 in the cache/);
    expect(lists.groups('op-1')).toEqual([{ name: '集美', cameras: ['cam-3', 'cam-1'] }]);
    expect(lists.saveGroup('op-1', '集美', ['cam-2'])).toEqual([{ name: '集美', cameras: ['cam-2'] }]);
    expect(lists.deleteGroup('op-1', '集美')).toEqual([]);
    expect(() => lists.deleteGroup('op-1', '集美')).toThrow(new ApiError('not_found', 'no camera group named "集美"'));
  });

  it("tells the operator's windows of each change, and of none when nothing changed or a change was refused", () => {
    const { lists, changed } = collections();
    lists.setFavourite('op-1', 'cam-1', true);
    lists.setFavourite('op-1', 'cam-1', true);
    lists.setFavourite('op-2', 'cam-2', false);
    refusal(() => lists.setFavourite('op-1', 'cam-9', true));
    lists.saveGroup('op-2', 'g', ['cam-1']);
    refusal(() => lists.saveGroup('op-2', 'g', ['cam-9']));
    lists.deleteGroup('op-2', 'g');
    expect(changed).toEqual(['op-1', 'op-2', 'op-2']);
  });

  it(`keeps at most ${WALL_LIMITS.favourites} favourites: the last one fits, one more is refused and changes nothing; unmarking makes room`, () => {
    const { lists, changed } = collections();
    const most = MANY.slice(0, WALL_LIMITS.favourites);
    for (const camera of most) lists.setFavourite('op-1', camera, true);
    expect(lists.favourites('op-1')).toEqual(most);
    // Marking one already marked takes no room.
    expect(lists.setFavourite('op-1', most[0]!, true)).toHaveLength(WALL_LIMITS.favourites);
    const told = changed.length;
    expect(refusal(() => lists.setFavourite('op-1', MANY.at(-1)!, true))).toMatchObject({
      code: 'invalid_params',
      message: `an operator keeps at most ${WALL_LIMITS.favourites} favourite cameras: unmark one first`,
    });
    expect(lists.favourites('op-1')).toEqual(most);
    expect(changed).toHaveLength(told);
    lists.setFavourite('op-1', most[0]!, false);
    expect(lists.setFavourite('op-1', MANY.at(-1)!, true).at(-1)).toBe(MANY.at(-1));
  });

  it(`keeps at most ${WALL_LIMITS.groups} groups: the last one fits, one more is refused and changes nothing, saving over one still works`, () => {
    const { lists } = collections();
    const names = Array.from({ length: WALL_LIMITS.groups }, (_, i) => `group ${String(i).padStart(3, '0')}`);
    for (const name of names) lists.saveGroup('op-1', name, ['cam-1']);
    expect(refusal(() => lists.saveGroup('op-1', 'one more', ['cam-1']))).toMatchObject({
      code: 'invalid_params',
      message: `an operator keeps at most ${WALL_LIMITS.groups} camera groups: delete one, or save over one of the same name`,
    });
    expect(lists.groups('op-1').map((g) => g.name)).toEqual(names);
    expect(lists.saveGroup('op-1', 'group 007', ['cam-2'])[7]).toEqual({ name: 'group 007', cameras: ['cam-2'] });
  });

  it(`a group holds at most ${WALL_LIMITS.listCameras} cameras, each counted once; one more is refused and changes nothing`, () => {
    const { lists } = collections();
    const most = MANY.slice(0, WALL_LIMITS.listCameras);
    // The same camera twice is kept once: still the most a group holds.
    expect(lists.saveGroup('op-1', 'big', [...most, most[0]!])[0]!.cameras).toEqual(most);
    const more = MANY.slice(0, WALL_LIMITS.listCameras + 1);
    expect(refusal(() => lists.saveGroup('op-1', 'big', more))).toMatchObject({
      code: 'invalid_params',
      message: `a group holds at most ${WALL_LIMITS.listCameras} cameras; this one has ${WALL_LIMITS.listCameras + 1}`,
    });
    expect(lists.groups('op-1')).toEqual([{ name: 'big', cameras: most }]);
  });
});
