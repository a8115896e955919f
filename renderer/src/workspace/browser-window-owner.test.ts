import { describe, expect, it } from 'vitest';
import type { LiveWorkspace, Workspace } from '../../../native/api/index.ts';
import { ManualTimers } from '../test-support/manual-timers.ts';
import { liveWorkspace, panelWindow, TWO_DISPLAYS } from '../test-support/workspaces.ts';
import { BrowserWindowOwner, POLL_MS, type PopupHandle } from './browser-window-owner.ts';

/** A browser window as the owner sees its handle: where it is, whether it was closed, where it was sent. */
class FakeWindow implements PopupHandle {
  closed = false;
  closedByOwner = false;
  screenX = 0;
  screenY = 0;
  outerWidth = 800;
  outerHeight = 600;
  location = { href: 'about:blank' };
  constructor(readonly name: string, readonly features: string) {}
  close(): void {
    this.closed = this.closedByOwner = true;
  }
  moveTo(x: number, y: number): void {
    this.screenX = x;
    this.screenY = y;
  }
  resizeTo(width: number, height: number): void {
    this.outerWidth = width;
    this.outerHeight = height;
  }
  /** The operator drags it. */
  drag(x: number, y: number): void {
    this.moveTo(x, y);
  }
}

/** The browser the console window runs in: windows by name, as `window.open` finds or makes them; a pop-up blocker. */
class FakeBrowser {
  readonly windows = new Map<string, FakeWindow>();
  readonly opened: { name: string; features: string }[] = [];
  blockerOn = false;
  readonly open = (url: string, name: string, features: string): FakeWindow | null => {
    if (this.blockerOn) return null;
    this.opened.push({ name, features });
    const existing = this.windows.get(name);
    if (existing && !existing.closed) return existing;
    const made = new FakeWindow(name, features);
    if (url) made.location.href = url;
    this.windows.set(name, made);
    return made;
  };
  get(name: string): FakeWindow {
    const w = this.windows.get(name);
    if (!w) throw new Error(`no window ${name}`);
    return w;
  }
}

function setUp() {
  const browser = new FakeBrowser();
  const timers = new ManualTimers();
  const saved: Workspace[] = [];
  const blockedReports: string[][] = [];
  const self = new FakeWindow('console', '');
  Object.assign(self, { screenX: 0, screenY: 0, outerWidth: 1920, outerHeight: 1040 });
  // The host saves what it is sent and publishes it as the live workspace, which the owner follows.
  let rev = 100;
  const owner: BrowserWindowOwner = new BrowserWindowOwner({
    openWindow: browser.open,
    self,
    urlFor: (id, recovered) => `http://127.0.0.1:4100/?token=t#/w/${id}${recovered ? `?recovered=${recovered}` : ''}`,
    displays: () => TWO_DISPLAYS,
    save: async (workspace) => {
      saved.push(workspace);
      owner.follow({ rev: rev++, workspace });
    },
    timers,
    onBlocked: (ids) => blockedReports.push(ids),
  });
  return { browser, timers, saved, blockedReports, owner, self };
}

