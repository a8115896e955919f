import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BrowserWindow, Screen } from 'electron';
import { defaultWorkspace, displaySetFingerprint, popOutWindow, Workspace, type Rect, type WorkspaceWindow } from '../../../native/api/workspace.ts';
import { displaysIn, FakeScreen, monitor, type FakeDisplay } from './fake-screen.ts';
import { FakeWindow } from './fake-window.ts';
import { windowOn, type PlacedWindow } from './placement.ts';
import { WorkspaceWindows, type PlaceableWindow, type WorkspaceScreen } from './window-manager.ts';

const primary = monitor(1, 0, 0, 1920, 1080, { primary: true });
const right = monitor(2, 1920, 0, 1920, 1080);
const left = monitor(3, -1920, 0, 1920, 1080);
/** A 4K monitor at 200%: 1920×1080 DIP. */
const uhdAt2 = monitor(6, 1920, 0, 1920, 1080, { scale: 2 });
const owner = { operator: 'op-7', role: 'call_taker' } as const;

/** A workspace on `set`: each window on a display at bounds relative to its work area. */
function workspaceOn(set: FakeDisplay[], windows: [string, FakeDisplay, Rect, Partial<WorkspaceWindow>?][]): Workspace {
  const displays = displaysIn(set);
  return {
    version: 1,
    ...owner,
    displaySet: displaySetFingerprint(displays),
    windows: windows.map(([id, on, rel, more], i) => {
      const display = displays.find((d) => d.id === String(on.id))!;
      const abs = { ...rel, x: rel.x + display.workArea.x, y: rel.y + display.workArea.y };
      // The first window of a workspace is the console (native/api/workspace.ts).
      const content = i === 0 ? ({ kind: 'console' } as const) : ({ kind: 'panel', panel: 'map' } as const);
      return { ...windowOn({ id, content, wallMode: false, pinned: false }, display, abs, 'normal', displays), ...more };
    }),
  };
}

function setup(displays: FakeDisplay[], options: { reportsLater?: boolean } = {}) {
  const screen = new FakeScreen(displays);
  const later: (() => void)[] | null = options.reportsLater ? [] : null;
  /** Delivers the windows' reports that came after the calls. */
  const settle = () => later?.splice(0).forEach((deliver) => deliver());
  const windows = new Map<string, FakeWindow>();
  const layouts: Workspace[] = [];
  const displaced: PlacedWindow[][] = [];
  const closed: string[] = [];
  const manager = new WorkspaceWindows<FakeWindow>({
    screen,
    owner,
    openWindow: (spec) => {
      const window = new FakeWindow(screen, spec, later);
      windows.set(spec.window.id, window);
      return window;
    },
    onLayout: (ws) => layouts.push(ws),
    onDisplaced: (d) => displaced.push(d),
    onClosed: (id, by) => closed.push(`${id} by ${by}`),
  });
  const win = (id: string) => windows.get(id)!;
  return { screen, manager, windows, win, layouts, displaced, closed, settle };
}

const TWO = [primary, right];
const taker = () =>
  workspaceOn(TWO, [
    ['main', primary, { x: 0, y: 0, width: 960, height: 1040 }],
    ['map', right, { x: 100, y: 100, width: 1200, height: 800 }],
  ]);

