import { describe, expect, it } from 'vitest';
import { TileWatch } from './tile-watch.ts';

function manualTimers() {
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let now = 0;
  return {
    setTimeout: (fn: () => void, ms: number) => {
      const id = next++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id: unknown) => void pending.delete(id as number),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...pending]) {
        if (t.at > now) continue;
        pending.delete(id);
        t.fn();
      }
    },
    pendingCount: () => pending.size,
  };
}

function watch() {
  const timers = manualTimers();
  const events: string[] = [];
  const w = new TileWatch({
    timers,
    timeoutMs: 5_000,
    maxErrors: 3,
    onFail: (why) => events.push(`fail:${why}`),
    onProven: () => events.push('proven'),
  });
  return { w, timers, events };
}

describe('a configured tile server on probation', () => {
  it('fails when its first tiles error', () => {
    const { w, events } = watch();
    w.requested();
    w.errored();
    w.errored();
    expect(events).toEqual([]);
    w.errored();
    expect(events).toEqual(['fail:errors']);
    w.errored();
    w.loaded();
    expect(events).toEqual(['fail:errors']);
  });

  it('fails when no tile arrives within the timeout of the first request', () => {
    const { w, timers, events } = watch();
    timers.advance(60_000);
    expect(events).toEqual([]);
    w.requested();
    timers.advance(4_999);
    expect(events).toEqual([]);
    timers.advance(1);
    expect(events).toEqual(['fail:timeout']);
  });

  it('is proven by one loaded tile, and later errors or time change nothing', () => {
    const { w, timers, events } = watch();
    w.requested();
    w.errored();
    w.loaded();
    for (let i = 0; i < 10; i++) w.errored();
    timers.advance(60_000);
    expect(events).toEqual(['proven']);
    expect(timers.pendingCount()).toBe(0);
  });

  it('stops its clock when the map goes away', () => {
    const { w, timers, events } = watch();
    w.requested();
    w.dispose();
    timers.advance(60_000);
    expect(events).toEqual([]);
  });
});
