import type { Rectangle } from 'electron';
import { CONSOLE_MIN_SIZE, displaySetFingerprint, WORKSPACE_VERSION, type Display, type Rect, type Workspace, type WorkspaceOwner, type WorkspaceWindow, type WindowState } from '../../../native/api/workspace.ts';
import { displayNearest, displaysOf, sameRect, type DisplayList } from './displays.ts';
import { placeWindow, recordWindow, windowOn, type PlacedWindow, type WindowIdentity } from './placement.ts';

/**
 * Keeps an operator's windows on the displays connected now. On every
 * display event it places each window again (placement.ts): where it was on
 * this display set if it has been on it before, else from where it was on
 * the set before, moved to a display still there. It remembers each window's
 * place per display set, so a monitor unplugged and plugged back sends its
 * windows home.
 */

/** The part of Electron's `screen` the windows follow (Electron's own `screen` fits it; the test checks). */
export interface WorkspaceScreen extends DisplayList {
  on(event: 'display-added', listener: () => void): unknown;
  on(event: 'display-removed', listener: () => void): unknown;
  on(event: 'display-metrics-changed', listener: () => void): unknown;
  removeListener(event: 'display-added', listener: () => void): unknown;
  removeListener(event: 'display-removed', listener: () => void): unknown;
  removeListener(event: 'display-metrics-changed', listener: () => void): unknown;
}

/** The part of `BrowserWindow` placement uses. */
export interface PlaceableWindow {
  getBounds(): Rectangle;
  getNormalBounds(): Rectangle;
  setBounds(bounds: Rectangle): void;
  getMinimumSize(): number[];
  setMinimumSize(width: number, height: number): void;
  isMaximized(): boolean;
  maximize(): void;
  unmaximize(): void;
  isFullScreen(): boolean;
  setFullScreen(flag: boolean): void;
  isDestroyed(): boolean;
  isVisible(): boolean;
  // 'move' and 'resize', not 'moved'/'resized': those two are macOS and Windows only.
  on(event: 'move', listener: () => void): unknown;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
  on(event: 'enter-full-screen', listener: () => void): unknown;
  on(event: 'leave-full-screen', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  removeListener(event: PlaceableWindowEvent, listener: () => void): unknown;
  close(): void;
}

type PlaceableWindowEvent = 'move' | 'resize' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'closed';

/**
 * What the window factory gets: the window as saved (what it shows, wall
 * mode, pinned) and where it goes. The factory creates it at
 * `placed.bounds`, frameless in wall mode, and applies `placed.state` once
 * it is shown (maximize() would show a window still painting).
 */
export interface WindowSpec {
  window: WorkspaceWindow;
  placed: PlacedWindow;
  /** Opened again after the operator closed it by hand: its page says so (`?recovered=closed`). */
  recovered?: 'closed';
}

export interface WorkspaceWindowsOptions<W extends PlaceableWindow> {
  screen: WorkspaceScreen;
  owner: WorkspaceOwner;
  openWindow: (spec: WindowSpec) => W;
  /**
   * The workspace on the current display set changed: a window moved,
   * resized, maximised, closed, or placed again after a display change.
   * Called on every 'move' while a window is dragged; whoever saves it
   * debounces.
   */
  onLayout?: (workspace: Workspace) => void;
  /** Windows a display change did not put back exactly where they were (for the operator's notice). */
  onDisplaced?: (displaced: PlacedWindow[]) => void;
  /**
   * A window closed: by `close` (`owner`: docked, signed out) or by anything
   * else (`operator`: its close button, or a renderer given up on).
   */
  onClosed?: (id: string, by: 'owner' | 'operator') => void;
}

interface OpenWindow<W> {
  window: W;
  /** Null for a window adopted and not yet placed by a workspace (the console window before sign-in). */
  identity: WindowIdentity | null;
  /** What `follow` attached, taken off at `dispose`. */
  listeners: [PlaceableWindowEvent, () => void][];
}

export class WorkspaceWindows<W extends PlaceableWindow> {
  private readonly open = new Map<string, OpenWindow<W>>();
  /** Each window's place, per display set (by fingerprint) it has been on. */
  private readonly places = new Map<string, Map<string, WorkspaceWindow>>();
  private displaySet: string;
  /** True while this class moves windows: their own 'move' events then say nothing about the operator's layout. */
  private placing = false;
  /**
   * Where this class last put each window. Electron reports a move after the
   * call that made it; a report of a window still there is ours, and must not
   * overwrite the remembered place with a fitted one.
   */
  private readonly applied = new Map<string, { bounds: Rect; state: WindowState }>();
  /** Windows `close` is closing: their 'closed' is the owner's doing, not the operator's. */
  private readonly closing = new Set<W>();
  private readonly onDisplaysChanged = () => this.followDisplays();

