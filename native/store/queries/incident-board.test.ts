import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { incidentPage } from './incident-board.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';

function cacheWith(...items: Record<string, unknown>[]) {
  const { cache } = CacheStore.open(tempDir('board'));
  let seq = cache.cursor() ?? 0;
  const apply = (...more: Record<string, unknown>[]) => {
    cache.applyChanges(more.map((data) => prepareChange({ seq: ++seq, op: 'upsert', kind: 'incident', data }, seq)), seq);
  };
  apply(...items);
  return { cache, apply };
}

const page = (cache: CacheStore, filter: object, extra: object = {}) =>
  incidentPage(cache.db, { filter, sort: 'priority', offset: 0, limit: 50, now: Date.parse('2026-11-28T12:00:00+08:00'), showPhones: false, ...extra });

describe('the incident board', () => {
  it('filters, sorts by priority then newest, counts the total, and marks overdue', () => {
    const { cache } = cacheWith(
      incident('a', 1, { priority: 2, reported_at: '2026-11-28T09:00:00+08:00' }),
      incident('b', 1, { priority: 1, reported_at: '2026-11-28T08:00:00+08:00', due_at: '2026-11-28T10:00:00+08:00' }),
      incident('c', 1, { priority: 2, reported_at: '2026-11-28T10:00:00+08:00', district: '350206' }),
      incident('d', 1, { priority: 1, status: 'closed' }),
    );
    const open = page(cache, { status: ['new'] });
    expect(open.total).toBe(3);
    expect(open.rows.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(open.rows[0]!.overdue).toBe(true);
    expect(page(cache, { district: ['350206'] }).rows.map((r) => r.id)).toEqual(['c']);
    expect(page(cache, { category: 'public_order' }).total).toBe(4);
    expect(page(cache, { category: 'public' }).total).toBe(0);
    expect(page(cache, { overdue: true }).rows.map((r) => r.id)).toEqual(['b']);
  });

  it('masks caller phones unless the role may see them', () => {
    const { cache } = cacheWith(incident('p', 1, { caller: { phone: '13812345678' } }));
    expect(page(cache, {}).rows[0]!.callerPhone).toBe('138****5678');
    expect(page(cache, {}, { showPhones: true }).rows[0]!.callerPhone).toBe('13812345678');
  });

  it('search finds incidents before and after their text is indexed, and never by stale text', () => {
    const { cache, apply } = cacheWith(incident('f', 1, { title: '小区火灾报警', description: null, address: '湖里区 金山街道' }));
    expect(page(cache, { search: '火灾' }).rows.map((r) => r.id)).toEqual(['f']); // not yet indexed
    cache.indexPending();
    expect(page(cache, { search: '火灾 金山' }).rows.map((r) => r.id)).toEqual(['f']);
    apply(incident('f', 2, { title: '噪音扰民', description: null, address: '湖里区 金山街道' }));
    expect(page(cache, { search: '火灾' }).total).toBe(0); // the old entry is not trusted while pending
    expect(page(cache, { search: '噪音' }).total).toBe(1);
    cache.indexPending();
    expect(page(cache, { search: '火灾' }).total).toBe(0);
    expect(page(cache, { search: '噪音' }).total).toBe(1);
    expect(page(cache, { search: '100% "x' }).total).toBe(0);
  });
});
