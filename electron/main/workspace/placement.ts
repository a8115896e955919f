import {
  CONSOLE_MIN_SIZE,
  displayKey,
  displaySetFingerprint,
  inFingerprintOrder,
  type Display,
  type Rect,
  type WindowState,
  type Workspace,
  type WorkspaceWindow,
} from '../../../native/api/workspace.ts';
import { displayNearest, sameRect } from './displays.ts';

/**
 * Where a workspace's windows go on the displays connected now: a pure
 * function of (saved workspace, current displays). Everything is in DIP, as
 * Electron's bounds are, so a window keeps its apparent size on a monitor
 * with another scale factor; Electron's own bug converting with the wrong
 * display's scale is worked around where the bounds are applied
 * (window-manager.ts).
 *
 * It imports nothing from Electron, so the browser shell can use it as it
 * is once it moves to where pages (or the host) can reach it.
 */

/**
 * `restored`: on its own display, where it was saved. `fitted`: on its own
 * display, moved in or shrunk to stay inside the work area. `moved`: its
 * display is gone; it is on the nearest one left.
 */
export type PlacementOutcome = 'restored' | 'fitted' | 'moved';

export interface PlacedWindow {
  id: string;
  display: Display;
  /** The window's normal bounds, absolute (DIP); a maximised or fullscreen window is restored to these. */
  bounds: Rect;
  state: WindowState;
  outcome: PlacementOutcome;
}

/** The smallest a window may be made (Electron keeps a window from going below its minimum size). */
export interface MinimumSize {
  width: number;
  height: number;
}

/**
 * `rect` inside `area`: shrunk to it if larger, grown to `minimum` (or the
 * whole area, where that is smaller) if smaller, then moved in; never
 * off-screen.
 */
export function fitInside(rect: Rect, area: Rect, minimum: MinimumSize = { width: 1, height: 1 }): Rect {
  const width = Math.min(Math.max(rect.width, minimum.width), area.width);
  const height = Math.min(Math.max(rect.height, minimum.height), area.height);
  return {
    x: Math.min(Math.max(rect.x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(rect.y, area.y), area.y + area.height - height),
    width,
    height,
  };
}

/** The display `saved` was on, if it is connected now: by its place in the set when the set is the same, else by its geometry. */
function savedDisplayNow(saved: WorkspaceWindow, savedSet: string, displays: readonly Display[]): Display | undefined {
  if (displaySetFingerprint(displays) === savedSet) return inFingerprintOrder(displays)[saved.display.index];
  // Another set: the same monitor (same bounds and scale factor) is still the same place, wherever it sorts now.
  const key = displayKey(saved.display);
  return displays.find((d) => displayKey(d) === key);
}

/**
 * Where one saved window goes, never smaller than a console window (or the
 * work area, where that is smaller). On its display: at its saved place in the
 * work area, fitted inside. Its display gone: on the display nearest the one
 * it was on, keeping its size and where its centre was (as a share of the
 * display: a window on the right half stays on the right half), fitted
 * inside.
 */
export function placeWindow(
  saved: WorkspaceWindow,
  savedSet: string,
  displays: readonly Display[],
  minimum: MinimumSize = CONSOLE_MIN_SIZE,
): PlacedWindow {
  if (displays.length === 0) throw new Error('no display to place a window on');
  const own = savedDisplayNow(saved, savedSet, displays);
  const b = saved.bounds;
  if (own) {
    const area = own.workArea;
    const wanted = { x: area.x + b.x, y: area.y + b.y, width: b.width, height: b.height };
    const bounds = fitInside(wanted, area, minimum);
    return { id: saved.id, display: own, bounds, state: saved.state, outcome: sameRect(bounds, wanted) ? 'restored' : 'fitted' };
  }
  const display = displayNearest(saved.display.bounds, displays);
  const area = display.workArea;
  const centreX = (b.x + b.width / 2) / saved.display.bounds.width;
  const centreY = (b.y + b.height / 2) / saved.display.bounds.height;
  const wanted = {
    x: Math.round(area.x + centreX * area.width - b.width / 2),
    y: Math.round(area.y + centreY * area.height - b.height / 2),
    width: b.width,
    height: b.height,
  };
  return { id: saved.id, display, bounds: fitInside(wanted, area, minimum), state: saved.state, outcome: 'moved' };
}

export function placeWorkspace(workspace: Workspace, displays: readonly Display[]): PlacedWindow[] {
  return workspace.windows.map((w) => placeWindow(w, workspace.displaySet, displays));
}

/** What of a window is not its place: kept as it is when the window is placed or recorded. */
export type WindowIdentity = Pick<WorkspaceWindow, 'id' | 'content' | 'wallMode' | 'pinned'>;

/** A window at `bounds` (normal, absolute) on `display` as a workspace saves it: relative to the display's work area. */
export function windowOn(window: WindowIdentity, display: Display, bounds: Rect, state: WindowState, displays: readonly Display[]): WorkspaceWindow {
  const index = inFingerprintOrder(displays).indexOf(display);
  if (index < 0) throw new Error(`display ${display.id} is not one of the displays given`);
  return {
    id: window.id,
    content: window.content,
    display: { index, bounds: { ...display.bounds }, scaleFactor: display.scaleFactor },
    bounds: { x: bounds.x - display.workArea.x, y: bounds.y - display.workArea.y, width: bounds.width, height: bounds.height },
    state,
    wallMode: window.wallMode,
    pinned: window.pinned,
  };
}

/**
 * A live window as a workspace saves it: on the display that has most of it
 * (`bounds`, what the window covers now, maximised or not), at its normal
 * bounds there.
 */
export function recordWindow(
  window: WindowIdentity,
  live: { bounds: Rect; normalBounds: Rect; state: WindowState },
  displays: readonly Display[],
): WorkspaceWindow {
  return windowOn(window, displayNearest(live.bounds, displays), live.normalBounds, live.state, displays);
}