  constructor(private readonly options: WorkspaceWindowsOptions<W>) {
    this.displaySet = displaySetFingerprint(displaysOf(options.screen));
    // One call per event: the overloads of Electron's screen take one event name each.
    options.screen.on('display-added', this.onDisplaysChanged);
    options.screen.on('display-removed', this.onDisplaysChanged);
    options.screen.on('display-metrics-changed', this.onDisplaysChanged);
  }

  /** The fingerprint of the display set the windows are placed for. */
  get currentDisplaySet(): string {
    return this.displaySet;
  }

  /** The window opened for the workspace window `id`, while it is open. */
  windowOf(id: string): W | undefined {
    return this.open.get(id)?.window;
  }

  /** The ids of the windows open now. */
  get openIds(): string[] {
    return [...this.open.keys()];
  }

  /** What a placed window shows, its wall mode and pin, as it was opened (or last reopened). */
  identityOf(id: string): WindowIdentity | null {
    return this.open.get(id)?.identity ?? null;
  }

  /**
   * Takes a window opened before the workspace was known (the console
   * window, open at sign-in) as the workspace window `id`: the next
   * `openWorkspace` that lists it puts it in its place instead of opening
   * another.
   */
  adopt(id: string, window: W): void {
    if (this.open.has(id)) throw new Error(`workspace window ${id} is already open`);
    this.open.set(id, { window, identity: null, listeners: [] });
    this.follow(id, window);
  }

  /**
   * Opens the workspace's windows that are not open yet, placed on the
   * displays connected now, and puts an adopted window in its place. With
   * `placeOpen`, the windows already open go to the workspace's places too
   * (a workspace saved for this display set, read back); without, they stay
   * where they are. Returns the windows opened.
   */
  openWorkspace(workspace: Workspace, options: { placeOpen?: boolean } = {}): W[] {
    const displays = displaysOf(this.options.screen);
    if (displays.length === 0) throw new Error('no display to open the workspace on');
    // Displays changed without an event reaching us yet (or none were listed at construction): catch up first.
    if (displaySetFingerprint(displays) !== this.displaySet) this.followDisplays();
    const primary = displays.find((d) => d.primary) ?? displays[0]!;
    const opened: W[] = [];
    let changed = false;
    for (const saved of workspace.windows) {
      const entry = this.open.get(saved.id);
      if (entry && entry.identity !== null && !options.placeOpen) continue;
      const placed = placeWindow(saved, workspace.displaySet, displays);
      this.placesOn(workspace.displaySet).set(saved.id, saved);
      // Saved for another set: where it went is its place on this one (see followDisplays).
      if (workspace.displaySet !== this.displaySet) {
        this.placesOn(this.displaySet).set(saved.id, windowOn(saved, placed.display, placed.bounds, placed.state, displays));
      }
      changed = true;
      if (entry) {
        entry.identity = identityFrom(saved);
        if (entry.window.isDestroyed()) continue;
        this.placing = true;
        try {
          applyPlace(entry.window, placed, displays);
        } finally {
          this.placing = false;
        }
        this.applied.set(saved.id, { bounds: placed.bounds, state: placed.state });
        continue;
      }
      const window = this.create(saved, placed, primary);
      this.open.set(saved.id, { window, identity: identityFrom(saved), listeners: [] });
      this.follow(saved.id, window);
      opened.push(window);
    }
    if (changed) this.layoutChanged();
    return opened;
  }

  /**
   * Opens the window `saved` again in place of the one open (the same
   * place, its normal bounds and state), with what `saved` says it is: how a
   * window goes in or out of wall mode, since a frame cannot be added to or
   * taken from a live window. The old one is closed without telling anyone.
   */
  reopen(saved: WorkspaceWindow): W | null {
    const entry = this.open.get(saved.id);
    if (!entry || entry.window.isDestroyed()) return null;
    const displays = displaysOf(this.options.screen);
    if (displays.length === 0) return null;
    const primary = displays.find((d) => d.primary) ?? displays[0]!;
    const identity = identityFrom(saved);
    const known = this.places.get(this.displaySet)?.get(saved.id);
    const place = known ? { ...known, ...identity } : saved;
    this.placesOn(this.displaySet).set(saved.id, place);
    const placed = placeWindow(place, this.displaySet, displays);
    const old = entry.window;
    const window = this.create(place, placed, primary);
    this.unfollow(entry);
    this.open.set(saved.id, { window, identity, listeners: [] });
    this.follow(saved.id, window);
    this.applied.set(saved.id, { bounds: placed.bounds, state: placed.state });
    old.close();
    return window;
  }

