import { z } from 'zod';
import { COMMAND_NAMES, INCIDENT_SOURCES, INCIDENT_STATUSES, LEVELS, type CommandName } from './rules.ts';
import { Category, District, Priority } from '../protocol/entities.ts';

/**
 * Platform commands a window may ask the console to send (spec §7), with
 * their argument schemas; who may send them is `commandRefusal` in rules.ts.
 * The host checks both before a command reaches the outbox, so a window
 * cannot do what its role may not — the platform would refuse it anyway, but
 * an operator deserves to hear so at once, also while offline.
 */

const Id = z.string().min(1).max(200);
const Level = z.enum(LEVELS);
const Status = z.enum(INCIDENT_STATUSES);
const Text = z.string().trim().min(1).max(4000);

export const COMMAND_ARGS = {
  'incident.create': z
    .object({
      id: Id.optional(),
      source: z.enum(INCIDENT_SOURCES),
      category: Category,
      priority: Priority,
      title: z.string().trim().min(1).max(200),
      description: z.string().max(4000).optional(),
      address: z.string().max(300).optional(),
      lat: z.number().min(-90).max(90).optional(),
      lng: z.number().min(-180).max(180).optional(),
      district: District.optional(),
      /** v1.1: the street (街道) and community (社区) of a picked or geocoded place, filed with it. */
      street: z.string().trim().min(1).max(60).optional(),
      community: z.string().trim().min(1).max(60).optional(),
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
} as const satisfies Record<CommandName, z.ZodType>;

export type { CommandName };
export type CommandArgs<N extends CommandName> = z.input<(typeof COMMAND_ARGS)[N]>;

/** `{ name, args }` with args checked against that command's schema. */
export const CommandRequest = z.discriminatedUnion(
  'name',
  COMMAND_NAMES.map((name) => z.object({ name: z.literal(name), args: COMMAND_ARGS[name] }).strict()) as unknown as [
    z.ZodObject<{ name: z.ZodLiteral<CommandName>; args: z.ZodType }>,
    ...z.ZodObject<{ name: z.ZodLiteral<CommandName>; args: z.ZodType }>[],
  ],
);
