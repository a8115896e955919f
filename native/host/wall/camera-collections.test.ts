import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { migrate } from '../../store/migrate.ts';
import { stateMigrations } from '../../store/migrations/state/index.ts';
import { WallStore } from '../../store/wall-state.ts';
import { CameraCollections } from './camera-collections.ts';

function collections() {
  const db = new Database(':memory:');
  migrate(db, 'state.db', stateMigrations);
  const timers = new FakeTimers(1_000);
  const known = new Set(['cam-1', 'cam-2', 'cam-3']);
  return {
    timers,
    lists: new CameraCollections({ store: new WallStore(db), knownCameras: (ids) => new Set(ids.filter((id) => known.has(id))), timers }),
  };
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
});
