import type { Display, LiveWorkspace, Rect, Workspace, WorkspaceWindow } from '../../../native/api/index.ts';
import type { Timers } from '../api/timers.ts';
import { placeInBrowser, recordBrowserWindow } from './geometry.ts';

/**
 * The browser shell's window owner (issue 13): the console window opens the
 * workspace's other windows with `window.open`, closes those docked back,
 * reopens one closed by hand, and saves where the operator put them. What
 * Electron's main process does with BrowserWindows (electron/main/workspace/
 * window-manager.ts), a page does with what a page may:
 *
 * - Placement is exact only where Chromium's Window Management permission
 *   is granted (`getScreenDetails()`): without it the page sees one screen,
 *   its own, and Chromium clamps a popup's `left`/`top` (and `moveTo`) to
 *   the screen the opener is on — a window cannot be sent to another monitor.
 * - A page cannot maximise a window or tell that it is maximised: windows
 *   open in normal state at their saved bounds, and the saved state is kept.
 * - Without a user gesture Chromium's pop-up blocker refuses `window.open`:
 *   the first window after a click opens, the rest of a restore may not; the
 *   owner reports them (`onBlocked`) so the console can offer a button, whose
 *   click opens them. `egret start` runs its browser without the blocker.
 * - There are no window events across windows: a closed or moved window is
 *   noticed by polling its handle (`closed`, `screenX`…) once a second.
 */

/** The part of a `Window` (a popup's handle, or the console's own) the owner reads and drives. */
export interface PopupHandle {
  readonly closed: boolean;
  readonly screenX: number;
  readonly screenY: number;
  readonly outerWidth: number;
  readonly outerHeight: number;
  close(): void;
  moveTo(x: number, y: number): void;
  resizeTo(width: number, height: number): void;
  /** The page's address; `about:blank` for a window just created by `open('', name)`. */
  location: { href: string };
}

export interface BrowserWindowOwnerDeps {
  /** `window.open`. */
  openWindow(url: string, name: string, features: string): PopupHandle | null;
  /** The console window itself: its place is saved too. */
  self: PopupHandle;
  /** The address of a workspace window's page; `recovered` when it is reopened after being closed by hand. */
  urlFor(windowId: string, recovered: 'closed' | null): string;
  /** The displays the live workspace was opened for. */
  displays(): Display[];
  save(workspace: Workspace): Promise<void>;
  timers: Timers;
  /** The windows the pop-up blocker refused (empty once all are open). */
  onBlocked?(windowIds: string[]): void;
}

/** How often closed and moved windows are looked for; a move is saved at the first look that finds the windows still. */
export const POLL_MS = 1_000;

/** The window name a workspace window is opened under: opening it again finds the same window. */
export const popupName = (windowId: string) => `egret-${windowId}`;

/** `window.open`'s features for a window at `rect` (screen coordinates, CSS pixels). */
export function popupFeatures(rect: Rect): string {
  return `popup,left=${rect.x},top=${rect.y},width=${rect.width},height=${rect.height}`;
}

const geometryOf = (h: PopupHandle): Rect => ({
  x: Math.round(h.screenX),
  y: Math.round(h.screenY),
  width: Math.max(1, Math.round(h.outerWidth)),
  height: Math.max(1, Math.round(h.outerHeight)),
});
const rectKey = (r: Rect) => `${r.x},${r.y},${r.width},${r.height}`;

