import { ApiError } from '../../api/index.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { cameraById } from '../../store/queries/camera.ts';
import type { Handler } from '../console-host.ts';

/** A video tile's camera: where its streams are and whether it is worth trying to play. */
export function cameraHandlers(data: DataDir) {
  const handlers: { 'cameras.get': Handler<'cameras.get'> } = {
    'cameras.get': ({ id }) => {
      const camera = cameraById(data.cache.db, id);
      if (camera === null) throw new ApiError('not_found', `no camera ${id} in the cache`);
      const { name, district, road, kind, status, lat, lng, streams } = camera;
      return { id, name, district, road: road ?? null, kind, status, lat, lng, streams: { main: streams.main, sub: streams.sub ?? null } };
    },
  };
  return handlers;
}
