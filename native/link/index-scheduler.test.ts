import { describe, expect, it } from 'vitest';
import type { Logger } from '../common/logger.ts';
import { FakeTimers } from '../common/timers.ts';
import { INCIDENTS_AFTER_PAGE_MS, INDEX_STEP, IndexScheduler, PINYIN_AFTER_LIVE_MS, PINYIN_LATEST_MS } from './index-scheduler.ts';

/** Lets the promise callbacks queued so far run (a turn of the event loop, not a sleep). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function scheduler(waiting: number) {
  const timers = new FakeTimers();
  const state = { busy: false, stopped: false, waiting, steps: [] as number[], fail: null as Error | null, warnings: [] as string[] };
  /** Each step is answered only when the test says so. */
  const answers: (() => void)[] = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (m) => state.warnings.push(m) };
  const s = new IndexScheduler({
    timers,
    logger,
    busy: () => state.busy,
    stopped: () => state.stopped,
    indexPending: (max) => {
      state.steps.push(timers.now());
      return new Promise<boolean>((resolve, reject) =>
        answers.push(() => {
          if (state.fail) return reject(state.fail);
          state.waiting = Math.max(0, state.waiting - max);
          resolve(state.waiting > 0);
        }),
      );
    },
  });
  const answer = async () => {
    answers.shift()!();
    await settle();
  };
  return { s, timers, state, answer };
}

describe('IndexScheduler: text and R*Tree entries when the link is quiet', () => {
  it('builds once nothing has asked for a step for the quiet time: a burst pushes it back', () => {
    const { s, timers, state } = scheduler(10);
    s.schedule(50);
    timers.advance(40);
    s.schedule(50);
    timers.advance(40);
    expect(state.steps).toEqual([]);
    timers.advance(10);
    expect(state.steps).toEqual([90]);
  });

  it('builds in steps, one after the other, until nothing waits', async () => {
    const { s, timers, state, answer } = scheduler(INDEX_STEP * 2 + 1);
    s.schedule(50);
    timers.advance(50);
    expect(state.steps).toHaveLength(1);
    await answer();
    timers.advance(0);
    expect(state.steps).toHaveLength(2);
    await answer();
    timers.advance(0);
    await answer();
    expect(state.steps).toEqual([50, 50, 50]);
    timers.advance(10_000);
    expect(state.steps).toHaveLength(3);
    expect(timers.scheduled).toBe(0);
  });

  it('waits while the writer is busy with changes', () => {
    const { s, timers, state } = scheduler(1);
    state.busy = true;
    s.schedule(50);
    timers.advance(500);
    expect(state.steps).toEqual([]);
    state.busy = false;
    timers.advance(50);
    expect(state.steps).toEqual([550]);
  });

  it('never runs two steps at once: a step asked for meanwhile waits for the one running', async () => {
    const { s, timers, state, answer } = scheduler(1);
    s.schedule(50);
    timers.advance(50);
    s.schedule(50);
    timers.advance(200);
    expect(state.steps).toHaveLength(1);
    await answer();
    timers.advance(50);
    expect(state.steps).toEqual([50, 300]);
  });

  it('builds nothing once the link is closed, and cancel drops the waiting step', () => {
    const { s, timers, state } = scheduler(1);
    s.schedule(50);
    s.cancel();
    timers.advance(100);
    expect(state.steps).toEqual([]);
    s.schedule(50);
    state.stopped = true;
    timers.advance(100);
    expect(state.steps).toEqual([]);
    expect(timers.scheduled).toBe(0);
  });

  it('a failed step is logged and the next one waits to be asked for', async () => {
    const { s, timers, state, answer } = scheduler(INDEX_STEP * 3);
    state.fail = new Error('disk I/O error');
    s.schedule(50);
    timers.advance(50);
    await answer();
    expect(state.warnings).toEqual(['building text and spatial entries failed']);
    timers.advance(1000);
    expect(state.steps).toHaveLength(1);
    state.fail = null;
    s.schedule(50);
    timers.advance(50);
    expect(state.steps).toHaveLength(2);
  });
});