  /** Closes the window `id` (docked back, or the operator signed out): `onClosed` says `owner`. */
  close(id: string): void {
    const entry = this.open.get(id);
    if (!entry) return;
    if (entry.window.isDestroyed()) {
      this.forget(id, entry.window, 'owner');
      return;
    }
    this.closing.add(entry.window);
    entry.window.close();
  }

  private create(saved: WorkspaceWindow, placed: PlacedWindow, primary: Display): W {
    const window = this.options.openWindow({ window: saved, placed });
    const minimumLowered = fitMinimumSize(window, placed.display);
    // Electron before 42 sizes a new window with the primary display's scale factor
    // (electron/electron#51603): set the bounds again once it is on its own display.
    if (minimumLowered || placed.display.scaleFactor !== primary.scaleFactor) window.setBounds(placed.bounds);
    this.applied.set(saved.id, { bounds: placed.bounds, state: placed.state });
    return window;
  }

  /**
   * Remembers where a workspace's windows go on its display set (one read
   * from state.db for a set not connected now), so they go there when that
   * set is connected.
   */
  remember(workspace: Workspace): void {
    const places = this.placesOn(workspace.displaySet);
    for (const w of workspace.windows) places.set(w.id, w);
  }

  /** The open windows as the workspace of the current display set: what to save. Null when no window is open. */
  layout(): Workspace | null {
    const places = this.places.get(this.displaySet);
    const windows = [...this.open].flatMap(([id, entry]) => (entry.identity === null ? [] : (places?.get(id) ?? [])));
    if (windows.length === 0) return null;
    return { version: WORKSPACE_VERSION, operator: this.options.owner.operator, role: this.options.owner.role, displaySet: this.displaySet, windows };
  }

  /**
   * Stops following display events and the windows (they stay where they
   * are, open): what they do from now on is nobody's layout.
   */
  dispose(): void {
    this.options.screen.removeListener('display-added', this.onDisplaysChanged);
    this.options.screen.removeListener('display-removed', this.onDisplaysChanged);
    this.options.screen.removeListener('display-metrics-changed', this.onDisplaysChanged);
    for (const entry of this.open.values()) this.unfollow(entry);
    this.open.clear();
    this.applied.clear();
  }

  private placesOn(displaySet: string): Map<string, WorkspaceWindow> {
    let places = this.places.get(displaySet);
    if (!places) this.places.set(displaySet, (places = new Map()));
    return places;
  }

