import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import type { WallCollections } from '../../../native/api/index.ts';
import { useConsoleClient } from '../api/inject.ts';
import { useSessionStore } from './session.ts';

/**
 * The operator's own collections — favourite cameras, groups, saved views,
 * tours — as the host pushes them on `wall.collections` after any change,
 * from this window or another of the operator's. The stores that show them
 * (the wall's views, the tours, the directory's favourites and groups) read
 * their lists at sign-in and take each call's answer at once; they follow
 * `pushed` for what the operator's other windows change. Another operator's
 * collections are never this window's.
 */
export const useWallCollectionsStore = defineStore('wallCollections', () => {
  const client = useConsoleClient();
  const { operator } = storeToRefs(useSessionStore());

  const latest = shallowRef<Readonly<WallCollections> | null>(null);

  const offTopic = client.subscribe('wall.collections', (next) => {
    const shown = latest.value;
    // Pushes of one connection come in order; a late one (lower rev) is never taken over a newer one.
    if (shown && shown.operator === next.operator && next.rev < shown.rev) return;
    latest.value = Object.freeze(next);
  });
  // A new connection (perhaps to a restarted host, counting revs from 0 again) starts with its snapshot.
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected') latest.value = null;
  });
  onScopeDispose(() => {
    offTopic();
    offStatus();
  });

  /** The signed-in operator's collections as last pushed; null before the first push, or when it was someone else's. */
  const pushed = computed(() => (latest.value && latest.value.operator === operator.value?.id ? latest.value : null));

  return { pushed };
});
