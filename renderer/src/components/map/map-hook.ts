import * as L from 'leaflet';
import type { CityMapHandle } from '../../map/base/create-map.ts';
import { isPointLayer, type CityLayers } from '../../map/layers/city-layers.ts';

/**
 * `window.__egretMap`: read-only questions an end-to-end test asks the map
 * on screen, answered by the layers themselves (their hit-test and the
 * points they hold), never by a screenshot. Coordinates are the map
 * container's pixels; positions given in are WGS84, as on the wire.
 */
export interface EgretMapHook {
  /** Where a layer draws an entity now; null when it draws none there. */
  pointAt(layer: string, id: string): { x: number; y: number } | null;
  /** The topmost point or road drawn at a pixel. */
  hitAt(x: number, y: number): { layer: string; id: string } | null;
  /** Where a WGS84 position falls in the container (through the base's datum). */
  project(lat: number, lng: number): { x: number; y: number };
  /** Shows a WGS84 position at a zoom, at once (no animation). */
  view(lat: number, lng: number, zoom: number): void;
}

interface Mounted {
  root: HTMLElement;
  handle: CityMapHandle;
  layers: CityLayers;
}

const mounted: Mounted[] = [];

/** The map an operator would be looking at: the last one mounted that is visible. */
function current(): Mounted | null {
  for (let i = mounted.length - 1; i >= 0; i--) if (mounted[i]!.root.checkVisibility()) return mounted[i]!;
  return null;
}

const hook: EgretMapHook = {
  pointAt(layer, id) {
    const map = current();
    if (!map || !isPointLayer(layer)) return null;
    const p = map.layers.pointAt(layer, id);
    return p ? { x: p.x, y: p.y } : null;
  },
  hitAt(x, y) {
    const hit = current()?.layers.hitAt(L.point(x, y));
    return hit && hit.kind !== 'cluster' ? { layer: hit.layer, id: hit.id } : null;
  },
  project(lat, lng) {
    const map = current();
    if (!map) throw new Error('no city map on screen');
    const p = map.handle.map.latLngToContainerPoint(map.handle.toMap(lat, lng));
    return { x: p.x, y: p.y };
  },
  view(lat, lng, zoom) {
    const map = current();
    if (!map) throw new Error('no city map on screen');
    map.handle.map.setView(map.handle.toMap(lat, lng), zoom, { animate: false });
  },
};

/** Registers a mounted map for the hook; returns the unregistration. */
export function installMapHook(root: HTMLElement, handle: CityMapHandle, layers: CityLayers): () => void {
  const entry = { root, handle, layers };
  mounted.push(entry);
  (window as unknown as { __egretMap?: EgretMapHook }).__egretMap = hook;
  return () => {
    const at = mounted.indexOf(entry);
    if (at >= 0) mounted.splice(at, 1);
  };
}
