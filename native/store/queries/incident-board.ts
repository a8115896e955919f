import type { BoardCursor, IncidentFilter, IncidentRow } from '../../api/index.ts';
import { OPEN_STATUSES, PRIORITIES, maskPhone } from '../../api/rules.ts';
import { matchExpression } from '../fts.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

/**
 * The board's orders, each ending in `id` so that every row has one place
 * (reports share a second), and the row value a keyset page starts after.
 * `newest_first` is −reported_ms (migration 0007): the default order has an
 * index whose columns are exactly this row value, so a page seeks its start.
 */
const ORDER = {
  priority: {
    by: 'priority, newest_first, id',
    key: 'priority, newest_first, id',
    after: (c: BoardCursor) => [c.priority, -c.reportedAt, c.id],
  },
  reported: { by: 'newest_first, id', key: 'newest_first, id', after: (c: BoardCursor) => [-c.reportedAt, c.id] },
  updated: { by: '-updated_ms, id', key: '-updated_ms, id', after: (c: BoardCursor) => [-c.updatedAt, c.id] },
} as const;

export type BoardSort = keyof typeof ORDER;

interface Where {
  sql: string;
  params: (string | number)[];
}

/**
 * The WHERE clause for a board filter; every value is a bound parameter.
 * `use` says what the clause serves: a `page` walks the sort order's index and
 * stops after a page, so `+status` keeps SQLite off the status index (which
 * would need a full sort); a `count` visits every matching row anyway, and
 * the status index holds them together.
 */
export function whereOf(filter: IncidentFilter, now: number, sort: BoardSort = 'priority', use: 'page' | 'count' = 'page'): Where | null {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const anyOf = (column: string, values: readonly (string | number)[] | undefined) => {
    if (!values?.length) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  // With a district, that district's index is better than the order's.
  anyOf(use === 'page' && sort === 'priority' && !filter.district?.length ? '+status' : 'status', filter.status);
  anyOf('priority', filter.priority);
  anyOf('source', filter.source);
  anyOf('district', filter.district);
  anyOf('level', filter.level);
  if (filter.category) {
    clauses.push('(category = ? OR category >= ? AND category < ?)');
    params.push(filter.category, `${filter.category}.`, `${filter.category}/`); // '/' sorts right after '.'
  }
  if (filter.overdue) {
    clauses.push(`due_ms < ? AND status IN (${OPEN_STATUSES.map(() => '?').join(', ')})`);
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

/** The columns a board row is made of (`boardRowOf`). */
export const BOARD_COLUMNS = `id, rev, title, status, priority, source, category, level, district, address,
  reported_ms, updated_ms, due_ms, caller_phone`;

export interface BoardColumns {
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
}

/** A board row from its columns; the phone masked unless the role may see it (rules.ts). */
export function boardRowOf(r: BoardColumns, now: number, showPhones: boolean): IncidentRow {
  return {
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
    overdue: r.due_ms !== null && r.due_ms < now && (OPEN_STATUSES as readonly string[]).includes(r.status),
    callerPhone: r.caller_phone === null || showPhones ? r.caller_phone : maskPhone(r.caller_phone),
  };
}

export interface BoardPageQuery {
  filter: IncidentFilter;
  sort: BoardSort;
  /** Rows to skip; ignored when `after` is given. */
  offset: number;
  limit: number;
  /** Start after this row of the order (keyset): a seek instead of walking `offset` rows. */
  after?: BoardCursor | undefined;
  /** Count the matches (total and per priority) as well; false skips the one pass over them. */
  count?: boolean;
  now: number;
  showPhones: boolean;
}

/** The statement and parameters of a page of rows (exported so query-plan tests explain the very text run). */
export function boardPageSql(q: Omit<BoardPageQuery, 'showPhones'>): { sql: string; params: (string | number)[] } | null {
  const where = whereOf(q.filter, q.now, q.sort, 'page');
  if (!where) return null;
  const order = ORDER[q.sort];
  let sql = where.sql;
  const params = [...where.params];
  if (q.after) {
    const after = order.after(q.after);
    sql += `${sql ? ' AND' : 'WHERE'} (${order.key}) > (${after.map(() => '?').join(', ')})`;
    params.push(...after);
  }
  params.push(q.limit, q.after ? 0 : q.offset);
  return { sql: `SELECT ${BOARD_COLUMNS} FROM incident ${sql} ORDER BY ${order.by} LIMIT ? OFFSET ?`, params };
}

/**
 * The statement counting the filter's rows per priority, with the filter's
 * own priority choice left out (the filter bar shows every priority's
 * count). One pass over the status index, grouped in its order: no sort.
 */
export function boardCountSql(filter: IncidentFilter, now: number): { sql: string; params: (string | number)[] } | null {
  const { priority: _choice, ...rest } = filter;
  const where = whereOf(rest, now, 'priority', 'count');
  if (!where) return null;
  return { sql: `SELECT priority, count(*) AS n FROM incident ${where.sql} GROUP BY status, priority`, params: where.params };
}

/**
 * One page of the incident board, the total matching the filter, and the
 * counts per priority — one count and one page query, whatever the filter
 * (no count at all when `count` is false).
 */
export function incidentPage(
  db: Db,
  q: BoardPageQuery,
): { total: number | null; byPriority: [number, number, number, number] | null; rows: IncidentRow[] } {
  const counting = q.count ?? true;
  const counted = boardCountSql(q.filter, q.now);
  const page = boardPageSql(q);
  if (!counted || !page) return { total: 0, byPriority: [0, 0, 0, 0], rows: [] };
  const rows = prepared(db, page.sql).all(...page.params) as BoardColumns[];
  const shown = rows.map((r) => boardRowOf(r, q.now, q.showPhones));
  if (!counting) return { total: null, byPriority: null, rows: shown };
  const byPriority: [number, number, number, number] = [0, 0, 0, 0];
  for (const { priority, n } of prepared(db, counted.sql).all(...counted.params) as { priority: number; n: number }[]) {
    const at = PRIORITIES.indexOf(priority as 1 | 2 | 3 | 4);
    if (at >= 0) byPriority[at]! += n;
  }
  const chosen: readonly number[] = q.filter.priority?.length ? q.filter.priority : PRIORITIES;
  const total = chosen.reduce((sum, p) => sum + byPriority[p - 1]!, 0);
  return { total, byPriority, rows: shown };
}
