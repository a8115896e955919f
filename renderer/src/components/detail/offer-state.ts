import type { IncidentEvent } from '../../stores/detail.ts';

/**
 * What became of each volunteer offer of an incident, read from its timeline
 * (spec §7, v1.1): an `offer` event (`data: {volunteers, expires_at}`), then
 * a `decline` per refusal, and one ending — `accept` (`data: {volunteer}`) or
 * `expire`. Each answer names its offer in `data.offer`; an answer that does
 * not (a v1 platform) belongs to the latest offer still open before it.
 *
 * An offer whose `expires_at` has passed is shown as expired at once, from
 * the console's own clock: the platform's `expire` event may come later (or,
 * from a v1 platform, never). A platform's `accept` still wins over that
 * guess whenever it comes — the platform decides who took the task.
 */

export type OfferOutcome = 'pending' | 'accepted' | 'expired';

/** One volunteer's answer: their id from `data.volunteer` (null when absent) and the event's actor. */
export interface OfferAnswer {
  volunteer: string | null;
  /** The name the platform wrote on the event (a fallback when the cache has no name for the id). */
  actor: string;
  at: string;
}

export interface Offer {
  /** The `offer` event's id. */
  id: string;
  at: string;
  /** Who made the offer (the operator, as the platform named them). */
  actor: string;
  volunteers: readonly string[];
  /** The deadline (epoch ms); null when the platform gave none. */
  expiresAt: number | null;
  outcome: OfferOutcome;
  /** Who took it; null unless accepted. */
  acceptedBy: OfferAnswer | null;
  /** Refusals, oldest first. */
  declined: readonly OfferAnswer[];
  /** How the console knows it ran out: the platform's `expire` event, or `expiresAt` passing before it came. */
  expiredBy: 'event' | 'time' | null;
  /** Milliseconds left for a pending offer with a deadline; otherwise null. */
  msLeft: number | null;
}

const ANSWERS: ReadonlySet<string> = new Set(['accept', 'decline', 'expire']);

/** Every offer of the timeline `events` (oldest first), as it stands at `now` (epoch ms). */
export function offersFrom(events: readonly IncidentEvent[], now: number): Offer[] {
  const offers: Offer[] = [];
  const byId = new Map<string, Offer>();
  for (const event of events) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (event.kind === 'offer') {
      const offer: Offer = {
        id: event.id,
        at: event.at,
        actor: event.actor,
        volunteers: Array.isArray(data.volunteers) ? data.volunteers.filter((v): v is string => typeof v === 'string') : [],
        expiresAt: deadline(event.at, data),
        outcome: 'pending',
        acceptedBy: null,
        declined: [],
        expiredBy: null,
        msLeft: null,
      };
      offers.push(offer);
      byId.set(offer.id, offer);
      continue;
    }
    if (!ANSWERS.has(event.kind)) continue;
    const named = typeof data.offer === 'string' ? byId.get(data.offer) : undefined;
    const offer = named ?? offers.findLast((o) => o.outcome === 'pending');
    if (!offer) continue;
    const answer: OfferAnswer = { volunteer: typeof data.volunteer === 'string' ? data.volunteer : null, actor: event.actor, at: event.at };
    if (event.kind === 'decline') offer.declined = [...offer.declined, answer];
    else if (event.kind === 'accept') {
      offer.outcome = 'accepted';
      offer.acceptedBy = answer;
      offer.expiredBy = null;
    } else if (offer.outcome === 'pending') {
      offer.outcome = 'expired';
      offer.expiredBy = 'event';
    }
  }
  for (const offer of offers) {
    if (offer.outcome !== 'pending' || offer.expiresAt === null) continue;
    if (offer.expiresAt <= now) {
      offer.outcome = 'expired';
      offer.expiredBy = 'time';
    } else offer.msLeft = offer.expiresAt - now;
  }
  return offers;
}

/** `expires_at` (v1.1); from an older platform, `at` + `expires_in_s`; else none. */
function deadline(at: string, data: Record<string, unknown>): number | null {
  if (typeof data.expires_at === 'string') {
    const ms = Date.parse(data.expires_at);
    if (Number.isFinite(ms)) return ms;
  }
  const start = Date.parse(at);
  if (typeof data.expires_in_s === 'number' && Number.isFinite(start)) return start + data.expires_in_s * 1000;
  return null;
}

/** Every volunteer id the offers mention (offered, declined, accepted), for one names lookup. */
export function volunteerIdsOf(offers: readonly Offer[]): string[] {
  const ids = new Set<string>();
  for (const o of offers) {
    for (const v of o.volunteers) ids.add(v);
    for (const a of [...o.declined, ...(o.acceptedBy ? [o.acceptedBy] : [])]) if (a.volunteer) ids.add(a.volunteer);
  }
  return [...ids].sort();
}
