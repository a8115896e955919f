import { termName } from './terms.ts';
import { named, type Words } from './words.ts';

/** What a timeline event carries beyond its kind (spec §8 IncidentEvent.data and text, as the platform fills them). */
export interface EventFacts {
  kind: string;
  data?: Record<string, unknown> | null;
  text?: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);

/**
 * The machine line a console adds to the `incident.note` that shares a
 * warning's handling (issue 14; written by native/warning/marker.ts):
 * `#egret-warning {"v":1,"key":…,"kind":…,"action":…,"by":…,"at":…,"text":…}`
 * as the note's last line, under the platform's Chinese human text.
 */
const MARKER_PREFIX = '#egret-warning ';

export interface WarningMarker {
  key: string;
  kind: string;
  action: 'acknowledged' | 'dismissed';
  by: string;
  at: number;
  text: string;
}

/** The handling a note's marker line carries, or null when the note has none (or a damaged one: then it reads as an ordinary note). */
export function warningMarkerOf(noteText: string | null | undefined): WarningMarker | null {
  if (!noteText) return null;
  const last = noteText.trimEnd().split('\n').at(-1) ?? '';
  if (!last.startsWith(MARKER_PREFIX)) return null;
  let m: unknown;
  try {
    m = JSON.parse(last.slice(MARKER_PREFIX.length));
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const { v, key, kind, action, by, at, text: said } = m as Record<string, unknown>;
  if (v !== 1 || typeof key !== 'string' || typeof kind !== 'string' || typeof by !== 'string' || typeof at !== 'number') return null;
  if (action !== 'acknowledged' && action !== 'dismissed') return null;
  return { key, kind, action, by, at, text: typeof said === 'string' ? said : '' };
}

/**
 * The text a timeline row shows for an event: a warning's marker note shows
 * the chief's note or reason alone (its summary says the rest, in the
 * operator's language), never the machine line; any other event its text.
 */
export function eventText(event: EventFacts): string | null {
  if (event.kind !== 'note') return text(event.text);
  const marker = warningMarkerOf(event.text);
  return marker ? text(marker.text) : text(event.text);
}

/**
 * What a timeline row says an event did, by name: a dispatch names the units
 * it dispatched ("派往：湖里消防救援大队、湖里公安分局"), an escalation the
 * levels ("社区 → 街道"), a status change from → to, a merge its target,
 * a warning's marker note its handling ("预警已确认：警情聚集").
 * Null for kinds whose text says it all, or when the platform left the facts
 * out. Offers and their answers are the offer status's (OfferStatus.vue).
 */
export function eventSummary(words: Words, event: EventFacts, unitNames: (ids: readonly string[]) => string): string | null {
  const data = event.data ?? {};
  const change = (term: 'status' | 'level') => {
    const from = text(data.from);
    const to = text(data.to);
    if (to === null) return null;
    return from === null ? termName(words, term, to) : words.t('names.timeline.change', { from: termName(words, term, from), to: termName(words, term, to) });
  };
  switch (event.kind) {
    case 'dispatch': {
      const units = texts(data.departments);
      return units.length ? words.t('names.timeline.dispatched', { units: unitNames(units) }) : null;
    }
    case 'escalate':
      return change('level');
    case 'status':
      return change('status');
    case 'note': {
      const marker = warningMarkerOf(event.text);
      return marker ? words.t(`warnings.timeline.${marker.action}`, { kind: named(words, 'warnings.kind', marker.kind) }) : null;
    }
    case 'merge': {
      const into = text(data.into);
      return into === null ? null : words.t('names.timeline.mergedInto', { id: into });
    }
    default:
      return null;
  }
}
