import { defineStore, storeToRefs } from 'pinia';
import { computed, inject, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { routerKey } from 'vue-router';
import type { Selection } from '../../../native/api/index.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { useConsoleClient } from '../api/inject.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { latestWins } from './live-query.ts';
import { windowIdOf } from './workspace.ts';

/**
 * The incident this window shows as selected, shared by every window of the
 * operator through the host (issue 13): a selection made here is shown at
 * once and sent (`selection.set`); one made in another window arrives on
 * the `selection` topic and is followed — the detail shows it, the map
 * centres on it, the wall offers its nearest cameras. Changes are ordered
 * by the host's `seq`, answers and pushes alike, so a late answer never
 * undoes a newer choice. While this window's own choices are on their way
 * it keeps showing the last one it made (no flicker back through the
 * echoes of earlier ones); then it shows the newest the host knows.
 *
 * Several pages may share one window id (three tabs of `#/taker` are all
 * the console window), so a push is never ignored for naming this window:
 * one that repeats what is shown changes nothing anyway.
 *
 * A pinned window (its workspace entry, set by the workspace window view
 * through `setPinned`) ignores the pushes — a wall kept on one junction —
 * and catches up with the newest selection when unpinned. What is selected
 * in a pinned window is still shared: the operator chose it.
 */
export const useSelectionStore = defineStore('selection', () => {
  const client = useConsoleClient();
  const { signedInWithRole } = storeToRefs(useSessionStore());
  // Which window this page is, read from its route as the workspace store reads it ('main' but for `#/w/<id>`).
  const router = inject(routerKey, null);

  const selected = ref<string | null>(null);
  /**
   * Bumped by every selection made here, the same incident again included,
   * and by every change followed from elsewhere: a panel that lets the
   * operator put a selection aside (the wall's nearest-cameras bar) shows
   * it again when it is picked again.
   */
  const picks = ref(0);
  const pinned = ref(false);
  /** Why the last read or change failed; null once one succeeds. */
  const error = shallowRef<ApiCallError | null>(null);

  /** The newest selection the host has told this window of (answers and pushes), by seq. */
  let newest: Selection | null = null;
  /** This window's own changes on their way to the host, and the last of them. */
  let sending = 0;
  let lastSent: string | null = null;
  /** Answers from before a sign-out or a reconnect are not this session's. */
  const session = latestWins();

  function show(incident: string | null): void {
    if (selected.value === incident) return;
    selected.value = incident;
    picks.value++;
  }

  /** Shows the newest selection, unless pinned or while this window's own choices are on their way. */
  function follow(): void {
    if (pinned.value || sending > 0 || newest === null) return;
    show(newest.incident);
  }

  /** Takes a selection from the host unless a newer one is known; `replace`: what the host holds now wins whatever its seq (a restarted host counts again from 0). */
  function accept(next: Selection, replace = false): void {
    if (!replace && newest !== null && next.seq <= newest.seq) return;
    newest = next;
    follow();
  }

  /** Selects `incident` (null: nothing) here at once, then for every window of the operator. */
  async function select(incident: string | null): Promise<void> {
    // Picked again (a second click, a row's click after its cursor move): nothing new for the host.
    const hostHasIt = incident === selected.value && (sending > 0 ? lastSent === incident : newest?.incident === incident);
    selected.value = incident;
    picks.value++;
    if (!signedInWithRole.value || hostHasIt) return;
    lastSent = incident;
    const stillThisSession = session.join();
    const knownBefore = newest?.seq ?? -1;
    sending++;
    try {
      const answer = await client.call('selection.set', { incident, window: windowIdOf(router?.currentRoute.value) });
      if (!stillThisSession()) return;
      sending--;
      error.value = null;
      accept(answer);
      // Another window's newer choice may have come while this one was on its way: it wins.
      follow();
    } catch (e) {
      if (!stillThisSession()) return;
      sending--;
      // The other windows did not hear of it; this one keeps what the operator picked, unless another window chose since.
      error.value = asApiCallError(e);
      if ((newest?.seq ?? -1) > knownBefore) follow();
    }
  }

  /** Pinned: pushes are ignored. Unpinned again: the newest selection is shown. */
  function setPinned(flag: boolean): void {
    pinned.value = flag;
    follow();
  }

  async function load(): Promise<void> {
    const stillThisSession = session.next();
    sending = 0;
    try {
      const now = await client.call('selection.get', {});
      if (!stillThisSession()) return;
      error.value = null;
      accept(now, true);
    } catch (e) {
      if (stillThisSession()) error.value = asApiCallError(e);
    }
  }

  function clear(): void {
    session.next();
    newest = null;
    sending = 0;
    error.value = null;
    show(null);
  }

  const offTopic = client.subscribe('selection', (next) => {
    if (signedInWithRole.value) accept(next);
  });
  // A host restarted while this window waited has counted seq again from 0: what it holds now is the truth.
  const offStatus = client.onStatusChange((status) => {
    if (status.state !== 'connected' || !signedInWithRole.value) return;
    newest = null;
    void load();
  });
  watch(
    signedInWithRole,
    (signedIn) => {
      clear();
      if (signedIn) void load();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    offTopic();
    offStatus();
  });

  return {
    selected: computed(() => selected.value),
    picks: computed(() => picks.value),
    pinned: computed(() => pinned.value),
    error,
    select,
    setPinned,
  };
});
