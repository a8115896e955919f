import { z } from 'zod';
import { COMMAND_NAMES, ROLES, type CommandName } from '../api/rules.ts';

/**
 * Frames of Platform Link v1 (§2–§7). Frame envelopes are checked here; the
 * items inside `snapshot` and `changes` are checked one by one (entities.ts),
 * because one bad item is quarantined while the rest applies. Unknown fields
 * are ignored (loose objects).
 */

/** §1: frames larger than this are refused with close 1009. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
export const SUBPROTOCOL = 'platform-link.v1';

const SeqNumber = z.number().int().nonnegative();

/** Who a token belongs to, as `welcome.operator.role` says (§2). */
export const OperatorRole = z.enum(ROLES);
export type OperatorRole = z.infer<typeof OperatorRole>;

export const Welcome = z.looseObject({
  t: z.literal('welcome'),
  session: z.string(),
  head: SeqNumber,
  server_time: z.string(),
  resume: z.enum(['replay', 'snapshot']),
  window: z.number().int().positive(),
  tz: z.string().min(1),
  operator: z.looseObject({ id: z.string(), name: z.string(), role: OperatorRole }),
});
export type Welcome = z.infer<typeof Welcome>;

export const Snapshot = z.looseObject({
  t: z.literal('snapshot'),
  as_of: SeqNumber,
  part: z.number().int().nonnegative(),
  last: z.boolean(),
  items: z.array(z.unknown()),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const SnapshotItem = z.looseObject({ kind: z.string(), data: z.unknown() });
export type SnapshotItem = z.infer<typeof SnapshotItem>;

export const Changes = z.looseObject({
  t: z.literal('changes'),
  items: z.array(z.unknown()),
});
export type Changes = z.infer<typeof Changes>;

/** Every change item must have an integer seq, or the whole frame is invalid (§4). */
export const ChangeSeq = z.looseObject({ seq: SeqNumber });
export type ChangeSeq = z.infer<typeof ChangeSeq>;

export const ChangeItem = z.discriminatedUnion('op', [
  z.looseObject({ seq: SeqNumber, op: z.literal('upsert'), kind: z.string(), data: z.unknown() }),
  z.looseObject({ seq: SeqNumber, op: z.literal('delete'), kind: z.string(), id: z.string().min(1), rev: z.number().int().nonnegative() }),
]);
export type ChangeItem = z.infer<typeof ChangeItem>;

export const Position = z.looseObject({
  id: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  ts: z.iso.datetime({ offset: true }),
  state: z.enum(['available', 'busy', 'offline']),
});
export type Position = z.infer<typeof Position>;

export const Positions = z.looseObject({ t: z.literal('positions'), items: z.array(z.unknown()) });

export const Reset = z.looseObject({ t: z.literal('reset'), reason: z.string().nullish() });
export const Notice = z.looseObject({ t: z.literal('notice'), level: z.enum(['info', 'warn']).catch('info'), message: z.string() });
export const PlatformError = z.looseObject({ t: z.literal('error'), code: z.string(), message: z.string().nullish() });

export const CommandResult = z.union([
  z.looseObject({ t: z.literal('result'), id: z.string().min(1), ok: z.literal(true), seq: SeqNumber.nullish() }),
  z.looseObject({
    t: z.literal('result'),
    id: z.string().min(1),
    ok: z.literal(false),
    code: z.string(),
    message: z.string().nullish(),
    seq: SeqNumber.nullish(),
  }),
]);
export type CommandResult = z.infer<typeof CommandResult>;

/** Close codes of §2.3 and §1. */
export const CLOSE = {
  normal: 1000,
  tooBig: 1009,
  unauthorized: 4401,
  badRequest: 4400,
  version: 4426,
} as const;

/** Platform command names (§7); who may send them is the console's rule (api/rules.ts). */
export { COMMAND_NAMES, type CommandName };
