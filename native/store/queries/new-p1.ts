import type { IncidentRow } from '../../api/index.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';
import { BOARD_COLUMNS, boardRowOf, type BoardColumns } from './incident-board.ts';

/**
 * What the new-P1 alarm reads: which incidents are priority 1 and still
 * `new`. The first looks up only the ids a batch of changes touched, by
 * primary key (`+status`, `+priority`: otherwise SQLite walks every P1 in
 * the board's index, 5 ms against 0.1 ms for a batch of 100); the second
 * goes through the status index.
 */

/** Of these incidents, the ones that are priority 1 and still `new`, as board rows (phones masked unless shown). */
export function newP1Among(db: Db, ids: readonly string[], now: number, showPhones: boolean): IncidentRow[] {
  if (ids.length === 0) return [];
  const rows = prepared(
    db,
    `SELECT ${BOARD_COLUMNS} FROM incident
       WHERE id IN (SELECT value FROM json_each(?)) AND +status = 'new' AND +priority = 1
       ORDER BY newest_first, id`,
  ).all(JSON.stringify(ids)) as BoardColumns[];
  return rows.map((r) => boardRowOf(r, now, showPhones));
}

/** The ids of every priority-1 incident still `new`. */
export function newP1Ids(db: Db): string[] {
  return prepared(db, "SELECT id FROM incident WHERE status = 'new' AND priority = 1").pluck().all() as string[];
}
