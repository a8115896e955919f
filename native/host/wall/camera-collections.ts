import { ApiError, type CameraGroup } from '../../api/index.ts';
import { refuseUnknownCameras } from './camera-check.ts';
import { refuseBeyondLimit, refuseLongList } from './wall-limits.ts';
import type { Timers } from '../../common/timers.ts';
import type { WallStore } from '../../store/wall-state.ts';

export interface CameraCollectionsDeps {
  store: WallStore;
  knownCameras(ids: readonly string[]): Set<string>;
  timers: Pick<Timers, 'now'>;
  /** The operator's favourites or groups changed: their windows are told (collections-feed.ts). */
  changed(operator: string): void;
}

/**
 * An operator's favourite cameras and named groups (issue 12), which the
 * camera directory shows and a tour may be made from. Cameras must be in the
 * cache when marked or grouped; unmarking one the platform has since removed
 * is allowed (it is how the operator gets rid of it). How many are kept is
 * bounded (rules.ts WALL_LIMITS), checked before anything is written.
 */
export class CameraCollections {
  constructor(private readonly deps: CameraCollectionsDeps) {}

  favourites(operator: string): string[] {
    return this.deps.store.favourites(operator);
  }

  setFavourite(operator: string, camera: string, on: boolean): string[] {
    if (on) {
      refuseUnknownCameras([camera], (ids) => this.deps.knownCameras(ids));
      refuseBeyondLimit(this.deps.store, operator, 'favourites', camera);
    }
    const before = this.deps.store.has(operator, 'favourites', camera);
    this.deps.store.setFavourite(operator, camera, on, this.deps.timers.now());
    if (before !== on) this.deps.changed(operator);
    return this.favourites(operator);
  }

  groups(operator: string): CameraGroup[] {
    return this.deps.store.groups(operator);
  }

  /** Saves a group (replacing one of that name), its cameras in the order given, each once. */
  saveGroup(operator: string, name: string, cameras: readonly string[]): CameraGroup[] {
    const listed = [...new Set(cameras)];
    refuseLongList(listed, 'group');
    refuseUnknownCameras(listed, (ids) => this.deps.knownCameras(ids));
    refuseBeyondLimit(this.deps.store, operator, 'groups', name);
    this.deps.store.putGroup(operator, { name, cameras: listed }, this.deps.timers.now());
    this.deps.changed(operator);
    return this.groups(operator);
  }

  deleteGroup(operator: string, name: string): CameraGroup[] {
    if (!this.deps.store.deleteGroup(operator, name)) throw new ApiError('not_found', `no camera group named "${name}"`);
    this.deps.changed(operator);
    return this.groups(operator);
  }
}
