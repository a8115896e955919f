import type { IncidentFilter, IncidentRow } from '../../api/index.ts';
import { OPEN_STATUSES, maskPhone } from '../../api/rules.ts';
import { matchExpression } from '../fts.ts';
import type { Db } from '../open.ts';

const ORDER = {
  priority: 'priority ASC, reported_ms DESC',
  reported: 'reported_ms DESC',
  updated: 'updated_ms DESC',
} as const;

export type BoardSort = keyof typeof ORDER;

interface Where {
  sql: string;
  params: (string | number)[];
}

/** The WHERE clause for a board filter; every value is a bound parameter. */
export function whereOf(filter: IncidentFilter, now: number, sort: BoardSort = 'priority'): Where | null {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const anyOf = (column: string, values: readonly (string | number)[] | undefined) => {
    if (!values?.length) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  // Board order over several statuses: `+status` keeps SQLite from using the
  // status index (which then needs a full sort) so it walks incident_priority_order
  // and stops after a page. With a district, that district's index is better.
  anyOf(sort === 'priority' && !filter.district?.length ? '+status' : 'status', filter.status);
  anyOf('priority', filter.priority);
  anyOf('source', filter.source);
  anyOf('district', filter.district);
  anyOf('level', filter.level);
  if (filter.category) {
    clauses.push('(category = ? OR category >= ? AND category < ?)');
    params.push(filter.category, `${filter.category}.`, `${filter.category}/`); // '/' sorts right after '.'
  }
  if (filter.overdue) {
    clauses.push(`due_ms < ? AND +status IN (${OPEN_STATUSES.map(() => '?').join(', ')})`);
    params.push(now, ...OPEN_STATUSES);
  }
  if (filter.search?.trim()) {
    const match = matchExpression(filter.search);
    if (match === null) return null;
    // Indexed rows through FTS; rows whose text entry is still being built
    // (`unindexed`: a handful, or every row just after a cold snapshot) by a
    // plain scan, so a search never misses a fresh incident or matches a
    // stale entry. Each word is looked for field by field (a word has no
    // spaces, so it cannot straddle two fields): no string is built per row.
    const words = filter.search.trim().split(/\s+/);
    const inAnyField = "(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')";
    clauses.push(
      `((rowid IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?) AND unindexed IS NULL)
        OR (rowid IN (SELECT rowid FROM incident WHERE unindexed IS NOT NULL) AND ${words.map(() => inAnyField).join(' AND ')}))`,
    );
    params.push(match);
    for (const word of words) {
      const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(pattern, pattern, pattern);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** One page of the incident board and the total matching the filter. */
export function incidentPage(
  db: Db,
  options: { filter: IncidentFilter; sort: BoardSort; offset: number; limit: number; now: number; showPhones: boolean },
): { total: number; rows: IncidentRow[] } {
  const where = whereOf(options.filter, options.now, options.sort);
  if (!where) return { total: 0, rows: [] };
  const total = db.prepare(`SELECT count(*) FROM incident ${where.sql}`).pluck().get(...where.params) as number;
  const rows = db
    .prepare(
      `SELECT id, rev, title, status, priority, source, category, level, district, address,
              reported_ms, updated_ms, due_ms, caller_phone
       FROM incident ${where.sql} ORDER BY ${ORDER[options.sort]} LIMIT ? OFFSET ?`,
    )
    .all(...where.params, options.limit, options.offset) as {
    id: string;
    rev: number;
    title: string;
    status: string;
    priority: number;
    source: string;
    category: string;
    level: string;
    district: string | null;
    address: string | null;
    reported_ms: number;
    updated_ms: number;
    due_ms: number | null;
    caller_phone: string | null;
  }[];
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      rev: r.rev,
      title: r.title,
      status: r.status,
      priority: r.priority,
      source: r.source,
      category: r.category,
      level: r.level,
      district: r.district,
      address: r.address,
      reportedAt: r.reported_ms,
      updatedAt: r.updated_ms,
      dueAt: r.due_ms,
      overdue: r.due_ms !== null && r.due_ms < options.now && (OPEN_STATUSES as readonly string[]).includes(r.status),
      callerPhone: r.caller_phone === null || options.showPhones ? r.caller_phone : maskPhone(r.caller_phone),
    })),
  };
}
