import type { Breakdowns } from '../../api/index.ts';
import { DISTRICT_CODES, INCIDENT_SOURCES, OPEN_STATUSES } from '../../api/index.ts';
import { dayBounds } from '../../common/day.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

const openList = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/** The busiest linkage units shown; the rest are a long tail of one or two incidents each. */
export const WORKLOAD_TOP = 15;
/** Escalations listed; the total is reported beside them. */
export const ESCALATIONS_SHOWN = 50;

/** The breakdowns' statements; exported so their query plans are tested as run. */
export const BREAKDOWN_SQL = {
  /** incident_reported narrows to today's rows; the grouping is over that handful. */
  byDistrict: 'SELECT district AS key, count(*) AS n FROM incident WHERE reported_ms >= ? AND reported_ms < ? GROUP BY district',
  bySource: 'SELECT source AS key, count(*) AS n FROM incident WHERE reported_ms >= ? AND reported_ms < ? GROUP BY source',
  /**
   * `departments` lives only in the JSON: json_each expands it per open
   * incident. An id listed twice on one incident counts once (DISTINCT per incident).
   */
  workload: `SELECT w.department, d.name, w.open FROM (
       SELECT dep.value AS department, count(DISTINCT incident.id) AS open
       FROM incident, json_each(incident.data, '$.departments') AS dep
       WHERE incident.status IN (${openList}) AND dep.type = 'text'
       GROUP BY dep.value
     ) AS w LEFT JOIN department AS d ON d.id = w.department
     ORDER BY w.open DESC, w.department ASC
     LIMIT ?`,
  escalations: `SELECT id, title, priority, status, district, reported_ms FROM incident
     WHERE level = 'city' AND status IN (${openList})
     ORDER BY reported_ms DESC, id ASC LIMIT ?`,
  escalationsTotal: `SELECT count(*) FROM incident WHERE level = 'city' AND status IN (${openList})`,
} as const;

/** Counts per key in a fixed order, zeros included, so a chart's axis never jumps. */
function inOrder<K extends string>(keys: readonly K[], rows: { key: string | null; n: number }[]): Map<K, number> {
  const counts = new Map<K, number>(keys.map((k) => [k, 0]));
  for (const { key, n } of rows) if (key !== null && counts.has(key as K)) counts.set(key as K, n);
  return counts;
}

/**
 * The duty chief's breakdowns (spec §8): today's incidents (reported in the
 * platform's day) by district and by source, the open workload of each linkage
 * unit, and open incidents waiting at the city level.
 */
export function breakdowns(db: Db, now: number, tz: string): Breakdowns {
  const today = dayBounds(now, tz);

  const district = prepared(db, BREAKDOWN_SQL.byDistrict).all(today.start, today.end) as { key: string | null; n: number }[];
  const source = prepared(db, BREAKDOWN_SQL.bySource).all(today.start, today.end) as { key: string; n: number }[];
  const workload = prepared(db, BREAKDOWN_SQL.workload).all(WORKLOAD_TOP) as { department: string; name: string | null; open: number }[];
  const escalations = prepared(db, BREAKDOWN_SQL.escalations).all(ESCALATIONS_SHOWN) as {
    id: string;
    title: string;
    priority: number;
    status: string;
    district: string | null;
    reported_ms: number;
  }[];
  const escalationsTotal = prepared(db, BREAKDOWN_SQL.escalationsTotal).pluck().get() as number;

  const byDistrict = inOrder(DISTRICT_CODES, district);
  const bySource = inOrder(INCIDENT_SOURCES, source);
  return {
    tz,
    day: today.date,
    byDistrict: [...byDistrict].map(([d, count]) => ({ district: d, count })),
    noDistrict: district.find((r) => r.key === null)?.n ?? 0,
    bySource: [...bySource].map(([s, count]) => ({ source: s, count })),
    workload,
    escalations: escalations.map((r) => ({
      id: r.id,
      title: r.title,
      priority: r.priority,
      status: r.status,
      district: r.district,
      reportedAt: r.reported_ms,
    })),
    escalationsTotal,
  };
}
