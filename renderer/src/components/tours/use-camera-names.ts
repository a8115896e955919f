import { computed } from 'vue';
import type { Result } from '../../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { latestQuery } from '../../stores/live-query.ts';

export type DirectoryCamera = Result<'cameras.directory'>[number];

/** How long typing pauses before the search is asked. */
const SEARCH_DEBOUNCE_MS = 200;
/** A picker's worth of matches. */
const SEARCH_LIMIT = 20;

/**
 * Cameras by name for the tour editor: the directory (all cameras with name,
 * district and status, read once as the editor opens: ~3,000 short rows) to
 * show names, never ids, and the host's ranked search (name, road, id,
 * pinyin initials) to find one by what the operator types.
 */
export function useCameraNames() {
  const client = useConsoleClient();
  const timers = useTimers();
  const directory = latestQuery(() => client.call('cameras.directory', {}), { timers });
  const search = latestQuery((q: string) => client.call('cameras.search', { q, limit: SEARCH_LIMIT }), { timers, debounceMs: SEARCH_DEBOUNCE_MS });

  const byId = computed(() => new Map((directory.data.value ?? []).map((camera) => [camera.id, camera])));
  /** The matches of the last search, as directory rows (a camera the directory does not hold yet is left out). */
  const matches = computed(() =>
    (search.data.value ?? []).map(({ id }) => byId.value.get(id)).filter((camera): camera is DirectoryCamera => camera !== undefined),
  );

  function find(text: string): void {
    const q = text.trim();
    if (q === '') return search.reset();
    search.askSoon(q);
  }

  return {
    byId,
    loaded: computed(() => directory.data.value !== null),
    matches,
    searched: computed(() => search.data.value !== null),
    error: computed(() => directory.error.value ?? search.error.value),
    load: () => directory.ask(),
    find,
  };
}