describe('IndexScheduler: incidents wait until the first page is live, the pinyin of places and cameras longer', () => {
  /**
   * A backlog of `incidents` incident entries and `pinyin` pinyin steps; the link first live at `live`, a
   * console's first page drew its board at `page` (null: not yet).
   */
  function pinyinScheduler(incidents: number, pinyin: number) {
    const timers = new FakeTimers();
    const state = {
      live: null as number | null,
      page: null as number | null,
      incidents,
      pinyin,
      steps: [] as { at: number; pinyin: boolean }[],
    };
    const s = new IndexScheduler({
      timers,
      logger: { debug() {}, info() {}, error() {}, warn() {} },
      busy: () => false,
      stopped: () => false,
      firstLiveAt: () => state.live,
      firstPageAt: () => state.page,
      indexPending: async (max, withPinyin) => {
        state.steps.push({ at: timers.now(), pinyin: withPinyin });
        state.incidents = Math.max(0, state.incidents - max);
        if (withPinyin && state.incidents === 0 && state.pinyin > 0) state.pinyin--;
        return state.incidents > 0 || (withPinyin && state.pinyin > 0);
      },
    });
    return { s, timers, state };
  }

  it('builds incidents INCIDENTS_AFTER_PAGE_MS after the first page drew its board, the pinyin PINYIN_AFTER_LIVE_MS after the link was first live', async () => {
    const { s, timers, state } = pinyinScheduler(INDEX_STEP + 1, 2);
    timers.advance(1_000);
    state.live = timers.now();
    s.schedule(50);
    timers.advance(2_000);
    await settle();
    // The link is live, the page still loading: nothing built.
    expect(state.steps).toEqual([]);
    state.page = timers.now();
    timers.advance(INCIDENTS_AFTER_PAGE_MS - 1);
    await settle();
    expect(state.steps).toEqual([]);
    timers.advance(1);
    for (let i = 0; i < 10; i++) {
      timers.advance(0);
      await settle();
    }
    // Both incident steps, without pinyin; then nothing until the pinyin's time.
    const incidentsAt = 3_000 + INCIDENTS_AFTER_PAGE_MS;
    expect(state.steps.map((step) => step.pinyin)).toEqual([false, false]);
    // Looked at again each second while the page's moment was unknown: built within one of it.
    for (const step of state.steps) expect(step.at - incidentsAt).toBeGreaterThanOrEqual(0);
    for (const step of state.steps) expect(step.at - incidentsAt).toBeLessThan(1_000);
    timers.advance(1_000 + PINYIN_AFTER_LIVE_MS - timers.now() - 1);
    await settle();
    expect(state.steps).toHaveLength(2);
    timers.advance(1);
    for (let i = 0; i < 10; i++) {
      await settle();
      timers.advance(0);
    }
    expect(state.steps.slice(2)).toEqual([
      { at: 1_000 + PINYIN_AFTER_LIVE_MS, pinyin: true },
      { at: 1_000 + PINYIN_AFTER_LIVE_MS, pinyin: true },
    ]);
    expect(state.pinyin).toBe(0);
    expect(timers.scheduled).toBe(0);
  });

  it('a link never live does not keep the incidents and the pinyin from an offline console for ever', async () => {
    const { s, timers, state } = pinyinScheduler(1, 1);
    s.schedule(50);
    while (timers.now() < PINYIN_LATEST_MS - 500) {
      timers.advance(500);
      await settle();
    }
    timers.advance(PINYIN_LATEST_MS - 1 - timers.now());
    await settle();
    expect(state.steps).toEqual([]);
    timers.advance(1);
    for (let i = 0; i < 5; i++) {
      await settle();
      timers.advance(0);
    }
    expect(state.steps).toEqual([{ at: PINYIN_LATEST_MS, pinyin: true }]);
    expect(state.incidents).toBe(0);
    expect(state.pinyin).toBe(0);
  });

  it('with no page (egret sync, serve with no window), incidents wait as the pinyin: PINYIN_AFTER_LIVE_MS after the link was live', async () => {
    const { s, timers, state } = pinyinScheduler(1, 0);
    state.live = 0;
    s.schedule(50);
    while (timers.now() < PINYIN_AFTER_LIVE_MS - 500) {
      timers.advance(500);
      await settle();
    }
    timers.advance(PINYIN_AFTER_LIVE_MS - 1 - timers.now());
    await settle();
    expect(state.steps).toEqual([]);
    timers.advance(1);
    await settle();
    expect(state.steps).toEqual([{ at: PINYIN_AFTER_LIVE_MS, pinyin: true }]);
    expect(state.incidents).toBe(0);
  });
});
