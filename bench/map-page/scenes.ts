/**
 * The three ways bench:map draws the same city: Egret's canvas layers
 * (renderer/src/map/engine), and two stock Leaflet ways for comparison —
 * one L.marker per point (DOM) and one L.circleMarker per point on Leaflet's
 * canvas renderer (preferCanvas). This is the only place in the repository
 * with a marker per point, on purpose.
 */
import * as L from 'leaflet';
import { LineLayer, type LineData } from '../../renderer/src/map/engine/line-layer.ts';
import { PointLayer, type PointStyle } from '../../renderer/src/map/engine/point-layer.ts';
import type { Workload, WorkloadPoints } from './workload.ts';

export type Mode = 'egret' | 'leaflet-dom' | 'leaflet-canvas';

export interface Scene {
  map: L.Map;
  /** A moving volunteer's new position. */
  moveVolunteer(slot: number, lat: number, lng: number): void;
  /** What the way's layers drew, for the bench's log (egret only). */
  diagnostics?(): string;
}

type PointLayerName = 'cameras' | 'volunteers' | 'incidents';

const STYLES: Record<PointLayerName, PointStyle[]> = {
  cameras: [
    { radius: 4, fill: '#2b8a3e', stroke: '#ffffff', shape: 'square' },
    { radius: 4, fill: '#868e96', stroke: '#ffffff', shape: 'square' },
    { radius: 4, fill: '#f08c00', stroke: '#ffffff', shape: 'square' },
  ],
  volunteers: [
    { radius: 4, fill: '#1c7ed6', stroke: '#ffffff' },
    { radius: 4, fill: '#e8590c', stroke: '#ffffff' },
    { radius: 4, fill: '#adb5bd', stroke: '#ffffff' },
    { radius: 4, fill: '#ae3ec9', stroke: '#ffffff' },
  ],
  incidents: [
    { radius: 7, fill: '#e03131', stroke: '#ffffff', pulse: true },
    { radius: 6, fill: '#f76707', stroke: '#ffffff', ring: '#c92a2a' },
    { radius: 6, fill: '#fab005', stroke: '#ffffff' },
    { radius: 5, fill: '#74b816', stroke: '#ffffff' },
    { radius: 5, fill: '#495057', stroke: '#ffffff' },
    { radius: 5, fill: '#868e96', stroke: '#ffffff' },
  ],
};
const ROAD_COLOURS = ['#37b24d', '#fab005', '#f03e3e', '#862e9c'];
const ROAD_WIDTH = 3;

export const START = { center: [24.49, 118.11] as [number, number], zoom: 12 };

function newMap(el: HTMLElement, preferCanvas: boolean): L.Map {
  return L.map(el, { preferCanvas, center: START.center, zoom: START.zoom });
}

function lineData(roads: Workload['roads']): LineData {
  const coords: number[] = [];
  const offsets = [0];
  for (const road of roads) {
    for (const [lat, lng] of road.line) coords.push(lat, lng);
    offsets.push(coords.length / 2);
  }
  return {
    ids: roads.map((r) => r.id),
    coords: Float64Array.from(coords),
    offsets: Uint32Array.from(offsets),
    style: Uint8Array.from(roads.map((r) => r.style)),
  };
}

function egretScene(el: HTMLElement, city: Workload): Scene {
  const map = newMap(el, false);
  const roads = new LineLayer({ name: 'roads', styles: ROAD_COLOURS.map((color) => ({ color, width: ROAD_WIDTH })) }).addTo(map);
  roads.setData(lineData(city.roads));
  const layers = {} as Record<PointLayerName, PointLayer>;
  for (const name of ['cameras', 'volunteers', 'incidents'] as const) {
    // No clustering: the stock ways draw every point, so this does too (the worst case).
    layers[name] = new PointLayer({ name, styles: STYLES[name] }).addTo(map);
    const pts = city[name];
    layers[name].setData({ ids: Array.from(pts.lat, (_, i) => `${name}-${i}`), lat: pts.lat, lng: pts.lng, style: pts.style });
  }
  const drawn = (l: { drawCounts: { full: number; repaired: number } }) =>
    `${l.drawCounts.full} whole, ${l.drawCounts.repaired} tiles only`;
  return {
    map,
    moveVolunteer: (slot, lat, lng) => layers.volunteers.move(slot, lat, lng),
    diagnostics: () =>
      [
        `roads ${roads.drawCounts.full} whole`,
        ...(['cameras', 'volunteers', 'incidents'] as const).map((name) => `${name} ${drawn(layers[name])}`),
      ].join('; '),
  };
}

function domScene(el: HTMLElement, city: Workload): Scene {
  const map = newMap(el, false);
  const css = document.createElement('style');
  const rules: string[] = [];
  const icons = {} as Record<PointLayerName, L.DivIcon[]>;
  for (const name of ['cameras', 'volunteers', 'incidents'] as const)
    icons[name] = STYLES[name].map((s, i) => {
      const size = 2 * s.radius;
      rules.push(
        `.bm-${name}-${i}{background:${s.fill};border:1px solid ${s.stroke ?? 'transparent'};box-sizing:border-box;${s.shape === 'square' ? '' : 'border-radius:50%;'}}`,
      );
      return L.divIcon({ className: `bm-${name}-${i}`, iconSize: [size, size], html: '' });
    });
  css.textContent = rules.join('\n');
  document.head.appendChild(css);
  for (const road of city.roads) L.polyline(road.line, { color: ROAD_COLOURS[road.style], weight: ROAD_WIDTH }).addTo(map);
  const markers = (name: PointLayerName, pts: WorkloadPoints) =>
    Array.from(pts.lat, (lat, i) => L.marker([lat, pts.lng[i]], { icon: icons[name][pts.style[i]] }).addTo(map));
  markers('cameras', city.cameras);
  markers('incidents', city.incidents);
  const volunteers = markers('volunteers', city.volunteers);
  return { map, moveVolunteer: (slot, lat, lng) => volunteers[slot].setLatLng([lat, lng]) };
}

function canvasScene(el: HTMLElement, city: Workload): Scene {
  const map = newMap(el, true);
  for (const road of city.roads) L.polyline(road.line, { color: ROAD_COLOURS[road.style], weight: ROAD_WIDTH }).addTo(map);
  const markers = (name: PointLayerName, pts: WorkloadPoints) =>
    Array.from(pts.lat, (lat, i) => {
      const s = STYLES[name][pts.style[i]];
      return L.circleMarker([lat, pts.lng[i]], {
        radius: s.radius,
        fillColor: s.fill,
        fillOpacity: 1,
        color: s.stroke ?? s.fill,
        weight: 1,
      }).addTo(map);
    });
  markers('cameras', city.cameras);
  markers('incidents', city.incidents);
  const volunteers = markers('volunteers', city.volunteers);
  return { map, moveVolunteer: (slot, lat, lng) => volunteers[slot].setLatLng([lat, lng]) };
}

export function createScene(mode: Mode, el: HTMLElement, city: Workload): Scene {
  if (mode === 'egret') return egretScene(el, city);
  if (mode === 'leaflet-dom') return domScene(el, city);
  if (mode === 'leaflet-canvas') return canvasScene(el, city);
  throw new Error(`unknown mode ${String(mode)}`);
}
