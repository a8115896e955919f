import { storeToRefs } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import { WALL_LIMITS, wallNameProblem } from '../../../../native/api/rules.ts';
import type { ApiCallError } from '../../api/api-call-error.ts';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { latestQuery, liveQuery } from '../../stores/live-query.ts';
import { asApiCallError, useSessionStore } from '../../stores/session.ts';
import { useWallCollectionsStore } from '../../stores/wall-collections.ts';
import type { CameraGroup, DirectoryCamera } from './directory-tree.ts';

/** How long typing pauses before the search is asked. */
export const DIRECTORY_SEARCH_DEBOUNCE_MS = 200;
/** Matches a search shows: more than a screen, few enough to read. */
export const DIRECTORY_SEARCH_LIMIT = 200;
/**
 * Re-reads of the whole directory (3,000 short rows) after camera changes
 * start at least this far apart: flapping cameras change every few minutes
 * each, and a status a few seconds late in a list is no harm.
 */
export const DIRECTORY_MIN_INTERVAL_MS = 5_000;

/** A limit of rules.ts WALL_LIMITS the operator would pass: said before asking the host, which would refuse it. */
export interface DirectoryLimit {
  key: 'favouritesFull' | 'groupsFull' | 'groupTooBig' | 'groupName';
  n: number;
}

/**
 * The directory's data: every camera with its status (kept current from
 * `entities.changed`), the ranked search, and the operator's favourites and
 * groups (per operator in the host's state.db, followed on `wall.collections`
 * when another window of the operator changes them). A role that may not keep
 * favourites (the host refuses with `forbidden`) simply has none to show.
 * Favourites and groups are bounded (rules.ts WALL_LIMITS): a change past a
 * limit is not sent, and `limit` says which.
 */
export function useCameraDirectory() {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  const directory = liveQuery({
    client,
    timers,
    fetch: () => client.call('cameras.directory', {}),
    enabled: () => signedInWithRole.value,
    stale: new Set(['camera']),
    minIntervalMs: DIRECTORY_MIN_INTERVAL_MS,
  });
  const search = latestQuery((q: string) => client.call('cameras.search', { q, limit: DIRECTORY_SEARCH_LIMIT }), {
    timers,
    debounceMs: DIRECTORY_SEARCH_DEBOUNCE_MS,
  });

  const favourites = shallowRef<readonly string[]>([]);
  const groups = shallowRef<readonly CameraGroup[]>([]);
  /** False once the host said this role keeps no favourites and groups. */
  const personal = shallowRef(true);
  const failure = shallowRef<ApiCallError | null>(null);
  const limit = shallowRef<DirectoryLimit | null>(null);

  /** Says the limit passed and sends nothing; false. */
  function refuse(key: DirectoryLimit['key'], n: number): false {
    limit.value = { key, n };
    return false;
  }

  async function attempt<T>(call: () => Promise<T>): Promise<T | null> {
    limit.value = null;
    try {
      const result = await call();
      failure.value = null;
      return result;
    } catch (error) {
      const e = asApiCallError(error);
      if (e.code === 'forbidden') personal.value = false;
      else failure.value = e;
      return null;
    }
  }

  async function loadPersonal(): Promise<void> {
    const [fav, grp] = await Promise.all([attempt(() => client.call('cameras.favourites', {})), attempt(() => client.call('cameras.groups', {}))]);
    if (fav) favourites.value = fav;
    if (grp) groups.value = grp;
  }
  watch(
    signedInWithRole,
    (on) => {
      favourites.value = [];
      groups.value = [];
      personal.value = true;
      if (on) void loadPersonal();
      else search.reset();
    },
    { immediate: true },
  );
  // What another window of the operator marked or grouped shows here too.
  const collections = useWallCollectionsStore();
  watch(
    () => collections.pushed,
    (pushed) => {
      if (!pushed || !personal.value) return;
      favourites.value = pushed.favourites;
      groups.value = pushed.groups;
    },
    { immediate: true },
  );

  /** Whether a group of these cameras may be saved as `name`: its name, its size, and room for a new group. */
  function groupFits(name: string, ids: readonly string[]): boolean {
    if (wallNameProblem(name) !== null) return refuse('groupName', WALL_LIMITS.nameLength);
    if (new Set(ids).size > WALL_LIMITS.listCameras) return refuse('groupTooBig', WALL_LIMITS.listCameras);
    const isNew = !groups.value.some((g) => g.name === name.trim());
    if (isNew && groups.value.length >= WALL_LIMITS.groups) return refuse('groupsFull', WALL_LIMITS.groups);
    return true;
  }

  const cameras = computed<readonly DirectoryCamera[]>(() => directory.data.value ?? []);
  const byId = computed(() => new Map(cameras.value.map((c) => [c.id, c])));
  const favouriteSet = computed(() => new Set(favourites.value));

  return {
    cameras,
    byId,
    loaded: computed(() => directory.data.value !== null),
    loading: directory.loading,
    favourites,
    favouriteSet,
    groups,
    personal,
    /** Ids found by the last search, best first; null when none was asked (or the text was cleared). */
    found: computed(() => search.data.value?.map((r) => r.id) ?? null),
    searching: search.loading,
    error: computed(() => failure.value ?? directory.error.value ?? search.error.value),
    /** The limit the last change would have passed (nothing was sent), or null. */
    limit,
    find(text: string): void {
      const q = text.trim();
      if (q === '') search.reset();
      else search.askSoon(q.slice(0, 60));
    },
    async toggleFavourite(camera: string): Promise<void> {
      const on = !favouriteSet.value.has(camera);
      if (on && favourites.value.length >= WALL_LIMITS.favourites) return void refuse('favouritesFull', WALL_LIMITS.favourites);
      const next = await attempt(() => client.call('cameras.favourites.set', { camera, on }));
      if (next) favourites.value = next;
    },
    async saveGroup(name: string, ids: readonly string[]): Promise<boolean> {
      if (!groupFits(name, ids)) return false;
      const next = await attempt(() => client.call('cameras.groups.save', { name, cameras: [...ids] }));
      if (next) groups.value = next;
      return next !== null;
    },
    /** Adds cameras to a group; false when it could not (the group past its limit, or the host refused). */
    async addToGroup(name: string, ids: readonly string[]): Promise<boolean> {
      const group = groups.value.find((g) => g.name === name);
      if (!group) return false;
      const cameras = [...new Set([...group.cameras, ...ids])];
      if (!groupFits(name, cameras)) return false;
      const next = await attempt(() => client.call('cameras.groups.save', { name, cameras }));
      if (next) groups.value = next;
      return next !== null;
    },
    /** Takes a camera out of a group; a group left empty goes (the host keeps no empty group). */
    async removeFromGroup(name: string, camera: string): Promise<void> {
      const group = groups.value.find((g) => g.name === name);
      if (!group) return;
      const rest = group.cameras.filter((id) => id !== camera);
      const next = await attempt(() =>
        rest.length === 0 ? client.call('cameras.groups.delete', { name }) : client.call('cameras.groups.save', { name, cameras: rest }),
      );
      if (next) groups.value = next;
    },
    async deleteGroup(name: string): Promise<void> {
      const next = await attempt(() => client.call('cameras.groups.delete', { name }));
      if (next) groups.value = next;
    },
  };
}
