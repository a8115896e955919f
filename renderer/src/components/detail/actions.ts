import { isOpenStatus, nextLevel, roleMay, transitionsFrom, type Role } from '../../../../native/api/rules.ts';

/**
 * Which actions the detail panel offers for an incident, from the console's
 * rules (native/api/rules.ts): the lifecycle, `nextLevel` and the same
 * `commandRefusal` the host asks before anything reaches the outbox (and the
 * platform after it). Hiding here is for the operator, not for safety.
 */

export const ACTIONS = ['verify', 'dispatch', 'escalate', 'offer', 'note', 'merge', 'transition', 'followup'] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Statuses reached through their own action, not the generic transition list. */
const OWN_ACTION_TARGETS: ReadonlySet<string> = new Set(['verified', 'dispatched', 'merged']);
const OFFER_STATUSES: ReadonlySet<string> = new Set(['new', 'verified', 'dispatched']);

export interface ActionSubject {
  status: string;
  level: string;
  hasLocation: boolean;
}

/** The generic transitions (`incident.transition`) the role may make from `status`. */
export function transitionTargets(role: Role | null, status: string): string[] {
  return transitionsFrom(status).filter((to) => !OWN_ACTION_TARGETS.has(to) && roleMay(role, 'incident.transition', { to }));
}

/** The actions the incident's status and the operator's role allow, in display order. */
export function allowedActions(role: Role | null, subject: ActionSubject): ActionName[] {
  const targets = transitionsFrom(subject.status);
  const out: ActionName[] = [];
  if (targets.includes('verified') && roleMay(role, 'incident.transition', { to: 'verified' })) out.push('verify');
  if (targets.includes('dispatched') && roleMay(role, 'incident.dispatch')) out.push('dispatch');
  const up = nextLevel(subject.level);
  if (isOpenStatus(subject.status) && up !== null && roleMay(role, 'incident.escalate', { to_level: up })) out.push('escalate');
  if (OFFER_STATUSES.has(subject.status) && subject.hasLocation && roleMay(role, 'incident.offer')) out.push('offer');
  if (roleMay(role, 'incident.note')) out.push('note');
  if (targets.includes('merged') && roleMay(role, 'incident.merge')) out.push('merge');
  if (transitionTargets(role, subject.status).length > 0) out.push('transition');
  if ((subject.status === 'resolved' || subject.status === 'closed') && roleMay(role, 'incident.followup')) out.push('followup');
  return out;
}
