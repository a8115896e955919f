import { computed, watch, type Ref } from 'vue';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { latestQuery } from '../../stores/live-query.ts';
import { asApiCallError } from '../../stores/session.ts';

/** How many of a warning's incidents a card names (a surge may carry 200); the rest are counted. */
export const INCIDENTS_LISTED = 10;

/** What a warning card says about one of its incidents: its title and status, or that the cache has it not. */
export type IncidentFacts = { id: string; title: string; status: string } | { id: string; missing: true };

/**
 * The title and status of the incidents a warning card lists, read with
 * `incident.get` (the contract has no read by ids; a card lists at most
 * INCIDENTS_LISTED) and read again when the warning is recomputed
 * (`version`: its `updatedAt`), so a status changed meanwhile shows.
 */
export function useIncidentFacts(ids: Ref<readonly string[]>, version: Ref<number>) {
  const client = useConsoleClient();
  const listed = computed(() => ids.value.slice(0, INCIDENTS_LISTED));
  const query = latestQuery(
    (wanted: readonly string[]) =>
      Promise.all(
        wanted.map(async (id): Promise<IncidentFacts> => {
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
    { timers: useTimers() },
  );
  watch([() => listed.value.join('\n'), version], () => void query.ask(listed.value), { immediate: true });
  const facts = computed(() => new Map((query.data.value ?? []).map((f) => [f.id, f])));
  return { listed, facts, error: query.error, more: computed(() => Math.max(0, ids.value.length - INCIDENTS_LISTED)) };
}
