import { MAX_FRAME_BYTES } from '../protocol/frames.ts';
import { isEntityKind } from '../protocol/entities.ts';
import type { ChangeLog } from './log.ts';
import type { Change, EntityKind } from './types.ts';

/**
 * Fault switches, settable at runtime (`platform.faults.gapOnce = true`).
 * Setting one wakes every session, so a switch takes effect at once.
 *
 * "One-shot" switches clear themselves when they fire (tests can await that:
 * the value goes back to its default). The others stay until turned off.
 * Frame-level switches act on whichever session sends next; with one console
 * connected — the usual test — that is the console.
 */
export interface Faults {
  /** One-shot countdown: the session that sends the n-th frame from now (any type) is terminated (ws.terminate, no close frame) right after it. */
  dropAfterFrames: number | null;
  /** One-shot: terminate the connection right after sending the snapshot part with this index (0-based). */
  dropMidSnapshot: number | null;
  /**
   * One-shot: the next changes frame leaves out its first item, so it starts
   * at cursor+2 (a frame of one item is not sent at all, and the hole shows
   * with the next frame). The console must apply nothing past the hole,
   * reconnect with its cursor, and get the missing change by replay.
   */
  gapOnce: boolean;
  /** Persistent: every changes frame is sent twice in a row (duplicates to ignore). */
  duplicateFrames: boolean;
  /**
   * Count (true = 1): each of the next n real changes is followed by a stale
   * upsert of the same entity — a real log entry with its own seq, whose rev is
   * lower than the current one (or equal to the delete's rev for a deleted
   * entity). The platform's state ignores it, as a console must (§4).
   */
  staleUpserts: number | boolean;
  /**
   * Count (true = 1): each of the next n real changes is followed by a log
   * entry whose data breaks §8, cycling through MALFORMED_VARIANTS. Real seqs;
   * the platform's state ignores them (the console quarantines them).
   */
  malformedItems: number | boolean;
  /** One-shot: the next frame sent (after a welcome) is preceded by a text frame that is not JSON. */
  badJsonFrame: boolean;
  /** One-shot: the next frame sent (after a welcome) is preceded by a binary frame. */
  binaryFrame: boolean;
  /** One-shot: the next frame sent (after a welcome) is preceded by a frame of an unknown `t`. */
  unknownFrameType: boolean;
  /** One-shot: the next frame sent (after a welcome) is preceded by a >4 MiB text frame; the console must close 1009 and reconnect. */
  oversizeFrame: boolean;
  /** One-shot: in the next changes frame the last item has no `seq`; the console must apply nothing of that frame and reconnect. */
  itemWithoutSeq: boolean;
  /**
   * Persistent: sessions send nothing — no frames, no pings — so the console's
   * 45 s idle detection fires. Frames wait (positions are dropped) and go out
   * when silence ends, unless the connection closed meanwhile.
   */
  silent: boolean;
  /** One-shot: the next `hello` is answered by closing with this code (with an `error` frame first for 4400/4401/4426). */
  closeWith: { code: number; reason: string } | null;
  /** Persistent: every WebSocket upgrade is answered with HTTP 401. */
  rejectUpgrade401: boolean;
  /** One-shot: the next command is applied (and its result recorded), then the connection is terminated before the result is sent. */
  dropBeforeResult: boolean;
  /** Persistent: wait this many ms before sending each frame. */
  delayMs: number;
  /** One-shot: a `changes` frame is sent before the last snapshot part (protocol error: the console discards the partial snapshot and reconnects). */
  changesBeforeSnapshotEnd: boolean;
}

export function defaultFaults(): Faults {
  return {
    dropAfterFrames: null,
    dropMidSnapshot: null,
    gapOnce: false,
    duplicateFrames: false,
    staleUpserts: 0,
    malformedItems: 0,
    badJsonFrame: false,
    binaryFrame: false,
    unknownFrameType: false,
    oversizeFrame: false,
    itemWithoutSeq: false,
    silent: false,
    closeWith: null,
    rejectUpgrade401: false,
    dropBeforeResult: false,
    delayMs: 0,
    changesBeforeSnapshotEnd: false,
  };
}

/** A faults object that calls `onChange` whenever a switch is set. */
export function createFaults(onChange: (key: keyof Faults) => void): Faults {
  return new Proxy(defaultFaults(), {
    set(target, key, value) {
      (target as unknown as Record<string | symbol, unknown>)[key] = value;
      onChange(key as keyof Faults);
      return true;
    },
  });
}

/** Turns every switch off. */
export function clearFaults(faults: Faults): void {
  Object.assign(faults, defaultFaults());
}

/** Reads a count switch (true = 1) and takes one off it; false when it is off. */
export function takeCount(faults: Faults, key: 'staleUpserts' | 'malformedItems'): boolean {
  const v = faults[key];
  const n = v === true ? 1 : typeof v === 'number' ? v : 0;
  if (n <= 0) return false;
  faults[key] = n - 1;
  return true;
}

