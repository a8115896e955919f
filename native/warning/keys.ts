import type { Warning } from '../api/contract.ts';
import { HOUR_MS } from './settings.ts';
import type { Finding } from './types.ts';

type Previous = Pick<Warning, 'key' | 'kind' | 'family' | 'district' | 'line' | 'since' | 'incidents'>;

/**
 * How much a finding is a previous warning: shared incidents, or for a
 * surge the same district and line in the same or the next hour (a surge
 * running on keeps its key). 0: not the same.
 */
function sameness(p: Previous, f: Finding): number {
  if (p.kind !== f.kind) return 0;
  if (f.kind === 'surge') {
    return p.district === f.district && p.line === f.line && (p.since === f.since || p.since === f.since - HOUR_MS) ? 1 : 0;
  }
  if (p.family !== f.family) return 0;
  const mine = new Set(f.incidents);
  let shared = 0;
  for (const id of p.incidents) if (mine.has(id)) shared++;
  return shared;
}

/** A new finding's key: its kind, what it is about, and its earliest incident (the surge's start hour). Deterministic. */
export function freshKey(f: Finding): string {
  switch (f.kind) {
    case 'surge':
      return `surge:${f.district ?? 'city'}:${f.line ?? 'all'}:${new Date(f.since).toISOString().slice(0, 13)}`;
    case 'overdue':
      return `overdue:${f.department !== null ? `dept:${f.department}` : `street:${f.street ?? ''}`}:${f.incidents.at(-1) ?? ''}`;
    default:
      return `${f.kind}:${f.family ?? ''}:${f.incidents.at(-1) ?? ''}`;
  }
}

/**
 * Keys that survive recomputation: a finding that is a previous warning
 * (sameness > 0) takes its key, the most similar pairs first and each
 * previous key once; any other gets freshKey (with `~2`, `~3`… should two
 * fresh keys meet in one run).
 */
export function assignKeys(previous: Previous[], findings: Finding[]): (Finding & { key: string })[] {
  const pairs: { f: number; p: number; score: number }[] = [];
  findings.forEach((f, fi) =>
    previous.forEach((p, pi) => {
      const score = sameness(p, f);
      if (score > 0) pairs.push({ f: fi, p: pi, score });
    }),
  );
  pairs.sort((a, b) => b.score - a.score || a.f - b.f || a.p - b.p);
  const keys = new Array<string | undefined>(findings.length);
  const usedPrevious = new Set<number>();
  for (const { f, p } of pairs) {
    if (keys[f] !== undefined || usedPrevious.has(p)) continue;
    keys[f] = previous[p]!.key;
    usedPrevious.add(p);
  }
  const taken = new Set(keys.filter((k): k is string => k !== undefined));
  // A previous warning not matched still owns its key: a fresh finding must not take it over unless it is the same (kind and key).
  const owned = new Map(previous.filter((_, i) => !usedPrevious.has(i)).map((p) => [p.key, p.kind]));
  return findings.map((f, i) => {
    let key = keys[i];
    if (key === undefined) {
      const base = freshKey(f);
      key = base;
      for (let n = 2; taken.has(key) || (owned.has(key) && owned.get(key) !== f.kind); n++) key = `${base}~${n}`;
      taken.add(key);
    }
    return { ...f, key };
  });
}
