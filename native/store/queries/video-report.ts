import type { Db } from '../open.ts';

/** What a video report looks up in the cache; exported so their query plans are tested as run. */
export const VIDEO_REPORT_SQL = {
  // department_kind (kind, district) finds a district's units of a kind; a city holds a few per district.
  trafficPolice: `SELECT id, name FROM department WHERE kind = 'traffic_police' AND district = ? ORDER BY level = 'district' DESC, name, id LIMIT 1`,
  incidentStatus: 'SELECT status FROM incident WHERE id = ?',
} as const;

/**
 * The traffic police unit (交警大队) of a district: the one a video
 * patroller notifies of what a camera there shows (v1.1). Null when the
 * cache holds none for that district — the city's 支队 is not the district's
 * unit, and sending there silently would be a guess.
 */
export function districtTrafficPolice(db: Db, district: string): { id: string; name: string } | null {
  return (db.prepare(VIDEO_REPORT_SQL.trafficPolice).get(district) as { id: string; name: string } | undefined) ?? null;
}

/** An incident's status as last applied; null when the cache does not hold it. */
export function incidentStatus(db: Db, id: string): string | null {
  return (db.prepare(VIDEO_REPORT_SQL.incidentStatus).pluck().get(id) as string | undefined) ?? null;
}
