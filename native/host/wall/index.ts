import type { WallCollections, WallState } from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { knownCameras } from '../../store/queries/camera.ts';
import { WallStore } from '../../store/wall-state.ts';
import { CameraCollections } from './camera-collections.ts';
import { CollectionsFeed } from './collections-feed.ts';
import { WallService } from './wall-service.ts';

export { WallService } from './wall-service.ts';
export { CameraCollections } from './camera-collections.ts';

export interface CameraWallDeps {
  data: Pick<DataDir, 'state' | 'cache'>;
  timers: Timers;
  /** The signed-in operator's id, as the platform's welcome gave it; null when signed out. */
  signedIn(): string | null;
  /** Pushes the wall on `wall.state`. */
  publish(wall: WallState): void;
  /** Pushes the operator's favourites, groups, views and tours on `wall.collections`. */
  publishCollections(collections: WallCollections): void;
  logger?: Logger;
}

/**
 * The camera wall in the console's host (issue 12): the wall service over
 * state.db (cameras checked against the cache), the operator's favourites
 * and groups, and the feed that tells the operator's windows when any of
 * their collections changes. Call `resume` once the host is up: tours that
 * ran before a restart go on.
 */
export function cameraWall(deps: CameraWallDeps) {
  const store = new WallStore(deps.data.state.db);
  const known = (ids: readonly string[]) => knownCameras(deps.data.cache.db, ids);
  const feed = new CollectionsFeed({ store, signedIn: deps.signedIn, publish: deps.publishCollections });
  const changed = (operator: string) => feed.changed(operator);
  const wall = new WallService({
    store,
    knownCameras: known,
    timers: deps.timers,
    signedIn: deps.signedIn,
    publish: deps.publish,
    collectionsChanged: changed,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const collections = new CameraCollections({ store, knownCameras: known, timers: deps.timers, changed });
  return {
    wall,
    collections,
    /**
     * What a window subscribing to `wall.state` gets first: the signed-in
     * operator's wall. The topic is for signed-in windows only; were nobody
     * signed in, an empty wall of nobody ('') is what no window takes for its own.
     */
    snapshot: (): WallState => wall.get(deps.signedIn() ?? ''),
    /** What a window subscribing to `wall.collections` gets first: the signed-in operator's (nobody's, '', when signed out). */
    collectionsSnapshot: (): WallCollections => feed.snapshot(deps.signedIn() ?? ''),
    /** Another operator signed in (or out): windows get their wall and their collections. */
    signedInChanged: () => {
      wall.signedInChanged();
      feed.signedInChanged();
    },
    resume: () => wall.resume(),
    dispose: () => wall.dispose(),
  };
}
