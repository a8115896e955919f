import { describe, expect, it } from 'vitest';
import type { LiveWorkspace, SessionInfo } from '../../../native/api/contract.ts';
import {
  defaultWorkspace,
  displaySetFingerprint,
  popOutWindow,
  type Display,
  type Workspace,
  type WorkspaceOwner as Owner,
} from '../../../native/api/workspace.ts';
import type { Role } from '../../../native/api/rules.ts';
import type { Logger } from '../../../native/common/logger.ts';
import { HostCallError, type HostApi } from '../host-client.ts';
import { displaysIn, FakeScreen, monitor } from './fake-screen.ts';
import { consoleWindowAt, FakeWindow } from './fake-window.ts';
import { SAVE_DELAY_MS, WorkspaceOwner, workspaceToSave } from './workspace-owner.ts';

const primary = monitor(1, 0, 0, 1920, 1080, { primary: true });
const right = monitor(2, 1920, 0, 1920, 1080);
const far = monitor(3, 3840, 0, 1920, 1080);
const TWO = [primary, right];
/** The duty chief's desk: the console, the map, traffic video. */
const THREE = [primary, right, far];

/**
 * The host's side of the workspace methods, kept in memory as the contract
 * describes them (issue13-api.md): one live workspace per session, stored per
 * operator, role and display set, published on every change.
 */
class FakeHost implements HostApi {
  connected = true;
  readonly calls: string[] = [];
  readonly stored = new Map<string, Workspace>();
  live: LiveWorkspace | null = null;
  owner: Owner | null = null;
  private rev = 0;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();

  async call(method: string, params: unknown): Promise<never> {
    this.calls.push(method === 'workspace.dock' ? `${method} ${(params as { window: string }).window}` : method);
    await Promise.resolve();
    if (!this.connected) throw new HostCallError('unavailable', `not connected; ${method} was not sent`);
    if (!this.owner) throw new HostCallError('forbidden', 'not signed in');
    const owner = this.owner;
    switch (method) {
      case 'workspace.open': {
        const displays = (params as { displays: Display[] }).displays;
        const stored = this.stored.get(this.key(owner, displaySetFingerprint(displays)));
        this.publish(stored ?? defaultWorkspace(owner, displays));
        return { live: this.live, fallback: null } as never;
      }
      case 'workspace.save': {
        const workspace = (params as { workspace: Workspace }).workspace;
        this.stored.set(this.key(owner, workspace.displaySet), workspace);
        return this.publish(workspace) as never;
      }
      case 'workspace.dock': {
        const id = (params as { window: string }).window;
        const workspace = this.live!.workspace;
        if (!workspace.windows.some((w) => w.id === id)) throw new HostCallError('not_found', `no window ${id}`);
        return this.change({ ...workspace, windows: workspace.windows.filter((w) => w.id !== id) }) as never;
      }
    }
    throw new HostCallError('not_found', `no method ${method}`);
  }

  subscribe(topic: string, listener: (payload: never) => void): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    // The host sends a state topic's snapshot to a new subscriber: what is, when it arrives (nothing overtakes it on the port).
    queueMicrotask(() => {
      const snapshot = topic === 'session.info' ? this.session() : topic === 'workspace' ? this.live : null;
      if (snapshot && set.has(entry)) entry(snapshot);
    });
    return () => set.delete(entry);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  // ── what the test does to the host ──

  signIn(operator: string, role: Role): void {
    this.owner = { operator, role };
    this.emit('session.info', this.session());
  }

  signOut(): void {
    this.owner = null;
    this.live = null;
    this.emit('session.info', this.session());
  }

  /** A page pops a panel out (workspace.popOut). */
  popOut(panel: 'map' | 'board' | 'wall'): string {
    const window = popOutWindow(this.live!.workspace, { kind: 'panel', panel })!;
    this.change({ ...this.live!.workspace, windows: [...this.live!.workspace.windows, window] });
    return window.id;
  }

