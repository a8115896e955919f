import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, shallowRef, watch } from 'vue';
import type { TourDef } from '../../../../native/api/index.ts';
import type { ApiCallError } from '../../api/api-call-error.ts';
import { useConsoleClient } from '../../api/inject.ts';
import { asApiCallError, useSessionStore } from '../../stores/session.ts';
import { useWallStore } from '../../stores/wall.ts';
import { useWallCollectionsStore } from '../../stores/wall-collections.ts';

/**
 * The operator's tours (轮巡: a camera sequence with a dwell time) and the
 * one running on the wall. Tours run in the host (its timer steps them and
 * the wall state carries the run), so a tour goes on in every window, across
 * a window closed and a restart; this store lists the definitions and asks
 * the host to start, pause, resume and stop. What runs is read from the
 * wall's state (`wall.state.tour`), never kept here; the definitions follow
 * `wall.collections`, so a tour saved in another window is listed at once.
 */
export const useToursStore = defineStore('tours', () => {
  const client = useConsoleClient();
  const wall = useWallStore();
  const { operator } = storeToRefs(useSessionStore());

  const tours = shallowRef<readonly TourDef[]>([]);
  /** Why the last call failed; cleared by the next that succeeds. */
  const error = shallowRef<ApiCallError | null>(null);

  /** The tour running on the wall (paused or not), or null. */
  const run = computed(() => wall.state?.tour ?? null);
  /** The running tour's definition (null when none runs, or it is not listed yet). */
  const running = computed(() => (run.value ? (tours.value.find((tour) => tour.name === run.value!.name) ?? null) : null));

  async function call<T>(ask: () => Promise<T>): Promise<T | null> {
    try {
      const result = await ask();
      error.value = null;
      return result;
    } catch (e) {
      error.value = asApiCallError(e);
      return null;
    }
  }

  async function refresh(): Promise<void> {
    const list = await call(() => client.call('wall.tours.list', {}));
    if (list) tours.value = Object.freeze(list);
  }

  // Another operator signing in here gets their own tours, never the last one's.
  watch(
    [() => wall.hasWall, () => operator.value?.id ?? null],
    ([on]) => {
      tours.value = [];
      error.value = null;
      if (on) void refresh();
    },
    { immediate: true },
  );
  // A tour started or saved from another window of this operator: its definition is read for the progress.
  watch(
    () => run.value?.name ?? null,
    (name) => {
      if (name !== null && wall.hasWall && !tours.value.some((tour) => tour.name === name)) void refresh();
    },
  );
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected' && wall.hasWall) void refresh();
  });
  onScopeDispose(offStatus);
  const collections = useWallCollectionsStore();
  watch(
    () => collections.pushed,
    (pushed) => {
      if (pushed && wall.hasWall) tours.value = Object.freeze([...pushed.tours]);
    },
    { immediate: true },
  );

  async function save(tour: TourDef): Promise<boolean> {
    const list = await call(() => client.call('wall.tours.save', tour));
    if (list) tours.value = Object.freeze(list);
    return list !== null;
  }
  async function remove(name: string): Promise<boolean> {
    const list = await call(() => client.call('wall.tours.delete', { name }));
    if (list) tours.value = Object.freeze(list);
    return list !== null;
  }

  // The answers are the new wall state; the wall store takes it from the `wall.state` push that follows.
  async function start(name: string, scope: 'tile' | 'wall', tile: number | null): Promise<boolean> {
    const params = scope === 'tile' && tile !== null ? { name, scope, tile } : { name, scope };
    return (await call(() => client.call('wall.tours.start', params))) !== null;
  }
  async function pause(): Promise<boolean> {
    return (await call(() => client.call('wall.tours.pause', {}))) !== null;
  }
  async function resume(): Promise<boolean> {
    return (await call(() => client.call('wall.tours.resume', {}))) !== null;
  }
  async function stop(): Promise<boolean> {
    return (await call(() => client.call('wall.tours.stop', {}))) !== null;
  }

  return { tours, error, run, running, refresh, save, remove, start, pause, resume, stop };
});
