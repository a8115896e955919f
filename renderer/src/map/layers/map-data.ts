/**
 * What the host answers for the map (issue 11, `map.*` methods), as the
 * layers read it: the contract's shapes. The wire is WGS84; only the map
 * handle converts.
 */
import type { CameraMapStatus, MapCamera, MapIncident, MapRoad, MapStation } from '../../../../native/api/index.ts';

export type { MapCamera, MapIncident, MapRoad, MapStation };
export type CameraStatus = CameraMapStatus;
export type RoadLevel = MapRoad['level'];

/** The map's layers, in drawing order (bottom first). */
export const MAP_LAYERS = ['roads', 'stations', 'cameras', 'incidents', 'volunteers'] as const;
export type MapLayerName = (typeof MAP_LAYERS)[number];
