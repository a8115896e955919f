import { describe, expect, it } from 'vitest';
import type { TourRun } from '../../../../native/api/index.ts';
import { tourProgress } from './tour-progress.ts';

function run(patch: Partial<TourRun>): TourRun {
  return { name: '早高峰', scope: 'tile', tile: 0, index: 0, paused: false, nextAtMs: 10_000, ...patch };
}

describe("a tour's progress as the wall says it", () => {
  it('in one tile counts cameras, and the seconds to the next one rounded up', () => {
    expect(tourProgress(run({ index: 2, nextAtMs: 10_000 }), 12, 16, 2_001)).toEqual({ step: 3, steps: 12, nextInS: 8 });
    expect(tourProgress(run({ index: 11, nextAtMs: 10_000 }), 12, 16, 10_000)).toEqual({ step: 12, steps: 12, nextInS: 0 });
  });

  it('over the wall counts pages of as many cameras as tiles (the last page may be short)', () => {
    expect(tourProgress(run({ scope: 'wall', tile: null, index: 0 }), 10, 4, 0).steps).toBe(3);
    expect(tourProgress(run({ scope: 'wall', tile: null, index: 4 }), 10, 4, 0).step).toBe(2);
    expect(tourProgress(run({ scope: 'wall', tile: null, index: 8 }), 10, 4, 0).step).toBe(3);
  });

  it('has no countdown while paused, and never counts below zero or past the end', () => {
    expect(tourProgress(run({ paused: true, nextAtMs: null }), 5, 4, 0).nextInS).toBeNull();
    expect(tourProgress(run({ nextAtMs: 1_000 }), 5, 4, 9_000).nextInS).toBe(0);
    // A tour edited shorter while it ran: the index past the end shows the last step.
    expect(tourProgress(run({ index: 9 }), 5, 4, 0)).toMatchObject({ step: 5, steps: 5 });
  });
});
