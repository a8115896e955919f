import type { PackedPositions } from '../../api/index.ts';

/**
 * Two packed updates as one (the `slots` coalescing of `positions.packed`):
 * the latest of each slot, the ids of both. An update from another book
 * replaces what was pending: the earlier book's slots mean nothing now.
 */
export function mergePacked(earlier: PackedPositions, later: PackedPositions): PackedPositions {
  if (earlier.book !== later.book) return later;
  const at = new Map<number, number>();
  const out: PackedPositions = { book: later.book, slots: [], lat: [], lng: [], state: [], ts: [], ids: [] };
  for (const update of [earlier, later]) {
    for (let i = 0; i < update.slots.length; i++) {
      const slot = update.slots[i]!;
      let k = at.get(slot);
      if (k === undefined) {
        k = out.slots.length;
        at.set(slot, k);
        out.slots.push(slot);
      }
      out.lat[k] = update.lat[i]!;
      out.lng[k] = update.lng[i]!;
      out.state[k] = update.state[i]!;
      out.ts[k] = update.ts[i]!;
    }
  }
  const named = new Set<number>();
  for (const [slot, id] of [...earlier.ids, ...later.ids]) {
    if (named.has(slot)) continue;
    named.add(slot);
    out.ids.push([slot, id]);
  }
  return out;
}
