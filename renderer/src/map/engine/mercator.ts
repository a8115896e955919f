/**
 * Web Mercator at zoom 0, the coordinates every canvas layer keeps.
 *
 * A point is projected once (on setData / move) into "world pixels at zoom 0"
 * (0..256 across the world, as Leaflet's EPSG:3857 `map.project(latlng, 0)`);
 * at zoom z the same point is `world0 * 2^z` world pixels. Zooming and panning
 * therefore never re-project: drawing is one multiply-add per coordinate (the
 * Leaflet.glify / deck.gl way), and the hit-test index built over world0
 * coordinates survives every zoom.
 */

/** Leaflet's SphericalMercator clamps here (the square world). */
const MAX_LATITUDE = 85.0511287798;
const TILE = 256;
const D2R = Math.PI / 180;

export function worldX(lng: number): number {
  return TILE * (lng / 360 + 0.5);
}

export function worldY(lat: number): number {
  const clamped = Math.max(Math.min(MAX_LATITUDE, lat), -MAX_LATITUDE);
  const sin = Math.sin(clamped * D2R);
  return TILE * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
}

export function latOfWorldY(y: number): number {
  const n = Math.PI * (1 - (2 * y) / TILE);
  return (Math.atan(Math.sinh(n)) * 180) / Math.PI;
}

export function lngOfWorldX(x: number): number {
  return (x / TILE - 0.5) * 360;
}

/** Projects lat/lng arrays into world0 x/y arrays (same length). */
export function projectAll(lat: ArrayLike<number>, lng: ArrayLike<number>, x: Float64Array, y: Float64Array): void {
  if (lat.length !== lng.length || x.length < lat.length || y.length < lat.length)
    throw new Error(`projectAll: lat (${lat.length}), lng (${lng.length}) and the outputs must have one length`);
  for (let i = 0; i < lat.length; i++) {
    x[i] = worldX(lng[i]);
    y[i] = worldY(lat[i]);
  }
}

/**
 * Where the viewport is, in world pixels: container pixel (cx, cy) shows the
 * world0 point ((cx + left) / scale, (cy + top) / scale).
 */
export interface ViewFrame {
  zoom: number;
  /** 2^zoom: world0 → world pixels at this zoom. */
  scale: number;
  /** World pixels (at `zoom`) of the container's top-left corner. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Device pixels per CSS pixel of the layer's canvas. */
  pixelRatio: number;
}

export function toContainerX(view: ViewFrame, wx: number): number {
  return wx * view.scale - view.left;
}
export function toContainerY(view: ViewFrame, wy: number): number {
  return wy * view.scale - view.top;
}
