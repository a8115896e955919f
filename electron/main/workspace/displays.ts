import type { Display as ElectronDisplay } from 'electron';
import { inFingerprintOrder, type Display, type Rect } from '../../../native/api/workspace.ts';

/**
 * The connected displays as the workspace sees them: Electron's `screen`
 * read into the contract's `Display` (native/api/workspace.ts, which the
 * browser shell's screens share), and the geometry placement needs.
 */

/** The part of Electron's `Display` the workspace reads. */
export type ScreenDisplay = Pick<ElectronDisplay, 'id' | 'bounds' | 'workArea' | 'scaleFactor' | 'rotation'>;

/** The part of Electron's `screen` that lists displays. */
export interface DisplayList {
  getAllDisplays(): ScreenDisplay[];
  getPrimaryDisplay(): ScreenDisplay;
}

const ROTATIONS = [0, 90, 180, 270] as const;

// Electron's DIP rectangles are whole numbers; rounding keeps a fractional one from a driver out of saved layouts.
const whole = (r: Rect): Rect => ({ x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) });

export function displayFrom(display: ScreenDisplay, primary: boolean): Display {
  const rotation = ROTATIONS.find((r) => r === display.rotation);
  return {
    id: String(display.id),
    bounds: whole(display.bounds),
    workArea: whole(display.workArea),
    scaleFactor: display.scaleFactor,
    ...(rotation === undefined ? {} : { rotation }),
    primary,
  };
}

/**
 * The displays connected now. Linux can list none for a moment while every
 * monitor is off or being reconfigured; callers then leave windows where they
 * are.
 */
export function displaysOf(screen: DisplayList): Display[] {
  const primary = screen.getPrimaryDisplay()?.id;
  return screen.getAllDisplays().map((d) => displayFrom(d, d.id === primary));
}

export function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

export function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The gap between two rectangles; 0 when they touch or overlap. */
export function gapBetween(a: Rect, b: Rect): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

/**
 * The display that has most of `rect`; when none has any of it, the nearest.
 * Ties go to the primary, then left to right. Used both for "which display is
 * this window on" and "where does a window of a display that is gone go":
 * the nearest, so a wall from the right-hand monitor of three lands on the
 * middle one beside it rather than across the desk.
 */
export function displayNearest(rect: Rect, displays: readonly Display[]): Display {
  if (displays.length === 0) throw new Error('no display to place a window on');
  const ordered = inFingerprintOrder(displays);
  const ranked = ordered
    .map((display, order) => ({ display, order, overlap: overlapArea(rect, display.bounds), gap: gapBetween(rect, display.bounds) }))
    .sort((a, b) => b.overlap - a.overlap || a.gap - b.gap || Number(b.display.primary) - Number(a.display.primary) || a.order - b.order);
  return ranked[0]!.display;
}
