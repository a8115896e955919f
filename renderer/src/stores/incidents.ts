import { defineStore, storeToRefs } from 'pinia';
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { EntityKindName, IncidentRow, Params } from '../../../native/api/index.ts';
import { OPEN_STATUSES } from '../../../native/api/rules.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { coalescedRefresh, keepFresh } from './coalesced-refresh.ts';

const INCIDENT_KINDS: ReadonlySet<EntityKindName> = new Set(['incident']);


/** The board's first page: open incidents, most urgent first. */
export function boardPageParams(): Params<'incidents.page'> {
  return { filter: { status: [...OPEN_STATUSES] }, sort: 'priority', offset: 0, limit: 50 };
}

/** `overdue` is decided when the page is read; re-read this often even with no changes. */
export const BOARD_RECHECK_MS = 60_000;

/** The incident board's first page, kept live from `entities.changed`. */
export const useIncidentsStore = defineStore('incidents', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  /** Rows are replaced whole on each refresh, never mutated: no deep reactivity. */
  const rows = shallowRef<readonly IncidentRow[]>([]);
  const total = ref(0);
  /** A page has arrived since sign-in. */
  const loaded = ref(false);
  const error = shallowRef<ApiCallError | null>(null);
  // Bumped on sign-out, so an answer to a query sent before it is dropped.
  let generation = 0;

  async function load(): Promise<void> {
    if (!signedInWithRole.value) return;
    const asked = generation;
    try {
      const page = await client.call('incidents.page', boardPageParams());
      if (asked !== generation) return;
      rows.value = Object.freeze(page.rows);
      total.value = page.total;
      loaded.value = true;
      error.value = null;
    } catch (e) {
      if (asked === generation) error.value = asApiCallError(e);
    }
  }

  const refresher = coalescedRefresh(load, timers);

  function clear(): void {
    generation++;
    rows.value = [];
    total.value = 0;
    loaded.value = false;
    error.value = null;
  }

  watch(
    signedInWithRole,
    (signedIn) => {
      if (signedIn) refresher.request();
      else clear();
    },
    { immediate: true },
  );

  keepFresh({ client, timers, active: () => signedInWithRole.value, kinds: INCIDENT_KINDS, recheckMs: BOARD_RECHECK_MS, request: refresher.request });
  onScopeDispose(() => {
    refresher.dispose();
  });

  return { rows, total, loaded, error, refresh: refresher.request };
});
