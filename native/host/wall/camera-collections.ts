import { ApiError, type CameraGroup } from '../../api/index.ts';
import { refuseUnknownCameras } from './camera-check.ts';
import type { Timers } from '../../common/timers.ts';
import type { WallStore } from '../../store/wall-state.ts';

/**
 * An operator's favourite cameras and named groups (issue 12), which the
 * camera directory shows and a tour may be made from. Cameras must be in the
 * cache when marked or grouped; unmarking one the platform has since removed
 * is allowed (it is how the operator gets rid of it).
 */
export class CameraCollections {
  constructor(
    private readonly deps: { store: WallStore; knownCameras(ids: readonly string[]): Set<string>; timers: Pick<Timers, 'now'> },
  ) {}

  favourites(operator: string): string[] {
    return this.deps.store.favourites(operator);
  }

  setFavourite(operator: string, camera: string, on: boolean): string[] {
    if (on) refuseUnknownCameras([camera], (ids) => this.deps.knownCameras(ids));
    this.deps.store.setFavourite(operator, camera, on, this.deps.timers.now());
    return this.favourites(operator);
  }

  groups(operator: string): CameraGroup[] {
    return this.deps.store.groups(operator);
  }

  /** Saves a group (replacing one of that name), its cameras in the order given, each once. */
  saveGroup(operator: string, name: string, cameras: readonly string[]): CameraGroup[] {
    refuseUnknownCameras(cameras, (ids) => this.deps.knownCameras(ids));
    this.deps.store.putGroup(operator, { name, cameras: [...new Set(cameras)] }, this.deps.timers.now());
    return this.groups(operator);
  }

  deleteGroup(operator: string, name: string): CameraGroup[] {
    if (!this.deps.store.deleteGroup(operator, name)) throw new ApiError('not_found', `no camera group named "${name}"`);
    return this.groups(operator);
  }
}
