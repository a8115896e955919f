import { termName } from './terms.ts';
import type { Words } from './words.ts';

/** What a timeline event carries beyond its kind and text (spec §8 IncidentEvent.data, as the platform fills it). */
export interface EventFacts {
  kind: string;
  data?: Record<string, unknown> | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);

/**
 * What a timeline row says an event did, by name: a dispatch names the units
 * it dispatched ("派往：湖里消防救援大队、湖里公安分局"), an escalation the
 * levels ("社区 → 街道"), a status change from → to, a merge its target.
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
    case 'merge': {
      const into = text(data.into);
      return into === null ? null : words.t('names.timeline.mergedInto', { id: into });
    }
    default:
      return null;
  }
}
