import { defineStore, storeToRefs } from 'pinia';
import { readonly, ref, watch } from 'vue';
import { useSessionStore } from './session.ts';

/** The video patroller's wall: 2×2 tiles (issue 12 brings layouts of 1 to 25 and hotspots). */
export const WALL_SIZE = 4;
export const WALL_STORAGE_PREFIX = 'egret.wall.';
const MAX_ID_LENGTH = 200;

/** The cameras on the wall as `raw` (localStorage text) holds them; null when it is not a valid wall. */
export function parseWall(raw: string | null): string[] | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length > WALL_SIZE) return null;
  if (!value.every((id) => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH)) return null;
  return [...new Set(value as string[])];
}

/** Where `cameraId` goes on a wall holding `cameras`: appended, or in place of the longest shown when full. */
export function withCamera(cameras: readonly string[], cameraId: string): string[] {
  if (cameras.includes(cameraId)) return [...cameras];
  const kept = cameras.length < WALL_SIZE ? cameras : cameras.slice(1);
  return [...kept, cameraId];
}

function storageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (privacy settings): the wall just is not remembered
  }
}

/**
 * Which cameras the wall shows, in tile order, remembered per operator in
 * this browser's localStorage for now (issue 12 moves named views to the
 * host's state.db so every window shares them). "Open on the wall" from a
 * camera's preview adds to it.
 */
export const useWallStore = defineStore('wall', () => {
  const { operator } = storeToRefs(useSessionStore());
  const cameras = ref<string[]>([]);
  const storage = storageOrNull();
  let key: string | null = null;

  // Another operator signing in here gets their own wall, never the last one's.
  watch(
    () => operator.value?.id ?? null,
    (id) => {
      key = id === null ? null : WALL_STORAGE_PREFIX + id;
      cameras.value = key === null ? [] : (parseWall(storage?.getItem(key) ?? null) ?? []);
    },
    { immediate: true },
  );

  function save(next: string[]): void {
    cameras.value = next;
    if (key === null) return;
    try {
      storage?.setItem(key, JSON.stringify(next));
    } catch {
      // Storage full or refused: the wall works, it is just not remembered.
    }
  }

  /** Puts a camera on the wall (nothing changes when it is there already). */
  function open(cameraId: string): void {
    save(withCamera(cameras.value, cameraId));
  }

  function remove(cameraId: string): void {
    save(cameras.value.filter((id) => id !== cameraId));
  }

  return { cameras: readonly(cameras), open, remove };
});
