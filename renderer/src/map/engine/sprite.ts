import type { PointStyle } from './point-draw.ts';

/**
 * A point style rasterised once into pixels, to be stamped at every point.
 *
 * Filling and stroking thousands of small arcs through the 2D context is what
 * costs a canvas layer its frame: measured in Chromium's software raster
 * (bench:map's machine, 10,000 circles of radius 4 on 1600×1000), one path
 * per style with fill + stroke took 5× longer than stamping precomputed
 * pixels from JS into an ImageData (the stamp is a few integer operations per
 * pixel, and most pixels are opaque copies). Rasterised here in JS with 4×4
 * supersampling, so tests need no canvas.
 */
export interface Sprite {
  /** Side in device pixels; the point sits at (half, half). */
  size: number;
  half: number;
  /** RGBA bytes as little-endian 32-bit words (ImageData's layout), not premultiplied. */
  pixels: Uint32Array;
  /** Per row: the first painted column and one past the last (a circle's corners are skipped). */
  spans: Int16Array;
}

export type Rgba = [r: number, g: number, b: number, a: number];

/** '#rgb', '#rgba', '#rrggbb', '#rrggbbaa', 'rgb(…)', 'rgba(…)' → 0–255 channels, alpha 0–1. */
export function parseColour(css: string): Rgba {
  const s = css.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (m) {
    const hex = m[1].length <= 4 ? [...m[1]].map((c) => c + c).join('') : m[1];
    const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), hex.length === 8 ? n(6) / 255 : 1];
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
  throw new Error(`a map style colour must be #hex or rgb()/rgba(), got ${JSON.stringify(css)}`);
}

const SIN60 = Math.sqrt(3) / 2;

/** Whether (x, y) (CSS px from the centre) is inside the shape of size r. */
function inside(shape: PointStyle['shape'], x: number, y: number, r: number): boolean {
  if (r <= 0) return false;
  switch (shape) {
    case 'square':
      return Math.abs(x) <= r && Math.abs(y) <= r;
    case 'diamond':
      return Math.abs(x) + Math.abs(y) <= r;
    case 'triangle':
      return y <= r / 2 && y >= -r + (Math.abs(x) * 1.5) / SIN60;
    default:
      return x * x + y * y <= r * r;
  }
}

const SUB = 4;
const STROKE_WIDTH = 1;
const RING_GAP = 3;
const RING_WIDTH = 2;

/** How far a style's pixels reach from its centre, in CSS px. */
export function styleExtent(style: PointStyle): number {
  const stroke = style.stroke ? STROKE_WIDTH / 2 : 0;
  const ring = style.ring ? RING_GAP + RING_WIDTH / 2 : 0;
  return style.radius + Math.max(stroke, ring);
}

export function rasterStyle(style: PointStyle, pixelRatio: number): Sprite {
  const fill = parseColour(style.fill);
  const stroke = style.stroke ? parseColour(style.stroke) : null;
  const ring = style.ring ? parseColour(style.ring) : null;
  const r = style.radius;
  const half = Math.ceil(styleExtent(style) * pixelRatio) + 1;
  const size = 2 * half + 1;
  const pixels = new Uint32Array(size * size);
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      // Premultiplied sums over the subsamples, topmost paint wins per subsample.
      let sr = 0;
      let sg = 0;
      let sb = 0;
      let sa = 0;
      for (let j = 0; j < SUB; j++)
        for (let i = 0; i < SUB; i++) {
          const x = (px - half - 0.5 + (i + 0.5) / SUB) / pixelRatio;
          const y = (py - half - 0.5 + (j + 0.5) / SUB) / pixelRatio;
          let c: Rgba | null = null;
          if (ring && x * x + y * y <= (r + RING_GAP + RING_WIDTH / 2) ** 2 && x * x + y * y >= (r + RING_GAP - RING_WIDTH / 2) ** 2)
            c = ring;
          else if (stroke && inside(style.shape, x, y, r + STROKE_WIDTH / 2) && !inside(style.shape, x, y, r - STROKE_WIDTH / 2))
            c = stroke;
          else if (inside(style.shape, x, y, r)) c = fill;
          if (!c) continue;
          sr += c[0] * c[3];
          sg += c[1] * c[3];
          sb += c[2] * c[3];
          sa += c[3];
        }
      if (sa === 0) continue;
      const a = Math.round((sa / (SUB * SUB)) * 255);
      if (a === 0) continue;
      pixels[py * size + px] = ((a << 24) | (Math.round(sb / sa) << 16) | (Math.round(sg / sa) << 8) | Math.round(sr / sa)) >>> 0;
    }
  const spans = new Int16Array(size * 2);
  for (let py = 0; py < size; py++) {
    let first = size;
    let last = -1;
    for (let px = 0; px < size; px++)
      if (pixels[py * size + px] !== 0) {
        first = Math.min(first, px);
        last = px;
      }
    spans[2 * py] = first;
    spans[2 * py + 1] = last + 1;
  }
  return { size, half, pixels, spans };
}

