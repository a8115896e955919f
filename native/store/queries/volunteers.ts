import type { Db } from '../open.ts';

/** By primary key, for the ids given as one JSON array (one statement for any number of ids). */
export const VOLUNTEER_NAMES_SQL = 'SELECT id, name FROM volunteer WHERE id IN (SELECT value FROM json_each(?))';

/**
 * The names of volunteers by id. Positions arrive for volunteers the cache
 * may not hold yet (a new volunteer's first report can precede the entity):
 * those are simply absent from the map.
 */
export function volunteerNames(db: Db, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db.prepare(VOLUNTEER_NAMES_SQL).all(JSON.stringify(ids)) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}
