import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { newP1Among, newP1Ids } from './new-p1.ts';

describe('what the new-P1 alarm reads', () => {
  it('finds the priority-1 incidents still new, newest first, as board rows with the phone masked unless shown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'egret-p1-'));
    const { cache } = CacheStore.open(dir);
    const items = [
      incident('inc-p1-old', 1, { priority: 1, reported_at: '2026-11-28T09:00:00+08:00', caller: { phone: '13812345678' } }),
      incident('inc-p1-new', 1, { priority: 1, reported_at: '2026-11-28T09:05:00+08:00' }),
      incident('inc-p1-verified', 1, { priority: 1, status: 'verified' }),
      incident('inc-p2', 1, { priority: 2 }),
    ].map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'incident', data }, i + 1));
    cache.applyChanges(items, items.length);
    expect(newP1Ids(cache.db).sort()).toEqual(['inc-p1-new', 'inc-p1-old']);
    const rows = newP1Among(cache.db, ['inc-p1-old', 'inc-p2', 'inc-p1-verified', 'inc-p1-new', 'inc-missing'], Date.now(), false);
    expect(rows.map((r) => r.id)).toEqual(['inc-p1-new', 'inc-p1-old']);
    expect(rows[1]!.callerPhone).toBe('138****5678');
    expect(newP1Among(cache.db, ['inc-p1-old'], Date.now(), true)[0]!.callerPhone).toBe('13812345678');
    expect(newP1Among(cache.db, [], Date.now(), true)).toEqual([]);
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the writer names the incidents a batch leaves priority 1 and new: the last change of each decides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'egret-p1-'));
    const { cache } = CacheStore.open(dir);
    const batch = [
      incident('inc-a', 1, { priority: 1 }),
      incident('inc-b', 1, { priority: 1 }),
      incident('inc-b', 2, { priority: 1, status: 'verified' }),
      incident('inc-c', 1, { priority: 2 }),
      incident('inc-d', 2, { priority: 1 }),
    ].map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'incident', data }, i + 1));
    expect(cache.applyChanges(batch, batch.length).newP1).toEqual(['inc-a', 'inc-d']);
    // A stale upsert changes nothing, and names nothing.
    const stale = prepareChange({ seq: 6, op: 'upsert', kind: 'incident', data: incident('inc-b', 1, { priority: 1 }) }, 6);
    expect(cache.applyChanges([stale], 6).newP1).toEqual([]);
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
