import type { GrabFigures, VolunteerBoard, VolunteerReports, VolunteerStats } from '../../api/index.ts';
import { DISTRICT_CODES } from '../../api/index.ts';
import { dayBounds, localHour } from '../../common/day.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

/**
 * The volunteer panel (issue 11, "volunteers as a resource"): the points
 * leaderboard (积分), how offers fare — grab rate (offers taken / offers
 * made) and time to accept, by district and hour of day — and volunteers'
 * photo reports waiting for verification. Each read goes by an index (cache
 * migrations 0010 and 0011), never a scan of the incidents or their events;
 * the statements are exported so their plans are tested as run.
 */

export const VOLUNTEER_SQL = {
  /** volunteer_points: the first `limit` entries, highest points first, ties by id. */
  board: 'SELECT id, name, team, district, points, verified FROM volunteer ORDER BY points DESC, id LIMIT ?',
  registered: 'SELECT count(*) FROM volunteer',
  /**
   * The volunteers one search names (their id, or a part of their masked
   * name), by points; each one's rank counts those with more points through
   * volunteer_points (so equal points share a rank, as on the board).
   */
  find: `SELECT id, name, team, district, points, verified,
      1 + (SELECT count(*) FROM volunteer AS above WHERE above.points > v.points) AS rank
    FROM volunteer AS v WHERE v.id = ? OR v.name LIKE ? ESCAPE '\\' ORDER BY v.points DESC, v.id LIMIT ?`,
  /**
   * The offers made in a window and every answer to them, in time order
   * (answers are paired with the offers before them): the incidents offered
   * come from the offers by time (incident_event_offers), their offer events
   * and answers from each one's timeline (incident_event_by_incident) from
   * its first offer in the window on, with the incident's district.
   */
  offerEvents: `SELECT e.id, e.kind, e.incident, e.at_ms AS at, i.district, json_extract(e.data, '$.data.offer') AS offer
    FROM (SELECT incident, min(at_ms) AS first FROM incident_event WHERE kind = 'offer' AND at_ms >= ? AND at_ms < ? GROUP BY incident) o
    JOIN incident_event e ON e.incident = o.incident AND e.at_ms >= o.first AND e.at_ms < ?
    LEFT JOIN incident i ON i.id = o.incident
    WHERE e.kind IN ('offer', 'accept', 'decline', 'expire')
    ORDER BY e.at_ms, e.id`,
  /** incident_event_offers: the oldest offer event the cache holds (how far back "the last 7 days" can see). */
  oldestOffer: "SELECT min(at_ms) FROM incident_event WHERE kind = 'offer'",
  /**
   * incident_volunteer_reports: photo reports waiting for verification, the
   * longest waiting first. Named: the cache keeps no statistics (no ANALYZE),
   * and without them SQLite prefers the status index's `status = 'new'`
   * range — every new incident of every source, then a sort — over a partial
   * index that holds exactly these rows in this order.
   */
  reports: `SELECT id, rev, title, category, priority, district, address, description, reported_ms AS reportedAt,
      json_extract(data, '$.caller.name') AS reporter, json_extract(data, '$.attachments') AS attachments
    FROM incident INDEXED BY incident_volunteer_reports
    WHERE source = 'volunteer' AND status = 'new' ORDER BY reported_ms, id LIMIT ?`,
  reportsWaiting: "SELECT count(*) FROM incident INDEXED BY incident_volunteer_reports WHERE source = 'volunteer' AND status = 'new'",
  /** Districts of the volunteers given as one JSON array of ids (primary-key look-ups). */
  districtsOf: 'SELECT id, district FROM volunteer WHERE id IN (SELECT value FROM json_each(?))',
} as const;

// ── Leaderboard ────────────────────────────────────────────────────────────

/** Where a volunteer on the board is now, by id (from live positions); absent: not on patrol. */
export type PatrolStateOf = (id: string) => 'available' | 'busy' | null;

/**
 * The top `limit` volunteers by points. Equal points share a rank and the
 * next rank skips ("1, 2, 2, 4"), as a leaderboard reads.
 */
export function volunteerBoard(db: Db, limit: number, patrolState: PatrolStateOf = () => null, find?: string): VolunteerBoard {
  const rows = prepared(db, VOLUNTEER_SQL.board).all(limit) as {
    id: string;
    name: string;
    team: string | null;
    district: string | null;
    points: number;
    verified: number;
  }[];
  let rank = 0;
  const items = rows.map((row, i) => {
    if (i === 0 || row.points !== rows[i - 1]!.points) rank = i + 1;
    return { rank, ...row, verified: row.verified === 1, onPatrol: patrolState(row.id) };
  });
  const found = find === undefined ? [] : findOnBoard(db, find, patrolState);
  return { items, registered: prepared(db, VOLUNTEER_SQL.registered).pluck().get() as number, found };
}

