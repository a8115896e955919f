import * as L from 'leaflet';
import type { CityMapHandle } from '../base/create-map.ts';
import type { PointHit } from '../engine/point-layer.ts';
import { EntityPoints } from './entity-points.ts';
import type { MapCamera, MapIncident, MapLayerName, MapStation } from './map-data.ts';
import type { PositionBook } from './position-book.ts';
import { RoadLines, TrackLine } from './road-lines.ts';
import { CAMERA_STYLES, INCIDENT_STYLES, STATION_STYLES, cameraStyle, incidentStyle } from './styles.ts';
import { VolunteerPoints } from './volunteer-points.ts';

/** What is under a pixel: a point of a layer, a cluster of one, or a road. */
export type MapHit =
  | { layer: 'incidents' | 'cameras' | 'volunteers' | 'stations'; kind: 'point'; id: string; latlng: L.LatLng }
  | { layer: 'incidents' | 'cameras' | 'volunteers' | 'stations'; kind: 'cluster'; count: number; latlng: L.LatLng; expansionZoom: number }
  | { layer: 'roads'; kind: 'line'; id: string };

/** Hit-testing order: what is drawn on top is found first. */
const POINT_LAYERS_TOP_DOWN = ['volunteers', 'incidents', 'cameras', 'stations'] as const;
type PointLayerName = (typeof POINT_LAYERS_TOP_DOWN)[number];

/** Pixels of slack around a point or a road: a pointer on a 1366×768 screen is not exact. */
const HIT_TOLERANCE_PX = 4;

/**
 * The city map's layers over one base map: incidents, cameras, stations,
 * live volunteers, road traffic and a selected volunteer's track. Each layer
 * converts to the base's datum when it is given data, and again when the
 * base changes datum (a tile server that failed falls back to the offline
 * base). Toggles add and remove whole layers; hits go top-down through the
 * layers' own indexes.
 */
export class CityLayers {
  readonly incidents: EntityPoints<MapIncident>;
  readonly cameras: EntityPoints<MapCamera>;
  readonly stations: EntityPoints<MapStation>;
  readonly volunteers: VolunteerPoints;
  readonly roads: RoadLines;
  readonly track: TrackLine;
  private readonly offBase: () => void;

  constructor(
    private readonly handle: CityMapHandle,
    book: PositionBook,
  ) {
    this.incidents = new EntityPoints<MapIncident>('incidents', handle, incidentStyle, {
      styles: INCIDENT_STYLES,
      cluster: { radiusPx: 36, maxZoom: 12 },
      zIndex: 440,
    });
    this.cameras = new EntityPoints<MapCamera>('cameras', handle, (c) => cameraStyle(c.status), {
      styles: CAMERA_STYLES,
      cluster: { radiusPx: 40, maxZoom: 14 },
      zIndex: 420,
    });
    this.stations = new EntityPoints<MapStation>('stations', handle, () => 0, { styles: STATION_STYLES, zIndex: 410 });
    this.volunteers = new VolunteerPoints(book, handle);
    this.roads = new RoadLines(handle);
    this.track = new TrackLine(handle);
    this.track.layer.addTo(handle.map);
    this.offBase = handle.onBaseChange(() => this.reproject());
  }

  private layerOf(name: MapLayerName): L.Layer {
    return name === 'roads' ? this.roads.layer : name === 'volunteers' ? this.volunteers.layer : this[name].layer;
  }

  /** Shows exactly the layers switched on. */
  show(toggles: Readonly<Record<MapLayerName, boolean>>): void {
    const { map } = this.handle;
    for (const name of Object.keys(toggles) as MapLayerName[]) {
      const layer = this.layerOf(name);
      if (toggles[name] && !map.hasLayer(layer)) layer.addTo(map);
      if (!toggles[name] && map.hasLayer(layer)) layer.remove();
    }
  }

  /** The base's datum changed: every layer converts its data again. */
  reproject(): void {
    this.incidents.reproject();
    this.cameras.reproject();
    this.stations.reproject();
    this.volunteers.rebuild();
    this.roads.reproject();
    this.track.reproject();
  }

  /** The topmost thing drawn at a container pixel, among the layers shown. */
  hitAt(point: L.Point): MapHit | null {
    const { map } = this.handle;
    for (const name of POINT_LAYERS_TOP_DOWN) {
      const layer = this.pointLayer(name);
      if (!map.hasLayer(layer)) continue;
      const hit: PointHit | null = layer.hitTest(point, HIT_TOLERANCE_PX);
      if (hit) return { layer: name, ...hit };
    }
    if (map.hasLayer(this.roads.layer)) {
      const road = this.roads.layer.hitTest(point, HIT_TOLERANCE_PX);
      if (road) return { layer: 'roads', kind: 'line', id: road.id };
    }
    return null;
  }

  /** Where a layer draws an entity, in container pixels; null when it draws none (or the layer is off). */
  pointAt(name: PointLayerName, id: string): L.Point | null {
    const { map } = this.handle;
    if (!map.hasLayer(this.pointLayer(name))) return null;
    const at = name === 'volunteers' ? this.volunteers.drawnAt(id) : this[name].drawnAt(id);
    return at ? map.latLngToContainerPoint(at) : null;
  }

  private pointLayer(name: PointLayerName) {
    return name === 'volunteers' ? this.volunteers.layer : this[name].layer;
  }

  dispose(): void {
    this.offBase();
    for (const layer of [
      this.incidents.layer,
      this.cameras.layer,
      this.stations.layer,
      this.volunteers.layer,
      this.roads.layer,
      this.track.layer,
    ])
      layer.remove();
  }
}

export function isPointLayer(name: string): name is PointLayerName {
  return (POINT_LAYERS_TOP_DOWN as readonly string[]).includes(name);
}