  /** A page docks a window (workspace.dock). */
  dock(id: string): void {
    const workspace = this.live!.workspace;
    this.change({ ...workspace, windows: workspace.windows.filter((w) => w.id !== id) });
  }

  /** A page resets the workspace (workspace.reset): the saved one forgotten, the role's default live. */
  reset(displays: Display[]): void {
    this.stored.delete(this.key(this.owner!, displaySetFingerprint(displays)));
    this.publish(defaultWorkspace(this.owner!, displays));
  }

  /** A push of an earlier live workspace, as the echo of a save arrives while the next move is still unsaved. */
  republish(workspace: Workspace): void {
    this.publish(workspace);
  }

  /** A page pins a window or puts it in wall mode (workspace.setWindow). */
  setWindow(id: string, change: { wallMode?: boolean; pinned?: boolean }): void {
    const workspace = this.live!.workspace;
    this.change({ ...workspace, windows: workspace.windows.map((w) => (w.id === id ? { ...w, ...change } : w)) });
  }

  /** The host process dies and the supervisor starts another: its live workspace is gone, the session is kept (state.db). */
  restart(): void {
    this.connected = false;
    for (const listener of [...this.connectionListeners]) listener(false);
    this.live = null;
    this.rev = 0;
    this.connected = true;
    for (const listener of [...this.connectionListeners]) listener(true);
    // The client subscribes again to what it followed; the new host sends the snapshots.
    for (const listener of [...(this.listeners.get('session.info') ?? [])]) queueMicrotask(() => listener(this.session()));
  }

  readonly savedLog: Workspace[] = [];

  private change(workspace: Workspace): LiveWorkspace {
    this.stored.set(this.key(this.owner!, workspace.displaySet), workspace);
    return this.publish(workspace);
  }

  private publish(workspace: Workspace): LiveWorkspace {
    this.live = { workspace, rev: ++this.rev };
    this.emit('workspace', this.live);
    return this.live;
  }

  private emit(topic: string, payload: unknown): void {
    for (const listener of [...(this.listeners.get(topic) ?? [])]) listener(payload);
  }

  private key(owner: Owner, displaySet: string): string {
    return `${owner.operator}/${owner.role}/${displaySet}`;
  }

  private session(): SessionInfo {
    const owner = this.owner;
    return {
      shell: 'electron',
      version: '0.1.0',
      workstation: 'ws-1',
      operator: owner ? { id: owner.operator, name: owner.operator, role: owner.role } : null,
      role: owner?.role ?? null,
      platform: { configured: false, url: null, embedded: true },
      signedIn: owner !== null,
    };
  }
}

