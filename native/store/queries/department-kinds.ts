import type { Db } from '../open.ts';

/** One unit's kind, by primary key. */
export const DEPARTMENT_KIND_SQL = 'SELECT kind FROM department WHERE id = ?';

/**
 * The kind of each linkage unit a dispatch names, in the order named; null
 * for a unit the cache does not hold. What `commandRefusal` needs to hold a
 * video patroller to traffic police (v1.1): a unit the console has never
 * seen vouches for nothing, so it counts as not traffic police.
 */
export function departmentKinds(db: Db, ids: readonly string[]): (string | null)[] {
  const kindOf = db.prepare(DEPARTMENT_KIND_SQL).pluck();
  return ids.map((id) => (kindOf.get(id) as string | undefined) ?? null);
}
