/** A category's family: its first two segments (`criminal.theft.bicycle` → `criminal.theft`). */
export function familyOf(category: string): string {
  let f = families.get(category);
  if (f === undefined) {
    const dot = category.indexOf('.');
    const second = dot < 0 ? -1 : category.indexOf('.', dot + 1);
    f = second < 0 ? category : category.slice(0, second);
    // Categories are a catalogue's few hundred; a cache of them is bounded by it (cleared should a feed invent many).
    if (families.size > 10_000) families.clear();
    families.set(category, f);
  }
  return f;
}

/** Every run meets the same categories tens of thousands of times. */
const families = new Map<string, string>();

/** The most frequent non-null value (ties: the first seen), or null. */
export function mostCommon(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const v of values) {
    if (v === null) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === null || n > counts.get(best)!) best = v;
  }
  return best;
}

/** At most this many incidents are listed on a warning (newest first). */
export const MAX_LISTED = 200;
