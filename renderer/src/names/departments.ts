import { defineStore, storeToRefs } from 'pinia';
import { computed } from 'vue';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { liveQuery } from '../stores/live-query.ts';
import { useSessionStore } from '../stores/session.ts';
import type { Words } from './words.ts';

export interface Unit {
  name: string;
  kind: string;
}

/** A unit as shown: its name, and (only for an id the cache cannot name) the id for the tooltip. */
export interface UnitLabel {
  text: string;
  title: string | undefined;
}

/**
 * The linkage units (联动单位) by id, from the host's cache (`departments.list`
 * without a category: every unit, some seventy in a city), read once at
 * sign-in and again when the platform changes a department. A dispatch, a
 * timeline or the workload chart then names its units without a call each.
 */
export const useDepartmentNames = defineStore('departmentNames', () => {
  const client = useConsoleClient();
  const { signedInWithRole } = storeToRefs(useSessionStore());
  const query = liveQuery({
    client,
    timers: useTimers(),
    fetch: async (): Promise<ReadonlyMap<string, Unit>> => {
      const list = await client.call('departments.list', {});
      return new Map(list.map((d) => [d.id, { name: d.name, kind: d.kind }]));
    },
    enabled: () => signedInWithRole.value,
    stale: (batch) => batch.some((change) => change.kind === 'department'),
  });
  /** Null until the first answer (and after a sign-out). */
  const units = computed(() => query.data.value);
  return { units };
});

/**
 * Unit `id` by name. While the units are being read it shows "…"; an id the
 * cache does not hold (a unit the platform has not sent yet) reads "unknown
 * unit", with the id in the tooltip for whoever must look it up.
 */
export function unitLabel(words: Words, units: ReadonlyMap<string, Unit> | null, id: string): UnitLabel {
  if (units === null) return { text: words.t('names.reading'), title: undefined };
  const unit = units.get(id);
  return unit ? { text: unit.name, title: undefined } : { text: words.t('names.unknown.unit'), title: id };
}

/** Several units as one line, in the language's list separator. */
export function unitList(words: Words, units: ReadonlyMap<string, Unit> | null, ids: readonly string[]): string {
  return ids.map((id) => unitLabel(words, units, id).text).join(words.t('names.separator'));
}
