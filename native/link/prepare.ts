import type { PreparedItem } from '../store/cache-store.ts';
import { rowOf } from '../store/entity-rows.ts';
import { checkEntity, isEntityKind } from '../protocol/entities.ts';
import { precompiledCheck } from '../protocol/fast-check.ts';
import { ChangeItem, SnapshotItem } from '../protocol/frames.ts';

/**
 * Turns the items of `snapshot` and `changes` frames into what the store
 * writes. Nothing here throws: an item that breaks §8 becomes a quarantine
 * entry with its reason, and the link goes on (spec §4).
 */

/** JSON of an item, or null when it cannot be serialised (nested deeper than the stack allows). */
function jsonOf(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

const TOO_DEEP = '"(not kept: nested too deeply to serialise)"';

function rawOf(value: unknown): string {
  return jsonOf(value) ?? TOO_DEEP;
}

function upsertOrQuarantine(seq: number | null, kind: unknown, data: unknown, raw: unknown): PreparedItem {
  const json = jsonOf(data);
  if (json === null) {
    return { op: 'quarantine', seq, kind: typeof kind === 'string' ? kind : null, reason: 'data nested too deeply', raw: TOO_DEEP };
  }
  if (!isEntityKind(kind)) {
    return { op: 'quarantine', seq, kind: typeof kind === 'string' ? kind : null, reason: `unknown kind "${String(kind)}"`, raw: rawOf(raw) };
  }
  const checked = checkEntity(kind, data);
  if (!checked.ok) return { op: 'quarantine', seq, kind, reason: checked.reason, raw: rawOf(raw) };
  const { entity } = checked;
  return { op: 'upsert', seq, kind, id: entity.id, rev: entity.rev, row: rowOf(kind, entity, json) };
}

// Compiled forms of the item envelopes (fast-check.ts); zod only says why one is refused.
const isSnapshotItem = precompiledCheck('snapshotItem');
const isChangeItem = precompiledCheck('changeItem');

export function prepareSnapshotItem(item: unknown): PreparedItem {
  if (!isSnapshotItem(item)) return { op: 'quarantine', seq: null, kind: null, reason: 'snapshot item is not {kind, data}', raw: rawOf(item) };
  const { kind, data } = item as SnapshotItem;
  return upsertOrQuarantine(null, kind, data, item);
}

/** `seq` was already checked to be an integer (a frame without one is refused whole). */
export function prepareChange(item: unknown, seq: number): PreparedItem {
  if (!isChangeItem(item)) {
    const first = ChangeItem.safeParse(item).error?.issues[0];
    const where = first?.path.length ? first.path.map(String).join('.') : '(root)';
    return { op: 'quarantine', seq, kind: null, reason: `change: ${where}: ${first?.message ?? 'invalid'}`, raw: rawOf(item) };
  }
  const change = item as ChangeItem;
  if (change.op === 'upsert') return upsertOrQuarantine(seq, change.kind, change.data, item);
  if (!isEntityKind(change.kind)) return { op: 'quarantine', seq, kind: change.kind, reason: `unknown kind "${change.kind}"`, raw: rawOf(item) };
  return { op: 'delete', seq, kind: change.kind, id: change.id, rev: change.rev };
}
