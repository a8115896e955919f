import { maskPhone, seesPhones, type Role } from '../../api/rules.ts';
import type { Warning, WarningHandling, WarningsState } from '../../api/contract.ts';
import type { Finding } from '../../warning/index.ts';
import type { FoundMarker } from './computer.ts';

/** Handled warnings stay listed this long after their handling (issue14-api.md: 24 h). */
export const HANDLED_LISTED_MS = 24 * 3_600_000;

/** The later of two handlings (another console's chief may have handled it after this one). */
function later(a: WarningHandling | null, b: WarningHandling | null): WarningHandling | null {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

/**
 * A marker on one of the finding's incidents says how it was handled: one
 * naming this key first, else one of the same kind (another console may
 * have keyed the same cluster from a different first incident); the latest.
 */
function markerHandling(f: Finding & { key: string }, markers: readonly FoundMarker[]): WarningHandling | null {
  const mine = new Set(f.incidents);
  const onIt = markers.filter((m) => m.kind === f.kind && mine.has(m.incident));
  const same = onIt.filter((m) => m.key === f.key);
  return (same.length > 0 ? same : onIt).reduce<WarningHandling | null>((h, m) => later(h, m.handling), null);
}

/**
 * This computation's warnings: each keyed finding with what state.db knew
 * of it (when first raised, its handling) and any marker found in its
 * incidents' notes, the later handling winning.
 */
export function warningsOf(
  keyed: readonly (Finding & { key: string })[],
  kept: ReadonlyMap<string, Warning>,
  markers: readonly FoundMarker[],
  now: number,
): Warning[] {
  return keyed.map((f) => {
    const before = kept.get(f.key);
    const handling = later(before?.handling ?? null, markerHandling(f, markers));
    return { ...f, status: handling?.action ?? 'open', raisedAt: before?.raisedAt ?? now, updatedAt: now, handling };
  });
}

/**
 * What windows are shown: the warnings found now, then those handled in the
 * last 24 hours that are no longer found; open first (latest first), then
 * handled (latest handling first).
 */
export function listOf(current: readonly Warning[], kept: readonly Warning[], now: number): Warning[] {
  const found = new Set(current.map((w) => w.key));
  const handledEarlier = kept.filter((w) => !found.has(w.key) && w.handling !== null && w.handling.at >= now - HANDLED_LISTED_MS);
  const all = [...current, ...handledEarlier];
  const open = all.filter((w) => w.status === 'open').sort((a, b) => b.lastAt - a.lastAt || a.key.localeCompare(b.key));
  const handled = all.filter((w) => w.status !== 'open').sort((a, b) => b.handling!.at - a.handling!.at || a.key.localeCompare(b.key));
  return [...open, ...handled];
}

export function stateOf(warnings: Warning[], computed: { computedAt: number; tookMs: number; baselineDays: number }): WarningsState {
  return { warnings, ...computed, open: warnings.filter((w) => w.status === 'open').length };
}

/** The state as a role may see it: a repeat caller's phone masked for roles that do not see phones (rules.ts). */
export function asSeenBy(state: WarningsState, role: Role | null): WarningsState {
  if (seesPhones(role) || !state.warnings.some((w) => w.caller !== null)) return state;
  return { ...state, warnings: state.warnings.map((w) => (w.caller === null ? w : { ...w, caller: maskPhone(w.caller) })) };
}

export function warningAsSeenBy(w: Warning, role: Role | null): Warning {
  return seesPhones(role) || w.caller === null ? w : { ...w, caller: maskPhone(w.caller) };
}

/** Whether two states differ in anything but the times of their computation (nothing new to push). */
export function sameWarnings(a: WarningsState, b: WarningsState): boolean {
  if (a.baselineDays !== b.baselineDays || a.warnings.length !== b.warnings.length) return false;
  const strip = (w: Warning) => JSON.stringify({ ...w, updatedAt: 0 });
  return a.warnings.every((w, i) => strip(w) === strip(b.warnings[i]!));
}
