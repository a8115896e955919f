import { afterEach, describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { VIDEO_REPORT_SQL, districtTrafficPolice, incidentStatus } from './video-report.ts';

const closing: CacheStore[] = [];
afterEach(() => {
  for (const cache of closing.splice(0)) cache.close();
});

function cacheWith(items: { kind: 'department' | 'incident'; data: Record<string, unknown> }[]) {
  const { cache } = CacheStore.open(tempDir('video-report-query'));
  closing.push(cache);
  cache.applyChanges(
    items.map((item, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: item.kind, data: item.data }, i + 1)),
    items.length,
  );
  return cache.db;
}

const unit = (id: string, kind: string, level: string, district: string | null, name = `单位 ${id}`) => ({
  kind: 'department' as const,
  data: { id, rev: 1, name, kind, level, ...(district ? { district } : {}) },
});

describe('what a video report looks up', () => {
  it("finds the district's traffic police unit, never another district's, another kind, or the city's detachment", () => {
    const db = cacheWith([
      unit('dept-city-traffic-police', 'traffic_police', 'city', null),
      unit('dept-siming-police', 'police', 'district', '350203'),
      unit('dept-siming-traffic-police', 'traffic_police', 'district', '350203', '厦门市公安局交警思明大队'),
      unit('dept-huli-traffic-police', 'traffic_police', 'district', '350206'),
    ]);
    expect(districtTrafficPolice(db, '350203')).toEqual({ id: 'dept-siming-traffic-police', name: '厦门市公安局交警思明大队' });
    expect(districtTrafficPolice(db, '350206')?.id).toBe('dept-huli-traffic-police');
    expect(districtTrafficPolice(db, '350213')).toBeNull();
    expect(planOf(db, VIDEO_REPORT_SQL.trafficPolice, '350203')).toMatch(/USING INDEX department_kind \(kind=\? AND district=\?\)/);
  });

  it('prefers the district-level unit when a street-level one of the district is cached too', () => {
    const db = cacheWith([
      unit('dept-a-street-traffic', 'traffic_police', 'street', '350203', '甲 中队'),
      unit('dept-z-district-traffic', 'traffic_police', 'district', '350203', '乙 大队'),
    ]);
    expect(districtTrafficPolice(db, '350203')?.id).toBe('dept-z-district-traffic');
  });

  it("reads an incident's status by its key, null for one the cache does not hold", () => {
    const db = cacheWith([{ kind: 'incident', data: incident('inc-1', 1, { status: 'dispatched' }) }]);
    expect(incidentStatus(db, 'inc-1')).toBe('dispatched');
    expect(incidentStatus(db, 'inc-2')).toBeNull();
    expect(planOf(db, VIDEO_REPORT_SQL.incidentStatus, 'inc-1')).toMatch(/USING INDEX sqlite_autoindex_incident_1 \(id=\?\)/);
  });
});