export class BrowserWindowOwner {
  private readonly handles = new Map<string, PopupHandle>();
  /** Each window's geometry when last looked at: a change schedules a save. */
  private readonly seen = new Map<string, string>();
  private live: LiveWorkspace | null = null;
  private blocked: string[] = [];
  private pollTimer: unknown = null;
  /** Windows moved since the last save: saved once a look finds them all still (the operator let go). */
  private readonly unsaved = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: BrowserWindowOwnerDeps) {
    this.schedulePoll();
  }

  /** The live workspace changed: open the windows listed and not open, close those no longer listed. */
  follow(live: LiveWorkspace | null): void {
    if (this.stopped) return;
    this.live = live;
    const listed = new Map(this.others().map((w) => [w.id, w]));
    for (const [id, handle] of this.handles) {
      if (listed.has(id)) continue;
      this.forget(id);
      if (!handle.closed) handle.close();
    }
    this.blocked = this.blocked.filter((id) => listed.has(id));
    for (const w of listed.values()) if (!this.handles.has(w.id)) this.open(w, null);
    this.reportBlocked();
  }

  /** Opens the windows the pop-up blocker refused: call it from a click (a user gesture). */
  openBlocked(): void {
    const ids = this.blocked;
    this.blocked = [];
    for (const w of this.others()) if (ids.includes(w.id) && !this.handles.has(w.id)) this.open(w, null);
    this.reportBlocked();
  }

  /** Closes every window it opened (sign-out: the saved workspace reopens them at the next sign-in) and stops. */
  closeAll(): void {
    for (const [id, handle] of this.handles) {
      this.forget(id);
      if (!handle.closed) handle.close();
    }
    this.dispose();
  }

  /** Stops following; the windows stay as they are. */
  dispose(): void {
    this.stopped = true;
    if (this.pollTimer !== null) this.deps.timers.clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** The windows it holds open, by id (for tests and diagnostics). */
  openIds(): string[] {
    return [...this.handles.keys()];
  }

  private others(): WorkspaceWindow[] {
    return this.live?.workspace.windows.slice(1) ?? [];
  }

  private forget(id: string): void {
    this.handles.delete(id);
    this.seen.delete(id);
  }

  private open(w: WorkspaceWindow, recovered: 'closed' | null): void {
    const rect = placeInBrowser(w, this.deps.displays());
    const url = this.deps.urlFor(w.id, recovered);
    // Asked for by name first, without an address: a window of the workspace still open (the console was
    // reloaded) is found as it is, not reloaded; a new one is blank until it is sent to its page.
    const handle = this.deps.openWindow('', popupName(w.id), popupFeatures(rect));
    if (!handle) {
      if (!this.blocked.includes(w.id)) this.blocked.push(w.id);
      return;
    }
    if (recovered !== null || handle.location.href === 'about:blank') {
      handle.location.href = url;
      try {
        // The features place the window's content; these place its frame, as the saved bounds are.
        handle.moveTo(rect.x, rect.y);
        handle.resizeTo(rect.width, rect.height);
      } catch {
        // A browser may refuse to move a window it considers not its own: the features' place stands.
      }
    }
    this.handles.set(w.id, handle);
  }

  private reportBlocked(): void {
    this.deps.onBlocked?.([...this.blocked]);
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = this.deps.timers.setTimeout(() => {
      this.poll();
      this.schedulePoll();
    }, POLL_MS);
  }

  /** Reopens a window closed without being docked; notices moves and resizes. */
  poll(): void {
    if (this.stopped) return;
    let moved = this.noticeMove(this.live?.workspace.windows[0]?.id ?? 'main', this.deps.self);
    for (const w of this.others()) {
      const handle = this.handles.get(w.id);
      if (!handle) continue;
      if (handle.closed) {
        // Still listed, so not docked: closed by hand or by a crash of its page. It comes back, with a notice.
        this.forget(w.id);
        this.open(w, 'closed');
        continue;
      }
      moved = this.noticeMove(w.id, handle) || moved;
    }
    this.reportBlocked();
    if (!moved && this.unsaved.size > 0) void this.saveNow();
  }

  private noticeMove(id: string, handle: PopupHandle): boolean {
    let key: string;
    try {
      key = rectKey(geometryOf(handle));
    } catch {
      return false; // a window on its way to another origin for a moment
    }
    const before = this.seen.get(id);
    this.seen.set(id, key);
    if (before === undefined || before === key) return false;
    this.unsaved.add(id);
    return true;
  }

  /**
   * The live workspace with the windows moved since the last save where the operator left them; the others
   * as they were saved (a window never moved keeps its saved normal bounds and state).
   */
  async saveNow(): Promise<void> {
    const live = this.live;
    const moved = new Set(this.unsaved);
    this.unsaved.clear();
    if (this.stopped || !live) return;
    const displays = this.deps.displays();
    const windows = live.workspace.windows.map((w, i) => {
      const handle = i === 0 ? this.deps.self : this.handles.get(w.id);
      if (!moved.has(w.id) || !handle || handle.closed) return w;
      const outer = geometryOf(handle);
      const recorded = recordBrowserWindow(w, outer, displays, 'normal');
      // A page cannot ask whether its window is maximised; one that fills its display's work area is taken to be,
      // and keeps the normal bounds it had.
      const on = displays.find((d) => d.bounds.x === recorded.display.bounds.x && d.bounds.y === recorded.display.bounds.y);
      const fills = on && rectKey(on.workArea) === rectKey(outer);
      return fills ? { ...recorded, bounds: w.bounds, state: 'maximised' as const } : recorded;
    });
    if (JSON.stringify(windows) === JSON.stringify(live.workspace.windows)) return;
    await this.deps.save({ ...live.workspace, windows });
  }
}
