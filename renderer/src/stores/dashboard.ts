import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, shallowRef, watch } from 'vue';
import type { Breakdowns, EntityKindName } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { coalescedRefresh, keepFresh } from './coalesced-refresh.ts';

/** Incidents move every breakdown; departments rename the workload's units. */
const COUNTED_KINDS: ReadonlySet<EntityKindName> = new Set(['incident', 'department']);
/** The breakdowns are heavier than today's counters and change less: every two seconds is live enough. */
export const DASHBOARD_MIN_INTERVAL_MS = 2_000;
/** Re-read anyway, so "today" rolls over at the platform's midnight with nothing else changing. */
export const DASHBOARD_RECHECK_MS = 60_000;

/**
 * The duty chief's breakdowns from `stats.breakdowns` (today's incidents by
 * district and source, linkage-unit workload, escalations waiting for the
 * city). Only a duty chief may ask; for other roles the store stays empty.
 */
export const useDashboardStore = defineStore('dashboard', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { role, signedInWithRole } = storeToRefs(useSessionStore());
  const allowed = computed(() => signedInWithRole.value && role.value === 'duty_chief');

  const breakdowns = shallowRef<Breakdowns | null>(null);
  const error = shallowRef<ApiCallError | null>(null);
  // A read that started before a sign-out (or role change) must not land after it.
  let generation = 0;

  async function load(): Promise<void> {
    if (!allowed.value) return;
    const asked = generation;
    try {
      const result = await client.call('stats.breakdowns', {});
      if (asked !== generation) return;
      breakdowns.value = Object.freeze(result);
      error.value = null;
    } catch (e) {
      if (asked === generation) error.value = asApiCallError(e);
    }
  }

  const refresher = coalescedRefresh(load, timers, DASHBOARD_MIN_INTERVAL_MS);

  watch(
    allowed,
    (yes) => {
      if (yes) {
        refresher.request();
      } else {
        generation++;
        breakdowns.value = null;
        error.value = null;
      }
    },
    { immediate: true },
  );

  keepFresh({ client, timers, active: () => allowed.value, kinds: COUNTED_KINDS, recheckMs: DASHBOARD_RECHECK_MS, request: refresher.request });
  onScopeDispose(() => {
    refresher.dispose();
  });

  return { breakdowns, error, refresh: refresher.request };
});
