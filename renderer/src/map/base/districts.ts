import type { FeatureCollection, Geometry } from 'geojson';

export interface DistrictProperties {
  code: string;
  name: string;
  name_en: string;
  /** A label point, [lng, lat] WGS84. */
  cp?: [number, number];
}
export type Districts = FeatureCollection<Geometry, DistrictProperties>;

let districts: Promise<Districts> | null = null;

/**
 * The six districts from resources/map (WGS84, see its NOTICE.md). The file
 * comes in as its own lazily loaded script chunk (a `?raw` import), not in
 * the main bundle and not fetched: it then loads under `script-src 'self'`
 * from the app's own files in both shells (egret://app in Electron, the
 * browser shell's 127.0.0.1 server) with no extra route or CSP entry, and
 * only once a map is opened.
 */
export function loadDistricts(): Promise<Districts> {
  districts ??= import('../../../../resources/map/xiamen-districts.wgs84.geojson?raw').then(
    (module) => JSON.parse(module.default) as Districts,
  );
  return districts;
}
