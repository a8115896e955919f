import { describe, expect, it } from 'vitest';
import { camera } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { methods, topics, WALL_LIMITS, type HostFrame, type Role, type WallCollections } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { FakeTimers } from '../../common/timers.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { cameraWall } from '../wall/index.ts';
import { wallHandlers } from './wall.ts';

const CAMERAS = [camera('cam-0001', 1), camera('cam-0002', 2, { status: 'offline' }), camera('cam-0003', 3)];

/** A console host over a real data dir holding the cameras, signed in as op-1 (`signIn` changes who) with `role` (null: signed out). */
async function consoleAs(role: Role | null, dir = tempDir('wall-host')) {
  const data = await openDataDir(dir, { command: 'test', cacheWriter: 'inline' });
  data.cache.applyChanges(
    CAMERAS.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'camera', data }, i + 1)),
    CAMERAS.length,
  );
  const timers = new FakeTimers(5_000_000);
  let operator = 'op-1';
  const signedIn = () => (role === null ? null : operator);
  const wall = cameraWall({
    data,
    timers,
    signedIn,
    publish: (state) => host.publish('wall.state', state),
    publishCollections: (collections) => host.publish('wall.collections', collections),
  });
  const host: ConsoleHost = new ConsoleHost({
    role: () => role,
    logger: silentLogger,
    timers,
    handlers: wallHandlers(wall.wall, wall.collections, signedIn) as never,
    snapshots: { 'wall.state': () => wall.snapshot(), 'wall.collections': () => wall.collectionsSnapshot() },
  });
  wall.resume();
  const call = async (method: string, params: unknown = {}) => {
    const answer = await host.call(method, params, { label: 'test' });
    if ('result' in answer) {
      // Every answer is what the contract says it is.
      expect(methods[method as keyof typeof methods].result.safeParse(answer.result).success).toBe(true);
    }
    return answer;
  };
  const ok = async (method: string, params: unknown = {}) => {
    const answer = await call(method, params);
    if (!('result' in answer)) throw new Error(`${method} refused: ${answer.code} ${answer.message}`);
    return answer.result as never;
  };
  /** A window connected to the host: the frames it was sent, and what it sends. */
  const openWindow = (label: string) => {
    const frames: HostFrame[] = [];
    let receive: (data: unknown) => void = () => {};
    host.connect({ send: (f) => frames.push(f), onMessage: (l) => (receive = l), onClose: () => {}, close: () => {} }, { label });
    return {
      send: (frame: unknown) => receive(frame),
      events: <T>(topic: string): T[] => frames.flatMap((f) => (f.type === 'event' && f.topic === topic ? [f.data as T] : [])),
    };
  };
  return {
    call,
    ok,
    host,
    timers,
    wall,
    openWindow,
    /** Another operator signs in at this console: windows are sent their wall and collections. */
    signIn: (who: string) => {
      operator = who;
      wall.signedInChanged();
    },
    close: async () => {
      wall.dispose();
      await data.close();
    },
    dir,
  };
}

