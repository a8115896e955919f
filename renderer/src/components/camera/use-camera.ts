import { storeToRefs } from 'pinia';
import { computed } from 'vue';
import type { Result } from '../../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { liveQuery } from '../../stores/live-query.ts';
import { useSessionStore } from '../../stores/session.ts';

export type CameraInfo = Result<'cameras.get'>;

/** Re-reads for a burst of changes to the camera start at least this far apart. */
const CAMERA_MIN_INTERVAL_MS = 1_000;

/**
 * One camera as the cache holds it, kept current: its status going offline
 * (or back) reaches the tile through `entities.changed`, so an offline
 * camera stops playing and a camera back online plays again.
 */
export function useCamera(cameraId: () => string | null) {
  const client = useConsoleClient();
  const { signedInWithRole } = storeToRefs(useSessionStore());
  const query = liveQuery({
    client,
    timers: useTimers(),
    fetch: () => client.call('cameras.get', { id: cameraId()! }),
    // An empty tile asks for nothing.
    enabled: () => signedInWithRole.value && cameraId() !== null,
    key: cameraId,
    stale: (batch) => {
      const id = cameraId();
      return id !== null && batch.some((change) => change.kind === 'camera' && (change.upserted.includes(id) || change.deleted.includes(id)));
    },
    minIntervalMs: CAMERA_MIN_INTERVAL_MS,
  });
  /** The cache has no such camera (deleted, or never synced). */
  const missing = computed(() => query.error.value?.code === 'not_found');
  const error = computed(() => (missing.value ? null : query.error.value));
  return { camera: query.data, loading: query.loading, missing, error };
}
