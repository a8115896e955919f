import type { Camera } from '../../protocol/entities.ts';
import type { Db } from '../open.ts';
import { cachedEntity } from './cached-entity.ts';

/** By primary key; exported so its query plan is tested as run. */
export const CAMERA_SQL = 'SELECT data FROM camera WHERE id = ?';

/**
 * One camera as last applied (checked against its entity schema on the way
 * out, CachedEntityError if it is not valid); null when the cache has none.
 * A tile reads it for the stream URLs and the status that decides whether
 * it tries to play at all.
 */
export function cameraById(db: Db, id: string): Camera | null {
  const json = db.prepare(CAMERA_SQL).pluck().get(id) as string | undefined;
  return json === undefined ? null : cachedEntity('camera', id, json);
}

/** Of a list of ids (one JSON array), those the cache holds a camera for; exported so its query plan is tested as run. */
export const KNOWN_CAMERAS_SQL = 'SELECT id FROM camera WHERE id IN (SELECT value FROM json_each(?))';

/** Which of `ids` are cameras the cache holds: the wall (issue 12) refuses a tile, tour or group naming any other. One statement for the lot. */
export function knownCameras(db: Db, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  return new Set(db.prepare(KNOWN_CAMERAS_SQL).pluck().all(JSON.stringify([...new Set(ids)])) as string[]);
}
