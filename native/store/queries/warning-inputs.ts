import { OPEN_STATUSES, type CallLine } from '../../api/rules.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

/**
 * What early warning reads from cache.db (issue 14): the incidents and
 * reopenings of the last days, and the calls of the surge test's spans, in
 * the shapes of native/warning's `WarningInputs` (the store may not import
 * that layer; the types agree by shape, and a test checks that this and
 * `inputsFromEntities` agree on the same entities). Incidents and
 * reopenings: the whole span once, at start; after that only the ids a batch
 * of changes touched (the worker keeps the rest). Calls: the few hundred of
 * the spans, read again each run from an index.
 */

export interface IncidentRecord {
  id: string;
  category: string;
  reportedAt: number;
  lat: number | null;
  lng: number | null;
  district: string | null;
  street: string | null;
  address: string | null;
  /** rules.ts phoneKey of the caller's phone (the column migration 0006 keeps). */
  callerKey: string | null;
  status: string;
  dueAt: number | null;
  /** Read for open incidents with a deadline only (overdue work is all they count for); [] for the others. */
  departments: string[];
}

export interface CallRecord {
  id: string;
  line: CallLine;
  receivedAt: number;
  district: string | null;
  incident: string | null;
}

/** An incident taken back from resolved to dispatched, by the status event that did it. */
export interface Reopening {
  /** The status event's id: a changed event is found again by it. */
  event: string;
  incident: string;
  at: number;
}

/** A note carrying a warning's marker (`#egret-warning`, native/warning/marker.ts), on one of the incidents asked about. */
export interface MarkerNote {
  incident: string;
  at: number;
  text: string;
}

/**
 * A masked number (with `*`, as a platform may send it) identifies nobody: it
 * is no caller key. Departments are in the JSON only, and early warning counts
 * them for overdue work alone: read for open incidents with a deadline (a
 * closed one's would be thrown away), since extracting them was most of the
 * span's read (bench:warnings, 8,000 incidents on the loaded machine: 256 ms
 * with every row's, 71 ms without). An incident reopened or given a deadline
 * is a change, and is read again.
 */
const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
const INCIDENT_COLUMNS = `id, category, reported_ms, lat, lng, district, street, address,
  CASE WHEN caller_phone = '' OR instr(caller_phone, '*') > 0 THEN NULL ELSE caller_phone END AS caller_phone, status, due_ms,
  CASE WHEN due_ms IS NOT NULL AND status IN (${OPEN}) THEN json_extract(data, '$.departments') END AS departments`;
const CALL_COLUMNS = 'id, line, received_ms, district, incident';
const REOPENED = `kind = 'status' AND json_extract(data, '$.data.from') = 'resolved' AND json_extract(data, '$.data.to') = 'dispatched'`;

/** The statements, each over its index (migration 0014); exported so their query plans are tested as run. */
export const WARNING_INPUT_SQL = {
  /**
   * incident_reported, named: once ANALYZE has run on a big cache the planner took incident_board (a skip-scan over
   * status × priority, then reported_ms), which read the 29 days of a 1M-incident cache about twice as slowly.
   */
  incidentsSince: `SELECT ${INCIDENT_COLUMNS} FROM incident INDEXED BY incident_reported WHERE reported_ms > ?`,
  /** The primary key; a changed incident reported before the span is dropped by the caller. */
  incidentsById: `SELECT ${INCIDENT_COLUMNS} FROM incident WHERE id IN (SELECT value FROM json_each(?))`,
  /** call_warning, from the index alone: the calls of one of the surge test's spans, [from, to). */
  callsBetween: `SELECT ${CALL_COLUMNS} FROM call WHERE received_ms >= ? AND received_ms < ?`,
  /** call_warning: the first call after a time (how far back the calls reach). */
  earliestCallAfter: 'SELECT min(received_ms) FROM call WHERE received_ms > ?',
  /** incident_event_reopened */
  reopenedSince: `SELECT id, incident, at_ms FROM incident_event WHERE ${REOPENED} AND at_ms > ?`,
  reopenedById: `SELECT id, incident, at_ms FROM incident_event WHERE id IN (SELECT value FROM json_each(?)) AND ${REOPENED}`,
  /** incident_event_warning_marks, oldest first (the latest marker of a warning wins) */
  markerNotes: `SELECT incident, at_ms, json_extract(data, '$.text') AS text FROM incident_event
    WHERE incident IN (SELECT value FROM json_each(?)) AND kind = 'note' AND instr(data, '#egret-warning') > 0
    ORDER BY at_ms`,
  tz: "SELECT value FROM meta WHERE key = 'tz'",
} as const;

