import { ApiError, WALL_LIMITS } from '../../api/index.ts';
import type { WallCollection, WallStore } from '../../store/wall-state.ts';

const KEPT: { readonly [C in WallCollection]: { limit: number; what: string; free: string } } = {
  views: { limit: WALL_LIMITS.views, what: 'saved views', free: 'delete one, or save over one of the same name' },
  tours: { limit: WALL_LIMITS.tours, what: 'tours', free: 'delete one, or save over one of the same name' },
  groups: { limit: WALL_LIMITS.groups, what: 'camera groups', free: 'delete one, or save over one of the same name' },
  favourites: { limit: WALL_LIMITS.favourites, what: 'favourite cameras', free: 'unmark one first' },
};

/**
 * Refuses a new view, tour, group or favourite once the operator keeps as
 * many as rules.ts WALL_LIMITS allows; replacing one of the same name (or
 * marking a favourite again) takes no more room and always passes. Checked
 * before anything is written, so a refusal changes nothing.
 */
export function refuseBeyondLimit(store: WallStore, operator: string, collection: WallCollection, key: string): void {
  const { limit, what, free } = KEPT[collection];
  if (store.has(operator, collection, key)) return;
  if (store.count(operator, collection) < limit) return;
  throw new ApiError('invalid_params', `an operator keeps at most ${limit} ${what}: ${free}`);
}

/** Refuses a tour or group of more cameras than WALL_LIMITS.listCameras (the contract refuses longer lists already; this counts them once each). */
export function refuseLongList(cameras: readonly string[], what: 'tour' | 'group'): void {
  if (cameras.length <= WALL_LIMITS.listCameras) return;
  throw new ApiError('invalid_params', `a ${what} holds at most ${WALL_LIMITS.listCameras} cameras; this one has ${cameras.length}`);
}