  private follow(id: string, window: W): void {
    const entry = this.open.get(id)!;
    const record = () => this.record(id);
    const closed = () => {
      // A window reopened in its place (wall mode) or no longer followed says nothing.
      if (this.open.get(id)?.window === window) this.forget(id, window, this.closing.has(window) ? 'owner' : 'operator');
      this.closing.delete(window);
    };
    const events: PlaceableWindowEvent[] = ['move', 'resize', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'];
    entry.listeners = [...events.map((event): [PlaceableWindowEvent, () => void] => [event, record]), ['closed', closed]];
    // One call per event: the overloads of BrowserWindow.on take one event name each.
    for (const [event, listener] of entry.listeners) window.on(event as 'move', listener);
  }

  private unfollow(entry: OpenWindow<W>): void {
    for (const [event, listener] of entry.listeners) entry.window.removeListener(event, listener);
    entry.listeners = [];
  }

  private forget(id: string, window: W, by: 'owner' | 'operator'): void {
    const entry = this.open.get(id);
    if (entry?.window !== window) return;
    this.unfollow(entry);
    this.open.delete(id);
    this.applied.delete(id);
    this.options.onClosed?.(id, by);
    this.layoutChanged();
  }

  /** The operator moved, resized, maximised or restored a window: its place on this display set is where it is now. */
  private record(id: string): void {
    if (this.placing) return;
    const entry = this.open.get(id);
    // Adopted and not placed by a workspace yet, or still hidden while it paints (or minimised): nothing the operator placed.
    if (!entry || entry.identity === null || entry.window.isDestroyed() || !entry.window.isVisible()) return;
    const displays = displaysOf(this.options.screen);
    // A display change under way: the system moves windows off a monitor before Electron reports
    // the change, and those moves must not overwrite where the windows were on the old set.
    if (displays.length === 0 || displaySetFingerprint(displays) !== this.displaySet) return;
    const { window } = entry;
    const live = { bounds: window.getBounds(), normalBounds: window.getNormalBounds(), state: stateOf(window) };
    const applied = this.applied.get(id);
    if (applied && applied.state === live.state && sameRect(applied.bounds, live.normalBounds)) return;
    // Moved by the operator: from now on every report is theirs (back to the same pixel included).
    this.applied.delete(id);
    this.placesOn(this.displaySet).set(id, recordWindow(entry.identity, live, displays));
    this.layoutChanged();
  }

  private followDisplays(): void {
    const displays = displaysOf(this.options.screen);
    // Every monitor off (Linux lists none for a moment): leave the windows until one is back.
    if (displays.length === 0) return;
    const before = this.displaySet;
    const now = displaySetFingerprint(displays);
    const displaced: PlacedWindow[] = [];
    this.placing = true;
    try {
      for (const [id, { window, identity }] of this.open) {
        if (window.isDestroyed() || identity === null) continue;
        const known = this.places.get(now)?.get(id);
        const last = this.places.get(before)?.get(id);
        const placed = known ? placeWindow(known, now, displays) : last ? placeWindow(last, before, displays) : null;
        if (!placed) continue;
        applyPlace(window, placed, displays);
        this.applied.set(id, { bounds: placed.bounds, state: placed.state });
        // On a set it has been on, its remembered place stays as it is, not as fitted: a taskbar
        // grown and shrunk again gives the window back its size. On a new set, where it went is its place.
        if (!known) this.placesOn(now).set(id, windowOn(identity, placed.display, placed.bounds, placed.state, displays));
        if (placed.outcome !== 'restored') displaced.push(placed);
      }
    } finally {
      this.placing = false;
    }
    this.displaySet = now;
    if (displaced.length > 0) this.options.onDisplaced?.(displaced);
    this.layoutChanged();
  }

  private layoutChanged(): void {
    const workspace = this.layout();
    if (workspace) this.options.onLayout?.(workspace);
  }
}

function identityFrom(window: WorkspaceWindow): WindowIdentity {
  return { id: window.id, content: window.content, wallMode: window.wallMode, pinned: window.pinned };
}

function stateOf(window: PlaceableWindow): WindowState {
  if (window.isFullScreen()) return 'fullscreen';
  return window.isMaximized() ? 'maximised' : 'normal';
}

/** Puts a window at its placed bounds and state; one already there is left alone (no flicker on a taskbar change). */
function applyPlace(window: PlaceableWindow, placed: PlacedWindow, displays: readonly Display[]): void {
  const state = stateOf(window);
  const from = displayNearest(window.getBounds(), displays);
  if (from.id === placed.display.id && state === placed.state && sameRect(window.getNormalBounds(), placed.bounds)) return;
  if (state === 'fullscreen') window.setFullScreen(false);
  else if (state === 'maximised') window.unmaximize();
  fitMinimumSize(window, placed.display);
  window.setBounds(placed.bounds);
  // Electron converts the new bounds with the scale factor of the display the window is leaving
  // (electron/electron#16444): once it is on the new display, the same bounds again come out right.
  if (from.scaleFactor !== placed.display.scaleFactor) window.setBounds(placed.bounds);
  if (placed.state === 'maximised') window.maximize();
  else if (placed.state === 'fullscreen') window.setFullScreen(true);
}

/**
 * A console window is at least CONSOLE_MIN_SIZE, but a small screen's work
 * area can be smaller (a 1366×768 laptop at 150% is 911×512 DIP): there the
 * minimum is the work area, or Electron would keep the window larger than the
 * screen and partly off it. Back on a larger display the console's minimum
 * returns. Whether the minimum was lowered below the console's.
 */
function fitMinimumSize(window: PlaceableWindow, display: Display): boolean {
  const width = Math.min(CONSOLE_MIN_SIZE.width, display.workArea.width);
  const height = Math.min(CONSOLE_MIN_SIZE.height, display.workArea.height);
  const [now0, now1] = window.getMinimumSize();
  if (now0 !== width || now1 !== height) window.setMinimumSize(width, height);
  return width < CONSOLE_MIN_SIZE.width || height < CONSOLE_MIN_SIZE.height;
}
