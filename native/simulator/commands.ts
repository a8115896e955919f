import { z } from 'zod';
import { COMMAND_NAMES, type CommandName } from '../protocol/frames.ts';
import { Category, District, INCIDENT_SOURCES, INCIDENT_STATUSES, Id, LEVELS, Lat, Lng } from '../protocol/entities.ts';
import type { ChangeLog } from './log.ts';
import { dueAt } from './supervision.ts';
import { timeAfter } from './time.ts';
import type { Change, Operator, Role } from './types.ts';

/**
 * The commands of §7: args schemas, the role table, the incident lifecycle
 * (§8) and the changes each command writes to the log.
 *
 * Checks run in this order: unknown name → `invalid`; role may not use the
 * command at all → `forbidden`; args fail their schema → `invalid`; role may
 * not with these args (video create from another source, video dispatch to
 * other than traffic police, transition to a status the role may not set) →
 * `forbidden`; incident (or `into`) missing → `not_found`; not allowed from
 * the current state → `conflict`.
 *
 * An applied command writes the incident upsert (rev+1, `updated_at` now) and,
 * except for `incident.update`, one `incident_event`; `seq` is the last change
 * it wrote, so a console whose cursor reached it has all of the effect.
 */

export type CommandOutcome =
  | { ok: true; seq: number; changes: Change[] }
  | { ok: false; code: 'invalid' | 'forbidden' | 'not_found' | 'conflict'; message: string };

/** Where an incident is, as the platform files it (§8 `district`, `street`, `community`). */
export interface IncidentLocation {
  district?: District;
  street?: string;
  community?: string;
}

export interface CommandContext {
  log: ChangeLog;
  /** The current time as the spec's `Time` in the platform's zone. */
  now(): string;
  /**
   * Where a point is: its district by polygon, the nearest street and
   * community (v1.1). What `known` says is kept; a point in no district gives
   * nothing more than `known`.
   */
  locate(lat: number, lng: number, known: IncidentLocation): IncidentLocation;
  nextIncidentId(): string;
  nextEventId(): string;
  /** Stores an attachment's bytes; returns its id and URL. */
  storeAttachment(bytes: Buffer, mime: string): { id: string; url: string };
}

const Priority = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

const Base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')
  .refine((s) => s.length % 4 === 0, 'not base64 (length)')
  .refine((s) => Buffer.byteLength(s, 'base64') <= MAX_ATTACHMENT_BYTES, 'attachment larger than 2 MiB');

export const COMMAND_ARGS = {
  'incident.create': z.object({
    id: Id.nullish(),
    source: z.enum(INCIDENT_SOURCES),
    category: Category,
    priority: Priority,
    title: z.string().min(1),
    description: z.string().nullish(),
    address: z.string().nullish(),
    lat: Lat.nullish(),
    lng: Lng.nullish(),
    /** v1.1: where the operator placed it; the platform fills what is absent from lat/lng. */
    district: District.nullish(),
    street: z.string().min(1).nullish(),
    community: z.string().min(1).nullish(),
    caller: z.object({ name: z.string().nullish(), phone: z.string().nullish() }).nullish(),
    call: Id.nullish(),
  }),
  'incident.update': z.object({
    incident: Id,
    rev: z.number().int().nonnegative(),
    patch: z.object({
      title: z.string().min(1).optional(),
      description: z.string().nullish(),
      category: Category.optional(),
      priority: Priority.optional(),
      address: z.string().nullish(),
      lat: Lat.nullish(),
      lng: Lng.nullish(),
    }),
  }),
  'incident.transition': z.object({ incident: Id, to: z.enum(INCIDENT_STATUSES), note: z.string().nullish() }),
  'incident.dispatch': z.object({ incident: Id, departments: z.array(Id).min(1), note: z.string().nullish() }),
  'incident.escalate': z.object({ incident: Id, to_level: z.enum(LEVELS), note: z.string() }),
  'incident.offer': z.object({ incident: Id, volunteers: z.array(Id).min(1), expires_in_s: z.number().int().positive() }),
  'incident.note': z.object({ incident: Id, text: z.string().min(1) }),
  'incident.merge': z.object({ incident: Id, into: Id }),
  'incident.attach': z.object({
    incident: Id,
    kind: z.enum(['photo', 'video', 'audio', 'file']),
    data_base64: Base64,
    mime: z.string().min(1),
    camera: Id.nullish(),
  }),
  'incident.followup': z.object({
    incident: Id,
    reached: z.boolean(),
    rating: z.number().int().min(1).max(5).nullish(),
    text: z.string().nullish(),
  }),
} satisfies Record<CommandName, z.ZodType>;

// The platform's own reading of §7 and §8, written from the spec apart from
// the console's (native/api/rules.ts) on purpose: the embedded platform is the
// independent oracle the console is tested against, so a rule the console gets
// wrong shows up as a refusal here instead of agreeing with itself.

