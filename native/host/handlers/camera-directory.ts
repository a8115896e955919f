import type { DataDir } from '../../store/data-dir.ts';
import { cameraDirectory, searchCameras } from '../../store/queries/camera-directory.ts';
import type { Handler } from '../console-host.ts';
import type { CameraFlapping } from '../map/camera-flapping.ts';

/** The wall's camera directory (issue 12): the cache lists and finds, the flapping watch says which cameras will not stay. */
export function cameraDirectoryHandlers(data: DataDir, flapping: CameraFlapping) {
  const handlers: { 'cameras.directory': Handler<'cameras.directory'>; 'cameras.search': Handler<'cameras.search'> } = {
    'cameras.directory': () =>
      cameraDirectory(data.cache.db).map((c) => ({
        id: c.id,
        name: c.name,
        district: c.district,
        road: c.road,
        status: flapping.statusOf(c.id, c.status),
        kind: c.kind,
      })),
    'cameras.search': ({ q, limit }) => searchCameras(data.cache.db, q, limit),
  };
  return handlers;
}
