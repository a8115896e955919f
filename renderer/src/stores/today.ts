import { defineStore, storeToRefs } from 'pinia';
import type { EntityKindName } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { useSessionStore } from './session.ts';
import { liveQuery } from './live-query.ts';

/** Changes to these kinds move today's figures. */
const COUNTED_KINDS: ReadonlySet<EntityKindName> = new Set(['call', 'incident', 'road']);
/** A busy hour brings many changes a second; the figures need not follow each one. */
export const TODAY_MIN_INTERVAL_MS = 1_000;
/** Re-read anyway: the platform's day rolls over at its midnight, and overdue counts tick with time. */
export const TODAY_RECHECK_MS = 60_000;

/** Today's figures in the platform's time zone, from `stats.today`. */
export const useTodayStore = defineStore('today', () => {
  const client = useConsoleClient();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  const today = liveQuery({
    client,
    timers: useTimers(),
    fetch: async () => Object.freeze(await client.call('stats.today', {})),
    enabled: () => signedInWithRole.value,
    stale: COUNTED_KINDS,
    minIntervalMs: TODAY_MIN_INTERVAL_MS,
    recheckMs: TODAY_RECHECK_MS,
  });

  return { stats: today.data, error: today.error, refresh: today.refresh };
});
