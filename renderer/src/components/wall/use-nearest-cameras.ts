import { computed, type Ref } from 'vue';
import type { EntitiesChanged, Result } from '../../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { liveQuery } from '../../stores/live-query.ts';

export type NearCamera = Result<'cameras.nearest'>[number];

/** What the incident → cameras bar shows for one incident. */
export interface NearestAnswer {
  incident: string;
  title: string;
  /** False when the incident has no location: nothing to search from. */
  located: boolean;
  cameras: readonly NearCamera[];
}

/** Camera statuses come and go (flapping): re-read at most this often while they do. */
const MIN_INTERVAL_MS = 5_000;

/**
 * The `k` nearest online cameras of the incident `incidentId` (null: none
 * selected), from the cache's R*Tree (`cameras.nearest`), kept current as
 * the incident moves or cameras go on and off line. The latest selection
 * wins: an answer about an incident the operator has left is never shown.
 */
export function useNearestCameras(incidentId: Ref<string | null>, k: Ref<number>, enabled: () => boolean) {
  const client = useConsoleClient();
  const touches = (batch: readonly EntitiesChanged[]) =>
    batch.some((change) => change.kind === 'camera' || (change.kind === 'incident' && change.upserted.includes(incidentId.value ?? '')));

  const query = liveQuery<NearestAnswer>({
    client,
    timers: useTimers(),
    enabled: () => enabled() && incidentId.value !== null,
    key: () => `${incidentId.value}/${k.value}`,
    stale: touches,
    minIntervalMs: MIN_INTERVAL_MS,
    fetch: async () => {
      const id = incidentId.value!;
      const { incident } = await client.call('incident.get', { id });
      const located = typeof incident.lat === 'number' && typeof incident.lng === 'number';
      const cameras = located ? await client.call('cameras.nearest', { lat: incident.lat!, lng: incident.lng!, k: k.value, onlineOnly: true }) : [];
      return Object.freeze({ incident: id, title: incident.title, located, cameras: Object.freeze(cameras) });
    },
  });

  /** The answer for the incident selected now (never the previous one's while the new one is read). */
  const answer = computed(() => (query.data.value && query.data.value.incident === incidentId.value ? query.data.value : null));
  return { answer, error: query.error, loading: query.loading };
}
