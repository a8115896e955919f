import { describe, expect, it } from 'vitest';
import type { Warning } from '../api/contract.ts';
import { planOf } from '../../tests/support/query-plan.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';
import { StateStore } from './state-store.ts';
import { WARNING_SQL, WarningStore } from './warning-state.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-28T12:00:00+08:00');

function warning(key: string, extra: Partial<Warning> = {}): Warning {
  return {
    key,
    kind: 'cluster',
    status: 'open',
    family: 'criminal.theft',
    district: '350203',
    street: null,
    line: null,
    department: null,
    address: null,
    caller: null,
    since: T0 - 5 * HOUR,
    lastAt: T0 - HOUR,
    raisedAt: T0 - HOUR,
    updatedAt: T0,
    observed: 4,
    expected: 0.3,
    baseline: 'zone_history_28d',
    pValue: 0.001,
    recurrenceDays: 40,
    area: { lat: 24.48, lng: 118.09, radiusM: 500 },
    outline: [],
    incidents: ['a', 'b', 'c', 'd'],
    handling: null,
    ...extra,
  };
}

describe('the warnings state.db keeps (migration 0006)', () => {
  it('reads back what a computation saved across a reopen, and leaves a damaged row out', () => {
    const dir = tempDir('warning-state');
    const state = StateStore.open(dir);
    new WarningStore(state.db).saveComputed([warning('w1'), warning('w2', { kind: 'surge' })], T0, { keepSinceMs: 0, handledSinceMs: 0 });
    state.db.prepare('UPDATE warning SET warning = \'{"key":"w2"}\' WHERE key = \'w2\'').run();
    state.close();

    const again = new WarningStore(StateStore.open(dir).db);
    expect(again.since(T0 - HOUR).map((w) => w.key)).toEqual(['w1']);
    expect(again.get('w1')).toEqual(warning('w1'));
    expect(again.get('w2')).toBeNull();
    expect(again.get('nope')).toBeNull();
  });

  it('prunes warnings long unseen, but keeps one handled within the day', () => {
    const state = StateStore.open(tempDir('warning-prune'));
    const store = new WarningStore(state.db);
    const handled = { action: 'acknowledged' as const, by: '王队', at: T0 - 30 * HOUR, text: '' };
    store.saveComputed([warning('old'), warning('handled-old', { status: 'acknowledged', handling: handled })], T0 - 30 * HOUR, {
      keepSinceMs: 0,
      handledSinceMs: 0,
    });
    store.putHandled(
      warning('handled-new', { status: 'dismissed', handling: { ...handled, action: 'dismissed', at: T0 - 2 * HOUR } }),
      T0 - 30 * HOUR,
    );
    store.saveComputed([warning('now')], T0, { keepSinceMs: T0 - 24 * HOUR, handledSinceMs: T0 - 24 * HOUR });
    expect(
      store
        .since(0)
        .map((w) => w.key)
        .sort(),
    ).toEqual(['handled-new', 'now']);
    expect(planOf(state.db, WARNING_SQL.since, 0)).toMatch(/SEARCH warning USING INDEX warning_by_update \(updated_ms>\?\)/);
    expect(planOf(state.db, WARNING_SQL.prune, 0, 0)).toMatch(/SEARCH warning USING INDEX warning_by_update \(updated_ms<\?\)/);
  });
});
