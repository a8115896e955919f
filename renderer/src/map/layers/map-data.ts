/**
 * What the host answers for the map (issue 11, `map.*` methods), as the
 * layers read it. The wire is WGS84; only the map handle converts.
 */

export interface MapIncident {
  id: string;
  number?: string;
  title: string;
  category: string;
  priority: number;
  status: string;
  lat: number;
  lng: number;
  district: string | null;
  address: string | null;
  overdue: boolean;
  open: boolean;
  reportedAt: number;
}

export type CameraStatus = 'online' | 'offline' | 'flapping';
export interface MapCamera {
  id: string;
  name: string;
  lat: number;
  lng: number;
  district: string | null;
  road: string | null;
  kind: string;
  status: CameraStatus;
}

export type RoadLevel = 'smooth' | 'slow' | 'congested' | 'blocked';
export interface MapRoad {
  id: string;
  name: string;
  district: string | null;
  level: RoadLevel;
  speedKmh: number | null;
  line: [number, number][];
}

export interface MapStation {
  id: string;
  name: string;
  kind: string;
  level: string;
  district: string | null;
  lat: number;
  lng: number;
}

/** The map's layers, in drawing order (bottom first). */
export const MAP_LAYERS = ['roads', 'stations', 'cameras', 'incidents', 'volunteers'] as const;
export type MapLayerName = (typeof MAP_LAYERS)[number];
