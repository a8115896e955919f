import { z } from 'zod';
import { CALL_LINES, CATEGORY_ROOTS, DISTRICTS, DISTRICT_CODES, INCIDENT_SOURCES, INCIDENT_STATUSES, LEVELS, PRIORITIES } from '../api/rules.ts';
import { precompiledCheck } from './fast-check.ts';
import { ENTITY_KINDS, isEntityKind, type EntityKind } from './kinds.ts';

/**
 * The platform's entities, written from Platform Link v1 §8. A field marked
 * `?` there may be absent or null (`nullish` here); fields the spec does not
 * list are kept as received (`loose`). Data that breaks these types is
 * quarantined, never applied.
 */

export { CALL_LINES, CATEGORY_ROOTS, DISTRICTS, INCIDENT_SOURCES, INCIDENT_STATUSES, LEVELS };
export { ENTITY_KINDS, isEntityKind, type EntityKind };

export const Id = z.string().min(1);
export const Rev = z.number().int().nonnegative();
/** ISO 8601 with an offset, as the spec's `Time`. */
export const Time = z.iso.datetime({ offset: true });
export const Lat = z.number().min(-90).max(90);
export const Lng = z.number().min(-180).max(180);
export const District = z.enum(DISTRICT_CODES as [keyof typeof DISTRICTS, ...(keyof typeof DISTRICTS)[]]);
export type District = z.infer<typeof District>;
export const Priority = z.union(PRIORITIES.map((p) => z.literal(p)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]);

/**
 * A dotted code whose first segment is one of the spec's roots, e.g.
 * `traffic.collision`. One pattern rather than a refine, so the compiled
 * check (fast-check.ts) can express it too.
 */
export const Category = z
  .string()
  .regex(new RegExp(`^(${CATEGORY_ROOTS.join('|')})(\\.[a-z0-9_]+)*$`), `category must be a dotted code starting with one of ${CATEGORY_ROOTS.join(', ')}`);