/** How many volunteers one search on the board lists at most. */
export const BOARD_FIND_LIMIT = 10;

/**
 * The volunteers `text` names, wherever they rank: an operator sees "林*华
 * 已接单" on an incident and looks for them on the board, whose top 20 they
 * seldom join. Names are masked by the platform, so several may match.
 */
function findOnBoard(db: Db, text: string, patrolState: PatrolStateOf): VolunteerBoard['found'] {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = prepared(db, VOLUNTEER_SQL.find).all(text, like, BOARD_FIND_LIMIT) as {
    id: string;
    name: string;
    team: string | null;
    district: string | null;
    points: number;
    verified: number;
    rank: number;
  }[];
  return rows.map((row) => ({ ...row, verified: row.verified === 1, onPatrol: patrolState(row.id) }));
}

// ── On patrol now ──────────────────────────────────────────────────────────

/** A live position as the panel counts it: whose, and whether they are free. */
export interface PatrolPosition {
  id: string;
  available: boolean;
}

/**
 * Volunteers on patrol now by their district (the volunteer's own, from the
 * cache: patrols keep to it). All six districts in code order, zeros
 * included; one whose volunteer the cache does not hold (or who has no
 * district) counts under `null`, listed last when there are any.
 */
export function patrolByDistrict(db: Db, positions: readonly PatrolPosition[]): VolunteerStats['patrol'] {
  const districtOf = new Map<string, string | null>();
  if (positions.length > 0) {
    const rows = prepared(db, VOLUNTEER_SQL.districtsOf).all(JSON.stringify(positions.map((p) => p.id))) as { id: string; district: string | null }[];
    for (const row of rows) districtOf.set(row.id, row.district);
  }
  const counts = new Map<string | null, { available: number; busy: number }>(DISTRICT_CODES.map((code) => [code, { available: 0, busy: 0 }]));
  let available = 0;
  for (const p of positions) {
    const own = districtOf.get(p.id) ?? null;
    const district = own !== null && counts.has(own) ? own : null;
    let n = counts.get(district);
    if (!n) counts.set(district, (n = { available: 0, busy: 0 }));
    if (p.available) {
      n.available++;
      available++;
    } else {
      n.busy++;
    }
  }
  return {
    total: positions.length,
    available,
    busy: positions.length - available,
    byDistrict: [...counts].map(([district, n]) => ({ district, ...n })),
  };
}

// ── Grab rate and time to accept ───────────────────────────────────────────

interface Offer {
  id: string;
  incident: string;
  at: number;
  district: string | null;
  /** When the first acceptance came; null while none has. */
  acceptedAt: number | null;
  declines: number;
  expired: boolean;
}

/** Offers made in [from, to), each with its fate as far as the events in the window tell it. */
function offersIn(db: Db, from: number, to: number): Offer[] {
  const rows = prepared(db, VOLUNTEER_SQL.offerEvents).all(from, to, to) as {
    id: string;
    kind: 'offer' | 'accept' | 'decline' | 'expire';
    incident: string;
    at: number;
    district: string | null;
    offer: unknown;
  }[];
  const offers = new Map<string, Offer>();
  /** Per incident, its offers in time order: an answer that does not name its offer belongs to the latest still open. */
  const byIncident = new Map<string, Offer[]>();
  for (const row of rows) {
    if (row.kind === 'offer') {
      const offer: Offer = { id: row.id, incident: row.incident, at: row.at, district: row.district, acceptedAt: null, declines: 0, expired: false };
      offers.set(row.id, offer);
      const list = byIncident.get(row.incident);
      if (list) list.push(offer);
      else byIncident.set(row.incident, [offer]);
      continue;
    }
    // An answer that names its offer belongs to it (none here: made before the window, or lost from
    // the cache); one that does not (spec v1.1 names only the volunteer), to the latest still open.
    const offer = typeof row.offer === 'string' ? offers.get(row.offer) : latestOpen(byIncident.get(row.incident), row.at);
    if (!offer || offer.incident !== row.incident) continue;
    if (row.kind === 'decline') offer.declines++;
    else if (row.kind === 'accept' && offer.acceptedAt === null && !offer.expired) offer.acceptedAt = row.at;
    else if (row.kind === 'expire' && offer.acceptedAt === null) offer.expired = true;
  }
  return [...offers.values()];
}

function latestOpen(list: Offer[] | undefined, at: number): Offer | undefined {
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const offer = list[i]!;
    if (offer.at <= at && offer.acceptedAt === null && !offer.expired) return offer;
  }
  return undefined;
}

