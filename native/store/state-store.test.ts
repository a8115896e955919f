import { describe, expect, it } from 'vitest';
import { StateStore } from './state-store.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';

describe('the outbox', () => {
  it('keeps commands in the order made until their result, across a reopen', () => {
    const dir = tempDir('state');
    const state = StateStore.open(dir);
    const a = state.queue('incident.note', { incident: 'inc-1', text: 'a' }, { operator: 'op-1' });
    const b = state.queue('incident.note', { incident: 'inc-1', text: 'b' }, { operator: 'op-1' });
    state.close();

    const again = StateStore.open(dir);
    expect(again.pending().map((c) => c.id)).toEqual([a.id, b.id]);
    expect(again.pending()[0]!.args).toEqual({ incident: 'inc-1', text: 'a' });
    const outcome = again.settle({ id: a.id, ok: false, code: 'conflict', message: 'status changed' });
    expect(outcome).toMatchObject({ id: a.id, ok: false, code: 'conflict', operator: 'op-1' });
    expect(again.settle({ id: a.id, ok: true })).toBeNull(); // a repeated result changes nothing
    expect(again.pending().map((c) => c.id)).toEqual([b.id]);
    expect(again.failures('op-1').map((f) => f.code)).toEqual(['conflict']);
    again.close();
  });

  it('remembers settings and forgets them on null', () => {
    const state = StateStore.open(tempDir('state'));
    state.setSetting('platform.token', 'demo-taker');
    expect(state.setting('platform.token')).toBe('demo-taker');
    state.setSetting('platform.token', null);
    expect(state.setting('platform.token')).toBeNull();
    state.close();
  });
});
