import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { DUPLICATE_SQL, findDuplicates } from './duplicates.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';

const T = Date.parse('2026-11-28T09:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function cacheWith(...items: Record<string, unknown>[]) {
  const { cache } = CacheStore.open(tempDir('dup'));
  cache.applyChanges(items.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'incident', data }, i + 1)), items.length);
  return cache;
}

// 0.001° of latitude is about 111 m.
describe('duplicate detection', () => {
  it('offers open incidents within 300 m and 30 min with a related category, nearest first', () => {
    const cache = cacheWith(
      incident('near', 1, { lat: 24.4800, lng: 118.0900, category: 'fire.building', reported_at: iso(T - 10 * 60_000) }),
      incident('nearer', 1, { lat: 24.4801, lng: 118.0900, category: 'fire.vehicle', reported_at: iso(T - 5 * 60_000) }),
      incident('far', 1, { lat: 24.4840, lng: 118.0900, category: 'fire.building', reported_at: iso(T) }),
      incident('old', 1, { lat: 24.4800, lng: 118.0900, category: 'fire.building', reported_at: iso(T - 45 * 60_000) }),
      incident('other-kind', 1, { lat: 24.4800, lng: 118.0900, category: 'traffic.collision', reported_at: iso(T) }),
      incident('closed', 1, { lat: 24.4800, lng: 118.0900, category: 'fire.building', status: 'closed', reported_at: iso(T) }),
    );
    const probe = { lat: 24.4802, lng: 118.0900, category: 'fire.other', at: T };
    // Fresh incidents wait for their R*Tree entry (built when the link is idle): found all the same.
    expect(cache.indexBacklog()).toBe(6);
    const found = findDuplicates(cache.db, probe);
    expect(found.map((d) => d.id)).toEqual(['nearer', 'near']);
    expect(found[0]).toMatchObject({ reason: 'nearby', metres: 11 });
    cache.indexPending();
    expect(findDuplicates(cache.db, probe)).toEqual(found);
    // One moves away; until its entry is rebuilt, the stale R*Tree box must not bring it back.
    cache.applyChanges([prepareChange({ seq: 7, op: 'upsert', kind: 'incident', data: incident('near', 2, { lat: 24.49, lng: 118.0900, category: 'fire.building', reported_at: iso(T - 10 * 60_000) }) }, 7)], 7);
    expect(cache.indexBacklog()).toBe(1);
    expect(findDuplicates(cache.db, probe).map((d) => d.id)).toEqual(['nearer']);
    cache.indexPending();
    expect(findDuplicates(cache.db, probe).map((d) => d.id)).toEqual(['nearer']);
    cache.close();
  });

  it('offers open incidents from the same caller wherever they are', () => {
    const cache = cacheWith(
      incident('same-caller', 1, { caller: { phone: '+86 138-1234-5678' }, lat: 24.6, lng: 118.2, reported_at: iso(T - 3 * 3600_000) }),
      incident('other-caller', 1, { caller: { phone: '13900000000' } }),
    );
    const found = findDuplicates(cache.db, { callerPhone: '(+86) 13812345678', at: T });
    expect(found).toEqual([expect.objectContaining({ id: 'same-caller', reason: 'same_caller', metres: null })]);
    cache.close();
  });

  it('looks nearby through the R*Tree box and the report time, and a caller up by incident_open_caller', () => {
    const cache = cacheWith();
    const { db } = cache;
    const box = { minLat: 24.47, maxLat: 24.49, minLng: 118.08, maxLng: 118.1, since: T - 1, until: T + 1 };
    const [indexed, unindexed] = planOf(db, DUPLICATE_SQL.nearby, box).split(' | UNION ALL | ');
    // The box constrains the R*Tree (not a rowid lookup per open incident), and the R*Tree leads.
    expect(indexed).toMatch(/SCAN g VIRTUAL TABLE INDEX 2:D0B1D2B3 \| SEARCH i USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    expect(unindexed).toMatch(/^SEARCH i USING INDEX incident_reported \(reported_ms>\? AND reported_ms<\?\)$/);
    const caller = planOf(db, DUPLICATE_SQL.sameCaller, '13812345678', 10);
    expect(caller).toMatch(/SEARCH incident USING INDEX incident_open_caller \(caller_phone=\?\)/);
    expect(caller).not.toMatch(/TEMP B-TREE/);
    cache.close();
  });
});
