import { computed, type Ref } from 'vue';
import { storeToRefs } from 'pinia';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { liveQuery } from '../../stores/live-query.ts';
import { asApiCallError, useSessionStore } from '../../stores/session.ts';

/** How many of a warning's incidents a card names (a surge may carry 200); the rest are counted. */
export const INCIDENTS_LISTED = 10;
/** Statuses move on: read again when incidents change, at most this often. */
export const INCIDENT_FACTS_MIN_INTERVAL_MS = 5_000;

/** What a warning card says about one of its incidents: its title and status, or that the cache has it not. */
export type IncidentFacts = { id: string; title: string; status: string } | { id: string; missing: true };

/**
 * The title and status of the incidents a warning card lists, read with
 * `incident.get` (the contract has no read by ids; a card lists at most
 * INCIDENTS_LISTED). Read again when the ids listed change and, throttled,
 * when incidents change — not on every recomputation of the warning, which
 * comes every few seconds while the archive loads and would overtake each
 * read before it is answered.
 */
export function useIncidentFacts(ids: Ref<readonly string[]>) {
  const client = useConsoleClient();
  const { signedInWithRole } = storeToRefs(useSessionStore());
  const listed = computed(() => ids.value.slice(0, INCIDENTS_LISTED));
  const query = liveQuery({
    client,
    timers: useTimers(),
    enabled: () => signedInWithRole.value && listed.value.length > 0,
    key: () => listed.value.join('\n'),
    stale: new Set(['incident']),
    minIntervalMs: INCIDENT_FACTS_MIN_INTERVAL_MS,
    fetch: () =>
      Promise.all(
        listed.value.map(async (id): Promise<IncidentFacts> => {
          try {
            const { incident } = await client.call('incident.get', { id });
            return { id, title: incident.title, status: incident.status };
          } catch (e) {
            // Gone from the cache (merged, or beyond what it keeps): said so. Anything else fails the read.
            if (asApiCallError(e).code === 'not_found') return { id, missing: true };
            throw e;
          }
        }),
      ),
  });
  const facts = computed(() => new Map((query.data.value ?? []).map((f) => [f.id, f])));
  return { listed, facts, error: query.error, more: computed(() => Math.max(0, ids.value.length - INCIDENTS_LISTED)) };
}