/**
 * Rows come back as arrays (better-sqlite3 `raw`), in the columns' order
 * above: four weeks are ~80,000 incidents in bench:warnings' cache, and a
 * keyed object per row made by the driver cost about twice the arrays turned
 * into records here (measured on the calls, when all four weeks of them were
 * read: 1.76 s against 0.98 s on the loaded 2-core machine).
 */
type IncidentColumns = [
  id: string,
  category: string,
  reportedMs: number,
  lat: number | null,
  lng: number | null,
  district: string | null,
  street: string | null,
  address: string | null,
  callerKey: string | null,
  status: string,
  dueMs: number | null,
  departments: string | null,
];
type CallColumns = [id: string, line: CallLine, receivedMs: number, district: string | null, incident: string | null];

/** Most incidents read have no departments worth reading: one shared empty list, not 80,000 (frozen: nobody adds to it). */
export const NO_DEPARTMENTS = Object.freeze([]) as unknown as string[];

function incidentRecord(r: IncidentColumns): IncidentRecord {
  let departments = NO_DEPARTMENTS;
  if (r[11]) {
    const parsed = JSON.parse(r[11]) as unknown;
    // The link checked the entity (departments: string[]); a row written by hand is read as having none.
    if (Array.isArray(parsed)) departments = parsed.filter((d): d is string => typeof d === 'string');
  }
  return {
    id: r[0],
    category: r[1],
    reportedAt: r[2],
    lat: r[3],
    lng: r[4],
    district: r[5],
    street: r[6],
    address: r[7],
    callerKey: r[8],
    status: r[9],
    dueAt: r[10],
    departments,
  };
}

const callRecord = (r: CallColumns): CallRecord => ({ id: r[0], line: r[1], receivedAt: r[2], district: r[3], incident: r[4] });

const rows = <T>(db: Db, sql: string, param: string | number): T[] => prepared(db, sql).raw(true).all(param) as T[];

const reopening = (r: { id: string; incident: string; at_ms: number }): Reopening => ({ event: r.id, incident: r.incident, at: r.at_ms });

/** Incidents reported after `since` (epoch ms), any status. */
export function incidentsSince(db: Db, since: number): IncidentRecord[] {
  return rows<IncidentColumns>(db, WARNING_INPUT_SQL.incidentsSince, since).map(incidentRecord);
}

/** These incidents as they are now; ids not in the cache (deleted) are absent. */
export function incidentsById(db: Db, ids: readonly string[]): IncidentRecord[] {
  if (ids.length === 0) return [];
  return rows<IncidentColumns>(db, WARNING_INPUT_SQL.incidentsById, JSON.stringify(ids)).map(incidentRecord);
}

/** Calls received in [from, to), oldest first. */
export function callsBetween(db: Db, from: number, to: number): CallRecord[] {
  return (prepared(db, WARNING_INPUT_SQL.callsBetween).raw(true).all(from, to) as CallColumns[]).map(callRecord);
}

/** When the first call after `since` was received, or null when there is none. */
export function earliestCallAfter(db: Db, since: number): number | null {
  const value = prepared(db, WARNING_INPUT_SQL.earliestCallAfter).pluck().get(since) as unknown;
  return typeof value === 'number' ? value : null;
}

/** resolved → dispatched status events after `since`. */
export function reopenedSince(db: Db, since: number): Reopening[] {
  return (prepared(db, WARNING_INPUT_SQL.reopenedSince).all(since) as { id: string; incident: string; at_ms: number }[]).map(reopening);
}

/** Of these incident events, the ones that reopened an incident. */
export function reopenedById(db: Db, eventIds: readonly string[]): Reopening[] {
  if (eventIds.length === 0) return [];
  return (
    prepared(db, WARNING_INPUT_SQL.reopenedById).all(JSON.stringify(eventIds)) as { id: string; incident: string; at_ms: number }[]
  ).map(reopening);
}

/** The marker notes on these incidents, oldest first. */
export function markerNotes(db: Db, incidents: readonly string[]): MarkerNote[] {
  if (incidents.length === 0) return [];
  return (
    prepared(db, WARNING_INPUT_SQL.markerNotes).all(JSON.stringify(incidents)) as { incident: string; at_ms: number; text: string | null }[]
  )
    .filter((r) => typeof r.text === 'string')
    .map((r) => ({ incident: r.incident, at: r.at_ms, text: r.text! }));
}

/** The platform's time zone as its last `welcome` gave it (the link keeps it in meta); null before the first. */
export function platformTz(db: Db): string | null {
  const value = prepared(db, WARNING_INPUT_SQL.tz).pluck().get() as unknown;
  return typeof value === 'string' ? value : null;
}
