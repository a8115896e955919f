import type { OperatorRole as Role } from '../protocol/frames.ts';
import type { EntityKind } from '../protocol/entities.ts';

/** Wall-clock source; tests pass a fixed or stepping clock. */
export interface Clock {
  now(): number;
}

/** A number in [0, 1), like Math.random; tests pass a seeded one. */
export type { Random } from '../common/random.ts';

export interface Operator {
  id: string;
  name: string;
  role: Role;
}

/** token → who it belongs to. */
export type TokenMap = Record<string, Operator>;

/** A change as it travels in a `changes` frame (§4). */
export type UpsertChange = { seq: number; op: 'upsert'; kind: string; data: unknown };
export type DeleteChange = { seq: number; op: 'delete'; kind: string; id: string; rev: number };
export type Change = UpsertChange | DeleteChange;
/** A change before the log gives it its seq. */
export type NewChange = Omit<UpsertChange, 'seq'> | Omit<DeleteChange, 'seq'>;

/**
 * One log entry: the change plus its pre-serialized JSON (a change is encoded
 * once, however many consoles receive it) and how the platform's own state
 * took it: `applied` real changes, or an injected fault that the state ignored.
 */
export interface LogEntry {
  change: Change;
  json: string;
  bytes: number;
  effect: 'applied' | 'stale' | 'malformed';
}

export interface EntityRecord {
  rev: number;
  data: Record<string, unknown>;
  /** The data this entity had before its last upsert (for stale injections). */
  prev?: Record<string, unknown>;
}

export type { EntityKind, Role };
