/**
 * Digital zoom of a tile's picture: a scale and an offset (CSS pixels of
 * the tile) applied as `translate(x, y) scale(scale)` from the top-left
 * corner. Zooming keeps the point under the pointer where it is; the
 * picture always covers the tile (no empty band at an edge when panned).
 */
export interface ZoomView {
  scale: number;
  x: number;
  y: number;
}

export const UNZOOMED: ZoomView = Object.freeze({ scale: 1, x: 0, y: 0 });
export const MAX_ZOOM = 4;
/** How much one wheel pixel zooms: a notch (~100 px) is about 22%. */
const PER_WHEEL_PIXEL = 0.002;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The offset kept within what a picture `scale` times the tile's size allows. */
function bounded(scale: number, x: number, y: number, width: number, height: number): ZoomView {
  if (scale <= 1) return UNZOOMED;
  return { scale, x: clamp(x, width - width * scale, 0), y: clamp(y, height - height * scale, 0) };
}

/** The view after a wheel turn of `deltaY` pixels with the pointer at (`px`, `py`) in a `width`×`height` tile. */
export function zoomAt(view: ZoomView, deltaY: number, px: number, py: number, width: number, height: number): ZoomView {
  const scale = clamp(view.scale * Math.exp(-deltaY * PER_WHEEL_PIXEL), 1, MAX_ZOOM);
  // The picture's point under the pointer stays under it.
  const x = px - ((px - view.x) * scale) / view.scale;
  const y = py - ((py - view.y) * scale) / view.scale;
  return bounded(scale, x, y, width, height);
}

/** The view after dragging the picture by (`dx`, `dy`). */
export function panBy(view: ZoomView, dx: number, dy: number, width: number, height: number): ZoomView {
  return bounded(view.scale, view.x + dx, view.y + dy, width, height);
}
