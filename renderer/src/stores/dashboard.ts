import { defineStore, storeToRefs } from 'pinia';
import { computed, ref } from 'vue';
import type { EntityKindName } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { useSessionStore } from './session.ts';
import { liveQuery } from './live-query.ts';

/** Incidents move every breakdown; departments rename the workload's units. */
const COUNTED_KINDS: ReadonlySet<EntityKindName> = new Set(['incident', 'department']);
/** The breakdowns are heavier than today's counters and change less: every two seconds is live enough. */
export const DASHBOARD_MIN_INTERVAL_MS = 2_000;
/** Re-read anyway, so "today" rolls over at the platform's midnight with nothing else changing. */
export const DASHBOARD_RECHECK_MS = 60_000;

/**
 * The duty chief's breakdowns from `stats.breakdowns` (today's incidents by
 * district and source, linkage-unit workload, escalations waiting for the
 * city). Only a duty chief may ask; for other roles the store stays empty,
 * and a read that started before a sign-out (or role change) never lands.
 */
export const useDashboardStore = defineStore('dashboard', () => {
  const client = useConsoleClient();
  const { role, signedInWithRole } = storeToRefs(useSessionStore());
  const allowed = computed(() => signedInWithRole.value && role.value === 'duty_chief');
  /**
   * Whether the dashboard is on screen. Hidden (the chief on another tab), it
   * keeps its figures but does not re-read them: with 100,000 open incidents
   * the workload breakdown costs the host hundreds of milliseconds a read.
   */
  const shown = ref(true);

  const breakdowns = liveQuery({
    client,
    timers: useTimers(),
    fetch: async () => Object.freeze(await client.call('stats.breakdowns', {})),
    enabled: () => allowed.value,
    paused: () => !shown.value,
    stale: COUNTED_KINDS,
    minIntervalMs: DASHBOARD_MIN_INTERVAL_MS,
    recheckMs: DASHBOARD_RECHECK_MS,
  });

  function setShown(next: boolean): void {
    shown.value = next;
  }

  return { breakdowns: breakdowns.data, error: breakdowns.error, refresh: breakdowns.refresh, setShown };
});
