import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, shallowRef, watch } from 'vue';
import type { SavedView, WallLayout, WallState } from '../../../native/api/index.ts';
import { wallTileCount } from '../../../native/api/rules.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { useConsoleClient } from '../api/inject.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { useWallCollectionsStore } from './wall-collections.ts';

/** The wall before the host's first answer (and for a role without one): four empty tiles. */
const BLANK_LAYOUT: WallLayout = '4';

/**
 * The operator's wall as the host holds it (issue 12): layout, the camera in
 * each tile, the maximised tile, the view last applied and the tour. The
 * host keeps it in state.db and pushes every change on `wall.state`, so two
 * windows of one operator show one wall and a restart restores it; this
 * store only mirrors it. Each change is a `wall.*` call whose answer is the
 * new state (shown at once; the push that follows carries the same rev).
 * States are ordered by `rev`: a late answer never undoes a newer push.
 * The saved views follow `wall.collections`, so a view saved in another
 * window of the operator is listed here at once.
 */
export const useWallStore = defineStore('wall', () => {
  const client = useConsoleClient();
  const { signedInWithRole, operator, role } = storeToRefs(useSessionStore());

  const state = shallowRef<Readonly<WallState> | null>(null);
  const views = shallowRef<readonly SavedView[]>([]);
  /** Why the last change or read failed; cleared by the next that succeeds. */
  const error = shallowRef<ApiCallError | null>(null);

  /** The roles the host serves a wall to (a call taker has none). */
  const hasWall = computed(() => signedInWithRole.value && (role.value === 'video_patroller' || role.value === 'duty_chief'));

  /** Takes a state from the host unless it is another operator's or older than the one shown. */
  function accept(next: WallState, replace = false): void {
    if (next.operator !== operator.value?.id) return;
    const shown = state.value;
    if (!replace && shown && shown.operator === next.operator && next.rev < shown.rev) return;
    state.value = Object.freeze({ ...next, tiles: Object.freeze([...next.tiles]) as (string | null)[] });
  }

  async function load(): Promise<void> {
    try {
      // What the host holds now wins over what was shown before a reconnect, whatever its rev (a state.db restored or reset).
      accept(await client.call('wall.get', {}), true);
      views.value = Object.freeze(await client.call('wall.views.list', {}));
      error.value = null;
    } catch (e) {
      error.value = asApiCallError(e);
    }
  }

  const offTopic = client.subscribe('wall.state', (next) => accept(next));
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected' && hasWall.value) void load();
  });
  watch(
    [hasWall, () => operator.value?.id ?? null],
    ([on]) => {
      state.value = null;
      views.value = [];
      error.value = null;
      if (on) void load();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    offTopic();
    offStatus();
  });
  const collections = useWallCollectionsStore();
  watch(
    () => collections.pushed,
    (pushed) => {
      if (pushed && hasWall.value) views.value = Object.freeze([...pushed.views]);
    },
    { immediate: true },
  );

  /** Runs a change on the host and shows its answer; false (and `error` says why) when refused. */
  async function change(ask: () => Promise<WallState>): Promise<boolean> {
    try {
      accept(await ask());
      error.value = null;
      return true;
    } catch (e) {
      error.value = asApiCallError(e);
      return false;
    }
  }

  const layout = computed<WallLayout>(() => state.value?.layout ?? BLANK_LAYOUT);
  const tiles = computed<readonly (string | null)[]>(
    () => state.value?.tiles ?? Array.from({ length: wallTileCount(BLANK_LAYOUT) }, () => null),
  );
  const maximised = computed(() => state.value?.maximised ?? null);
  const viewName = computed(() => state.value?.view ?? null);
  /** The cameras on the wall, in tile order. */
  const cameras = computed(() => tiles.value.filter((id): id is string => id !== null));

  function setLayout(next: WallLayout): Promise<boolean> {
    return change(() => client.call('wall.set', { layout: next }));
  }
  function place(camera: string, tile?: number): Promise<boolean> {
    return change(() => client.call('wall.place', tile === undefined ? { camera } : { camera, tile }));
  }
  function placeMany(list: readonly string[]): Promise<boolean> {
    return change(() => client.call('wall.placeMany', { cameras: [...list] }));
  }
  function clearTile(index: number): Promise<boolean> {
    const next = [...tiles.value];
    if (index < 0 || index >= next.length || next[index] === null) return Promise.resolve(true);
    next[index] = null;
    return change(() => client.call('wall.set', { tiles: next }));
  }
  function maximise(index: number | null): Promise<boolean> {
    return change(() => client.call('wall.set', { maximised: index }));
  }
  /** "Open on the wall" (the camera preview): the first empty tile, or the last one; nothing when it is up already. */
  function open(camera: string): Promise<boolean> {
    return cameras.value.includes(camera) ? Promise.resolve(true) : place(camera);
  }

  /** Runs a change of the saved views and shows the list it answers (the wall's `view` follows on the topic). */
  async function changeViews(ask: () => Promise<SavedView[]>): Promise<boolean> {
    try {
      views.value = Object.freeze(await ask());
      error.value = null;
      return true;
    } catch (e) {
      error.value = asApiCallError(e);
      return false;
    }
  }
  function refreshViews(): Promise<boolean> {
    return changeViews(() => client.call('wall.views.list', {}));
  }
  /** Saves the wall's layout and tiles as `name` (replacing a view of that name). */
  function saveView(name: string): Promise<boolean> {
    return changeViews(() => client.call('wall.views.save', { name }));
  }
  function applyView(name: string): Promise<boolean> {
    return change(() => client.call('wall.views.apply', { name }));
  }
  function deleteView(name: string): Promise<boolean> {
    return changeViews(() => client.call('wall.views.delete', { name }));
  }

  return {
    state,
    hasWall,
    layout,
    tiles,
    maximised,
    viewName,
    cameras,
    views,
    error,
    setLayout,
    place,
    placeMany,
    clearTile,
    maximise,
    open,
    refreshViews,
    saveView,
    applyView,
    deleteView,
  };
});