/** The median of `values` (sorted here), or null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figures(offers: readonly Offer[]): GrabFigures {
  const waits: number[] = [];
  let declines = 0;
  let expired = 0;
  for (const o of offers) {
    if (o.acceptedAt !== null) waits.push((o.acceptedAt - o.at) / 1000);
    declines += o.declines;
    if (o.expired) expired++;
  }
  return {
    offers: offers.length,
    accepted: waits.length,
    declines,
    expired,
    grabRate: offers.length ? waits.length / offers.length : null,
    medianAcceptS: median(waits),
  };
}

/** The window of `days` local days ending with today's (1: today; 7: today and the six before it). */
export function statsWindow(now: number, tz: string, days: 1 | 7): { from: number; to: number; day: string } {
  const today = dayBounds(now, tz);
  let from = today.start;
  // Day by day, not 6 × 24 h: a day across a DST change is not 24 hours long.
  for (let d = 1; d < days; d++) from = dayBounds(from - 1, tz).start;
  return { from, to: today.end, day: today.date };
}

/**
 * How offers fared over `days` local days ending today, in the platform's
 * zone: overall, by the incident's district (six codes in order, then
 * `null` for incidents without one when there are any) and by the local hour
 * the offer was made (24). An offer counts for the day it was made; one made
 * before the window whose answer falls in it counts for nothing.
 */
export function offerStats(db: Db, now: number, tz: string, days: 1 | 7): Omit<VolunteerStats, 'patrol'> {
  const { from, to, day } = statsWindow(now, tz, days);
  const offers = offersIn(db, from, to);
  const byDistrict = new Map<string | null, Offer[]>(DISTRICT_CODES.map((code) => [code, []]));
  const byHour: Offer[][] = Array.from({ length: 24 }, () => []);
  for (const o of offers) {
    const district = o.district !== null && byDistrict.has(o.district) ? o.district : null;
    const list = byDistrict.get(district);
    if (list) list.push(o);
    else byDistrict.set(null, [o]);
    byHour[localHour(o.at, tz)]!.push(o);
  }
  const oldest = prepared(db, VOLUNTEER_SQL.oldestOffer).pluck().get() as number | null;
  return {
    tz,
    day,
    days,
    from,
    to,
    heldSince: oldest,
    offers: figures(offers),
    byDistrict: [...byDistrict].map(([district, list]) => ({ district, ...figures(list) })),
    byHour: byHour.map((list, hour) => ({ hour, ...figures(list) })),
  };
}

// ── Photo reports waiting for verification ─────────────────────────────────

/**
 * Resolves an attachment's URL for the page: an absolute http(s) URL as is,
 * a relative one against the platform's HTTP origin; anything else (or no
 * platform to resolve against) is not shown.
 */
export type AttachmentUrl = (url: string) => string | null;

/** Volunteers' reports (source `volunteer`, status `new`) with their photos, the longest waiting first. */
export function waitingReports(db: Db, limit: number, resolveUrl: AttachmentUrl): VolunteerReports {
  const rows = prepared(db, VOLUNTEER_SQL.reports).all(limit) as {
    id: string;
    rev: number;
    title: string;
    category: string;
    priority: number;
    district: string | null;
    address: string | null;
    description: string | null;
    reportedAt: number;
    reporter: unknown;
    attachments: string | null;
  }[];
  const items = rows.map(({ attachments, reporter, ...row }) => ({
    ...row,
    reporter: typeof reporter === 'string' ? reporter : null,
    photos: photosOf(attachments, resolveUrl),
  }));
  return { items, waiting: prepared(db, VOLUNTEER_SQL.reportsWaiting).pluck().get() as number };
}

function photosOf(json: string | null, resolveUrl: AttachmentUrl): VolunteerReports['items'][number]['photos'] {
  const list: unknown = json ? JSON.parse(json) : [];
  if (!Array.isArray(list)) return [];
  const out: VolunteerReports['items'][number]['photos'] = [];
  for (const a of list as { id?: unknown; kind?: unknown; url?: unknown; mime?: unknown }[]) {
    if (a.kind !== 'photo' || typeof a.id !== 'string' || typeof a.url !== 'string') continue;
    const url = resolveUrl(a.url);
    if (url !== null) out.push({ id: a.id, url, mime: typeof a.mime === 'string' ? a.mime : '' });
  }
  return out;
}

/** An attachment URL resolver for a platform link URL (ws→http, wss→https); null: relative URLs are not shown. */
export function attachmentResolver(platformUrl: string | null): AttachmentUrl {
  let origin: string | null = null;
  if (platformUrl) {
    try {
      const base = new URL(platformUrl);
      base.protocol = base.protocol === 'wss:' ? 'https:' : base.protocol === 'ws:' ? 'http:' : base.protocol;
      origin = base.origin;
    } catch {
      origin = null;
    }
  }
  return (url) => {
    let resolved: URL;
    try {
      resolved = origin ? new URL(url, origin) : new URL(url);
    } catch {
      return null;
    }
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
  };
}
