import type { WarningSettings } from '../api/contract.ts';
import { maskPhone } from '../api/rules.ts';
import { poissonUpperTail } from './distributions.ts';
import { MAX_LISTED, familyOf, mostCommon } from './family.ts';
import { convexHull } from './hull.ts';
import { DAY_MS, HISTORY_DAYS, REPEAT_FALSE_ALARMS_PER_DAY } from './settings.ts';
import { EMPTY_FINDING, type Finding, type IncidentRecord, type WarningInputs } from './types.ts';

/**
 * Repeats: the same caller, or the same address, about the same family at
 * least `repeatMinCount` times within the last `repeatDays`.
 *
 * A count alone is not enough: a busy address (a station, a market — the
 * demo draws addresses from a few thousand) repeats by chance every week. So
 * each (key, family) is compared with its own history over the rest of the
 * 28 days (as many of them as the cache holds; none raised with less history
 * than the window): its rate there, (h + ½) per that span (½: a key never seen before
 * still has a rate), scaled to the window, and the window's count must be
 * unlikely under that Poisson rate. The repeats' share of the chance budget
 * (REPEAT_FALSE_ALARMS_PER_DAY, half each to callers and addresses) is split
 * over every (key, family) with an incident in the window (Bonferroni): each
 * changes only when it gets an incident, about one test a day.
 */

/** A caller key is a number as rules.ts phoneKey files it; one with `*` is a masked number and identifies nobody. */
export function usableCallerKey(key: string | null): key is string {
  return key !== null && key.length > 0 && !key.includes('*');
}

function addressKey(address: string | null): string | null {
  const key = address?.trim();
  return key ? key : null;
}

const addressKeyOf = (r: IncidentRecord) => addressKey(r.address);
const callerKeyOf = (r: IncidentRecord) => (usableCallerKey(r.callerKey) ? r.callerKey : null);

interface Group {
  key: string;
  family: string;
  recent: IncidentRecord[];
  before: number;
}

