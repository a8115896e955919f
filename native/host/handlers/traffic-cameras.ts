import type { DataDir } from '../../store/data-dir.ts';
import { trafficCameras } from '../../store/queries/traffic-cameras.ts';
import type { Handler } from '../console-host.ts';
import type { CameraFlapping } from '../map/camera-flapping.ts';

/** The duty chief's traffic video (issue 12): which cameras the dashboard's strip shows. */
export function trafficCameraHandlers(data: DataDir, flapping: Pick<CameraFlapping, 'isFlapping'>) {
  const handlers: { 'cameras.traffic': Handler<'cameras.traffic'> } = {
    'cameras.traffic': ({ k }) => trafficCameras(data.cache.db, { k, isFlapping: (id) => flapping.isFlapping(id) }),
  };
  return handlers;
}
