import type { Incident, IncidentEvent } from '../../protocol/entities.ts';
import type { Db } from '../open.ts';
import { cachedEntity } from './cached-entity.ts';

/** The statements behind one incident's detail; exported so their query plans are tested as run. */
export const DETAIL_SQL = {
  /** By primary key. */
  incident: 'SELECT data FROM incident WHERE id = ?',
  /** By primary key, whether there is one. */
  known: 'SELECT 1 FROM incident WHERE id = ?',
  /** incident_event_by_incident: one incident's timeline, oldest first; `id` settles events of the same millisecond. */
  timeline: 'SELECT id, data FROM incident_event WHERE incident = ? ORDER BY at_ms, id',
} as const;

/**
 * One incident as last applied, with its timeline, each checked against its
 * entity schema (CachedEntityError if one is not valid); null when the cache
 * has no such incident. Phones are as the platform sent them: masking is the
 * caller's decision, by role.
 */
export function incidentWithTimeline(db: Db, id: string): { incident: Incident; events: IncidentEvent[] } | null {
  // One read transaction: the writer thread commits on its own connection,
  // and the incident and its timeline must come from the same commit.
  const read = db.transaction(() => {
    const json = db.prepare(DETAIL_SQL.incident).pluck().get(id) as string | undefined;
    return json === undefined ? null : { json, rows: db.prepare(DETAIL_SQL.timeline).all(id) as { id: string; data: string }[] };
  });
  const found = read();
  if (found === null) return null;
  const { json, rows } = found;
  return {
    incident: cachedEntity('incident', id, json),
    events: rows.map((row) => cachedEntity('incident_event', row.id, row.data)),
  };
}

/** Whether the cache holds an incident of this id (the shared selection names only those): the primary key, no data read. */
export function isCachedIncident(db: Db, id: string): boolean {
  return db.prepare(DETAIL_SQL.known).get(id) !== undefined;
}