export function repeatFindings(inputs: WarningInputs, s: WarningSettings, kind: 'repeat_caller' | 'repeat_address'): Finding[] {
  const { now } = inputs;
  const windowStart = now - s.repeatDays * DAY_MS;
  const from = now - HISTORY_DAYS * DAY_MS;
  // The history is what the cache holds before the window, in whole days (up to the span's): with a baseline of
  // two days (the demo's archive still arriving, a new install) every busy address looked new, and tens of
  // repeats were raised in minutes. Less history than the window itself: no rate to compare with, nothing raised.
  let earliest = windowStart;
  for (const r of inputs.incidents) if (r.reportedAt > from && r.reportedAt < earliest) earliest = r.reportedAt;
  const historyDays = Math.min(HISTORY_DAYS - s.repeatDays, Math.ceil((windowStart - earliest) / DAY_MS));
  if (historyDays < s.repeatDays) return [];
  const keyOf = kind === 'repeat_caller' ? callerKeyOf : addressKeyOf;
  // The window once: each incident's key and (family, key) pair kept with it, counted per pair before any group is
  // made (most pairs come once, and a group per key was most of the run's garbage); then groups for the pairs
  // with enough incidents from what the walk kept.
  const inWindow: IncidentRecord[] = [];
  const pairs: string[] = [];
  const counts = new Map<string, number>();
  for (const r of inputs.incidents) {
    if (r.reportedAt <= windowStart || r.reportedAt > now) continue;
    const key = keyOf(r);
    if (key === null) continue;
    const pair = `${familyOf(r.category)}\n${key}`;
    inWindow.push(r);
    pairs.push(pair);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  // Every pair with an incident in the window is a test (Bonferroni).
  const tested = counts.size;
  const candidates = new Map<string, Group[]>();
  const groups = new Map<string, Group>();
  for (let i = 0; i < inWindow.length; i++) {
    const pair = pairs[i]!;
    if (counts.get(pair)! < s.repeatMinCount) continue;
    const r = inWindow[i]!;
    let g = groups.get(pair);
    if (!g) {
      const key = pair.slice(pair.indexOf('\n') + 1);
      groups.set(pair, (g = { key, family: familyOf(r.category), recent: [], before: 0 }));
      const byFamily = candidates.get(key);
      if (byFamily) byFamily.push(g);
      else candidates.set(key, [g]);
    }
    g.recent.push(r);
  }
  if (candidates.size > 0) {
    for (const r of inputs.incidents) {
      if (r.reportedAt <= from || r.reportedAt > windowStart) continue;
      const key = keyOf(r);
      const byFamily = key === null ? undefined : candidates.get(key);
      if (!byFamily) continue;
      const family = familyOf(r.category);
      const g = byFamily.find((x) => x.family === family);
      if (g) g.before++;
    }
  }
  const alpha = REPEAT_FALSE_ALARMS_PER_DAY / 2 / Math.max(1, tested);
  const out: Finding[] = [];
  for (const g of [...candidates.values()].flat()) {
    const expected = ((g.before + 0.5) * s.repeatDays) / historyDays;
    // At or below its own rate: p is about ½ or more, never near alpha (a busy address's tail summed from 0 was
    // most of the run).
    if (g.recent.length <= expected) continue;
    const p = poissonUpperTail(g.recent.length, expected);
    if (p > alpha) continue;
    const records = g.recent.sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : -1));
    out.push({
      ...EMPTY_FINDING,
      kind,
      family: g.family,
      district: mostCommon(records.map((r) => r.district)),
      street: mostCommon(records.map((r) => r.street)),
      address: kind === 'repeat_address' ? g.key : mostCommon(records.map((r) => r.address)),
      // Masked here whoever reads it: the incidents carry the number for the roles that may see it.
      caller: kind === 'repeat_caller' ? maskPhone(g.key) : null,
      since: records[records.length - 1]!.reportedAt,
      lastAt: records[0]!.reportedAt,
      observed: records.length,
      expected,
      baseline: kind === 'repeat_caller' ? 'caller_history_28d' : 'address_history_28d',
      pValue: p,
      recurrenceDays: 1 / (Math.max(p, 1e-300) * Math.max(1, tested)),
      outline: hullOf(records),
      incidents: records.slice(0, MAX_LISTED).map((r) => r.id),
    });
  }
  return out;
}

export function hullOf(records: readonly IncidentRecord[]): [number, number][] {
  const points: [number, number][] = [];
  for (const r of records) if (r.lat !== null && r.lng !== null) points.push([r.lat, r.lng]);
  return convexHull(points);
}

/** Incidents reopened (resolved → dispatched) within the last `repeatDays`: one warning per incident, by rule. */
export function reopenedFindings(inputs: WarningInputs, s: WarningSettings): Finding[] {
  const windowStart = inputs.now - s.repeatDays * DAY_MS;
  const reopens = new Map<string, number[]>();
  for (const r of inputs.reopened) {
    if (r.at <= windowStart || r.at > inputs.now) continue;
    const list = reopens.get(r.incident);
    if (list) list.push(r.at);
    else reopens.set(r.incident, [r.at]);
  }
  if (reopens.size === 0) return [];
  // Only the reopened incidents are looked up: a map of every incident held cost ~90 ms a run (bench:warnings).
  const byId = new Map<string, IncidentRecord>();
  for (const r of inputs.incidents) if (reopens.has(r.id)) byId.set(r.id, r);
  const out: Finding[] = [];
  for (const [id, times] of [...reopens].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const r = byId.get(id);
    out.push({
      ...EMPTY_FINDING,
      kind: 'reopened',
      family: r ? familyOf(r.category) : null,
      district: r?.district ?? null,
      street: r?.street ?? null,
      address: r?.address ?? null,
      since: Math.min(...times),
      lastAt: Math.max(...times),
      observed: times.length,
      expected: 0,
      baseline: 'rule',
      outline: r ? hullOf([r]) : [],
      incidents: [id],
    });
  }
  return out;
}
