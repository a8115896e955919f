import { storeToRefs } from 'pinia';
import type { EntityKindName, Result } from '../../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { useSessionStore } from '../../stores/session.ts';
import { liveQuery } from '../../stores/live-query.ts';
import { useDashboardVisible } from './dashboard-visible.ts';

export type TrafficRow = Result<'cameras.traffic'>[number];

/** Tiles in the strip: one row on a wide dashboard. */
export const STRIP_TILES = 6;
/** Demo roads change every few seconds somewhere in the city; the strip need not follow each one. */
export const STRIP_MIN_INTERVAL_MS = 3_000;
/** A road's level moving, or a camera going offline or back, may change which cameras the strip shows. */
const STALE: ReadonlySet<EntityKindName> = new Set(['road', 'camera']);

/**
 * The cameras of the most congested roads (`cameras.traffic`), re-read
 * when roads or cameras change — coalesced, and not while the dashboard is
 * off screen (caught up the moment it is shown). Call in a component's setup.
 */
export function useTrafficCameras() {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());
  const shown = useDashboardVisible();
  return liveQuery({
    client,
    timers,
    fetch: async () => Object.freeze(await client.call('cameras.traffic', { k: STRIP_TILES })),
    enabled: () => signedInWithRole.value,
    paused: () => !shown.value,
    stale: STALE,
    minIntervalMs: STRIP_MIN_INTERVAL_MS,
  });
}