/** §7: which commands each role may send at all. */
export const ROLE_COMMANDS: Record<Role, readonly CommandName[]> = {
  duty_chief: COMMAND_NAMES,
  call_taker: COMMAND_NAMES.filter((n) => n !== 'incident.escalate'),
  // v1.1: video patrol notifies traffic police of congestion (dispatch to traffic_police units only, checked in run).
  video_patroller: ['incident.create', 'incident.note', 'incident.attach', 'incident.dispatch'],
};

/** §8 lifecycle: from → the statuses a transition may go to. */
export const TRANSITIONS: Record<string, readonly string[]> = {
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

export function canTransition(from: string, to: string): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

const TERMINAL = new Set(['closed', 'cancelled', 'merged']);

function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

function fail(code: 'invalid' | 'forbidden' | 'not_found' | 'conflict', message: string): CommandOutcome {
  return { ok: false, code, message };
}

/** Applies one command for `operator`; writes its changes to the log when it succeeds. */
export function applyCommand(ctx: CommandContext, operator: Operator, name: string, args: unknown): CommandOutcome {
  if (!isCommandName(name)) return fail('invalid', `unknown command ${JSON.stringify(name)}`);
  if (!ROLE_COMMANDS[operator.role].includes(name)) return fail('forbidden', `${operator.role} may not ${name}`);
  const parsed = COMMAND_ARGS[name].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join('.') : '(args)';
    return fail('invalid', `${name}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return run(ctx, operator, name, parsed.data);
}

type Args<N extends CommandName> = z.infer<(typeof COMMAND_ARGS)[N]>;
type Data = Record<string, unknown>;

function run(ctx: CommandContext, op: Operator, name: CommandName, a: Args<CommandName>): CommandOutcome {
  if (name === 'incident.create') return create(ctx, op, a as Args<'incident.create'>);
  const incidentId = (a as { incident: string }).incident;

  // Role rules that depend on the args.
  if (name === 'incident.transition') {
    const to = (a as Args<'incident.transition'>).to;
    if (to === 'closed' && op.role !== 'duty_chief') return fail('forbidden', 'only a duty chief may close an incident');
    if (op.role === 'call_taker' && to !== 'verified' && to !== 'cancelled') {
      return fail('forbidden', `a call taker may not move an incident to ${to}`);
    }
  }
  if (name === 'incident.escalate' && (a as Args<'incident.escalate'>).to_level === 'city' && op.role !== 'duty_chief') {
    return fail('forbidden', 'only a duty chief may escalate to city');
  }
  if (name === 'incident.dispatch' && op.role === 'video_patroller') {
    const other = (a as Args<'incident.dispatch'>).departments.find((id) => ctx.log.get('department', id)?.data.kind !== 'traffic_police');
    if (other !== undefined) return fail('forbidden', `a video patroller may dispatch to traffic police only; ${other} is not traffic police`);
  }

  const record = ctx.log.get('incident', incidentId);
  if (!record) return fail('not_found', `no incident ${incidentId}`);
  const inc = record.data;
  const status = inc.status as string;

  switch (name) {
    case 'incident.update': {
      const u = a as Args<'incident.update'>;
      if (u.rev !== record.rev) return fail('conflict', `incident ${incidentId} is at rev ${record.rev}, not ${u.rev}`);
      const patch: Data = {};
      for (const [k, v] of Object.entries(u.patch)) if (v !== undefined) patch[k] = v;
      const c = saveIncident(ctx, inc, patch);
      return { ok: true, seq: c.seq, changes: [c] };
    }
    case 'incident.transition': {
      const t = a as Args<'incident.transition'>;
      if (!canTransition(status, t.to)) return fail('conflict', `incident ${incidentId} cannot go from ${status} to ${t.to}`);
      return withEvent(ctx, op, inc, { status: t.to }, 'status', t.note, { from: status, to: t.to });
    }
    case 'incident.dispatch': {
      const d = a as Args<'incident.dispatch'>;
      // From new/verified/resolved this is the lifecycle's → dispatched; an
      // incident already dispatched may get more departments (status stays).
      if (status !== 'dispatched' && !canTransition(status, 'dispatched')) {
        return fail('conflict', `incident ${incidentId} cannot be dispatched from ${status}`);
      }
      const departments = [...new Set([...((inc.departments as string[]) ?? []), ...d.departments])];
      return withEvent(ctx, op, inc, { status: 'dispatched', departments }, 'dispatch', d.note, {
        from: status,
        departments: d.departments,
      });
    }
    case 'incident.escalate': {
      const e = a as Args<'incident.escalate'>;
      if (TERMINAL.has(status)) return fail('conflict', `incident ${incidentId} is ${status}`);
      const from = inc.level as string;
      if (LEVELS.indexOf(e.to_level) <= LEVELS.indexOf(from as (typeof LEVELS)[number])) {
        return fail('conflict', `incident ${incidentId} is already at level ${from}`);
      }
      return withEvent(ctx, op, inc, { level: e.to_level }, 'escalate', e.note, { from, to: e.to_level });
    }
    case 'incident.offer': {
      const o = a as Args<'incident.offer'>;
      if (TERMINAL.has(status)) return fail('conflict', `incident ${incidentId} is ${status}`);
      // v1.1: the deadline itself, so every console (and the city's volunteers) reads the same instant.
      const expiresAt = timeAfter(ctx.now(), o.expires_in_s * 1000);
      return withEvent(ctx, op, inc, {}, 'offer', null, { volunteers: [...new Set(o.volunteers)], expires_at: expiresAt });
    }
    case 'incident.note': {
      const n = a as Args<'incident.note'>;
      return withEvent(ctx, op, inc, {}, 'note', n.text, null);
    }
    case 'incident.merge': {
      const m = a as Args<'incident.merge'>;
      if (m.into === incidentId) return fail('invalid', 'an incident cannot be merged into itself');
      const into = ctx.log.get('incident', m.into);
      if (!into) return fail('not_found', `no incident ${m.into}`);
      if (!canTransition(status, 'merged')) return fail('conflict', `incident ${incidentId} cannot be merged from ${status}`);
      const intoStatus = into.data.status as string;
      if (intoStatus === 'merged' || intoStatus === 'cancelled') return fail('conflict', `incident ${m.into} is ${intoStatus}`);
      return withEvent(ctx, op, inc, { status: 'merged', merged_into: m.into }, 'merge', null, { into: m.into, from: status });
    }
    case 'incident.attach': {
      const t = a as Args<'incident.attach'>;
      const stored = ctx.storeAttachment(Buffer.from(t.data_base64, 'base64'), t.mime);
      const attachment = { id: stored.id, kind: t.kind, url: stored.url, mime: t.mime, ...(t.camera ? { camera: t.camera } : {}) };
      const attachments = [...((inc.attachments as Data[]) ?? []), attachment];
      return withEvent(ctx, op, inc, { attachments }, 'attach', null, { attachment: stored.id, kind: t.kind, mime: t.mime, camera: t.camera ?? null });
    }
    case 'incident.followup': {
      const f = a as Args<'incident.followup'>;
      if (status !== 'resolved' && status !== 'closed') {
        return fail('conflict', `a follow-up needs a resolved or closed incident; ${incidentId} is ${status}`);
      }
      return withEvent(ctx, op, inc, {}, 'followup', f.text, { reached: f.reached, rating: f.rating ?? null });
    }
    default:
      return fail('invalid', `unhandled command ${name}`);
  }
}

function create(ctx: CommandContext, op: Operator, c: Args<'incident.create'>): CommandOutcome {
  if (op.role === 'video_patroller' && c.source !== 'video') return fail('forbidden', 'a video patroller may only create incidents from video');
  const id = c.id ?? ctx.nextIncidentId();
  if (ctx.log.get('incident', id) || ctx.log.tombstone('incident', id) !== undefined) {
    return fail('conflict', `incident ${id} already exists`);
  }
  const now = ctx.now();
  const data: Data = {
    id,
    source: c.source,
    category: c.category,
    priority: c.priority,
    status: 'new',
    level: 'community',
    title: c.title,
    departments: [],
    volunteers: [],
    attachments: [],
    reported_at: now,
    updated_at: now,
  };
  for (const key of ['description', 'address', 'lat', 'lng', 'district', 'street', 'community', 'caller', 'call'] as const) {
    if (c[key] !== undefined && c[key] !== null) data[key] = c[key];
  }
  // v1.1: the platform places what the console did not (§7), and sets the supervision deadline.
  if (typeof c.lat === 'number' && typeof c.lng === 'number' && !(c.district && c.street && c.community)) {
    const known: IncidentLocation = {};
    if (c.district) known.district = c.district;
    if (c.street) known.street = c.street;
    if (c.community) known.community = c.community;
    Object.assign(data, ctx.locate(c.lat, c.lng, known));
  }
  data.due_at = dueAt(c.priority, now);
  const incident = ctx.log.upsert('incident', data);
  const event = addEvent(ctx, op, id, 'created', null, { source: c.source, priority: c.priority });
  return { ok: true, seq: event.seq, changes: [incident, event] };
}

function saveIncident(ctx: CommandContext, inc: Data, patch: Data): Change {
  const { rev: _rev, ...rest } = inc;
  return ctx.log.upsert('incident', { ...rest, ...patch, updated_at: ctx.now() });
}

function addEvent(ctx: CommandContext, op: Operator, incident: string, kind: string, text: string | null | undefined, data: Data | null): Change {
  const event: Data = { id: ctx.nextEventId(), incident, at: ctx.now(), actor: op.name, kind };
  if (text !== undefined && text !== null) event.text = text;
  if (data) event.data = { ...data, operator: op.id };
  else event.data = { operator: op.id };
  return ctx.log.upsert('incident_event', event);
}

function withEvent(
  ctx: CommandContext,
  op: Operator,
  inc: Data,
  patch: Data,
  kind: string,
  text: string | null | undefined,
  data: Data | null,
): CommandOutcome {
  const incident = saveIncident(ctx, inc, patch);
  const event = addEvent(ctx, op, inc.id as string, kind, text, data);
  return { ok: true, seq: event.seq, changes: [incident, event] };
}
