import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { useConsoleClient } from '../../api/inject.ts';

/** The most ids one `volunteers.names` call takes (the contract's limit). */
const MAX_IDS = 200;

/**
 * Volunteers' names by id, asked of the cache (`volunteers.names`) as offers
 * name them and kept for the session: an operator reads "陈** 已接单", never
 * `vol-00042`. One store for every offer on screen, so a timeline of several
 * offers asks once per id. An id the cache does not hold yet is asked again
 * the next time it is wanted; until then the caller shows its own fallback.
 */
export const useVolunteerNames = defineStore('volunteerNames', () => {
  const client = useConsoleClient();
  const names = shallowRef<ReadonlyMap<string, string>>(new Map());
  const asking = new Set<string>();

  /** Asks for the names of `ids` not known or already being asked. */
  async function want(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !names.value.has(id) && !asking.has(id));
    for (let from = 0; from < missing.length; from += MAX_IDS) {
      const batch = missing.slice(from, from + MAX_IDS);
      for (const id of batch) asking.add(id);
      try {
        const found = await client.call('volunteers.names', { ids: batch });
        if (found.length) names.value = new Map([...names.value, ...found.map((v) => [v.id, v.name] as const)]);
      } catch {
        // Names are a courtesy: the offer still shows, with the fallback, and the next want asks again.
      } finally {
        for (const id of batch) asking.delete(id);
      }
    }
  }

  /** The name of volunteer `id`, or null while unknown. */
  function nameOf(id: string | null | undefined): string | null {
    return id ? (names.value.get(id) ?? null) : null;
  }

  return { names, want, nameOf };
});
