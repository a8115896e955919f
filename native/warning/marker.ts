import type { WarningHandling, WarningKind } from '../api/contract.ts';

/**
 * The marker an `incident.note` carries to share a warning's handling with
 * every console (issue14-api.md fixes it): the note's human text, then a
 * last line `#egret-warning {"v":1,"key":…,"kind":…,"action":…,"by":…,"at":…,"text":…}`.
 * Human text (the platform's operators read it): 【预警已确认】summary：note /
 * 【预警已排除】summary：reason — `humanText` builds it.
 */

export const MARKER_PREFIX = '#egret-warning ';
const KINDS: readonly WarningKind[] = ['cluster', 'surge', 'repeat_caller', 'repeat_address', 'reopened', 'overdue'];
const ACTIONS: readonly WarningHandling['action'][] = ['acknowledged', 'dismissed'];
/** Longer than any key assignKeys makes; a marker beyond it is not ours. */
const MAX_KEY = 300;

/** The human part of a marker note, in Chinese (the platform's operators read it). */
export function humanText(handling: Pick<WarningHandling, 'action' | 'text'>, summary: string): string {
  const head = handling.action === 'acknowledged' ? '【预警已确认】' : '【预警已排除】';
  return handling.text ? `${head}${summary}：${handling.text}` : `${head}${summary}`;
}

export function markerNote(w: { key: string; kind: WarningKind }, handling: WarningHandling, human: string): string {
  const marker = { v: 1, key: w.key, kind: w.kind, action: handling.action, by: handling.by, at: handling.at, text: handling.text };
  // The marker is one line: JSON.stringify escapes any newline inside the strings.
  return `${human.replace(/\s+$/, '')}\n${MARKER_PREFIX}${JSON.stringify(marker)}`;
}

/** The marker of a note, or null when it has none or it is malformed in any way. Never throws. */
export function parseMarker(noteText: string): { key: string; kind: WarningKind; handling: WarningHandling } | null {
  if (typeof noteText !== 'string') return null;
  const lines = noteText.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1]!.replace(/\r$/, '');
  if (!last.startsWith(MARKER_PREFIX)) return null;
  let m: unknown;
  try {
    m = JSON.parse(last.slice(MARKER_PREFIX.length));
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return null;
  const o = m as Record<string, unknown>;
  const { v, key, kind, action, by, at, text } = o;
  if (v !== 1) return null;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY) return null;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) return null;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) return null;
  if (typeof by !== 'string' || typeof text !== 'string') return null;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return null;
  return { key, kind: kind as WarningKind, handling: { action: action as WarningHandling['action'], by, at, text } };
}
