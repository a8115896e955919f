import type { IncidentFilter, MapIncident, MapRoad, MapStation } from '../../api/index.ts';
import { OPEN_STATUSES } from '../../api/rules.ts';
import { boxAround, metresBetween } from '../../geo/distance.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';
import { whereOf } from './incident-board.ts';

/** Ended incidents the map shows for a while after they end (issue 11: the last 24 h, never the whole history). */
export const ENDED_STATUSES = ['resolved', 'closed', 'cancelled'] as const;

const ENDED_TERM = `status IN (${ENDED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

const MAP_INCIDENT_COLUMNS = 'id, title, category, priority, status, lat, lng, district, address, reported_ms, due_ms';

interface MapIncidentColumns {
  id: string;
  title: string;
  category: string;
  priority: number;
  status: string;
  lat: number;
  lng: number;
  district: string | null;
  address: string | null;
  reported_ms: number;
  due_ms: number | null;
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * The two statements of the incident layer, with the board's filter (its own
 * WHERE clause, incident-board.ts) ANDed in: open incidents, then ended ones
 * whose last change (the ending, for an ended incident) falls in the window.
 * Two statements rather than one OR, so each walks its own index: the open
 * ones the status index, the ended ones the status-and-update index of cache
 * migration 0010 — a `status IN (ended)` alone would visit every incident
 * ever closed. Null when the filter's search can match nothing.
 */
export function mapIncidentSql(
  filter: IncidentFilter,
  now: number,
  endedSince: number,
): { open: { sql: string; params: (string | number)[] }; ended: { sql: string; params: (string | number)[] } } | null {
  const where = whereOf(filter, now, 'priority', 'count');
  if (!where) return null;
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  return {
    open: {
      sql: `SELECT ${MAP_INCIDENT_COLUMNS} FROM incident ${and} status IN (${list(OPEN_STATUSES.length)}) AND lat IS NOT NULL AND lng IS NOT NULL`,
      params: [...where.params, ...OPEN_STATUSES],
    },
    ended: {
      // Named, and the statuses written out as the partial index has them (SQLite takes a partial index only
      // for the same term): without statistics the planner chose the status index, every ended incident.
      sql: `SELECT ${MAP_INCIDENT_COLUMNS} FROM incident INDEXED BY incident_ended ${and} ${ENDED_TERM} AND updated_ms >= ? AND lat IS NOT NULL AND lng IS NOT NULL`,
      params: [...where.params, endedSince],
    },
  };
}

/** Located incidents for the map: every open one and those ended in the last `endedWithinHours`, the board's filter applied. */
export function mapIncidents(db: Db, q: { filter: IncidentFilter; endedWithinHours: number; now: number }): MapIncident[] {
  const sql = mapIncidentSql(q.filter, q.now, q.now - q.endedWithinHours * 3_600_000);
  if (!sql) return [];
  const item = (r: MapIncidentColumns, open: boolean): MapIncident => ({
    id: r.id,
    title: r.title,
    category: r.category,
    priority: r.priority,
    status: r.status,
    lat: r.lat,
    lng: r.lng,
    district: r.district,
    address: r.address,
    overdue: open && r.due_ms !== null && r.due_ms < q.now,
    open,
    reportedAt: r.reported_ms,
  });
  const open = prepared(db, sql.open.sql).all(...sql.open.params) as MapIncidentColumns[];
  const ended = prepared(db, sql.ended.sql).all(...sql.ended.params) as MapIncidentColumns[];
  return [...open.map((r) => item(r, true)), ...ended.map((r) => item(r, false))];
}

export const MAP_CAMERAS_SQL = 'SELECT id, name, lat, lng, district, road, kind, status FROM camera ORDER BY id';

/** Every camera as the cache holds it; the host turns `offline` into `flapping` where it saw the camera flap. */
export function mapCameras(
  db: Db,
): {
  id: string;
  name: string;
  lat: number;
  lng: number;
  district: string;
  road: string | null;
  kind: string;
  status: 'online' | 'offline';
}[] {
  return prepared(db, MAP_CAMERAS_SQL).all() as ReturnType<typeof mapCameras>;
}

// Roads and units are hundreds: reading their JSON for the line or the station costs less than a column would.
export const MAP_ROADS_SQL = `SELECT id, name, district, level, speed_kmh, json_extract(data, '$.line') AS line FROM road
  WHERE json_type(data, '$.line') = 'array' ORDER BY id`;

/** Roads the platform gave a line, with their traffic level; a road without one cannot be drawn. */
export function mapRoads(db: Db): MapRoad[] {
  const rows = prepared(db, MAP_ROADS_SQL).all() as {
    id: string;
    name: string;
    district: string;
    level: MapRoad['level'];
    speed_kmh: number | null;
    line: string;
  }[];
  return rows.flatMap((r) => {
    const line = JSON.parse(r.line) as [number, number][];
    return line.length >= 2 ? [{ id: r.id, name: r.name, district: r.district, level: r.level, speedKmh: r.speed_kmh, line }] : [];
  });
}

export const MAP_STATIONS_SQL = `SELECT id, name, kind, level, district, json_extract(data, '$.lat') AS lat, json_extract(data, '$.lng') AS lng
  FROM department WHERE json_type(data, '$.lat') IN ('real', 'integer') AND json_type(data, '$.lng') IN ('real', 'integer') ORDER BY id`;

/** Linkage units with a station (v1.1 gives a unit `lat`/`lng`). */
export function mapStations(db: Db): MapStation[] {
  return prepared(db, MAP_STATIONS_SQL).all() as MapStation[];
}

/** Cameras in a box, through the R*Tree kept by cache migrations 0001/0004 (the triggers) and the snapshot commit. */
export const CAMERAS_IN_BOX_SQL = `SELECT c.id, c.name, c.lat, c.lng, c.status FROM camera_geo g CROSS JOIN camera c ON c.rowid = g.rid
  WHERE g.min_lat <= ? AND g.max_lat >= ? AND g.min_lng <= ? AND g.max_lng >= ?`;

export interface NearbyCamera {
  id: string;
  name: string;
  lat: number;
  lng: number;
  status: 'online' | 'offline';
  metres: number;
}

/**
 * The `k` cameras nearest a point (great-circle), nearest first, ties by id.
 * The R*Tree narrows: a box of 500 m, grown fourfold until it holds `k`
 * cameras (or covers 50 km); then every camera within the box's inscribed
 * circle is measured and sorted. Only cameras inside that circle are sure to
 * beat any camera outside the box, so a camera in a corner waits for the
 * next box.
 */
export function nearestCameras(db: Db, q: { lat: number; lng: number; k: number; onlineOnly: boolean }): NearbyCamera[] {
  const inBox = prepared(db, CAMERAS_IN_BOX_SQL);
  let found: NearbyCamera[] = [];
  for (let radius = 500; ; radius *= 4) {
    const box = boxAround(q.lat, q.lng, radius);
    const rows = inBox.all(box.maxLat, box.minLat, box.maxLng, box.minLng) as Omit<NearbyCamera, 'metres'>[];
    found = rows
      .filter((r) => !q.onlineOnly || r.status === 'online')
      .map((r) => ({ ...r, metres: metresBetween(q.lat, q.lng, r.lat, r.lng) }))
      .filter((r) => r.metres <= radius);
    if (found.length >= q.k || radius >= 50_000) break;
  }
  found.sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return found.slice(0, q.k);
}

export const VOLUNTEERS_VERIFIED_SQL = 'SELECT id, verified FROM volunteer WHERE id IN (SELECT value FROM json_each(?))';

/** Whether each volunteer asked about is verified, by id; ids the cache does not hold are left out. */
export function volunteersVerified(db: Db, ids: readonly string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  // Chunks keep one JSON argument small; a first snapshot asks about every volunteer on the map.
  for (let i = 0; i < ids.length; i += 5_000) {
    const rows = prepared(db, VOLUNTEERS_VERIFIED_SQL).all(JSON.stringify(ids.slice(i, i + 5_000))) as { id: string; verified: number }[];
    for (const r of rows) out.set(r.id, r.verified === 1);
  }
  return out;
}

/** An offer runs at most this long (the `incident.offer` command's limit, 3,600 s). */
export const LONGEST_OFFER_MS = 3_600_000;

export const RECENT_OFFERS_SQL = `SELECT id, incident, at_ms, json_extract(data, '$.data.volunteers') AS volunteers,
  json_extract(data, '$.data.expires_at') AS expires_at FROM incident_event WHERE kind = 'offer' AND at_ms >= ?`;

export const OFFER_ANSWERS_SQL = `SELECT kind, json_extract(data, '$.data.volunteer') AS volunteer, json_extract(data, '$.data.offer') AS offer
  FROM incident_event WHERE incident = ? AND at_ms >= ? AND kind IN ('accept', 'decline', 'expire')`;

/**
 * Volunteers in an offer still open at `now`, from the cache's incident
 * events (v1.1): an `offer` event (its id is the offer's) names the
 * volunteers and `expires_at`; it is over once someone accepts it or it
 * expires (an `accept` or `expire` naming it), and a volunteer who declined
 * it is out of it. An offer without a readable deadline is open for a
 * minute, as the platform treats it. Also when the first of them runs out.
 */
export function openOffers(db: Db, now: number): { volunteers: Set<string>; nextExpiry: number | null } {
  const offers = prepared(db, RECENT_OFFERS_SQL).all(now - LONGEST_OFFER_MS) as {
    id: string;
    incident: string;
    at_ms: number;
    volunteers: string | null;
    expires_at: string | null;
  }[];
  const volunteers = new Set<string>();
  let nextExpiry: number | null = null;
  const answers = prepared(db, OFFER_ANSWERS_SQL);
  for (const offer of offers) {
    const deadline = offer.expires_at === null ? NaN : Date.parse(offer.expires_at);
    const expiresAt = Number.isFinite(deadline) ? deadline : offer.at_ms + 60_000;
    if (expiresAt <= now || offer.volunteers === null) continue;
    const asked = JSON.parse(offer.volunteers) as unknown;
    if (!Array.isArray(asked)) continue;
    const out = new Set<string>();
    let over = false;
    for (const a of answers.all(offer.incident, offer.at_ms) as { kind: string; volunteer: string | null; offer: string | null }[]) {
      if (a.offer !== offer.id) continue;
      if (a.kind === 'decline' && a.volunteer !== null) out.add(a.volunteer);
      else over = true;
    }
    if (over) continue;
    for (const id of asked) if (typeof id === 'string' && !out.has(id)) volunteers.add(id);
    nextExpiry = nextExpiry === null ? expiresAt : Math.min(nextExpiry, expiresAt);
  }
  return { volunteers, nextExpiry };
}

export const CAMERA_STATUSES_SQL = 'SELECT id, status FROM camera WHERE id IN (SELECT value FROM json_each(?))';
export const ALL_CAMERA_STATUSES_SQL = 'SELECT id, status FROM camera';

/** Cameras' statuses as the cache holds them: of the ids given, or of every camera. */
export function cameraStatuses(db: Db, ids: readonly string[] | 'all'): { id: string; status: 'online' | 'offline' }[] {
  if (ids === 'all') return prepared(db, ALL_CAMERA_STATUSES_SQL).all() as { id: string; status: 'online' | 'offline' }[];
  if (ids.length === 0) return [];
  return prepared(db, CAMERA_STATUSES_SQL).all(JSON.stringify(ids)) as { id: string; status: 'online' | 'offline' }[];
}
