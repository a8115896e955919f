import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { CachedEntityError } from '../errors.ts';
import { DETAIL_SQL, incidentWithTimeline, isCachedIncident } from './incident-detail.ts';

const dirs: string[] = [];
const caches: CacheStore[] = [];
afterEach(() => {
  caches.splice(0).forEach((c) => c.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function cacheWith(items: { kind: 'incident' | 'incident_event'; data: Record<string, unknown> }[]): CacheStore {
  const dir = mkdtempSync(join(tmpdir(), 'egret-detail-'));
  dirs.push(dir);
  const { cache } = CacheStore.open(dir);
  caches.push(cache);
  cache.applyChanges(items.map(({ kind, data }, i) => prepareChange({ seq: i + 1, op: 'upsert', kind, data }, i + 1)), items.length);
  return cache;
}

const event = (id: string, at: string, extra: Record<string, unknown> = {}) => ({
  kind: 'incident_event' as const,
  data: { id, rev: 1, incident: 'inc-1', at, actor: 'op-031', kind: 'note', text: id, ...extra },
});

describe('one incident with its timeline', () => {
  it('reads the incident as applied and its events oldest first, same instants by id', () => {
    const cache = cacheWith([
      { kind: 'incident', data: incident('inc-1', 2, { caller: { name: '陈先生', phone: '13812345678' } }) },
      event('ev-c', '2026-11-28T09:05:00+08:00'),
      event('ev-b', '2026-11-28T09:01:00+08:00'),
      event('ev-a', '2026-11-28T09:05:00+08:00'),
      event('ev-other', '2026-11-28T09:00:00+08:00', { incident: 'inc-2' }),
    ]);
    const found = incidentWithTimeline(cache.db, 'inc-1')!;
    expect(found.incident).toEqual(incident('inc-1', 2, { caller: { name: '陈先生', phone: '13812345678' } }));
    expect(found.events.map((e) => e.id)).toEqual(['ev-b', 'ev-a', 'ev-c']);
    expect(found.events[0]).toMatchObject({ kind: 'note', actor: 'op-031', at: '2026-11-28T09:01:00+08:00' });
  });

  it('is null for an incident the cache does not hold', () => {
    expect(incidentWithTimeline(cacheWith([]).db, 'inc-404')).toBeNull();
  });

  it('refuses an incident whose stored JSON no longer fits its schema, saying which and why', () => {
    const cache = cacheWith([{ kind: 'incident', data: incident('inc-1', 1) }]);
    cache.db.prepare("UPDATE incident SET data = json_set(data, '$.priority', 9) WHERE id = 'inc-1'").run();
    expect(() => incidentWithTimeline(cache.db, 'inc-1')).toThrow(CachedEntityError);
    expect(() => incidentWithTimeline(cache.db, 'inc-1')).toThrow(/invalid incident inc-1 \(priority: /);

    cache.db.prepare("UPDATE incident SET data = '{\"id\": \"inc-1\", ' WHERE id = 'inc-1'").run();
    expect(() => incidentWithTimeline(cache.db, 'inc-1')).toThrow(/invalid incident inc-1 \(not JSON\)/);

    // A row whose JSON is another incident's is not shown under this id.
    cache.db.prepare('UPDATE incident SET data = ? WHERE id = ?').run(JSON.stringify(incident('inc-9', 1)), 'inc-1');
    expect(() => incidentWithTimeline(cache.db, 'inc-1')).toThrow(/invalid incident inc-1 \(its data names inc-9\)/);
  });

  it('refuses a timeline event that no longer fits its schema instead of leaving it out', () => {
    const cache = cacheWith([{ kind: 'incident', data: incident('inc-1', 1) }, event('ev-1', '2026-11-28T09:01:00+08:00')]);
    cache.db.prepare("UPDATE incident_event SET data = json_set(data, '$.kind', 'teleport') WHERE id = 'ev-1'").run();
    expect(() => incidentWithTimeline(cache.db, 'inc-1')).toThrow(/invalid incident_event ev-1 \(kind: /);
  });

  it('finds the incident by its key and the timeline by incident_event_by_incident', () => {
    const { db } = cacheWith([]);
    expect(planOf(db, DETAIL_SQL.incident, 'inc-1')).toMatch(/SEARCH incident USING INDEX sqlite_autoindex_incident_1 \(id=\?\)/);
    expect(planOf(db, DETAIL_SQL.timeline, 'inc-1')).toMatch(/SEARCH incident_event USING INDEX incident_event_by_incident \(incident=\?\)/);
  });

  it('says whether the cache holds an incident, from its key alone (the shared selection names only those)', () => {
    const { db } = cacheWith([{ kind: 'incident', data: incident('inc-1', 1) }]);
    expect([isCachedIncident(db, 'inc-1'), isCachedIncident(db, 'inc-404')]).toEqual([true, false]);
    expect(planOf(db, DETAIL_SQL.known, 'inc-1')).toMatch(/SEARCH incident USING COVERING INDEX sqlite_autoindex_incident_1 \(id=\?\)/);
  });
});