/**
 * Stamps `sprite` centred on device pixel (cx, cy) of a width × height buffer,
 * source-over. Clipped at the edges.
 */
export function stamp(target: Uint32Array, width: number, height: number, sprite: Sprite, cx: number, cy: number): void {
  stampWithin(target, width, sprite, cx, cy, 0, 0, width, height);
}

/**
 * Stamps `sprite` centred on device pixel (cx, cy), writing only inside the
 * box [x0, x1) × [y0, y1) (which must lie inside the buffer): a frame that
 * repairs a few tiles stamps a point that straddles a tile's edge into that
 * tile alone, so the pixels outside — already blended once — are not
 * blended twice.
 */
export function stampWithin(
  target: Uint32Array,
  width: number,
  sprite: Sprite,
  cx: number,
  cy: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  const { size, pixels } = sprite;
  const left = cx - sprite.half;
  const top = cy - sprite.half;
  const sx0 = Math.max(0, x0 - left);
  const sy0 = Math.max(0, y0 - top);
  const sx1 = Math.min(size, x1 - left);
  const sy1 = Math.min(size, y1 - top);
  const spans = sprite.spans;
  for (let sy = sy0; sy < sy1; sy++) {
    const from = Math.max(sx0, spans[2 * sy]);
    const to = Math.min(sx1, spans[2 * sy + 1]);
    let d = (top + sy) * width + left + from;
    let k = sy * size + from;
    for (let sx = from; sx < to; sx++, d++, k++) {
      const s = pixels[k];
      const sa = s >>> 24;
      if (sa === 0) continue;
      if (sa === 255) {
        target[d] = s;
        continue;
      }
      const t = target[d];
      const ta = t >>> 24;
      if (ta === 0) {
        target[d] = s;
        continue;
      }
      if (ta === 255) {
        // An edge over an opaque pixel (most of them where points crowd): the same sums in integers.
        // (x + 127) / 255 | 0 is Math.round(x / 255) for the whole numbers here.
        const keep = 255 - sa;
        const r = (((s & 255) * sa + (t & 255) * keep + 127) / 255) | 0;
        const g = ((((s >>> 8) & 255) * sa + ((t >>> 8) & 255) * keep + 127) / 255) | 0;
        const b = ((((s >>> 16) & 255) * sa + ((t >>> 16) & 255) * keep + 127) / 255) | 0;
        target[d] = (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
        continue;
      }
      // Both partly transparent (an edge over an edge): source-over, not premultiplied.
      const keep = (ta * (255 - sa)) / 255;
      const oa = sa + keep;
      const r = Math.round(((s & 255) * sa + (t & 255) * keep) / oa);
      const g = Math.round((((s >>> 8) & 255) * sa + ((t >>> 8) & 255) * keep) / oa);
      const b = Math.round((((s >>> 16) & 255) * sa + ((t >>> 16) & 255) * keep) / oa);
      target[d] = ((Math.round(oa) << 24) | (b << 16) | (g << 8) | r) >>> 0;
    }
  }
}
