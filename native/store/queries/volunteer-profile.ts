import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

export const VOLUNTEER_SQL = `SELECT id, name, team, district, points, verified, json_extract(data, '$.skills') AS skills FROM volunteer WHERE id = ?`;

/**
 * Offers made to the volunteer: the offer events (v1.1 `data.volunteers`)
 * naming them. Through the partial index of offers alone (cache migration
 * 0010): offers are a small share of the events, and the only ones read.
 */
export const OFFERS_TO_SQL = `SELECT count(*) FROM incident_event
  WHERE kind = 'offer' AND at_ms IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(data, '$.data.volunteers') WHERE value = ?)`;

/** Their answers (accept/decline events name the volunteer in `data.volunteer`), through 0010's answers index. */
export const ANSWERS_BY_SQL = `SELECT kind, count(*) AS n, count(DISTINCT incident) AS incidents FROM incident_event
  WHERE json_extract(data, '$.data.volunteer') = ? AND kind IN ('accept', 'decline') GROUP BY kind`;

export interface VolunteerRecord {
  id: string;
  name: string;
  team: string | null;
  district: string | null;
  skills: string[];
  points: number;
  verified: boolean;
  offers: number;
  accepted: number;
  declined: number;
  /** accepted / offers (at most 1: an accept whose offer left the cache still counts); null without offers. */
  acceptanceRate: number | null;
  /** Incidents they took: distinct incidents of their accepts. */
  tasksTaken: number;
}

/** A volunteer as the cache holds them, with their offers and answers; null for an id it does not hold. */
export function volunteerProfile(db: Db, id: string): VolunteerRecord | null {
  const v = prepared(db, VOLUNTEER_SQL).get(id) as
    | { id: string; name: string; team: string | null; district: string | null; points: number; verified: number; skills: string | null }
    | undefined;
  if (!v) return null;
  const offers = prepared(db, OFFERS_TO_SQL).pluck().get(id) as number;
  let accepted = 0;
  let declined = 0;
  let tasksTaken = 0;
  for (const a of prepared(db, ANSWERS_BY_SQL).all(id) as { kind: string; n: number; incidents: number }[]) {
    if (a.kind === 'accept') {
      accepted = a.n;
      tasksTaken = a.incidents;
    } else declined = a.n;
  }
  const skills = v.skills === null ? [] : (JSON.parse(v.skills) as unknown[]).filter((s): s is string => typeof s === 'string');
  return {
    id: v.id,
    name: v.name,
    team: v.team,
    district: v.district,
    skills,
    points: v.points,
    verified: v.verified === 1,
    offers,
    accepted,
    declined,
    acceptanceRate: offers === 0 ? null : Math.min(1, accepted / offers),
    tasksTaken,
  };
}
