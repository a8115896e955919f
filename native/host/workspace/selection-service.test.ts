import { describe, expect, it } from 'vitest';
import { ApiError, type Selection } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { SelectionService } from './selection-service.ts';

const T0 = Date.parse('2026-12-02T09:00:00+08:00');

function selection() {
  const timers = new FakeTimers(T0);
  const published: Selection[] = [];
  const cached = new Set(['inc-1', 'inc-2']);
  const service = new SelectionService({
    now: () => timers.now(),
    knownIncident: (id) => cached.has(id),
    publish: (s) => published.push(s),
  });
  return { service, published, timers };
}

describe('the shared selection', () => {
  it('starts with nothing selected', () => {
    expect(selection().service.get()).toEqual({ incident: null, window: null, seq: 0, at: new Date(T0).toISOString() });
  });

  it('publishes each selection with the window it was made in, in order (seq) and when (host clock)', () => {
    const s = selection();
    const first = s.service.set('inc-1', 'main');
    s.timers.advance(1_500);
    const second = s.service.set('inc-2', 'map');
    expect(first).toEqual({ incident: 'inc-1', window: 'main', seq: 1, at: new Date(T0).toISOString() });
    expect(second).toEqual({ incident: 'inc-2', window: 'map', seq: 2, at: new Date(T0 + 1_500).toISOString() });
    expect(s.published).toEqual([first, second]);
    expect(s.service.set(null, 'map')).toMatchObject({ incident: null, window: 'map', seq: 3 });
    expect(s.service.get()).toMatchObject({ incident: null, seq: 3 });
  });

  it('refuses an incident the cache does not hold, and keeps the selection', () => {
    const s = selection();
    const kept = s.service.set('inc-1', 'main');
    let error: unknown;
    try {
      s.service.set('inc-404', 'main');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not_found', message: 'no incident inc-404 in the cache' });
    expect(s.service.get()).toBe(kept);
    expect(s.published).toEqual([kept]);
  });

  it('is cleared at sign-out, the windows told once; seq goes on after it', () => {
    const s = selection();
    s.service.set('inc-1', 'main');
    s.service.clear();
    s.service.clear();
    expect(s.published.map((p) => [p.incident, p.window, p.seq])).toEqual([
      ['inc-1', 'main', 1],
      [null, null, 2],
    ]);
    expect(s.service.set('inc-2', 'main').seq).toBe(3);
  });
});
