// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Role, SavedView, WallCollections, WallState } from '../../../native/api/index.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { FakeWall } from '../test-support/fake-wall.ts';
import { useWallStore } from './wall.ts';

/** A console whose host holds `wall` for op-01, signed in as `role`. */
async function consoleWith(wall: FakeWall, role: Role = 'video_patroller') {
  const app = storeTestApp({ session: signedInSession(role) });
  Object.assign(app.host.handlers, wall.handlers);
  wall.attach(app.host);
  app.client.start();
  const store = app.run(() => useWallStore());
  await settle();
  return { app, store };
}

const pushed = (wall: FakeWall, patch: Partial<WallState>): WallState => ({ ...wall.state, ...patch });

describe('the wall store mirrors the host', () => {
  it("shows the operator's wall and views as the host has them at sign-in", async () => {
    const wall = new FakeWall('op-01', '1+5');
    wall.state.tiles = ['cam-1', null, 'cam-3', null, null, null];
    wall.state.view = '早高峰';
    wall.views = [{ name: '早高峰', layout: '1+5', tiles: [...wall.state.tiles] }];
    const { store } = await consoleWith(wall);
    expect(store.layout).toBe('1+5');
    expect(store.tiles).toEqual(['cam-1', null, 'cam-3', null, null, null]);
    expect(store.cameras).toEqual(['cam-1', 'cam-3']);
    expect(store.viewName).toBe('早高峰');
    expect(store.views.map((v) => v.name)).toEqual(['早高峰']);
  });

  it('follows the wall.state pushes (another window, a tour step), never going back to an older rev', async () => {
    const wall = new FakeWall();
    const { app, store } = await consoleWith(wall);
    app.host.publish('wall.state', pushed(wall, { layout: '9', tiles: Array(9).fill(null), rev: 5 }));
    await settle();
    expect(store.layout).toBe('9');
    // An answer or push from before that change arrives late: ignored.
    app.host.publish('wall.state', pushed(wall, { layout: '16', tiles: Array(16).fill(null), rev: 4 }));
    await settle();
    expect(store.layout).toBe('9');
    // Another operator's wall (a colleague signed in elsewhere) is not this window's.
    app.host.publish('wall.state', pushed(wall, { operator: 'op-99', layout: '25', tiles: Array(25).fill(null), rev: 9 }));
    await settle();
    expect(store.layout).toBe('9');
  });

  it('sends each change to the host and shows its answer', async () => {
    const wall = new FakeWall();
    const { store } = await consoleWith(wall);
    await store.setLayout('16');
    expect(store.tiles).toHaveLength(16);
    await store.place('cam-7', 5);
    await store.place('cam-8');
    expect(store.tiles.slice(0, 6)).toEqual(['cam-8', null, null, null, null, 'cam-7']);
    await store.placeMany(['cam-a', 'cam-b']);
    expect(store.tiles.slice(0, 3)).toEqual(['cam-a', 'cam-b', null]);
    await store.clearTile(1);
    expect(store.tiles[1]).toBeNull();
    await store.maximise(5);
    expect(store.maximised).toBe(5);
    await store.maximise(null);
    expect(store.maximised).toBeNull();
    expect(wall.calls.map((c) => [c.method, c.params])).toEqual([
      ['wall.get', {}],
      ['wall.views.list', {}],
      ['wall.set', { layout: '16' }],
      ['wall.place', { camera: 'cam-7', tile: 5 }],
      ['wall.place', { camera: 'cam-8' }],
      ['wall.placeMany', { cameras: ['cam-a', 'cam-b'] }],
      // Clearing a tile sends the whole wall with that tile empty.
      ['wall.set', { tiles: ['cam-a', null, null, null, null, 'cam-7', ...Array(10).fill(null)] }],
      ['wall.set', { maximised: 5 }],
      ['wall.set', { maximised: null }],
    ]);
  });

  it('says why a change was refused and keeps the wall as it was', async () => {
    const wall = new FakeWall();
    wall.unknown.add('cam-gone');
    const { store } = await consoleWith(wall);
    expect(await store.place('cam-gone', 0)).toBe(false);
    expect(store.error?.code).toBe('invalid_params');
    expect(store.error?.message).toContain('cam-gone');
    expect(store.tiles).toEqual([null, null, null, null]);
    // The next change that succeeds clears the message.
    expect(await store.place('cam-1', 0)).toBe(true);
    expect(store.error).toBeNull();
  });

  it('saves, applies and deletes named views, and shows which view is on the wall', async () => {
    const wall = new FakeWall();
    const { store } = await consoleWith(wall);
    await store.setLayout('1+7');
    await store.placeMany(['cam-1', 'cam-2']);
    expect(await store.saveView('路口')).toBe(true);
    await settle();
    expect(store.views.map((v) => v.name)).toEqual(['路口']);
    expect(store.viewName).toBe('路口');
    await store.setLayout('4');
    expect(store.viewName).toBeNull();
    await store.applyView('路口');
    expect(store.layout).toBe('1+7');
    expect(store.tiles.slice(0, 3)).toEqual(['cam-1', 'cam-2', null]);
    expect(store.viewName).toBe('路口');
    await store.deleteView('路口');
    await settle();
    expect(store.views).toEqual([]);
    expect(store.viewName).toBeNull();
  });

  it("lists a view saved in another window of the operator from the host's wall.collections push; never another operator's, nor an older push", async () => {
    const wall = new FakeWall();
    const { app, store } = await consoleWith(wall);
    const view: SavedView = { name: '路口', layout: '4', tiles: ['cam-1', null, null, null] };
    const collections = (patch: Partial<WallCollections>): WallCollections => ({
      operator: 'op-01',
      favourites: [],
      groups: [],
      views: [],
      tours: [],
      rev: 1,
      ...patch,
    });
    app.host.publish('wall.collections', collections({ views: [view], rev: 4 }));
    await settle();
    expect(store.views).toEqual([view]);
    app.host.publish('wall.collections', collections({ views: [], rev: 3 }));
    await settle();
    expect(store.views).toEqual([view]);
    app.host.publish('wall.collections', collections({ operator: 'op-99', views: [{ ...view, name: '别人的' }], rev: 9 }));
    await settle();
    expect(store.views).toEqual([view]);
    // Only the host's lists were read: the push needs no call.
    expect(wall.calls.map((c) => c.method)).toEqual(['wall.get', 'wall.views.list']);
  });

  it('opens a camera from its preview once: the first empty tile, not again when it is up', async () => {
    const wall = new FakeWall();
    const { store } = await consoleWith(wall);
    await store.open('cam-1');
    await store.open('cam-1');
    await store.open('cam-2');
    expect(store.tiles).toEqual(['cam-1', 'cam-2', null, null]);
    expect(wall.calls.filter((c) => c.method === 'wall.place')).toHaveLength(2);
  });

  it('asks nothing for a role without a wall, and forgets the wall at sign-out', async () => {
    const taker = new FakeWall();
    const { store: none } = await consoleWith(taker, 'call_taker');
    expect(taker.calls).toEqual([]);
    expect(none.hasWall).toBe(false);
    expect(none.tiles).toEqual([null, null, null, null]);

    const wall = new FakeWall('op-01', '9');
    const { app, store } = await consoleWith(wall);
    expect(store.layout).toBe('9');
    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(store.state).toBeNull();
    expect(store.layout).toBe('4');
  });
});