class ManualTimers {
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  time = 0;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.due.set(id, { at: this.time + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.due.delete(handle as number);
  };
  advance(ms: number) {
    this.time += ms;
    for (const [id, timer] of [...this.due]) {
      if (timer.at > this.time) continue;
      this.due.delete(id);
      timer.fn();
    }
  }
}

/** Lets the host's answers and pushes (promises, microtasks) arrive. */
async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

function setup(displays = TWO) {
  const screen = new FakeScreen(displays);
  const host = new FakeHost();
  const timers = new ManualTimers();
  const opened: FakeWindow[] = [];
  const logged: string[] = [];
  const log = (level: string) => (message: string) => logged.push(`${level}: ${message}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  let consoleWindow: FakeWindow | null = consoleWindowAt(screen, { x: 240, y: 90, width: 1440, height: 900 });
  const consoleClosed: string[] = [];
  const owner = new WorkspaceOwner<FakeWindow>({
    host,
    screen,
    consoleWindow: () => consoleWindow,
    openWindow: (spec) => {
      const window = new FakeWindow(screen, spec);
      opened.push(window);
      return window;
    },
    timers,
    logger,
    onConsoleClosed: () => consoleClosed.push('main'),
  });
  owner.start();
  // Saving on the 'workspace.save' call: what was sent.
  const call = host.call.bind(host);
  host.call = async (method: string, params: unknown) => {
    if (method === 'workspace.save') host.savedLog.push((params as { workspace: Workspace }).workspace);
    return call(method, params);
  };
  /** The window open now for workspace window `id` (the console window for 'main'). */
  const win = (id: string) => (id === 'main' ? consoleWindow! : opened.filter((w) => w.spec.window.id === id && !w.isDestroyed()).at(-1)!);
  return { screen, host, timers, owner, opened, win, logged, consoleClosed, console: () => consoleWindow!, dropConsole: () => (consoleWindow = null) };
}

async function signedIn(role: Role = 'duty_chief', displays = THREE) {
  const t = setup(displays);
  t.host.signIn('op-7', role);
  await settle();
  return t;
}

describe("the main process's workspace owner", () => {
  it("opens the role's workspace at sign-in: the console window put in its place, a window for each other display", async () => {
    const { host, owner, opened, console, win } = await signedIn('duty_chief');
    expect(host.calls.slice(0, 1)).toEqual(['workspace.open']);
    expect(owner.openWindows).toEqual(['main', 'map', 'traffic']);
    expect(opened.map((w) => w.spec.window.id)).toEqual(['map', 'traffic']);
    expect(console().isMaximized()).toBe(true);
    expect(console().getBounds()).toEqual(primary.workArea);
    expect(win('map').getBounds()).toEqual(right.workArea);
    expect(win('traffic').getBounds()).toEqual(far.workArea);
  });

  it('opens nothing before sign-in, and nothing when the host cannot open a workspace', async () => {
    const { host, owner, logged } = setup();
    await settle();
    expect([host.calls, owner.openWindows]).toEqual([[], []]);
    host.owner = { operator: 'op-7', role: 'call_taker' };
    host.connected = false;
    host.signIn('op-7', 'call_taker');
    await settle();
    expect(owner.openWindows).toEqual([]);
    expect(logged).toContain('error: could not open the workspace');
  });

  it('restores the workspace saved for this operator, role and display set', async () => {
    const t = setup(TWO);
    const chief = defaultWorkspace({ operator: 'op-7', role: 'duty_chief' }, displaysIn(TWO));
    const saved: Workspace = { ...chief, windows: [{ ...chief.windows[0]!, state: 'normal', bounds: { x: 10, y: 20, width: 1000, height: 700 } }, chief.windows[1]!] };
    t.host.stored.set(`op-7/duty_chief/${chief.displaySet}`, saved);
    t.host.signIn('op-7', 'duty_chief');
    await settle();
    expect(t.owner.openWindows).toEqual(['main', 'map']);
    expect(t.console().getBounds()).toEqual({ x: 10, y: 20, width: 1000, height: 700 });
    expect(t.console().isMaximized()).toBe(false);
  });

  it('opens a window for a panel popped out, and closes it when it is docked, without docking it again', async () => {
    const { host, owner, win } = await signedIn('call_taker', [primary]);
    expect(owner.openWindows).toEqual(['main']);
    const id = host.popOut('board');
    expect(owner.openWindows).toEqual(['main', 'board']);
    expect(win('board').spec.window.content).toEqual({ kind: 'panel', panel: 'board' });
    const board = win('board');
    host.dock(id);
    await settle();
    expect(board.isDestroyed()).toBe(true);
    expect(owner.openWindows).toEqual(['main']);
    expect(host.calls.filter((c) => c.startsWith('workspace.dock'))).toEqual([]);
  });

  it('opens a window the operator closed by hand again, in its place, with a notice', async () => {
    const { host, owner, win, logged } = await signedIn('duty_chief');
    const closed = win('traffic');
    closed.close();
    await settle();
    const reopened = win('traffic');
    expect(reopened).not.toBe(closed);
    expect(reopened.spec.recovered).toBe('closed');
    expect(reopened.getBounds()).toEqual(far.workArea);
    expect(owner.openWindows).toEqual(['main', 'map', 'traffic']);
    expect(host.calls.filter((c) => c.startsWith('workspace.dock'))).toEqual([]);
    expect(logged).toContain('info: window closed by hand: opening it again');
    // Docked, it goes.
    host.dock('traffic');
    expect(owner.openWindows).toEqual(['main', 'map']);
  });

  it('docks a window given up on after its page kept crashing, so it does not come back', async () => {
    const { host, owner, win } = await signedIn('duty_chief');
    owner.giveUp('traffic');
    win('traffic').close();
    await settle();
    expect(host.calls).toContain('workspace.dock traffic');
    expect(host.live!.workspace.windows.map((w) => w.id)).toEqual(['main', 'map']);
    expect(owner.openWindows).toEqual(['main', 'map']);
  });

  it('says so when the operator closes the console window', async () => {
    const { console, consoleClosed, host } = await signedIn('duty_chief');
    console().close();
    expect(consoleClosed).toEqual(['main']);
    expect(host.calls.filter((c) => c.startsWith('workspace.dock'))).toEqual([]);
  });

  it('opens a window again in its place, without a frame, when a page puts it in wall mode', async () => {
    const { host, win, owner } = await signedIn('duty_chief');
    const framed = win('map');
    host.setWindow('map', { wallMode: true });
    const wall = win('map');
    expect(framed.isDestroyed()).toBe(true);
    expect(wall).not.toBe(framed);
    expect(wall.spec.window.wallMode).toBe(true);
    expect(wall.isMaximized()).toBe(true);
    expect(wall.getBounds()).toEqual(right.workArea);
    expect(owner.openWindows).toEqual(['main', 'map', 'traffic']);
    expect(host.calls.filter((c) => c.startsWith('workspace.dock'))).toEqual([]);
  });

  it('saves where the operator puts the windows a second after the last move, keeping what the pages set', async () => {
    const { host, timers, win } = await signedIn('duty_chief');
    const before = host.savedLog.length;
    host.setWindow('map', { pinned: true });
    win('map').unmaximize();
    win('map').moveTo({ x: 2000, y: 50, width: 1200, height: 800 });
    timers.advance(SAVE_DELAY_MS - 1);
    win('map').moveTo({ x: 2010, y: 60, width: 1200, height: 800 });
    timers.advance(SAVE_DELAY_MS - 1);
    expect(host.savedLog.length).toBe(before);
    timers.advance(1);
    await settle();
    expect(host.savedLog.length).toBe(before + 1);
    const map = host.live!.workspace.windows.find((w) => w.id === 'map')!;
    expect(map).toMatchObject({ pinned: true, state: 'normal', bounds: { x: 90, y: 60, width: 1200, height: 800 }, display: { index: 1 } });
  });

  it('moves the windows of a monitor unplugged onto one left, keeps them open, and saves them for the new display set', async () => {
    const { host, screen, owner, win } = await signedIn('duty_chief');
    screen.change([primary], 'display-removed');
    await settle();
    expect(host.calls.filter((c) => c === 'workspace.open')).toHaveLength(2);
    expect(owner.openWindows).toEqual(['main', 'map', 'traffic']);
    for (const id of ['map', 'traffic']) expect(win(id).getBounds()).toEqual(primary.workArea);
    const one = displaySetFingerprint(displaysIn([primary]));
    expect(host.live!.workspace.displaySet).toBe(one);
    expect(host.stored.get(`op-7/duty_chief/${one}`)!.windows.map((w) => w.id)).toEqual(['main', 'map', 'traffic']);
  });

  it('puts the windows back where the operator had them when the same monitors come back', async () => {
    const { host, screen, win, timers } = await signedIn('call_taker', TWO);
    win('map').unmaximize();
    win('map').moveTo({ x: 2100, y: 100, width: 1000, height: 700 });
    timers.advance(SAVE_DELAY_MS);
    await settle();
    screen.change([primary], 'display-removed');
    await settle();
    screen.change([primary, { ...right, id: 9 }], 'display-added');
    await settle();
    expect(win('map').getBounds()).toEqual({ x: 2100, y: 100, width: 1000, height: 700 });
    expect(host.live!.workspace.displaySet).toBe(displaySetFingerprint(displaysIn(TWO)));
  });

  it('puts the windows in the places saved for a display set in an earlier run when it is connected', async () => {
    const t = setup([primary]);
    const taker = { operator: 'op-7', role: 'call_taker' } as const;
    const onTwo = defaultWorkspace(taker, displaysIn(TWO));
    const map = { ...onTwo.windows[1]!, state: 'normal' as const, bounds: { x: 300, y: 200, width: 1000, height: 600 } };
    t.host.stored.set(`op-7/call_taker/${onTwo.displaySet}`, { ...onTwo, windows: [onTwo.windows[0]!, map] });
    t.host.signIn('op-7', 'call_taker');
    await settle();
    expect(t.owner.openWindows).toEqual(['main']);
    t.screen.change(TWO, 'display-added');
    await settle();
    expect(t.owner.openWindows).toEqual(['main', 'map']);
    expect(t.win('map').getBounds()).toEqual({ x: 2220, y: 200, width: 1000, height: 600 });
  });

  it('puts the windows open in the places a workspace saved in an earlier run has for the set they move to', async () => {
    const t = await signedIn('duty_chief');
    const one = displaysIn([primary]);
    const chiefOnOne = defaultWorkspace({ operator: 'op-7', role: 'duty_chief' }, one);
    const mapThere = { ...popOutWindow(chiefOnOne, { kind: 'panel', panel: 'map' })!, id: 'map', bounds: { x: 500, y: 300, width: 1000, height: 700 } };
    t.host.stored.set(`op-7/duty_chief/${chiefOnOne.displaySet}`, { ...chiefOnOne, windows: [chiefOnOne.windows[0]!, mapThere] });
    t.screen.change([primary], 'display-removed');
    await settle();
    expect(t.win('map').isMaximized()).toBe(false);
    expect(t.win('map').getBounds()).toEqual({ x: 500, y: 300, width: 1000, height: 700 });
    // The traffic window, not in that workspace, stays where the unplug put it, and is saved with it.
    expect(t.win('traffic').getBounds()).toEqual(primary.workArea);
    expect(t.host.live!.workspace.windows.map((w) => w.id)).toEqual(['main', 'map', 'traffic']);
  });

  it("puts the windows in the role default's places when a page resets the workspace, closing those it lacks", async () => {
    const { host, win, owner, timers } = await signedIn('call_taker', TWO);
    win('map').unmaximize();
    win('map').moveTo({ x: 2100, y: 100, width: 1000, height: 700 });
    host.popOut('board');
    timers.advance(SAVE_DELAY_MS);
    await settle();
    host.reset(displaysIn(TWO));
    expect(owner.openWindows).toEqual(['main', 'map']);
    expect(win('map').isMaximized()).toBe(true);
    expect(win('map').getBounds()).toEqual(right.workArea);
  });

  it('does not take the echo of an earlier save for a reset while the next move waits to be saved', async () => {
    const { host, win, timers } = await signedIn('call_taker', TWO);
    win('map').unmaximize();
    win('map').moveTo({ x: 2100, y: 100, width: 1000, height: 700 });
    timers.advance(SAVE_DELAY_MS);
    await settle();
    const echo = host.live!.workspace;
    win('map').moveTo({ x: 2200, y: 150, width: 1000, height: 700 });
    host.republish(echo);
    expect(win('map').getBounds()).toEqual({ x: 2200, y: 150, width: 1000, height: 700 });
    timers.advance(SAVE_DELAY_MS);
    await settle();
    expect(host.live!.workspace.windows[1]!.bounds).toEqual({ x: 280, y: 150, width: 1000, height: 700 });
  });

  it('closes every window but the console at sign-out, and opens the next operator their own', async () => {
    const { host, owner, win, console, timers } = await signedIn('duty_chief');
    const map = win('map');
    const saves = host.savedLog.length;
    map.moveTo({ x: 2000, y: 0, width: 1000, height: 700 });
    host.signOut();
    await settle();
    timers.advance(SAVE_DELAY_MS);
    await settle();
    expect(map.isDestroyed()).toBe(true);
    expect(console().isDestroyed()).toBe(false);
    expect(owner.openWindows).toEqual([]);
    expect(host.savedLog.length).toBe(saves);
    expect(host.calls.filter((c) => c.startsWith('workspace.dock'))).toEqual([]);
    host.signIn('op-9', 'video_patroller');
    await settle();
    expect(owner.openWindows).toEqual(['main', 'wall-2', 'wall-3']);
    expect(win('wall-3').spec.window.wallMode).toBe(true);
  });

  it('opens the workspace again on a restarted host, leaving the windows where they are', async () => {
    const { host, owner, win, opened } = await signedIn('duty_chief');
    win('map').unmaximize();
    win('map').moveTo({ x: 2000, y: 0, width: 1000, height: 700 });
    // Restarted before the move was saved.
    host.restart();
    await settle();
    expect(host.calls.filter((c) => c === 'workspace.open')).toHaveLength(2);
    expect(owner.openWindows).toEqual(['main', 'map', 'traffic']);
    expect(opened).toHaveLength(2);
    expect(win('map').getBounds()).toEqual({ x: 2000, y: 0, width: 1000, height: 700 });
    expect(host.live!.workspace.windows.find((w) => w.id === 'map')).toMatchObject({ state: 'normal', bounds: { x: 80, y: 0 } });
    // Followed again: a pop-out on the new host opens.
    host.popOut('board');
    expect(owner.openWindows).toContain('board');
  });

  it('saves the last move when the console quits, then takes no window closing for a dock', async () => {
    const { host, owner, win } = await signedIn('duty_chief');
    win('map').unmaximize();
    win('map').moveTo({ x: 2000, y: 0, width: 1000, height: 700 });
    const saves = host.savedLog.length;
    await owner.stop();
    expect(host.savedLog.length).toBe(saves + 1);
    win('traffic').close();
    await settle();
    expect(host.calls.filter((c) => c.startsWith('workspace.dock'))).toEqual([]);
  });

  it('tells the operator nothing is lost when the saved workspace is damaged: the log says the default opened', async () => {
    const t = setup(TWO);
    const call = t.host.call.bind(t.host);
    t.host.call = async (method: string, params: unknown) => {
      const result = await call(method, params);
      return (method === 'workspace.open' ? { ...(result as object), fallback: { reason: 'invalid', message: 'damaged' } } : result) as never;
    };
    t.host.signIn('op-7', 'call_taker');
    await settle();
    expect(t.logged).toContain('warn: the saved workspace was not used: the role default opens');
    expect(t.owner.openWindows).toEqual(['main', 'map']);
  });
});

describe('the workspace saved', () => {
  it("takes each window's place from the layout and the rest from the live workspace, and keeps windows it does not list yet", () => {
    const chief = defaultWorkspace({ operator: 'op-7', role: 'duty_chief' }, displaysIn(THREE));
    const live: Workspace = { ...chief, windows: [chief.windows[0]!, { ...chief.windows[1]!, pinned: true }] };
    const moved = { ...chief.windows[1]!, bounds: { x: 5, y: 6, width: 1000, height: 700 }, state: 'normal' as const };
    const layout: Workspace = { ...chief, windows: [chief.windows[0]!, moved, chief.windows[2]!] };
    expect(workspaceToSave(layout, live).windows).toEqual([chief.windows[0], { ...moved, pinned: true }, chief.windows[2]]);
  });
});
