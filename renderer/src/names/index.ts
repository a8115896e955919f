import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import { categoryName, categoryRootName } from './categories.ts';
import { commandName, commandOutcome } from './commands.ts';
import { unitLabel, unitList, useDepartmentNames } from './departments.ts';
import { operatorLabel } from './operators.ts';
import { districtName, termName, type Term } from './terms.ts';
import { eventSummary, eventText, type EventFacts } from './timeline.ts';
import { volunteerLabel } from './volunteers.ts';
import type { Words } from './words.ts';

/**
 * The one place a view turns identifiers into names (issue 10 §3): statuses,
 * levels, sources, districts, categories, units, volunteers, operators,
 * commands and their outcomes, in the operator's language. Every lookup
 * re-reads the locale, so a view re-renders in the other language at once.
 * The pure lookups beside this file take the words as a parameter (tests
 * call them in both languages); this binds them to the app's i18n and caches.
 */
export function useNames() {
  const { t, te } = useI18n();
  const words: Words = { t: (key, named) => (named ? t(key, named) : t(key)), te: (key) => te(key) };
  const { units } = storeToRefs(useDepartmentNames());
  const unitsLine = (ids: readonly string[]) => unitList(words, units.value, ids);
  return {
    words,
    term: (term: Term, code: string) => termName(words, term, code),
    status: (code: string) => termName(words, 'status', code),
    level: (code: string) => termName(words, 'level', code),
    source: (code: string) => termName(words, 'source', code),
    district: (code: string | null | undefined) => districtName(words, code),
    category: (code: string) => categoryName(words, code),
    categoryRoot: (root: string) => categoryRootName(words, root),
    unit: (id: string) => unitLabel(words, units.value, id),
    units: unitsLine,
    volunteer: (name: string | null, id: string) => volunteerLabel(words, name, id),
    operator: (entry: { operator: string | null; operatorName: string | null }) => operatorLabel(words, entry),
    command: (name: string) => commandName(words, name),
    outcome: (result: string) => commandOutcome(words, result),
    event: (event: EventFacts) => eventSummary(words, event, unitsLine),
    /** The text a timeline row shows (a warning's marker note without its machine line). */
    eventText: (event: EventFacts) => eventText(event),
  };
}

export type Names = ReturnType<typeof useNames>;
