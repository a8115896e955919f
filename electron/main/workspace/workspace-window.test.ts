import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { defaultWorkspace, type Rect } from '../../../native/api/workspace.ts';
import { displaysIn, FakeScreen, monitor } from './fake-screen.ts';
import { placeWorkspace } from './placement.ts';
import { workspaceWindowOpener, type WorkspaceBrowserWindow } from './workspace-window.ts';
import { WorkspaceWindows } from './window-manager.ts';

/** A BrowserWindow as the opener sees it: what it was made with, and what was done to it. */
class FakeBrowserWindow implements WorkspaceBrowserWindow {
  readonly once_ = new Map<string, (() => void)[]>();
  readonly done: string[] = [];
  bounds: Rect;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 0, height: options.height ?? 0 };
  }
  once(event: string, listener: () => void) {
    this.once_.set(event, [...(this.once_.get(event) ?? []), listener]);
    return this;
  }
  /** Electron's ready-to-show: the page has painted. */
  painted() {
    for (const listener of this.once_.get('ready-to-show') ?? []) listener();
  }
  on() {
    return this;
  }
  removeListener() {
    return this;
  }
  close() {
    this.done.push('close');
  }
  show() {
    this.done.push('show');
  }
  loadURL(url: string) {
    this.done.push(`load ${url}`);
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isVisible() {
    return this.done.includes('show');
  }
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  setBounds(b: Rect) {
    this.bounds = { ...b };
  }
  getMinimumSize() {
    return [this.options.minWidth ?? 0, this.options.minHeight ?? 0];
  }
  setMinimumSize() {}
  isMaximized() {
    return this.done.includes('maximize');
  }
  maximize() {
    this.done.push('maximize');
  }
  unmaximize() {}
  isFullScreen() {
    return this.done.includes('fullscreen');
  }
  setFullScreen(flag: boolean) {
    if (flag) this.done.push('fullscreen');
  }
}

const primary = monitor(1, 0, 0, 1920, 1080, { primary: true });
const right = monitor(2, 1920, 0, 1920, 1080);
const open = workspaceOpener();

function workspaceOpener() {
  return workspaceWindowOpener(FakeBrowserWindow, { preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
}

describe('a workspace window', () => {
  const patroller = defaultWorkspace({ operator: 'op-3', role: 'video_patroller' }, displaysIn([primary, right]));
  const [first, second] = placeWorkspace(patroller, displaysIn([primary, right]));

  it('is a hardened console window at its placed bounds, without chrome in wall mode', () => {
    const framed = open({ window: patroller.windows[0]!, placed: first! });
    const wall = open({ window: patroller.windows[1]!, placed: second! });
    expect(framed.options).toMatchObject({ ...first!.bounds, show: false, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(framed.options.frame).toBeUndefined();
    expect(wall.options).toMatchObject({ ...second!.bounds, frame: false });
    expect(framed.done).toEqual(['load egret://app/index.html']);
    expect(wall.done).toEqual([`load egret://app/index.html#/w/${patroller.windows[1]!.id}`]);
  });

  it('opened again after the operator closed it by hand, says so on its route', () => {
    const again = open({ window: patroller.windows[1]!, placed: second!, recovered: 'closed' });
    expect(again.done).toEqual([`load egret://app/index.html#/w/${patroller.windows[1]!.id}?recovered=closed`]);
  });

  it('is maximised or fullscreen only once it has painted', () => {
    const maximised = open({ window: patroller.windows[0]!, placed: { ...first!, state: 'maximised' } });
    const fullscreen = open({ window: patroller.windows[1]!, placed: { ...second!, state: 'fullscreen' } });
    const normal = open({ window: patroller.windows[1]!, placed: { ...second!, state: 'normal' } });
    expect([maximised.isMaximized(), fullscreen.isFullScreen()]).toEqual([false, false]);
    for (const w of [maximised, fullscreen, normal]) w.painted();
    expect(maximised.done.slice(1)).toEqual(['show', 'maximize']);
    expect(fullscreen.done.slice(1)).toEqual(['show', 'fullscreen']);
    expect(normal.done.slice(1)).toEqual(['show']);
  });

  it("opens a role's workspace through the window manager, each window on its display", () => {
    const screen = new FakeScreen([primary, right]);
    const windows = new WorkspaceWindows({ screen, owner: { operator: 'op-3', role: 'video_patroller' }, openWindow: workspaceOpener() });
    const [a, b] = windows.openWorkspace(patroller);
    expect(a!.bounds).toEqual(first!.bounds);
    expect(b!.bounds).toEqual(second!.bounds);
    expect(b!.bounds.x).toBeGreaterThanOrEqual(1920);
  });

  it("takes Electron's BrowserWindow", () => {
    expectTypeOf<BrowserWindow>().toExtend<WorkspaceBrowserWindow>();
  });
});
