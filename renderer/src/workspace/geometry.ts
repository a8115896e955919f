import type { Display, Rect, WindowState, WorkspaceWindow } from '../../../native/api/index.ts';

/**
 * The browser shell's side of placement: the screens a page can see read
 * into the contract's `Display`, where a saved window opens, and a window
 * the operator moved read back as a workspace saves it.
 *
 * The rules are Electron's (electron/main/workspace/placement.ts and
 * displays.ts: `placeWindow`, `recordWindow`, `displayNearest`,
 * `inFingerprintOrder`), restated here because the renderer may import the
 * contract type-only (eslint.config.js, renderer-imports) and never
 * electron/; tests/unit/workspace-geometry-agrees.test.ts runs both on the
 * same display sets so the two cannot drift apart.
 */

/** The part of a `ScreenDetailed` (Window Management API) or of `window.screen` read here. */
export interface BrowserScreen {
  left?: number;
  top?: number;
  availLeft?: number;
  availTop?: number;
  width: number;
  height: number;
  availWidth: number;
  availHeight: number;
  devicePixelRatio?: number;
  isPrimary?: boolean;
  label?: string;
}

// The contract wants whole DIP rectangles of at least one pixel.
const whole = (n: number | undefined, fallback = 0): number => (Number.isFinite(n) ? Math.round(n!) : fallback);
const extent = (n: number): number => Math.max(1, whole(n, 1));

/**
 * The screens as Displays. Without `getScreenDetails()` a page knows only
 * the screen it is on (`window.screen`), and Chromium reports that screen's
 * origin only as `availLeft`/`availTop` (its work area's corner): the bounds
 * then start there.
 */
export function displaysFromScreens(screens: readonly BrowserScreen[], fallbackScale = 1): Display[] {
  return screens.map((s, i) => {
    const availX = whole(s.availLeft, whole(s.left));
    const availY = whole(s.availTop, whole(s.top));
    const scale = s.devicePixelRatio ?? fallbackScale;
    return {
      id: s.label ? `${i}:${s.label}`.slice(0, 100) : `screen-${i}`,
      bounds: { x: whole(s.left, availX), y: whole(s.top, availY), width: extent(s.width), height: extent(s.height) },
      workArea: { x: availX, y: availY, width: extent(s.availWidth), height: extent(s.availHeight) },
      scaleFactor: Math.min(8, Math.max(0.25, Number.isFinite(scale) ? scale : 1)),
      primary: s.isPrimary ?? i === 0,
    };
  });
}

/** Left to right, then top to bottom: the contract's `inFingerprintOrder`, which a saved window's `display.index` counts in. */
export function inFingerprintOrder<D extends Pick<Display, 'bounds' | 'scaleFactor'>>(displays: readonly D[]): D[] {
  return [...displays].sort(
    (a, b) =>
      a.bounds.x - b.bounds.x ||
      a.bounds.y - b.bounds.y ||
      a.bounds.width - b.bounds.width ||
      a.bounds.height - b.bounds.height ||
      a.scaleFactor - b.scaleFactor,
  );
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function gapBetween(a: Rect, b: Rect): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

/** The display that has most of `rect`, else the nearest; ties to the primary, then left to right (Electron's `displayNearest`). */
export function displayNearest(rect: Rect, displays: readonly Display[]): Display {
  if (displays.length === 0) throw new Error('no display to place a window on');
  const ranked = inFingerprintOrder(displays)
    .map((display, order) => ({ display, order, overlap: overlapArea(rect, display.bounds), gap: gapBetween(rect, display.bounds) }))
    .sort((a, b) => b.overlap - a.overlap || a.gap - b.gap || Number(b.display.primary) - Number(a.display.primary) || a.order - b.order);
  return ranked[0]!.display;
}

/** `rect` inside `area`: shrunk to it when larger, then moved in; never off-screen. */
export function fitInside(rect: Rect, area: Rect): Rect {
  const width = Math.min(rect.width, area.width);
  const height = Math.min(rect.height, area.height);
  return {
    x: Math.min(Math.max(rect.x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(rect.y, area.y), area.y + area.height - height),
    width,
    height,
  };
}

const sameGeometry = (a: Pick<Display, 'bounds' | 'scaleFactor'>, b: Pick<Display, 'bounds' | 'scaleFactor'>) =>
  a.bounds.x === b.bounds.x &&
  a.bounds.y === b.bounds.y &&
  a.bounds.width === b.bounds.width &&
  a.bounds.height === b.bounds.height &&
  Math.abs(a.scaleFactor - b.scaleFactor) < 0.001;

/**
 * Where a saved window opens, absolute (screen coordinates, CSS pixels): on
 * the display it was saved on when that display is here (same bounds and
 * scale factor), else on the one nearest it; inside that display's work
 * area. The browser has no minimum window size to keep (Electron's
 * CONSOLE_MIN_SIZE is a BrowserWindow option), so sizes are only shrunk to fit.
 */
export function placeInBrowser(saved: Pick<WorkspaceWindow, 'display' | 'bounds'>, displays: readonly Display[]): Rect {
  const own = displays.find((d) => sameGeometry(d, saved.display)) ?? displayNearest(saved.display.bounds, displays);
  const area = own.workArea;
  return fitInside({ x: area.x + saved.bounds.x, y: area.y + saved.bounds.y, width: saved.bounds.width, height: saved.bounds.height }, area);
}

/**
 * A window as the operator left it, as a workspace saves it (Electron's
 * `recordWindow`): on the display that has most of it, its bounds relative
 * to that display's work area. A page cannot tell whether its window is
 * maximised, so the state saved before is kept.
 */
export function recordBrowserWindow(saved: WorkspaceWindow, outer: Rect, displays: readonly Display[], state: WindowState = saved.state): WorkspaceWindow {
  const display = displayNearest(outer, displays);
  const index = inFingerprintOrder(displays).indexOf(display);
  return {
    ...saved,
    display: { index, bounds: { ...display.bounds }, scaleFactor: display.scaleFactor },
    bounds: { x: outer.x - display.workArea.x, y: outer.y - display.workArea.y, width: outer.width, height: outer.height },
    state,
  };
}

const DISPLAY_KEY = /^(\d+)x(\d+)([+-]\d+)([+-]\d+)@(\d+(?:\.\d+)?)$/;

/**
 * The displays a live workspace was opened for, read back from its display
 * set's fingerprint (the contract's `fingerprintDisplays`), for a reset of
 * that same set whichever shell owns the windows (a page in Electron sees
 * only its own screen). A fingerprint keeps no work areas: the bounds stand
 * for them, and placement fits windows into the real ones. The primary is
 * the display the console is on.
 */
export function displaysOfSet(fingerprint: string, consoleIndex: number): Display[] {
  return fingerprint.split(',').map((key, i) => {
    const m = DISPLAY_KEY.exec(key);
    if (!m) throw new Error(`"${key}" is not a display of a fingerprint (e.g. 1920x1080+0+0@1)`);
    const bounds = { x: Number(m[3]), y: Number(m[4]), width: Number(m[1]), height: Number(m[2]) };
    return { id: `display-${i}`, bounds, workArea: { ...bounds }, scaleFactor: Number(m[5]), primary: i === consoleIndex };
  });
}
