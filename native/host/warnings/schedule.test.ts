import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { EVERY_MS, MAX_BUSY_SHARE, MAX_REST_MS, MIN_GAP_MS, RecomputeSchedule, type RunWork } from './schedule.ts';

/** A schedule whose runs take `runMs` of fake time each; records when each run started. */
function scheduleWithRuns(runMs: () => number) {
  const timers = new FakeTimers(0);
  const starts: number[] = [];
  const works: RunWork[] = [];
  const schedule = new RecomputeSchedule(timers, (work) => {
    starts.push(timers.now());
    works.push(work);
    return new Promise<boolean>((resolve) => timers.setTimeout(() => resolve(true), runMs()));
  });
  /** Advances fake time in small steps, letting a run that ended settle (its promise's callbacks) before the next step. */
  const advance = async (ms: number, step = 50) => {
    for (let t = 0; t < ms; t += step) {
      timers.advance(step);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { timers, schedule, starts, works, advance };
}

describe('when early warning recomputes', () => {
  it('coalesces changes to one run per MIN_GAP_MS while runs are short', async () => {
    const s = scheduleWithRuns(() => 100);
    s.schedule.start();
    await s.advance(200);
    for (let i = 0; i < 20; i++) {
      s.schedule.changed({ incidents: [`inc-${i}`] });
      await s.advance(200);
    }
    // First run at 0, then changes every 200 ms for 4 s: one run each MIN_GAP_MS.
    expect(s.starts[0]).toBe(0);
    const gaps = s.starts.slice(1).map((t, i) => t - s.starts[i]!);
    expect(gaps.every((g) => g >= MIN_GAP_MS)).toBe(true);
    expect(s.starts.length).toBeGreaterThan(1);
    // Every change went into exactly one run, in order (the last ones may still wait for theirs).
    const taken = s.works.slice(1).flatMap((w) => w.changed.incidents);
    expect(taken).toEqual(Array.from({ length: taken.length }, (_, i) => `inc-${i}`));
  });

  it('rests a thread whose runs are long: at most MAX_BUSY_SHARE of a core however fast changes come', async () => {
    const s = scheduleWithRuns(() => 3_000);
    s.schedule.start();
    for (let i = 0; i < 120; i++) {
      s.schedule.changed({ calls: [`call-${i}`] });
      await s.advance(500);
    }
    // 60 s of changes twice a second; each run takes 3 s.
    const gaps = s.starts.slice(1).map((t, i) => t - s.starts[i]!);
    expect(gaps.length).toBeGreaterThan(2);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(3_000 / MAX_BUSY_SHARE);
    const busy = (s.starts.length * 3_000) / (s.timers.now() - s.starts[0]!);
    expect(busy).toBeLessThanOrEqual(MAX_BUSY_SHARE + 3_000 / (s.timers.now() - s.starts[0]!));
  });

  it('never rests longer than MAX_REST_MS, however long a run took: a warning waits at most a minute beyond the runs', async () => {
    // A loaded machine: every run takes 40 s (a quarter of a core would ask for a 120 s rest).
    const s = scheduleWithRuns(() => 40_000);
    s.schedule.start();
    for (let i = 0; i < 40; i++) {
      s.schedule.changed({ incidents: [`inc-${i}`] });
      await s.advance(10_000, 500);
    }
    const gaps = s.starts.slice(1).map((t, i) => t - s.starts[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(40_000 + MAX_REST_MS);
      expect(g).toBeLessThanOrEqual(40_000 + MAX_REST_MS + 500);
    }
  });

  it('still runs every EVERY_MS when nothing changes', async () => {
    const s = scheduleWithRuns(() => 100);
    s.schedule.start();
    await s.advance(5 * EVERY_MS, 500);
    expect(s.starts.length).toBeGreaterThanOrEqual(5);
    const gaps = s.starts.slice(1).map((t, i) => t - s.starts[i]!);
    for (const g of gaps) expect(g).toBeLessThanOrEqual(EVERY_MS + 500);
  });

  it('runs nothing before it is started, then reads everything first, with the changes told meanwhile', async () => {
    const s = scheduleWithRuns(() => 10);
    s.schedule.changed({ incidents: ['inc-1'] });
    await s.advance(5_000);
    expect(s.starts).toEqual([]);
    // A first run resuming from a kept span needs every change since the host opened the cache.
    expect(s.schedule.pending()).toEqual({ incidents: ['inc-1'], calls: [], events: [] });
    s.schedule.start();
    await s.advance(100);
    expect(s.works).toHaveLength(1);
    expect(s.works[0]!.reload).toBe(true);
    expect(s.works[0]!.changed.incidents).toEqual(['inc-1']);
    expect(s.schedule.pending()).toEqual({ incidents: [], calls: [], events: [] });
  });
});
