import type { Db } from '../open.ts';

/** The statements behind a wave run's look at its incident; exported so their query plans are tested as run. */
export const OFFER_ACCEPTANCE_SQL = {
  /** By primary key: what a wave needs of the incident (where, whether open, who helps already). */
  incident: "SELECT status, lat, lng, district, json_extract(data, '$.volunteers') AS volunteers FROM incident WHERE id = ?",
  /** incident_event_by_incident: the incident's acceptances, oldest first. */
  accepts:
    "SELECT json_extract(data, '$.data.volunteer') AS volunteer FROM incident_event WHERE incident = ? AND kind = 'accept' ORDER BY at_ms, id",
} as const;

export interface OfferedIncident {
  status: string;
  lat: number | null;
  lng: number | null;
  district: string | null;
  volunteers: string[];
}

/** The incident as a wave run needs it; null when the cache has no such incident. */
export function offeredIncident(db: Db, id: string): OfferedIncident | null {
  const row = db.prepare(OFFER_ACCEPTANCE_SQL.incident).get(id) as
    { status: string; lat: number | null; lng: number | null; district: string | null; volunteers: string | null } | undefined;
  if (!row) return null;
  let volunteers: string[] = [];
  try {
    const parsed: unknown = row.volunteers === null ? [] : JSON.parse(row.volunteers);
    if (Array.isArray(parsed)) volunteers = parsed.filter((v): v is string => typeof v === 'string');
  } catch {
    // The entity was checked when applied; an unreadable list is treated as none.
  }
  return { status: row.status, lat: row.lat, lng: row.lng, district: row.district, volunteers };
}

/**
 * Who among `offered` took an offer of the incident: the first `accept`
 * event naming one of them (spec §7, v1.1), else one of them on the
 * incident's volunteers (a platform that writes no accept event). Null when
 * none has. The platform decides who wins; this only reads what it said.
 */
export function acceptedAmong(db: Db, incident: string, offered: readonly string[]): string | null {
  if (offered.length === 0) return null;
  const wanted = new Set(offered);
  for (const { volunteer } of db.prepare(OFFER_ACCEPTANCE_SQL.accepts).iterate(incident) as IterableIterator<{ volunteer: unknown }>) {
    if (typeof volunteer === 'string' && wanted.has(volunteer)) return volunteer;
  }
  return offeredIncident(db, incident)?.volunteers.find((v) => wanted.has(v)) ?? null;
}