// ---- log-level injections -------------------------------------------------

/**
 * Appends a stale upsert for `kind`/`id`: for a live entity its previous data
 * (or its current data marked `stale_injected`) with a rev below the current
 * one; for a deleted entity its last data with the delete's rev (not higher
 * than the delete, so stale). Returns null when no stale rev exists (rev 0).
 *
 * For a deleted entity inject right after the delete (the switch does): a
 * console that took a snapshot after the delete has no tombstone and would
 * rightly apply it.
 */
export function injectStale(log: ChangeLog, kind: EntityKind, id: string): Change | null {
  const current = log.get(kind, id);
  if (current) {
    if (current.prev && typeof current.prev.rev === 'number' && current.prev.rev < current.rev) {
      return log.appendIgnored({ op: 'upsert', kind, data: current.prev }, 'stale');
    }
    if (current.rev < 1) return null;
    return log.appendIgnored({ op: 'upsert', kind, data: { ...current.data, rev: current.rev - 1, stale_injected: true } }, 'stale');
  }
  const deletedRev = log.tombstone(kind, id);
  if (deletedRev === undefined) return null;
  const data = log.deletedData(kind, id) ?? staleSkeleton(kind, id);
  return log.appendIgnored({ op: 'upsert', kind, data: { ...data, rev: deletedRev, stale_injected: true } }, 'stale');
}

function staleSkeleton(kind: EntityKind, id: string): Record<string, unknown> {
  return { id, kind_was: kind };
}

export const MALFORMED_VARIANTS = ['wrong_type', 'missing_field', 'unknown_kind', 'not_object'] as const;
export type MalformedVariant = (typeof MALFORMED_VARIANTS)[number];

/** A required field of each kind, removed by the `missing_field` variant. */
const REQUIRED_FIELD: Record<EntityKind, string> = {
  incident: 'title',
  incident_event: 'incident',
  call: 'line',
  camera: 'streams',
  department: 'name',
  volunteer: 'points',
  road: 'level',
  place: 'name',
};

/**
 * Appends a change whose data breaks §8, modelled on `base` (a real change,
 * when there is one):
 * - `wrong_type`: the entity's data with `rev` as a string (and a higher rev),
 * - `missing_field`: the entity's data without a required field, higher rev,
 * - `unknown_kind`: an upsert of kind `spaceship`,
 * - `not_object`: an upsert whose data is a string.
 */
export function injectMalformed(log: ChangeLog, variant: MalformedVariant, base?: Change): Change {
  const kind: EntityKind = base && isEntityKind(base.kind) ? base.kind : 'incident';
  const id = base ? (base.op === 'upsert' ? String((base.data as { id?: unknown }).id) : base.id) : `bad-${log.head + 1}`;
  const current = log.get(kind, id);
  const data: Record<string, unknown> = current ? { ...current.data } : { id };
  const nextRev = (current?.rev ?? log.tombstone(kind, id) ?? 0) + 1;
  switch (variant) {
    case 'wrong_type':
      return log.appendIgnored({ op: 'upsert', kind, data: { ...data, rev: String(nextRev) } }, 'malformed');
    case 'missing_field': {
      const copy: Record<string, unknown> = { ...data, rev: nextRev };
      delete copy[REQUIRED_FIELD[kind]];
      return log.appendIgnored({ op: 'upsert', kind, data: copy }, 'malformed');
    }
    case 'unknown_kind':
      return log.appendIgnored({ op: 'upsert', kind: 'spaceship', data: { id: `ufo-${log.head + 1}`, rev: 1 } }, 'malformed');
    case 'not_object':
      return log.appendIgnored({ op: 'upsert', kind, data: 'not an object' }, 'malformed');
  }
}

// ---- frame-level injections -----------------------------------------------

export interface RawFrame {
  data: string | Buffer;
  binary: boolean;
  /** A label for logs and stats. */
  type: string;
}

/** The one-shot "extra frame" switches, in the order they are served. */
export const EXTRA_FRAME_SWITCHES = ['badJsonFrame', 'binaryFrame', 'unknownFrameType', 'oversizeFrame'] as const;

export function extraFrame(which: (typeof EXTRA_FRAME_SWITCHES)[number]): RawFrame {
  switch (which) {
    case 'badJsonFrame':
      return { type: 'bad_json', binary: false, data: '{"t":"changes","items":[{"seq":' };
    case 'binaryFrame':
      return { type: 'binary', binary: true, data: Buffer.from(JSON.stringify({ t: 'notice', level: 'info', message: 'binary' })) };
    case 'unknownFrameType':
      return { type: 'unknown_t', binary: false, data: JSON.stringify({ t: 'x-weather', city: 'Xiamen', temp_c: 21 }) };
    case 'oversizeFrame':
      return {
        type: 'oversize',
        binary: false,
        data: JSON.stringify({ t: 'notice', level: 'info', message: 'x'.repeat(MAX_FRAME_BYTES + 1024) }),
      };
  }
}