describe('the camera wall through the host', () => {
  it('a video patroller arranges the wall, saves a view, and finds both again after a restart', async () => {
    const first = await consoleAs('video_patroller');
    await first.ok('wall.set', { layout: '1+5', tiles: ['cam-0001', 'cam-0002', null, null, null, null] });
    await first.ok('wall.views.save', { name: '  筼筜湖  ' });
    await first.ok('wall.place', { camera: 'cam-0003' });
    await first.close();

    const again = await consoleAs('video_patroller', first.dir);
    expect(await again.ok('wall.get')).toMatchObject({
      operator: 'op-1',
      layout: '1+5',
      tiles: ['cam-0001', 'cam-0002', 'cam-0003', null, null, null],
      view: null,
    });
    expect(await again.ok('wall.views.list')).toEqual([
      { name: '筼筜湖', layout: '1+5', tiles: ['cam-0001', 'cam-0002', null, null, null, null] },
    ]);
    expect(await again.ok('wall.views.apply', { name: '筼筜湖' })).toMatchObject({
      view: '筼筜湖',
      tiles: ['cam-0001', 'cam-0002', null, null, null, null],
    });
    await again.close();
  });

  it('the duty chief may use it; a call taker is refused by the host, and a signed-out window too', async () => {
    const chief = await consoleAs('duty_chief');
    expect(await chief.ok('wall.place', { camera: 'cam-0001' })).toMatchObject({ tiles: ['cam-0001', null, null, null] });
    await chief.close();

    const callTaker = await consoleAs('call_taker');
    for (const method of Object.keys(methods).filter((m) => m.startsWith('wall.') || /^cameras\.(favourites|groups)/.test(m))) {
      expect(await callTaker.call(method, {}), method).toMatchObject({
        code: 'forbidden',
        message: `the call_taker role may not use ${method}`,
      });
    }
    await callTaker.close();

    const signedOut = await consoleAs(null);
    expect(await signedOut.call('wall.get')).toMatchObject({ code: 'unauthenticated' });
    await signedOut.close();
  });

  it('refuses bad input with a clear error and leaves the wall as it was', async () => {
    const c = await consoleAs('video_patroller');
    const before = await c.ok('wall.place', { camera: 'cam-0001' });
    expect(await c.call('wall.set', { tiles: ['cam-0001', 'cam-9999', null, null] })).toMatchObject({
      code: 'invalid_params',
      message: 'no camera cam-9999 in the cache',
    });
    expect(await c.call('wall.set', { layout: '6' })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('wall.set', { layout: '9', tiles: ['cam-0001'] })).toMatchObject({ message: 'layout 9 has 9 tiles; 1 were given' });
    expect(await c.call('wall.views.save', { name: '   ' })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('wall.views.save', { name: 'x'.repeat(41) })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('wall.tours.save', { name: 't', cameras: ['cam-0001'], dwellS: 2 })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('cameras.groups.save', { name: 'g', cameras: ['cam-0001', 'cam-4242'] })).toMatchObject({
      message: 'no camera cam-4242 in the cache',
    });
    expect(await c.call('cameras.favourites.set', { camera: 'cam-4242', on: true })).toMatchObject({ code: 'invalid_params' });
    expect(await c.ok('wall.get')).toEqual(before);
    expect(await c.ok('wall.views.list')).toEqual([]);
    expect(await c.ok('cameras.groups')).toEqual([]);
    expect(await c.ok('cameras.favourites')).toEqual([]);
    await c.close();
  });

  it('runs a tour on the host clock and pushes each step on wall.state', async () => {
    const c = await consoleAs('video_patroller');
    const frames: HostFrame[] = [];
    let receive: (data: unknown) => void = () => {};
    c.host.connect(
      { send: (f) => frames.push(f), onMessage: (l) => (receive = l), onClose: () => {}, close: () => {} },
      { label: 'window' },
    );
    receive({ type: 'subscribe', topic: 'wall.state' });
    await new Promise((resolve) => setImmediate(resolve));
    await c.ok('wall.tours.save', { name: '环岛路', cameras: ['cam-0001', 'cam-0002', 'cam-0003'], dwellS: 5 });
    await c.ok('wall.tours.start', { name: '环岛路', scope: 'tile', tile: 3 });
    c.timers.advance(5_000);
    const pushed = frames.flatMap((f) => (f.type === 'event' && f.topic === 'wall.state' ? [f.data] : []));
    for (const state of pushed) expect(topics['wall.state'].payload.safeParse(state).success).toBe(true);
    // The snapshot on subscribing, then the step (cam-0002 is offline: shown all the same).
    expect(pushed[0]).toMatchObject({ operator: 'op-1', rev: 0 });
    expect(pushed.at(-1)).toMatchObject({ tiles: [null, null, null, 'cam-0002'], tour: { name: '环岛路', index: 1 } });
    expect(await c.ok('wall.tours.pause')).toMatchObject({ tour: { paused: true } });
    expect(await c.ok('wall.tours.stop')).toMatchObject({ tour: null });
    await c.close();
  });

  it("keeps the operator's favourites and groups", async () => {
    const c = await consoleAs('video_patroller');
    await c.ok('cameras.favourites.set', { camera: 'cam-0003', on: true });
    c.timers.advance(1_000);
    expect(await c.ok('cameras.favourites.set', { camera: 'cam-0001', on: true })).toEqual(['cam-0003', 'cam-0001']);
    expect(await c.ok('cameras.favourites.set', { camera: 'cam-0003', on: false })).toEqual(['cam-0001']);
    expect(await c.ok('cameras.groups.save', { name: '思明区', cameras: ['cam-0002', 'cam-0001', 'cam-0002'] })).toEqual([
      { name: '思明区', cameras: ['cam-0002', 'cam-0001'] },
    ]);
    expect(await c.ok('cameras.groups.delete', { name: '思明区' })).toEqual([]);
    expect(await c.call('cameras.groups.delete', { name: '思明区' })).toMatchObject({ code: 'not_found' });
    await c.close();
  });
});

