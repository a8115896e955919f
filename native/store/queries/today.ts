import type { TodayStats } from '../../api/index.ts';
import { OPEN_STATUSES } from '../../api/index.ts';
import { dayBounds, localHour } from '../../common/day.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

const openList = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/** The dashboard's statements, each over one index; exported so their query plans are tested as run. */
export const TODAY_SQL = {
  /** call_received */
  received: 'SELECT count(*) FROM call WHERE received_ms >= ? AND received_ms < ?',
  answered: 'SELECT count(*) FROM call WHERE received_ms >= ? AND received_ms < ? AND answered_ms IS NOT NULL',
  /**
   * call_answered: the hourly chart counts calls by when they were answered,
   * per minute here and per local hour in `hourly` (a zone's offset is whole
   * minutes). Returning every call's time instead was the dashboard's
   * heaviest read at a busy hour: 15,000 rows a day, each then placed in its
   * hour by Intl (bench:start --profile, a warm start at 09:00).
   */
  answeredIn: 'SELECT answered_ms / 60000 AS minute, count(*) AS n FROM call WHERE answered_ms >= ? AND answered_ms < ? GROUP BY minute',
  /** incident_reported */
  reported: 'SELECT count(*) FROM incident WHERE reported_ms >= ? AND reported_ms < ?',
  criminal: "SELECT count(*) FROM incident WHERE reported_ms >= ? AND reported_ms < ? AND (category = 'criminal' OR category LIKE 'criminal.%')",
  /** Grouped in the status index's own order (status, priority): no sort of every open incident. */
  openByPriority: `SELECT priority, count(*) AS n FROM incident WHERE status IN (${openList}) GROUP BY status, priority`,
  /** incident_status_due: one range per open status, nothing read but the index. */
  overdue: `SELECT count(*) FROM incident WHERE due_ms < ? AND status IN (${openList})`,
  roads: 'SELECT level, count(*) AS n FROM road GROUP BY level',
} as const;

function hourly(db: Db, start: number, end: number, tz: string): number[] {
  const hours = new Array<number>(24).fill(0);
  const rows = prepared(db, TODAY_SQL.answeredIn).all(start, end) as { minute: number; n: number }[];
  for (const { minute, n } of rows) hours[localHour(minute * 60_000, tz)]! += n;
  return hours;
}

/** Today's figures, counted in the platform's time zone from the cache (spec §8). */
export function todayStats(db: Db, now: number, tz: string): TodayStats {
  const today = dayBounds(now, tz);
  const yesterday = dayBounds(today.start - 1, tz);
  const one = (sql: string, ...params: unknown[]) => prepared(db, sql).pluck().get(...params) as number;

  const received = one(TODAY_SQL.received, today.start, today.end);
  const answered = one(TODAY_SQL.answered, today.start, today.end);
  const byPriority = prepared(db, TODAY_SQL.openByPriority).all() as { priority: number; n: number }[];
  const openByPriority: [number, number, number, number] = [0, 0, 0, 0];
  for (const { priority, n } of byPriority) if (priority >= 1 && priority <= 4) openByPriority[priority - 1] += n;
  const roads = { smooth: 0, slow: 0, congested: 0, blocked: 0 };
  for (const { level, n } of prepared(db, TODAY_SQL.roads).all() as { level: keyof typeof roads; n: number }[]) {
    if (level in roads) roads[level] = n;
  }

  return {
    tz,
    day: today.date,
    calls: { received, answered, answerRate: received ? answered / received : null },
    incidents: {
      reported: one(TODAY_SQL.reported, today.start, today.end),
      criminal: one(TODAY_SQL.criminal, today.start, today.end),
      open: openByPriority.reduce((a, b) => a + b, 0),
      overdue: one(TODAY_SQL.overdue, now),
    },
    openByPriority,
    answeredByHour: { today: hourly(db, today.start, today.end, tz), yesterday: hourly(db, yesterday.start, yesterday.end, tz) },
    roads,
  };
}
