import { defineStore, storeToRefs } from 'pinia';
import { computed } from 'vue';
import type { EntityKindName, IncidentRow, Params } from '../../../native/api/index.ts';
import { OPEN_STATUSES } from '../../../native/api/rules.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { useSessionStore } from './session.ts';
import { liveQuery } from './live-query.ts';

const INCIDENT_KINDS: ReadonlySet<EntityKindName> = new Set(['incident']);

/** The board's first page: open incidents, most urgent first. */
export function boardPageParams(): Params<'incidents.page'> {
  return { filter: { status: [...OPEN_STATUSES] }, sort: 'priority', offset: 0, limit: 50 };
}

/** `overdue` is decided when the page is read; re-read this often even with no changes. */
export const BOARD_RECHECK_MS = 60_000;

const NO_ROWS: readonly IncidentRow[] = Object.freeze([]);

/** The incident board's first page, kept live from `entities.changed`. */
export const useIncidentsStore = defineStore('incidents', () => {
  const client = useConsoleClient();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  const page = liveQuery({
    client,
    timers: useTimers(),
    // Rows are replaced whole on each refresh, never mutated: no deep reactivity.
    fetch: async () => {
      const { rows, total } = await client.call('incidents.page', boardPageParams());
      return { rows: Object.freeze(rows), total };
    },
    enabled: () => signedInWithRole.value,
    stale: INCIDENT_KINDS,
    recheckMs: BOARD_RECHECK_MS,
  });

  const rows = computed(() => page.data.value?.rows ?? NO_ROWS);
  const total = computed(() => page.data.value?.total ?? 0);
  /** A page has arrived since sign-in. */
  const loaded = computed(() => page.data.value !== null);

  return { rows, total, loaded, error: page.error, refresh: page.refresh };
});
