import { z } from 'zod';
import type { Role } from './contract.ts';

/**
 * Platform commands a window may ask the console to send (spec §7), with
 * their argument schemas and who may send them. The host checks both before
 * a command reaches the outbox, so a window cannot do what its role may not
 * — the platform would refuse it anyway, but an operator deserves to hear so
 * at once, also while offline.
 */

const Id = z.string().min(1).max(200);
const Priority = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const Category = z.string().regex(/^(criminal|public_order|traffic|fire|rescue|dispute|hazard|city_mgmt|environment|petition|other)(\.[a-z0-9_]+)*$/, 'unknown category');
const Level = z.enum(['community', 'street', 'district', 'city']);
const Status = z.enum(['new', 'verified', 'dispatched', 'accepted', 'on_scene', 'resolved', 'closed', 'cancelled', 'merged']);
const Text = z.string().trim().min(1).max(4000);

export const COMMAND_ARGS = {
  'incident.create': z
    .object({
      id: Id.optional(),
      source: z.enum(['110', '119', '122', '12345', 'city_mgmt', 'grid', 'volunteer', 'video', 'petition']),
      category: Category,
      priority: Priority,
      title: z.string().trim().min(1).max(200),
      description: z.string().max(4000).optional(),
      address: z.string().max(300).optional(),
      lat: z.number().min(-90).max(90).optional(),
      lng: z.number().min(-180).max(180).optional(),
      district: z.string().regex(/^\d{6}$/).optional(),
      caller: z.object({ name: z.string().max(50).optional(), phone: z.string().max(30).optional() }).strict().optional(),
      call: Id.optional(),
    })
    .strict(),
  'incident.update': z
    .object({
      incident: Id,
      rev: z.number().int().nonnegative(),
      patch: z
        .object({
          title: z.string().trim().min(1).max(200).optional(),
          description: z.string().max(4000).optional(),
          category: Category.optional(),
          priority: Priority.optional(),
          address: z.string().max(300).optional(),
          lat: z.number().min(-90).max(90).optional(),
          lng: z.number().min(-180).max(180).optional(),
        })
        .strict(),
    })
    .strict(),
  'incident.transition': z.object({ incident: Id, to: Status, note: z.string().max(4000).optional() }).strict(),
  'incident.dispatch': z.object({ incident: Id, departments: z.array(Id).min(1).max(50), note: z.string().max(4000).optional() }).strict(),
  'incident.escalate': z.object({ incident: Id, to_level: Level, note: Text }).strict(),
  'incident.offer': z.object({ incident: Id, volunteers: z.array(Id).min(1).max(50), expires_in_s: z.number().int().min(10).max(3600) }).strict(),
  'incident.note': z.object({ incident: Id, text: Text }).strict(),
  'incident.merge': z.object({ incident: Id, into: Id }).strict(),
  'incident.attach': z
    .object({
      incident: Id,
      kind: z.enum(['photo', 'video', 'audio', 'file']),
      // ≤ 2 MiB of bytes is ≤ 2,796,204 base64 characters.
      data_base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64').max(2_796_204, 'attachment larger than 2 MiB'),
      mime: z.string().min(3).max(100),
      camera: Id.optional(),
    })
    .strict(),
  'incident.followup': z
    .object({ incident: Id, reached: z.boolean(), rating: z.number().int().min(1).max(5).optional(), text: z.string().max(4000).optional() })
    .strict(),
} as const;

export type CommandName = keyof typeof COMMAND_ARGS;
export const COMMAND_NAMES = Object.keys(COMMAND_ARGS) as CommandName[];
export type CommandArgs<N extends CommandName> = z.input<(typeof COMMAND_ARGS)[N]>;

/** `{ name, args }` with args checked against that command's schema. */
export const CommandRequest = z.discriminatedUnion(
  'name',
  COMMAND_NAMES.map((name) => z.object({ name: z.literal(name), args: COMMAND_ARGS[name] }).strict()) as unknown as [
    z.ZodObject<{ name: z.ZodLiteral<CommandName>; args: z.ZodType }>,
    ...z.ZodObject<{ name: z.ZodLiteral<CommandName>; args: z.ZodType }>[],
  ],
);

/** §7: the commands each role may send at all. */
const BY_ROLE: Record<Role, ReadonlySet<CommandName>> = {
  duty_chief: new Set(COMMAND_NAMES),
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

/** Why `role` may not send this command, or null when it may (spec §7). */
export function commandRefusal(role: Role, name: CommandName, args: Record<string, unknown>): string | null {
  if (role !== 'duty_chief' && ((name === 'incident.escalate' && args.to_level === 'city') || (name === 'incident.transition' && args.to === 'closed'))) {
    return 'only a duty chief may escalate to the city or close an incident';
  }
  if (!BY_ROLE[role].has(name)) return `the ${role} role may not send ${name}`;
  if (role === 'video_patroller' && name === 'incident.create' && args.source !== 'video') {
    return 'a video patroller files incidents with source "video" only';
  }
  if (role === 'call_taker' && name === 'incident.transition' && args.to !== 'verified' && args.to !== 'cancelled') {
    return 'a call taker may move an incident to verified or cancelled only';
  }
  return null;
}

/** §8 lifecycle: the statuses an incident may move to from each status. */
export const TRANSITIONS: Record<z.infer<typeof Status>, readonly z.infer<typeof Status>[]> = {
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

/** The next level up for an escalation, or null at the top. */
export function nextLevel(level: z.infer<typeof Level>): z.infer<typeof Level> | null {
  const order = Level.options;
  return order[order.indexOf(level) + 1] ?? null;
}