describe("the operator's collections, live in every window of theirs", () => {
  it("a view, tour, group or favourite saved in one window reaches all the operator's windows; another operator's never does", async () => {
    const c = await consoleAs('video_patroller');
    const windows = [c.openWindow('window 1'), c.openWindow('window 2')];
    for (const w of windows) w.send({ type: 'subscribe', topic: 'wall.collections' });
    await new Promise((resolve) => setImmediate(resolve));
    const latest = (w: (typeof windows)[number]) => w.events<WallCollections>('wall.collections').at(-1);
    for (const w of windows) expect(latest(w)).toEqual({ operator: 'op-1', favourites: [], groups: [], views: [], tours: [], rev: 0 });

    await c.ok('wall.place', { camera: 'cam-0001' });
    await c.ok('wall.views.save', { name: '筼筜湖' });
    await c.ok('cameras.favourites.set', { camera: 'cam-0003', on: true });
    await c.ok('cameras.groups.save', { name: '思明区', cameras: ['cam-0002'] });
    await c.ok('wall.tours.save', { name: '环岛路', cameras: ['cam-0001', 'cam-0003'], dwellS: 5 });
    c.timers.advance(100);
    for (const w of windows) {
      const pushed = w.events<WallCollections>('wall.collections');
      for (const payload of pushed) expect(topics['wall.collections'].payload.safeParse(payload).success).toBe(true);
      // Coalesced: the changes of one flush come as one push, the latest, which holds them all.
      expect(pushed).toHaveLength(2);
      expect(latest(w)).toEqual({
        operator: 'op-1',
        favourites: ['cam-0003'],
        groups: [{ name: '思明区', cameras: ['cam-0002'] }],
        views: [{ name: '筼筜湖', layout: '4', tiles: ['cam-0001', null, null, null] }],
        tours: [{ name: '环岛路', cameras: ['cam-0001', 'cam-0003'], dwellS: 5 }],
        rev: 4,
      });
    }

    // Another operator's lists change (the API only ever acts as the signed-in one): no window hears of it.
    c.wall.collections.setFavourite('op-2', 'cam-0001', true);
    c.timers.advance(100);
    for (const w of windows) expect(w.events('wall.collections')).toHaveLength(2);

    // They sign in here: the windows are sent theirs, and op-1's are no longer pushed.
    c.signIn('op-2');
    c.timers.advance(100);
    for (const w of windows) expect(latest(w)).toMatchObject({ operator: 'op-2', favourites: ['cam-0001'], views: [], rev: 6 });
    c.wall.collections.setFavourite('op-1', 'cam-0002', true);
    c.timers.advance(100);
    for (const w of windows) expect(w.events('wall.collections')).toHaveLength(3);
    await c.close();
  });
});

describe('what an operator keeps is bounded', () => {
  it(`a name has 1 to ${WALL_LIMITS.nameLength} characters after trimming and no control characters; refused names change nothing`, async () => {
    const c = await consoleAs('video_patroller');
    const longest = '环'.repeat(WALL_LIMITS.nameLength);
    expect(await c.ok('wall.views.save', { name: `  ${longest}  ` })).toEqual([expect.objectContaining({ name: longest })]);
    expect(await c.ok('cameras.groups.save', { name: longest, cameras: ['cam-0001'] })).toEqual([{ name: longest, cameras: ['cam-0001'] }]);
    expect(await c.ok('wall.tours.save', { name: longest, cameras: ['cam-0001'], dwellS: 5 })).toHaveLength(1);
    const before = await Promise.all([c.ok('wall.views.list'), c.ok('cameras.groups'), c.ok('wall.tours.list'), c.ok('wall.get')]);

    for (const name of [`${longest}环`, '早\n高峰', 'tab\there', 'bell\u0007', 'nul\u0000', 'line\u2028break', '\u0085next']) {
      for (const [method, params] of [
        ['wall.views.save', { name }],
        ['cameras.groups.save', { name, cameras: ['cam-0002'] }],
        ['wall.tours.save', { name, cameras: ['cam-0002'], dwellS: 5 }],
      ] as const) {
        const answer = await c.call(method, params);
        expect(answer, `${method} ${JSON.stringify(name)}`).toMatchObject({ code: 'invalid_params' });
        const issue = (answer as { issues?: { message: string }[] }).issues?.[0]?.message;
        expect(issue).toMatch(name.length > WALL_LIMITS.nameLength ? /a name needs 1 to 40 characters/ : /control characters or line breaks/);
      }
    }
    expect(await Promise.all([c.ok('wall.views.list'), c.ok('cameras.groups'), c.ok('wall.tours.list'), c.ok('wall.get')])).toEqual(before);
    await c.close();
  });
});
