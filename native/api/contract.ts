import { z } from 'zod';

/**
 * The console API: the one typed door between a window and the host.
 *
 * Each method has a params schema, a result schema and the roles that may call
 * it; each topic has a payload schema and a coalescing rule. Types are inferred
 * from the schemas, so the renderer (which imports this file type-only) and the
 * host can never disagree. Later capabilities add entries here.
 */

export const Role = z.enum(['duty_chief', 'call_taker', 'video_patroller']);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

export const Shell = z.enum(['electron', 'browser']);
export type Shell = z.infer<typeof Shell>;

export const Operator = z.object({ id: z.string(), name: z.string(), role: Role });
export type Operator = z.infer<typeof Operator>;

export const SessionInfo = z.object({
  shell: Shell,
  version: z.string(),
  workstation: z.string(),
  /** Who the platform says the token belongs to; null until a `welcome`. */
  operator: Operator.nullable(),
  role: Role.nullable(),
  platform: z.object({
    configured: z.boolean(),
    url: z.string().nullable(),
    /** True when the console runs its own embedded demo platform. */
    embedded: z.boolean(),
  }),
  signedIn: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const LinkState = z.enum([
  /** No platform URL configured at all. */
  'unconfigured',
  /** Configured, but no token: the operator must sign in. */
  'signed_out',
  /** Not connected; a retry is scheduled (see `retryAt`). */
  'offline',
  'connecting',
  /** Receiving a snapshot; `progress` counts items received. */
  'snapshot',
  'live',
  /** The platform said the token is not valid (4401): no retry until sign-in. */
  'unauthorized',
  /** The platform refused this console's protocol version (4426). */
  'update_required',
]);
export type LinkState = z.infer<typeof LinkState>;

export const LinkStatus = z.object({
  state: LinkState,
  cursor: z.number().int().nullable(),
  head: z.number().int().nullable(),
  /** head − cursor while live; null when unknown. */
  lag: z.number().int().nullable(),
  /** Snapshot items received so far (and parts) while state is `snapshot`. */
  progress: z.object({ parts: z.number().int(), items: z.number().int() }).nullable(),
  retryAt: z.string().nullable(),
  /** Commands written to the outbox and not yet answered by the platform. */
  outbox: z.number().int(),
  /** Items the platform sent that broke the contract, kept aside with the reason. */
  quarantine: z.number().int(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  since: z.string(),
});
export type LinkStatus = z.infer<typeof LinkStatus>;

const NoParams = z.object({}).strict();

export const EntityKindName = z.enum(['incident', 'incident_event', 'call', 'camera', 'department', 'volunteer', 'road']);
export type EntityKindName = z.infer<typeof EntityKindName>;

export const CacheSummary = z.object({
  cursor: z.number().int().nullable(),
  counts: z.record(EntityKindName, z.number().int()),
  outbox: z.number().int(),
  quarantine: z.number().int(),
  /** Set when a damaged cache was moved aside and rebuilt at start-up. */
  rebuilt: z.object({ reason: z.string(), movedTo: z.string() }).nullable(),
});
export type CacheSummary = z.infer<typeof CacheSummary>;

export const EntitiesChanged = z.object({ kind: EntityKindName, upserted: z.array(z.string()), deleted: z.array(z.string()) });
export type EntitiesChanged = z.infer<typeof EntitiesChanged>;

export const LivePosition = z.object({
  id: z.string(),
  lat: z.number(),
  lng: z.number(),
  ts: z.string(),
  state: z.enum(['available', 'busy', 'offline']),
});

export const LinkNotice = z.object({ level: z.enum(['info', 'warn']), message: z.string(), at: z.string() });

export const CommandOutcome = z.object({
  id: z.string(),
  name: z.string(),
  ok: z.boolean(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  seq: z.number().int().nullable(),
});
export type CommandOutcome = z.infer<typeof CommandOutcome>;

/** `'any'` means every caller, signed in or not. */
type RoleRule = 'any' | 'signed_in' | readonly Role[];

interface MethodSpec<P extends z.ZodType, R extends z.ZodType> {
  params: P;
  result: R;
  roles: RoleRule;
  /** Human summary, shown in `egret --help`-style listings and docs. */
  summary: string;
}

function method<P extends z.ZodType, R extends z.ZodType>(spec: MethodSpec<P, R>): MethodSpec<P, R> {
  return spec;
}

export const methods = {
  'session.info': method({
    summary: 'Which shell, version, workstation, operator and role this window talks to.',
    params: NoParams,
    result: SessionInfo,
    roles: 'any',
  }),
  'session.signIn': method({
    summary: 'Store a platform token and (re)connect the link with it.',
    params: z.object({ token: z.string().trim().min(1, 'token is empty').max(4096) }).strict(),
    result: SessionInfo,
    roles: 'any',
  }),
  'session.signOut': method({
    summary: 'Forget the token and disconnect; the cache stays.',
    params: NoParams,
    result: SessionInfo,
    roles: 'any',
  }),
  'link.status': method({
    summary: 'The current state of the platform link.',
    params: NoParams,
    result: LinkStatus,
    roles: 'any',
  }),
  'cache.summary': method({
    summary: 'The cache cursor, counts per kind, outbox and quarantine sizes.',
    params: NoParams,
    result: CacheSummary,
    roles: 'any',
  }),
  'diag.echo': method({
    summary: 'Echo a short text back through a topic; proves the live round trip.',
    params: z.object({ text: z.string().min(1).max(200) }).strict(),
    result: z.object({ delivered: z.number().int() }),
    roles: 'any',
  }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

/**
 * `latest`: only the newest payload matters (a state); pushes are coalesced by
 * replacing. `batch`: payloads are arrays of items, coalesced by concatenation.
 */
type Coalesce = 'latest' | 'batch';

interface TopicSpec<T extends z.ZodType> {
  payload: T;
  coalesce: Coalesce;
  roles: RoleRule;
}

function topic<T extends z.ZodType>(spec: TopicSpec<T>): TopicSpec<T> {
  return spec;
}

export const topics = {
  'link.status': topic({ payload: LinkStatus, coalesce: 'latest', roles: 'any' }),
  'session.info': topic({ payload: SessionInfo, coalesce: 'latest', roles: 'any' }),
  /** Ids of cached entities that changed, per kind (windows re-query what they show). */
  'entities.changed': topic({ payload: z.array(EntitiesChanged), coalesce: 'batch', roles: 'signed_in' }),
  'positions': topic({ payload: z.array(LivePosition), coalesce: 'batch', roles: 'signed_in' }),
  /** Platform notices and operator-visible warnings (quarantined items, rebuilt cache). */
  'link.notice': topic({ payload: z.array(LinkNotice), coalesce: 'batch', roles: 'any' }),
  /** Outcomes of this console's commands; failures are shown to whoever made them. */
  'command.result': topic({ payload: z.array(CommandOutcome), coalesce: 'batch', roles: 'signed_in' }),
  'diag.echo': topic({ payload: z.array(z.object({ text: z.string(), at: z.string() })), coalesce: 'batch', roles: 'any' }),
} as const;

export type Topics = typeof topics;
export type TopicName = keyof Topics;
export type TopicPayload<T extends TopicName> = z.output<Topics[T]['payload']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
export function isTopicName(name: string): name is TopicName {
  return Object.hasOwn(topics, name);
}

/** Whether a caller with `role` (null when signed out) passes a rule. */
export function roleAllows(rule: RoleRule, role: Role | null): boolean {
  if (rule === 'any') return true;
  if (role === null) return false;
  if (rule === 'signed_in') return true;
  return rule.includes(role);
}
