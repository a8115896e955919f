// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { WALL_STORAGE_PREFIX, parseWall, useWallStore, withCamera } from './wall.ts';

beforeEach(() => localStorage.clear());
afterEach(() => localStorage.clear());

describe('the cameras on the wall', () => {
  it('adds a camera once, and gives the longest-shown tile to a new camera when the 2×2 wall is full', () => {
    expect(withCamera([], 'cam-1')).toEqual(['cam-1']);
    expect(withCamera(['cam-1', 'cam-2'], 'cam-1')).toEqual(['cam-1', 'cam-2']);
    expect(withCamera(['cam-1', 'cam-2', 'cam-3', 'cam-4'], 'cam-5')).toEqual(['cam-2', 'cam-3', 'cam-4', 'cam-5']);
  });

  it('reads back only a valid wall', () => {
    expect(parseWall('["cam-1","cam-2"]')).toEqual(['cam-1', 'cam-2']);
    expect(parseWall('["cam-1","cam-1"]')).toEqual(['cam-1']);
    for (const bad of [null, '', 'not json', '{}', '[1]', '[""]', '["a","b","c","d","e"]', JSON.stringify(['x'.repeat(201)])]) {
      expect(parseWall(bad), String(bad)).toBeNull();
    }
  });
});

describe('the wall store', () => {
  async function signedInAs(id: string) {
    const app = storeTestApp({
      session: { ...signedInSession('video_patroller'), operator: { id, name: '林巡', role: 'video_patroller' } },
    });
    app.client.start();
    const wall = app.run(() => useWallStore());
    await settle();
    return { app, wall };
  }

  it('opens and removes cameras and remembers them for the operator', async () => {
    const { wall } = await signedInAs('op-07');
    wall.open('cam-0001');
    wall.open('cam-0002');
    wall.open('cam-0001');
    wall.remove('cam-0002');
    wall.open('cam-0003');
    expect(wall.cameras).toEqual(['cam-0001', 'cam-0003']);
    expect(JSON.parse(localStorage.getItem(`${WALL_STORAGE_PREFIX}op-07`)!)).toEqual(['cam-0001', 'cam-0003']);

    // The same operator in a new window gets the same wall.
    const again = await signedInAs('op-07');
    expect(again.wall.cameras).toEqual(['cam-0001', 'cam-0003']);
  });

  it('gives each operator their own wall, and none to a signed-out window', async () => {
    localStorage.setItem(`${WALL_STORAGE_PREFIX}op-07`, '["cam-0001"]');
    localStorage.setItem(`${WALL_STORAGE_PREFIX}op-08`, 'garbage');
    const { app, wall } = await signedInAs('op-07');
    expect(wall.cameras).toEqual(['cam-0001']);

    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(wall.cameras).toEqual([]);

    app.host.state.session = { ...signedInSession('video_patroller'), operator: { id: 'op-08', name: '郑巡', role: 'video_patroller' } };
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(wall.cameras).toEqual([]);
    wall.open('cam-0009');
    expect(localStorage.getItem(`${WALL_STORAGE_PREFIX}op-08`)).toBe('["cam-0009"]');
    expect(localStorage.getItem(`${WALL_STORAGE_PREFIX}op-07`)).toBe('["cam-0001"]');
  });
});
