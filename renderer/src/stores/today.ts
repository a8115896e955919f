import { defineStore, storeToRefs } from 'pinia';
import { onScopeDispose, shallowRef, watch } from 'vue';
import type { EntityKindName, TodayStats } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { coalescedRefresh, keepFresh } from './coalesced-refresh.ts';

/** Changes to these kinds move today's figures. */
const COUNTED_KINDS: ReadonlySet<EntityKindName> = new Set(['call', 'incident', 'road']);
/** A busy hour brings many changes a second; the figures need not follow each one. */
export const TODAY_MIN_INTERVAL_MS = 1_000;
/** Re-read anyway: the platform's day rolls over at its midnight, and overdue counts tick with time. */
export const TODAY_RECHECK_MS = 60_000;

/** Today's figures in the platform's time zone, from `stats.today`. */
export const useTodayStore = defineStore('today', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  const stats = shallowRef<TodayStats | null>(null);
  const error = shallowRef<ApiCallError | null>(null);
  let generation = 0;

  async function load(): Promise<void> {
    if (!signedInWithRole.value) return;
    const asked = generation;
    try {
      const result = await client.call('stats.today', {});
      if (asked !== generation) return;
      stats.value = Object.freeze(result);
      error.value = null;
    } catch (e) {
      if (asked === generation) error.value = asApiCallError(e);
    }
  }

  const refresher = coalescedRefresh(load, timers, TODAY_MIN_INTERVAL_MS);

  watch(
    signedInWithRole,
    (signedIn) => {
      if (signedIn) {
        refresher.request();
      } else {
        generation++;
        stats.value = null;
        error.value = null;
      }
    },
    { immediate: true },
  );

  keepFresh({ client, timers, active: () => signedInWithRole.value, kinds: COUNTED_KINDS, recheckMs: TODAY_RECHECK_MS, request: refresher.request });
  onScopeDispose(() => {
    refresher.dispose();
  });

  return { stats, error, refresh: refresher.request };
});