export const Incident = z.looseObject({
  id: Id,
  rev: Rev,
  source: z.enum(INCIDENT_SOURCES),
  category: Category,
  priority: Priority,
  status: z.enum(INCIDENT_STATUSES),
  level: z.enum(LEVELS),
  title: z.string(),
  description: z.string().nullish(),
  address: z.string().nullish(),
  lat: Lat.nullish(),
  lng: Lng.nullish(),
  district: District.nullish(),
  street: z.string().nullish(),
  community: z.string().nullish(),
  departments: z.array(Id),
  volunteers: z.array(Id),
  caller: z.looseObject({ name: z.string().nullish(), phone: z.string().nullish() }).nullish(),
  call: Id.nullish(),
  reported_at: Time,
  updated_at: Time,
  due_at: Time.nullish(),
  merged_into: Id.nullish(),
  attachments: z.array(
    z.looseObject({ id: Id, kind: z.enum(['photo', 'video', 'audio', 'file']), url: z.string(), mime: z.string() }),
  ),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentEvent = z.looseObject({
  id: Id,
  rev: Rev,
  incident: Id,
  at: Time,
  actor: z.string(),
  // `decline` and `expire` are v1.1: a volunteer refused an offer; an offer ran out.
  kind: z.enum(['created', 'status', 'note', 'dispatch', 'escalate', 'offer', 'accept', 'attach', 'merge', 'followup', 'decline', 'expire']),
  text: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export const Call = z.looseObject({
  id: Id,
  rev: Rev,
  line: z.enum(CALL_LINES),
  received_at: Time,
  answered_at: Time.nullish(),
  ended_at: Time.nullish(),
  incident: Id.nullish(),
  caller_phone: z.string().nullish(),
  /** v1.1: where the platform located the caller (cell or landline). */
  district: District.nullish(),
});
export type Call = z.infer<typeof Call>;

export const Camera = z.looseObject({
  id: Id,
  rev: Rev,
  name: z.string(),
  district: District,
  road: z.string().nullish(),
  lat: Lat,
  lng: Lng,
  kind: z.enum(['fixed', 'ptz', 'dome']),
  status: z.enum(['online', 'offline']),
  streams: z.looseObject({ main: z.string(), sub: z.string().nullish() }),
  tags: z.array(z.string()),
});
export type Camera = z.infer<typeof Camera>;

export const DEPARTMENT_KINDS = [
  'police', 'traffic_police', 'fire', 'health', 'city_mgmt', 'construction', 'environment', 'street_office', 'community', 'grid', 'other',
] as const;
export const Department = z.looseObject({
  id: Id,
  rev: Rev,
  name: z.string(),
  kind: z.enum(DEPARTMENT_KINDS),
  level: z.enum(LEVELS),
  district: District.nullish(),
  parent: Id.nullish(),
  /** v1.1: the unit's station. */
  lat: Lat.nullish(),
  lng: Lng.nullish(),
});
export type Department = z.infer<typeof Department>;

export const Volunteer = z.looseObject({
  id: Id,
  rev: Rev,
  name: z.string(),
  team: z.string().nullish(),
  district: District.nullish(),
  points: z.number(),
  verified: z.boolean(),
  skills: z.array(z.string()),
});
export type Volunteer = z.infer<typeof Volunteer>;

export const ROAD_LEVELS = ['smooth', 'slow', 'congested', 'blocked'] as const;
export const Road = z.looseObject({
  id: Id,
  rev: Rev,
  name: z.string(),
  district: District,
  level: z.enum(ROAD_LEVELS),
  speed_kmh: z.number().nullish(),
  updated_at: Time,
  line: z.array(z.tuple([Lat, Lng])).nullish(),
});
export type Road = z.infer<typeof Road>;

export const PLACE_KINDS = ['district', 'street', 'community', 'road', 'address', 'poi'] as const;
/** v1.1: the city's standard address base (标准地址库), what typed addresses are geocoded against. */
export const Place = z.looseObject({
  id: Id,
  rev: Rev,
  name: z.string(),
  kind: z.enum(PLACE_KINDS),
  district: District,
  street: z.string().nullish(),
  community: z.string().nullish(),
  lat: Lat,
  lng: Lng,
  aliases: z.array(z.string()),
});
export type Place = z.infer<typeof Place>;

export const ENTITY_SCHEMAS = {
  incident: Incident,
  incident_event: IncidentEvent,
  call: Call,
  camera: Camera,
  department: Department,
  volunteer: Volunteer,
  road: Road,
  place: Place,
} as const satisfies Record<EntityKind, z.ZodType>;

export type Entity<K extends EntityKind> = z.infer<(typeof ENTITY_SCHEMAS)[K]>;

const fastChecks: Partial<Record<EntityKind, (value: unknown) => boolean>> = {};

/** The compiled yes/no check that checkEntity runs first for a kind (fast-check.ts; compiled at build time). */
export function entityCheck(kind: EntityKind): (value: unknown) => boolean {
  return (fastChecks[kind] ??= precompiledCheck(`entity_${kind}`));
}

/**
 * Validates one entity's data; returns the reason when it is not acceptable.
 * Acceptable data is returned as it is (the schemas only check, they change
 * nothing); zod runs only for data the compiled check refuses, to say why.
 */
export function checkEntity(kind: EntityKind, data: unknown): { ok: true; entity: Entity<EntityKind> } | { ok: false; reason: string } {
  if (entityCheck(kind)(data)) return { ok: true, entity: data as Entity<EntityKind> };
  const parsed = ENTITY_SCHEMAS[kind].safeParse(data);
  if (parsed.success) return { ok: true, entity: parsed.data };
  const first = parsed.error.issues[0];
  const where = first?.path.length ? first.path.map(String).join('.') : '(root)';
  return { ok: false, reason: `${kind}: ${where}: ${first?.message ?? 'invalid'}` };
}
