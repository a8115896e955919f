import type { TourRun } from '../../../../native/api/index.ts';

/**
 * Where a running tour is, as the wall's controls say it: "3/12, next in
 * 8 s". A tour in one tile counts cameras; a tour over the wall counts
 * pages of as many cameras as the wall has tiles (the host pages it so).
 */
export interface TourProgress {
  /** 1-based camera (tile scope) or page (wall scope) shown. */
  step: number;
  steps: number;
  /** Whole seconds to the next step, rounded up; null while paused. */
  nextInS: number | null;
}

/**
 * `cameras`: how many cameras the tour holds; `tiles`: the wall's tile
 * count; `nowMs`: the clock the host's `nextAtMs` is on (the host runs on
 * this machine: the browser shell's and Electron's clocks are the host's).
 */
export function tourProgress(run: TourRun, cameras: number, tiles: number, nowMs: number): TourProgress {
  const perStep = run.scope === 'wall' ? Math.max(1, tiles) : 1;
  const steps = Math.max(1, Math.ceil(cameras / perStep));
  const step = Math.min(steps, Math.floor(Math.max(0, run.index) / perStep) + 1);
  const nextInS = run.paused || run.nextAtMs === null ? null : Math.max(0, Math.ceil((run.nextAtMs - nowMs) / 1_000));
  return { step, steps, nextInS };
}
