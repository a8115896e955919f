import type { CommandName, Role, TRANSITIONS as NativeTransitions } from '../../../../native/api/index.ts';

/**
 * The small §7/§8 tables the detail panel needs to decide which actions to
 * offer. The renderer imports native/api type-only, so these mirror
 * `TRANSITIONS`, `nextLevel` and `commandRefusal` in native/api/commands.ts;
 * `typeof NativeTransitions` keeps the shape in step with the contract. The
 * host checks again before anything reaches the outbox (and the platform
 * after it), so hiding here is for the operator, not for safety.
 */

export type IncidentStatus = keyof typeof NativeTransitions;
export type IncidentLevel = 'community' | 'street' | 'district' | 'city';

/** §8 lifecycle: the statuses an incident may move to from each status. */
export const TRANSITIONS: typeof NativeTransitions = {
  new: ['verified', 'dispatched', 'cancelled', 'merged'],
  verified: ['dispatched', 'cancelled', 'merged'],
  dispatched: ['accepted'],
  accepted: ['on_scene'],
  on_scene: ['resolved'],
  resolved: ['closed', 'dispatched'],
  closed: [],
  cancelled: [],
  merged: [],
};

export const LEVELS: readonly IncidentLevel[] = ['community', 'street', 'district', 'city'];

/** The next level up for an escalation, or null at the top. */
export function nextLevel(level: string): IncidentLevel | null {
  const at = LEVELS.indexOf(level as IncidentLevel);
  if (at < 0) return null;
  return LEVELS[at + 1] ?? null;
}

/** §7: the commands each role may send at all. */
const BY_ROLE: Record<Role, ReadonlySet<CommandName>> = {
  duty_chief: new Set<CommandName>([
    'incident.create',
    'incident.update',
    'incident.transition',
    'incident.dispatch',
    'incident.escalate',
    'incident.offer',
    'incident.note',
    'incident.merge',
    'incident.attach',
    'incident.followup',
  ]),
  call_taker: new Set<CommandName>([
    'incident.create',
    'incident.update',
    'incident.transition',
    'incident.dispatch',
    'incident.note',
    'incident.merge',
    'incident.offer',
    'incident.attach',
    'incident.followup',
  ]),
  video_patroller: new Set<CommandName>(['incident.create', 'incident.note', 'incident.attach']),
};

/** Whether `role` may send this command with these args (mirrors `commandRefusal`). */
export function roleMay(role: Role | null, name: CommandName, args: Record<string, unknown> = {}): boolean {
  if (role === null) return false;
  if (!BY_ROLE[role].has(name)) return false;
  if (role === 'video_patroller' && name === 'incident.create' && args.source !== 'video') return false;
  if (role === 'call_taker' && name === 'incident.transition' && args.to !== 'verified' && args.to !== 'cancelled') return false;
  if (role !== 'duty_chief' && ((name === 'incident.escalate' && args.to_level === 'city') || (name === 'incident.transition' && args.to === 'closed'))) {
    return false;
  }
  return true;
}

export const ACTIONS = ['verify', 'dispatch', 'escalate', 'offer', 'note', 'merge', 'transition', 'followup'] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Statuses reached through their own action, not the generic transition list. */
const OWN_ACTION_TARGETS: ReadonlySet<string> = new Set(['verified', 'dispatched', 'merged']);
const OFFER_STATUSES: ReadonlySet<string> = new Set(['new', 'verified', 'dispatched']);
const OPEN: ReadonlySet<string> = new Set(['new', 'verified', 'dispatched', 'accepted', 'on_scene']);

export interface ActionSubject {
  status: string;
  level: string;
  hasLocation: boolean;
}

function targetsFrom(status: string): readonly string[] {
  return (TRANSITIONS as Record<string, readonly string[] | undefined>)[status] ?? [];
}

/** The generic transitions (`incident.transition`) the role may make from `status`. */
export function transitionTargets(role: Role | null, status: string): string[] {
  return targetsFrom(status).filter((to) => !OWN_ACTION_TARGETS.has(to) && roleMay(role, 'incident.transition', { to }));
}

/** The actions the incident's status and the operator's role allow, in display order. */
export function allowedActions(role: Role | null, subject: ActionSubject): ActionName[] {
  const targets = targetsFrom(subject.status);
  const out: ActionName[] = [];
  if (targets.includes('verified') && roleMay(role, 'incident.transition', { to: 'verified' })) out.push('verify');
  if (targets.includes('dispatched') && roleMay(role, 'incident.dispatch')) out.push('dispatch');
  const up = nextLevel(subject.level);
  if (OPEN.has(subject.status) && up !== null && roleMay(role, 'incident.escalate', { to_level: up })) out.push('escalate');
  if (OFFER_STATUSES.has(subject.status) && subject.hasLocation && roleMay(role, 'incident.offer')) out.push('offer');
  if (roleMay(role, 'incident.note')) out.push('note');
  if (targets.includes('merged') && roleMay(role, 'incident.merge')) out.push('merge');
  if (transitionTargets(role, subject.status).length > 0) out.push('transition');
  if ((subject.status === 'resolved' || subject.status === 'closed') && roleMay(role, 'incident.followup')) out.push('followup');
  return out;
}
