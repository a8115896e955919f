import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { BREAKDOWN_SQL, breakdowns, ESCALATIONS_SHOWN, WORKLOAD_TOP } from './breakdowns.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';

type Kind = 'incident' | 'department';

function cacheWith(items: { kind: Kind; data: Record<string, unknown> }[]) {
  const { cache } = CacheStore.open(tempDir('breakdowns'));
  let seq = cache.cursor() ?? 0;
  cache.applyChanges(
    items.map(({ kind, data }) => prepareChange({ seq: ++seq, op: 'upsert', kind, data }, seq)),
    seq,
  );
  return cache;
}

const inc = (id: string, extra: Record<string, unknown> = {}) => ({ kind: 'incident' as const, data: incident(id, 1, extra) });
const dept = (id: string, name: string) => ({
  kind: 'department' as const,
  data: { id, rev: 1, name, kind: 'police', level: 'district', district: '350203' },
});

const TZ = 'Asia/Shanghai';
// 00:30 on 28 November in Xiamen: 27 November 23:59 local is yesterday.
const NOW = Date.parse('2026-11-28T00:30:00+08:00');

describe('the duty chief breakdowns', () => {
  it("counts today's incidents per district and source in the platform's day, every key present", () => {
    const cache = cacheWith([
      inc('a', { district: '350203', source: '110', reported_at: '2026-11-28T00:00:00+08:00' }),
      inc('b', { district: '350203', source: '122', reported_at: '2026-11-28T00:10:00+08:00' }),
      inc('c', { district: '350206', source: '110', reported_at: '2026-11-28T00:20:00+08:00' }),
      inc('d', { district: null, source: 'volunteer', reported_at: '2026-11-28T00:25:00+08:00' }),
      // 23:59 yesterday in Xiamen, though it is already 28 November in UTC+9 and still 27th in UTC.
      inc('y', { district: '350213', source: 'video', reported_at: '2026-11-27T23:59:00+08:00' }),
    ]);
    const b = breakdowns(cache.db, NOW, TZ);
    expect(b.day).toBe('2026-11-28');
    expect(b.byDistrict).toEqual([
      { district: '350203', count: 2 },
      { district: '350205', count: 0 },
      { district: '350206', count: 1 },
      { district: '350211', count: 0 },
      { district: '350212', count: 0 },
      { district: '350213', count: 0 },
    ]);
    expect(b.noDistrict).toBe(1);
    expect(b.bySource.map((s) => s.source)).toEqual(['110', '119', '122', '12345', 'city_mgmt', 'grid', 'volunteer', 'video', 'petition']);
    expect(Object.fromEntries(b.bySource.map((s) => [s.source, s.count]))).toMatchObject({ '110': 2, '122': 1, volunteer: 1, video: 0 });

    // The same cache an hour before: 27 November is "today", and only `y` is in it.
    const before = breakdowns(cache.db, Date.parse('2026-11-27T23:59:30+08:00'), TZ);
    expect(before.day).toBe('2026-11-27');
    expect(before.byDistrict.find((d) => d.district === '350213')?.count).toBe(1);
    expect(before.bySource.reduce((sum, s) => sum + s.count, 0)).toBe(1);
  });

  it('ranks linkage units by open incidents from the departments JSON, with their names, top 15', () => {
    const cache = cacheWith([
      dept('dept-police', '思明公安分局'),
      dept('dept-fire', '思明消防救援大队'),
      inc('o1', { status: 'dispatched', departments: ['dept-police', 'dept-fire'] }),
      inc('o2', { status: 'on_scene', departments: ['dept-police', 'dept-police'] }),
      inc('o3', { status: 'accepted', departments: ['dept-unknown'] }),
      inc('c1', { status: 'closed', departments: ['dept-fire', 'dept-fire-2'] }),
      inc('r1', { status: 'resolved', departments: ['dept-fire'] }),
      // Old incidents count too: workload is what is open now, not what came in today.
      inc('old', { status: 'dispatched', departments: ['dept-fire'], reported_at: '2026-10-01T09:00:00+08:00' }),
    ]);
    const b = breakdowns(cache.db, NOW, TZ);
    expect(b.workload).toEqual([
      { department: 'dept-fire', name: '思明消防救援大队', open: 2 },
      { department: 'dept-police', name: '思明公安分局', open: 2 },
      { department: 'dept-unknown', name: null, open: 1 },
    ]);

    const many = cacheWith(
      Array.from({ length: 20 }, (_, i) => inc(`m${i}`, { status: 'dispatched', departments: Array.from({ length: i + 1 }, (_, j) => `d${String(j).padStart(2, '0')}`) })),
    );
    const top = breakdowns(many.db, NOW, TZ).workload;
    expect(top).toHaveLength(WORKLOAD_TOP);
    expect(top[0]).toEqual({ department: 'd00', name: null, open: 20 });
    expect(top.at(-1)).toEqual({ department: 'd14', name: null, open: 6 });
  });

  it('lists open incidents waiting at the city level, newest first, with the total', () => {
    const cache = cacheWith([
      inc('e1', { level: 'city', priority: 1, status: 'verified', reported_at: '2026-11-27T20:00:00+08:00', title: '墙体开裂' }),
      inc('e2', { level: 'city', priority: 2, status: 'new', reported_at: '2026-11-28T00:05:00+08:00' }),
      inc('e3', { level: 'city', status: 'closed', reported_at: '2026-11-28T00:06:00+08:00' }),
      inc('e4', { level: 'district', status: 'new', reported_at: '2026-11-28T00:07:00+08:00' }),
    ]);
    const b = breakdowns(cache.db, NOW, TZ);
    expect(b.escalationsTotal).toBe(2);
    expect(b.escalations.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(b.escalations[1]).toEqual({
      id: 'e1',
      title: '墙体开裂',
      priority: 1,
      status: 'verified',
      district: '350203',
      reportedAt: Date.parse('2026-11-27T20:00:00+08:00'),
    });

    const crowded = cacheWith(Array.from({ length: ESCALATIONS_SHOWN + 5 }, (_, i) => inc(`x${i}`, { level: 'city' })));
    const c = breakdowns(crowded.db, NOW, TZ);
    expect(c.escalations).toHaveLength(ESCALATIONS_SHOWN);
    expect(c.escalationsTotal).toBe(ESCALATIONS_SHOWN + 5);
  });

  it('answers from an empty cache with zeros in every slot', () => {
    const b = breakdowns(cacheWith([]).db, NOW, TZ);
    expect(b.byDistrict.every((d) => d.count === 0)).toBe(true);
    expect(b.bySource).toHaveLength(9);
    expect(b.workload).toEqual([]);
    expect(b.escalations).toEqual([]);
    expect(b.escalationsTotal).toBe(0);
  });

  it("reads today's rows from the report-time index alone (0013), open incidents by status and the city's escalations from their own index, never the whole table", () => {
    const { db } = cacheWith([]);
    expect(planOf(db, BREAKDOWN_SQL.byDistrict, NOW, NOW)).toMatch(/^SEARCH incident USING COVERING INDEX incident_reported /);
    expect(planOf(db, BREAKDOWN_SQL.bySource, NOW, NOW)).toMatch(/^SEARCH incident USING COVERING INDEX incident_reported /);
    expect(planOf(db, BREAKDOWN_SQL.workload, WORKLOAD_TOP)).toMatch(/SEARCH incident USING INDEX incident_board \(status=\?\)/);
    expect(planOf(db, BREAKDOWN_SQL.workload, WORKLOAD_TOP)).toMatch(/SEARCH d USING INDEX sqlite_autoindex_department_1 \(id=\?\)/);
    expect(planOf(db, BREAKDOWN_SQL.escalations, ESCALATIONS_SHOWN)).toMatch(/^SEARCH incident USING INDEX incident_city_open \(status=\?\)/);
    expect(planOf(db, BREAKDOWN_SQL.escalationsTotal)).toMatch(/^SEARCH incident USING COVERING INDEX incident_city_open \(status=\?\)/);
    for (const sql of Object.values(BREAKDOWN_SQL)) expect(planOf(db, sql, ...new Array<number>((sql.match(/\?/g) ?? []).length).fill(1))).not.toMatch(/SCAN incident\b/);
  });
});
