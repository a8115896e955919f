/**
 * The platform's entity kinds (Platform Link v1 §8; `place` since v1.1), in the order the cache,
 * `egret status` and `hello`'s topics list them. Imports nothing: commands
 * that only name kinds (`egret status`, `egret export`) need not load zod or
 * compile the entity checks; entities.ts gives each kind its schema.
 */
const KINDS = ['incident', 'incident_event', 'call', 'camera', 'department', 'volunteer', 'road', 'place'] as const;

export type EntityKind = (typeof KINDS)[number];
export const ENTITY_KINDS: EntityKind[] = [...KINDS];

export function isEntityKind(kind: unknown): kind is EntityKind {
  return typeof kind === 'string' && (KINDS as readonly string[]).includes(kind);
}
