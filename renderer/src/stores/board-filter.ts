import type { IncidentFilter, IncidentRow, Params } from '../../../native/api/index.ts';
import { OPEN_STATUSES } from '../../../native/api/rules.ts';

/**
 * What the operator chose in the board's filter bar, the contract's filter
 * for it, and the board's order — plain functions, no store: the board
 * places a new P1 with them, and a test holds them against the host's SQL
 * (tests/unit/board-order.test.ts).
 */

export type BoardStatus = NonNullable<IncidentFilter['status']>[number];
export type BoardPriority = NonNullable<IncidentFilter['priority']>[number];
export type BoardLevel = NonNullable<IncidentFilter['level']>[number];
export type BoardSort = NonNullable<Params<'incidents.page'>['sort']>;

/** What the operator chose in the filter bar; empty lists mean "any". */
export interface BoardFilterState {
  status: BoardStatus[];
  priority: BoardPriority[];
  source: string[];
  district: string[];
  level: BoardLevel[];
  /** A category code or prefix (`traffic` matches `traffic.collision`). */
  category: string;
  search: string;
  overdue: boolean;
}

export function defaultBoardFilter(): BoardFilterState {
  return { status: [...OPEN_STATUSES], priority: [], source: [], district: [], level: [], category: '', search: '', overdue: false };
}

/** The contract's filter for what the operator chose: empty choices are left out. */
export function toIncidentFilter(state: BoardFilterState): IncidentFilter {
  const filter: IncidentFilter = {};
  if (state.status.length > 0) filter.status = [...state.status];
  if (state.priority.length > 0) filter.priority = [...state.priority].sort();
  if (state.source.length > 0) filter.source = [...state.source];
  if (state.district.length > 0) filter.district = [...state.district];
  if (state.level.length > 0) filter.level = [...state.level];
  const category = state.category.trim();
  if (category) filter.category = category.slice(0, 60);
  const search = state.search.trim();
  if (search) filter.search = search.slice(0, 100);
  if (state.overdue) filter.overdue = true;
  return filter;
}

/**
 * Whether row `a` comes before row `b` in the board's order — the host's
 * ORDER BY (incident-board.ts): priority, newest report first, then id, or
 * newest report / last update first, then id. Ids are ASCII: JavaScript's
 * string order is SQLite's byte order for them.
 */
export function sortsBefore(sort: BoardSort, a: IncidentRow, b: IncidentRow): boolean {
  const keys = (r: IncidentRow): (number | string)[] =>
    sort === 'priority' ? [r.priority, -r.reportedAt, r.id] : sort === 'reported' ? [-r.reportedAt, r.id] : [-r.updatedAt, r.id];
  const [x, y] = [keys(a), keys(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

/**
 * Whether a row shown by the host matches what the operator chose — for
 * placing a new P1 before the host's answer, never for leaving anything
 * out. A search cannot be judged here (it is the host's full-text index):
 * with one, nothing is placed.
 */
export function matchesFilter(state: BoardFilterState, row: IncidentRow): boolean {
  const any = <T>(chosen: readonly T[], value: T) => chosen.length === 0 || chosen.includes(value);
  const category = state.category.trim();
  return (
    !state.search.trim() &&
    any(state.status as string[], row.status) &&
    any(state.priority as number[], row.priority) &&
    any(state.source, row.source) &&
    any(state.district, row.district ?? '') &&
    any(state.level as string[], row.level) &&
    (!category || row.category === category || row.category.startsWith(`${category}.`)) &&
    (!state.overdue || row.overdue)
  );
}