describe('the workspace windows', () => {
  it('open where the workspace has them, and say so as the layout to save', () => {
    const { manager, win, layouts } = setup(TWO);
    manager.openWorkspace(taker());
    expect(win('main').getBounds()).toEqual({ x: 0, y: 0, width: 960, height: 1040 });
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
    expect(manager.layout()).toEqual(taker());
    expect(Workspace.parse(layouts.at(-1))).toEqual(taker());
  });

  it('move off a monitor unplugged onto a display left, inside its work area; the others stay put', () => {
    const { screen, manager, win, displaced } = setup(TWO);
    manager.openWorkspace(taker());
    screen.change([primary], 'display-removed');
    expect(win('map').getBounds()).toMatchObject({ width: 1200, height: 800 });
    expect(inside(win('map').getBounds(), primary.workArea)).toBe(true);
    expect(win('main').setBoundsCalls).toBe(0);
    expect(displaced).toEqual([[expect.objectContaining({ id: 'map', outcome: 'moved' })]]);
    expect(manager.currentDisplaySet).toBe('1920x1080+0+0@1');
  });

  it('go back to where they were when the monitor is plugged back, though Electron renumbers it', () => {
    const { screen, manager, win } = setup(TWO);
    manager.openWorkspace(taker());
    screen.change([primary], 'display-removed');
    screen.change([primary, { ...right, id: 22 }], 'display-added');
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
    expect(manager.layout()).toEqual(taker());
  });

  it('keep their places on the old set when the system moves them before Electron reports the unplug', () => {
    const { screen, manager, win } = setup(TWO);
    manager.openWorkspace(taker());
    screen.displays = [primary];
    win('map').moveTo({ x: 0, y: 0, width: 1200, height: 800 });
    screen.emit('display-removed', {}, right);
    screen.change(TWO, 'display-added');
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
  });

  it('remember where the operator put them on each display set', () => {
    const { screen, manager, win, displaced } = setup(TWO);
    manager.openWorkspace(taker());
    screen.change([primary], 'display-removed');
    win('map').moveTo({ x: 300, y: 200, width: 1000, height: 700 });
    screen.change(TWO, 'display-added');
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
    screen.change([primary], 'display-removed');
    expect(win('map').getBounds()).toEqual({ x: 300, y: 200, width: 1000, height: 700 });
    // Put back where the operator had it on this set: nothing to tell them.
    expect(displaced).toHaveLength(1);
  });

  it('come back maximised or fullscreen on the display they move to', () => {
    const { screen, manager, win } = setup(TWO);
    manager.openWorkspace(
      workspaceOn(TWO, [
        ['map', right, { x: 100, y: 100, width: 1200, height: 800 }, { state: 'maximised' }],
        ['wall', right, { x: 0, y: 0, width: 1920, height: 1040 }, { state: 'fullscreen', wallMode: true }],
      ]),
    );
    screen.change([primary], 'display-removed');
    expect(win('map').isMaximized()).toBe(true);
    expect(win('map').getBounds()).toEqual(primary.workArea);
    expect(inside(win('map').getNormalBounds(), primary.workArea)).toBe(true);
    expect(win('wall').isFullScreen()).toBe(true);
    expect(win('wall').getBounds()).toEqual(primary.bounds);
    expect(manager.layout()!.windows.map((w) => [w.id, w.state, w.display.index])).toEqual([
      ['map', 'maximised', 0],
      ['wall', 'fullscreen', 0],
    ]);
  });

  it('keep their size on a 200% monitor, though Electron converts a move with the scale of the monitor left', () => {
    const set = [primary, uhdAt2];
    const { screen, manager, win } = setup([primary]);
    manager.openWorkspace(workspaceOn(set, [['map', uhdAt2, { x: 100, y: 100, width: 1200, height: 800 }]]));
    expect(win('map').getBounds()).toMatchObject({ width: 1200, height: 800 });
    screen.change(set, 'display-added');
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
  });

  it('open at their size on a 200% monitor while the primary is at 100%', () => {
    const set = [primary, uhdAt2];
    const { manager, win } = setup(set);
    manager.openWorkspace(workspaceOn(set, [['map', uhdAt2, { x: 100, y: 100, width: 1200, height: 800 }]]));
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
  });

  it('stay inside a screen smaller than a console window, and get the console\'s minimum back on a larger one', () => {
    /** A 1366×768 laptop at 150%, and a monitor beside it. */
    const laptop = monitor(1, 0, 0, 911, 512, { primary: true, scale: 1.5 });
    const beside = monitor(2, 911, 0, 1920, 1080);
    const { screen, manager, win } = setup([laptop]);
    const onLaptop = defaultWorkspace(owner, displaysIn([laptop]));
    manager.openWorkspace({ ...onLaptop, windows: [...onLaptop.windows, popOutWindow(onLaptop, { kind: 'panel', panel: 'map' })!] });
    expect(inside(win('main').getBounds(), laptop.workArea)).toBe(true);
    expect(win('main').getMinimumSize()).toEqual([911, 472]);
    expect(inside(win('map').getBounds(), laptop.workArea)).toBe(true);
    manager.remember(
      workspaceOn(
        [laptop, beside],
        [
          ['main', laptop, { x: 0, y: 0, width: 911, height: 472 }],
          ['map', beside, { x: 100, y: 100, width: 1200, height: 800 }],
        ],
      ),
    );
    screen.change([laptop, beside], 'display-added');
    expect(win('map').getBounds()).toEqual({ x: 1011, y: 100, width: 1200, height: 800 });
    expect(win('map').getMinimumSize()).toEqual([960, 600]);
    screen.change([laptop], 'display-removed');
    expect(inside(win('map').getNormalBounds(), laptop.workArea)).toBe(true);
  });

  it('fit into a work area a taskbar made smaller, leaving alone those still inside, and get their size back after', () => {
    const { screen, manager, win, displaced } = setup(TWO);
    manager.openWorkspace(taker());
    screen.change([primary, monitor(2, 1920, 0, 1920, 1080, { taskbar: 100 })], 'display-metrics-changed');
    expect(win('map').setBoundsCalls).toBe(0);
    expect(displaced).toEqual([]);
    screen.change([monitor(1, 0, 0, 1920, 1080, { primary: true, taskbar: 100 }), right], 'display-metrics-changed');
    expect(win('main').getBounds()).toEqual({ x: 0, y: 0, width: 960, height: 980 });
    expect(displaced).toEqual([[expect.objectContaining({ id: 'main', outcome: 'fitted' })]]);
    // The taskbar back as it was: the window gets its height back, and the saved layout never lost it.
    screen.change(TWO, 'display-metrics-changed');
    expect(win('main').getBounds()).toEqual({ x: 0, y: 0, width: 960, height: 1040 });
    expect(manager.layout()).toEqual(taker());
  });

  it('are not taken for moved by the operator when Electron reports their placing after the call', () => {
    const { screen, manager, win, settle } = setup(TWO, { reportsLater: true });
    manager.openWorkspace(taker());
    screen.change([monitor(1, 0, 0, 1920, 1080, { primary: true, taskbar: 100 }), right], 'display-metrics-changed');
    settle();
    expect(win('main').getBounds()).toEqual({ x: 0, y: 0, width: 960, height: 980 });
    screen.change(TWO, 'display-metrics-changed');
    settle();
    expect(win('main').getBounds()).toEqual({ x: 0, y: 0, width: 960, height: 1040 });
    // The operator's own move, reported the same way, is theirs.
    win('main').moveTo({ x: 10, y: 10, width: 900, height: 900 });
    expect(manager.layout()!.windows[0]!.bounds).toEqual({ x: 10, y: 10, width: 900, height: 900 });
  });

  it('stay where they are while every monitor is off, and go back when they are on', () => {
    const { screen, manager, win } = setup(TWO);
    manager.openWorkspace(taker());
    screen.change([], 'display-removed');
    expect(win('map').setBoundsCalls).toBe(0);
    expect(manager.currentDisplaySet).toBe(displaySetFingerprint(displaysIn(TWO)));
    screen.change(TWO, 'display-added');
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
  });

  it('leave the layout when closed, and only the closed are opened again', () => {
    const { manager, win, windows, layouts } = setup(TWO);
    manager.openWorkspace(taker());
    const desk = win('main');
    win('map').close();
    expect(layouts.at(-1)!.windows.map((w) => w.id)).toEqual(['main']);
    expect(manager.windowOf('map')).toBeUndefined();
    const opened = manager.openWorkspace(taker());
    expect(opened).toEqual([windows.get('map')]);
    expect(win('main')).toBe(desk);
  });

  it('go to the places of a workspace remembered for a display set when that set is connected', () => {
    const { screen, manager, win } = setup(TWO);
    manager.openWorkspace(taker());
    const three = [left, primary, right];
    manager.remember(workspaceOn(three, [['map', left, { x: 40, y: 30, width: 1000, height: 600 }]]));
    screen.change(three, 'display-added');
    expect(win('map').getBounds()).toEqual({ x: -1880, y: 30, width: 1000, height: 600 });
    expect(win('main').getBounds()).toEqual({ x: 0, y: 0, width: 960, height: 1040 });
  });

  it('save a window the operator maximises as maximised, over the same normal bounds', () => {
    const { manager, win, layouts } = setup(TWO);
    manager.openWorkspace(taker());
    win('main').maximize();
    expect(layouts.at(-1)!.windows[0]).toMatchObject({ id: 'main', state: 'maximised', bounds: { x: 0, y: 0, width: 960, height: 1040 }, display: { index: 0 } });
  });

  it('take nothing from a window still hidden while it paints', () => {
    const { manager, win, layouts } = setup(TWO);
    manager.openWorkspace(taker());
    const saves = layouts.length;
    win('main').visible = false;
    win('main').moveTo({ x: 500, y: 500, width: 1000, height: 600 });
    expect(layouts).toHaveLength(saves);
    expect(manager.layout()).toEqual(taker());
  });

  it('open on the displays listed when they open, though none were listed before', () => {
    const { screen, manager, win } = setup([]);
    screen.displays = TWO;
    manager.openWorkspace(taker());
    expect(manager.currentDisplaySet).toBe(displaySetFingerprint(displaysIn(TWO)));
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
    expect(manager.layout()).toEqual(taker());
  });

  it('stop following the displays once disposed', () => {
    const { screen, manager, win } = setup(TWO);
    manager.openWorkspace(taker());
    manager.dispose();
    expect(screen.listenerCount('display-removed')).toBe(0);
    screen.change([primary], 'display-removed');
    expect(win('map').getBounds()).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
  });

  it('take the console window opened before sign-in, and put it in its place when the workspace opens', () => {
    const { screen, manager, win, windows, layouts } = setup(TWO);
    const console = new FakeWindow(screen, { window: taker().windows[0]!, placed: { id: 'main', display: displaysIn(TWO)[0]!, bounds: { x: 100, y: 100, width: 1440, height: 900 }, state: 'normal', outcome: 'restored' } });
    manager.adopt('main', console);
    // Not placed by a workspace yet: the operator moving it is no layout.
    console.moveTo({ x: 200, y: 200, width: 1440, height: 900 });
    expect(manager.layout()).toBeNull();
    expect(layouts).toEqual([]);
    const opened = manager.openWorkspace(taker());
    expect(opened).toEqual([win('map')]);
    expect(windows.has('main')).toBe(false);
    expect(console.getBounds()).toEqual({ x: 0, y: 0, width: 960, height: 1040 });
    expect(manager.layout()).toEqual(taker());
    expect(manager.identityOf('main')).toEqual({ id: 'main', content: { kind: 'console' }, wallMode: false, pinned: false });
    expect(() => manager.adopt('main', console)).toThrow(/already open/);
  });

  it('leave windows already open where they are, unless told to put them in the places of the workspace given', () => {
    const { manager, win } = setup(TWO);
    manager.openWorkspace(taker());
    win('map').moveTo({ x: 2100, y: 200, width: 1000, height: 700 });
    const elsewhere = workspaceOn(TWO, [
      ['main', primary, { x: 0, y: 0, width: 960, height: 1040 }],
      ['map', right, { x: 300, y: 50, width: 1100, height: 900 }],
    ]);
    expect(manager.openWorkspace(elsewhere)).toEqual([]);
    expect(win('map').getBounds()).toEqual({ x: 2100, y: 200, width: 1000, height: 700 });
    expect(manager.openWorkspace(elsewhere, { placeOpen: true })).toEqual([]);
    expect(win('map').getBounds()).toEqual({ x: 2220, y: 50, width: 1100, height: 900 });
    expect(manager.layout()).toEqual(elsewhere);
  });

  it('tell a window closed by the owner from one the operator closed', () => {
    const { manager, win, closed, layouts } = setup(TWO);
    manager.openWorkspace(taker());
    manager.close('map');
    expect(win('map').isDestroyed()).toBe(true);
    manager.openWorkspace(taker());
    win('map').close();
    manager.close('nothing-open');
    expect(closed).toEqual(['map by owner', 'map by operator']);
    expect(layouts.at(-1)!.windows.map((w) => w.id)).toEqual(['main']);
  });

  it('open a window again in its place to take it in or out of wall mode, and tell nobody the old one closed', () => {
    const { manager, windows, closed } = setup(TWO);
    manager.openWorkspace(taker());
    const framed = windows.get('map')!;
    framed.maximize();
    const map = taker().windows[1]!;
    const wall = manager.reopen({ ...map, wallMode: true, pinned: true })!;
    expect(framed.isDestroyed()).toBe(true);
    expect(closed).toEqual([]);
    expect(wall.spec.window).toMatchObject({ id: 'map', wallMode: true, pinned: true, state: 'maximised' });
    expect(wall.spec.placed.bounds).toEqual({ x: 2020, y: 100, width: 1200, height: 800 });
    expect(manager.windowOf('map')).toBe(wall);
    expect(manager.identityOf('map')).toMatchObject({ wallMode: true, pinned: true });
    expect(manager.layout()!.windows[1]).toMatchObject({ id: 'map', wallMode: true, state: 'maximised' });
    // The new window is followed; the old one is not.
    wall.moveTo({ x: 2000, y: 0, width: 1000, height: 800 });
    expect(manager.layout()!.windows[1]!.bounds).toEqual({ x: 80, y: 0, width: 1000, height: 800 });
    expect(framed.listenerCount('move')).toBe(0);
    expect(manager.reopen({ ...map, id: 'gone' })).toBeNull();
  });

  it('let go of every window when disposed', () => {
    const { manager, win, layouts, closed } = setup(TWO);
    manager.openWorkspace(taker());
    const saves = layouts.length;
    manager.dispose();
    win('main').moveTo({ x: 10, y: 10, width: 1000, height: 700 });
    win('map').close();
    expect(win('main').listenerCount('move')).toBe(0);
    expect([layouts.length, closed]).toEqual([saves, []]);
    expect(manager.openIds).toEqual([]);
  });

  it("take Electron's own screen and windows", () => {
    expectTypeOf<Screen>().toExtend<WorkspaceScreen>();
    expectTypeOf<BrowserWindow>().toExtend<PlaceableWindow>();
  });
});

function inside(r: Rect, area: Rect): boolean {
  return r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;
}