describe("the browser shell's window owner", () => {
  it('opens each listed window by its name at its saved place and sends it to its page', () => {
    const { browser, owner } = setUp();
    owner.follow(liveWorkspace([panelWindow('map', 'map')]));
    const map = browser.get('egret-map');
    // On the right-hand monitor: its work area starts at (1920, 40); the window sits 100, 50 in.
    expect(map.features).toBe('popup,left=2020,top=90,width=1200,height=800');
    expect(map.location.href).toBe('http://127.0.0.1:4100/?token=t#/w/map');
    expect([map.screenX, map.screenY, map.outerWidth, map.outerHeight]).toEqual([2020, 90, 1200, 800]);
    expect(owner.openIds()).toEqual(['map']);
  });

  it('finds a window still open after the console was reloaded, without reloading its page', () => {
    const { browser, owner } = setUp();
    const before = browser.open('http://127.0.0.1:4100/#/w/map', 'egret-map', 'popup')!;
    before.location.href = 'http://127.0.0.1:4100/#/w/map';
    owner.follow(liveWorkspace([panelWindow('map', 'map')]));
    expect(browser.get('egret-map')).toBe(before);
    expect(before.location.href).toBe('http://127.0.0.1:4100/#/w/map');
  });

  it('closes a window docked back (no longer listed) and keeps the others', () => {
    const { browser, owner } = setUp();
    owner.follow(liveWorkspace([panelWindow('map', 'map'), panelWindow('detail', 'detail')], 1));
    owner.follow(liveWorkspace([panelWindow('detail', 'detail')], 2));
    expect(browser.get('egret-map').closedByOwner).toBe(true);
    expect(browser.get('egret-detail').closed).toBe(false);
    expect(owner.openIds()).toEqual(['detail']);
  });

  it('reopens a window closed by hand, with the notice, at the next look', () => {
    const { browser, owner, timers } = setUp();
    owner.follow(liveWorkspace([panelWindow('map', 'map')]));
    browser.get('egret-map').closed = true; // the operator closed it: it is still in the workspace
    timers.advance(POLL_MS);
    const reopened = browser.get('egret-map');
    expect(reopened.closed).toBe(false);
    expect(reopened.location.href).toBe('http://127.0.0.1:4100/?token=t#/w/map?recovered=closed');
    expect(browser.opened).toHaveLength(2);
  });

  it('saves where the operator moved a window, once, at the first look that finds it still, relative to its display', () => {
    const { browser, owner, timers, saved } = setUp();
    const live = liveWorkspace([panelWindow('map', 'map')]);
    owner.follow(live);
    timers.advance(POLL_MS); // the first look: where the windows are is not a change
    expect(saved).toHaveLength(0);
    const map = browser.get('egret-map');
    map.drag(2300, 300);
    timers.advance(POLL_MS);
    map.drag(2400, 340);
    timers.advance(POLL_MS);
    expect(saved).toHaveLength(0); // still moving
    timers.advance(POLL_MS);
    expect(saved).toHaveLength(1);
    timers.advance(POLL_MS * 3);
    expect(saved).toHaveLength(1);
    const moved = saved[0]!.windows[1]!;
    expect(moved.display.index).toBe(1);
    expect(moved.bounds).toEqual({ x: 480, y: 300, width: 1200, height: 800 });
    // The console did not move: its entry is as it was (maximised state kept; a page cannot tell).
    expect(saved[0]!.windows[0]).toEqual(live.workspace.windows[0]);
  });

  it('records a window dragged to the other monitor on that monitor', () => {
    const { browser, owner, timers, saved } = setUp();
    owner.follow(liveWorkspace([panelWindow('map', 'map')]));
    timers.advance(POLL_MS);
    browser.get('egret-map').drag(300, 200);
    timers.advance(POLL_MS * 2);
    const moved = saved.at(-1)!.windows[1]!;
    expect(moved.display).toEqual({ index: 0, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 });
    expect(moved.bounds).toEqual({ x: 300, y: 200, width: 1200, height: 800 });
  });

  it('takes a window that fills its work area for maximised, keeping its normal bounds', () => {
    const { owner, timers, saved, self } = setUp();
    owner.follow(liveWorkspace([panelWindow('map', 'map')]));
    timers.advance(POLL_MS);
    self.drag(300, 200); // the console restored and moved
    timers.advance(POLL_MS * 2);
    expect(saved.at(-1)!.windows[0]).toMatchObject({ state: 'normal', bounds: { x: 300, y: 200, width: 1920, height: 1040 } });
    self.drag(0, 0); // maximised again: it fills the left monitor's work area
    timers.advance(POLL_MS * 2);
    // Restored, it goes back to where it was before.
    expect(saved.at(-1)!.windows[0]).toMatchObject({ state: 'maximised', bounds: { x: 300, y: 200, width: 1920, height: 1040 } });
  });

  it('reports windows the pop-up blocker refused and opens them from a click', () => {
    const { browser, owner, blockedReports } = setUp();
    browser.blockerOn = true;
    owner.follow(liveWorkspace([panelWindow('map', 'map'), panelWindow('detail', 'detail')]));
    expect(blockedReports.at(-1)).toEqual(['map', 'detail']);
    browser.blockerOn = false;
    owner.openBlocked();
    expect(blockedReports.at(-1)).toEqual([]);
    expect(owner.openIds().sort()).toEqual(['detail', 'map']);
  });

  it('closes the windows it opened at sign-out and then follows nothing', () => {
    const { browser, owner, timers } = setUp();
    owner.follow(liveWorkspace([panelWindow('map', 'map')]));
    owner.closeAll();
    expect(browser.get('egret-map').closedByOwner).toBe(true);
    owner.follow(liveWorkspace([panelWindow('detail', 'detail')], 2));
    timers.advance(POLL_MS * 3);
    expect(browser.windows.has('egret-detail')).toBe(false);
    expect(timers.pendingCount).toBe(0);
  });

  it('follows a workspace with no other window by closing them all', () => {
    const { browser, owner } = setUp();
    owner.follow(liveWorkspace([panelWindow('map', 'map')], 1));
    const none: LiveWorkspace = liveWorkspace([], 2);
    owner.follow(none);
    expect(browser.get('egret-map').closedByOwner).toBe(true);
    expect(owner.openIds()).toEqual([]);
  });
});
