import type { ViewFrame } from './mercator.ts';
import { DAMAGE_TILE_PX, type DamageTiles } from './damage-tiles.ts';
import { rasterStyle, stamp, stampWithin, styleExtent, type Sprite } from './sprite.ts';

export interface PointStyle {
  radius: number;
  fill: string;
  stroke?: string;
  shape?: 'circle' | 'square' | 'diamond' | 'triangle';
  /** Animated halo (P1 incidents): the layer draws frames only while such a point is in view. */
  pulse?: boolean;
  /** A second outline in this colour (overdue). */
  ring?: string;
}

export interface DrawablePoints {
  /** world0 coordinates (mercator.ts). */
  x: Float64Array;
  y: Float64Array;
  style: Uint8Array;
  hidden: Uint8Array | null;
  count: number;
}

/** Reused between frames so a frame allocates nothing per point. */
export class DrawScratch {
  order = new Int32Array(0);
  visible = new Int32Array(0);
  cx = new Float32Array(0);
  cy = new Float32Array(0);
  perStyle = new Int32Array(0);
  /** Styles in the last drawPoints (perStyle holds styles + 1 run starts). */
  styles = 0;

  fit(count: number, styles: number): void {
    if (this.order.length < count) {
      const size = Math.max(count, this.order.length * 2);
      this.order = new Int32Array(size);
      this.visible = new Int32Array(size);
      this.cx = new Float32Array(size);
      this.cy = new Float32Array(size);
    }
    if (this.perStyle.length < styles + 1) this.perStyle = new Int32Array(styles + 1);
  }
}

const TAU = Math.PI * 2;
/** A pulse halo's radius, in radii of its point. */
const HALO_AT = 1.8;
const HALO_WIDTH = 2;

/**
 * The layer's pixels: stamped from JS (sprite.ts), put on the canvas in one
 * putImageData. Rows last stamped are remembered so a frame clears only them.
 */
export class PixelSurface {
  width = 0;
  height = 0;
  bytes = new Uint8ClampedArray(0);
  pixels = new Uint32Array(0);
  private image: ImageData | null = null;
  /** Rows holding pixels from the last frame (top > bottom: none). */
  top = 1;
  bottom = 0;

  fit(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.bytes = new Uint8ClampedArray(width * height * 4);
    this.pixels = new Uint32Array(this.bytes.buffer);
    this.image = null;
    this.top = 1;
    this.bottom = 0;
  }

  clear(): void {
    if (this.top <= this.bottom) this.pixels.fill(0, this.top * this.width, (this.bottom + 1) * this.width);
    this.top = this.height;
    this.bottom = -1;
  }

  /** Puts the box [x0, x1) × [y0, y1) (device pixels, inside the surface) on the canvas. */
  putBox(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
    // happy-dom has no ImageData: tests read `pixels` instead.
    if (typeof ImageData === 'undefined' || this.width === 0) return;
    this.image ??= new ImageData(this.bytes, this.width, this.height);
    ctx.putImageData(this.image, 0, 0, x0, y0, x1 - x0, y1 - y0);
  }

  /** Puts the rows stamped this frame on the canvas (device pixels; the context's transform does not apply). */
  put(ctx: CanvasRenderingContext2D): void {
    if (this.top > this.bottom) return;
    this.putBox(ctx, 0, this.top, this.width, this.bottom + 1);
  }
}

/** Sprites per style for one device pixel ratio, made when first needed. */
export class StyleSprites {
  private ratio = 0;
  private sprites: Sprite[] = [];
  constructor(private readonly styles: readonly PointStyle[]) {}

  at(pixelRatio: number): Sprite[] {
    if (pixelRatio !== this.ratio) {
      this.sprites = this.styles.map((s) => rasterStyle(s, pixelRatio));
      this.ratio = pixelRatio;
    }
    return this.sprites;
  }
}

function traceCircles(ctx: CanvasRenderingContext2D, scratch: DrawScratch, from: number, to: number, r: number): void {
  for (let k = from; k < to; k++) {
    const x = scratch.cx[k];
    const y = scratch.cy[k];
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, TAU);
  }
}

/** How far a style's pixels reach from a point, halo included, in CSS px. */
function reachOf(style: PointStyle): number {
  return Math.max(styleExtent(style), style.pulse ? style.radius * HALO_AT + HALO_WIDTH / 2 : 0);
}

/**
 * Sorts the visible slots by style into `scratch` (a counting sort, slots in
 * order within a style): order, their container positions cx / cy, and
 * perStyle[s] the start of style s's run. Returns how many are in view.
 */
function placeVisible(
  view: ViewFrame,
  points: DrawablePoints,
  styles: readonly PointStyle[],
  scratch: DrawScratch,
  subset: ArrayLike<number> | null,
): number {
  const nStyles = styles.length;
  const total = subset ? subset.length : points.count;
  scratch.fit(total, nStyles);
  const { order, visible, cx, cy, perStyle } = scratch;
  const { x, y, style, hidden } = points;
  const { scale, left, top, width, height } = view;
  let maxR = 0;
  for (const s of styles) maxR = Math.max(maxR, reachOf(s));

  perStyle.fill(0);
  let inView = 0;
  for (let k = 0; k < total; k++) {
    const i = subset ? subset[k] : k;
    if (hidden !== null && hidden[i]) continue;
    const px = x[i] * scale - left;
    const py = y[i] * scale - top;
    if (px < -maxR || py < -maxR || px > width + maxR || py > height + maxR) continue;
    perStyle[style[i] + 1]++;
    visible[inView++] = i;
  }
  for (let s = 0; s < nStyles; s++) perStyle[s + 1] += perStyle[s];
  const cursor = perStyle.slice(0, nStyles);
  // Second pass places each slot's container position in its style's run.
  for (let k = 0; k < inView; k++) {
    const i = visible[k];
    const at = cursor[style[i]]++;
    order[at] = i;
    cx[at] = x[i] * scale - left;
    cy[at] = y[i] * scale - top;
  }
  scratch.styles = nStyles;
  return inView;
}

/**
 * Draws the points in view: each style's sprite stamped into the surface,
 * later styles first so style 0 (the layer's most urgent) lies on top, then
 * one putImageData. `subset`: only these slots (the single points between
 * clusters). Returns how many points were drawn and how many of them pulse
 * (their halos: drawHalos, on a canvas of their own).
 */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  view: ViewFrame,
  points: DrawablePoints,
  styles: readonly PointStyle[],
  scratch: DrawScratch,
  options: { subset?: ArrayLike<number> | null; surface: PixelSurface; sprites: StyleSprites },
): { drawn: number; pulsing: number } {
  const nStyles = styles.length;
  const pixelRatio = view.pixelRatio;
  const surface = options.surface;
  surface.fit(Math.max(1, Math.round(view.width * pixelRatio)), Math.max(1, Math.round(view.height * pixelRatio)));
  surface.clear();
  const sprites = options.sprites.at(pixelRatio);
  const inView = placeVisible(view, points, styles, scratch, options.subset ?? null);
  const { cx, cy, perStyle } = scratch;

  const { pixels, width: sw, height: sh } = surface;
  let rowTop = sh;
  let rowBottom = -1;
  for (let s = nStyles - 1; s >= 0; s--) {
    const sprite = sprites[s];
    for (let k = perStyle[s]; k < perStyle[s + 1]; k++) {
      const dx = Math.floor(cx[k] * pixelRatio);
      const dy = Math.floor(cy[k] * pixelRatio);
      stamp(pixels, sw, sh, sprite, dx, dy);
      if (dy - sprite.half < rowTop) rowTop = dy - sprite.half;
      if (dy + sprite.half > rowBottom) rowBottom = dy + sprite.half;
    }
  }
  surface.top = Math.max(0, rowTop);
  surface.bottom = Math.min(sh - 1, rowBottom);
  surface.put(ctx);

  let pulsing = 0;
  for (let s = 0; s < nStyles; s++) if (styles[s].pulse) pulsing += perStyle[s + 1] - perStyle[s];
  return { drawn: inView, pulsing };
}

/**
 * The pulse halos of the points the last drawPoints placed (scratch): one
 * ring around each, in its style's fill. The layer draws them on its
 * animated canvas, whose fading the browser runs. Returns how many.
 */
export function drawHalos(ctx: CanvasRenderingContext2D, styles: readonly PointStyle[], scratch: DrawScratch): number {
  let pulsing = 0;
  for (let s = scratch.styles - 1; s >= 0; s--) {
    const from = scratch.perStyle[s];
    const to = scratch.perStyle[s + 1];
    const st = styles[s];
    if (!st.pulse || from === to) continue;
    pulsing += to - from;
    ctx.beginPath();
    traceCircles(ctx, scratch, from, to, st.radius * HALO_AT);
    ctx.strokeStyle = st.fill;
    ctx.lineWidth = HALO_WIDTH;
    ctx.stroke();
  }
  return pulsing;
}

/** A cluster's radius in CSS pixels, growing slowly with its count. */
export function clusterRadius(count: number): number {
  return Math.round(11 + 4 * Math.log10(Math.max(1, count)));
}

/** Cluster discs with their counts (a few hundred at most in a view). */
export function drawClusters(
  ctx: CanvasRenderingContext2D,
  clusters: readonly { cx: number; cy: number; count: number; style: number }[],
  styles: readonly PointStyle[],
): void {
  for (let s = styles.length - 1; s >= 0; s--) {
    ctx.beginPath();
    let any = false;
    for (const c of clusters) {
      if (c.style !== s) continue;
      const r = clusterRadius(c.count);
      ctx.moveTo(c.cx + r, c.cy);
      ctx.arc(c.cx, c.cy, r, 0, TAU);
      any = true;
    }
    if (!any) continue;
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = styles[s].fill;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  ctx.fillStyle = '#ffffff';
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const c of clusters) ctx.fillText(c.count >= 10_000 ? `${Math.round(c.count / 1000)}k` : String(c.count), c.cx, c.cy);
}

/**
 * Repairs the damaged tiles of a layer drawn without halos or clusters, for
 * the view it was last drawn for: clears them, stamps again every visible
 * point whose sprite meets one — clipped to that tile, in the order a full
 * draw stamps them, so the pixels come out as a full draw would make them —
 * and puts only those tiles on the canvas. Returns how many points are in view.
 */
export function repairDamage(
  ctx: CanvasRenderingContext2D,
  view: ViewFrame,
  points: DrawablePoints,
  styles: readonly PointStyle[],
  scratch: DrawScratch,
  options: { surface: PixelSurface; sprites: StyleSprites; damage: DamageTiles },
): number {
  const { surface, damage } = options;
  const { pixels, width: sw, height: sh } = surface;
  if (damage.width !== sw || damage.height !== sh)
    throw new Error(`damage tiles (${damage.width}×${damage.height}) do not fit the surface (${sw}×${sh})`);
  const inView = placeVisible(view, points, styles, scratch, null);
  const { cx, cy, perStyle } = scratch;
  const sprites = options.sprites.at(view.pixelRatio);
  const ratio = view.pixelRatio;
  damage.runs((x0, y0, x1, y1) => {
    for (let y = y0; y < y1; y++) pixels.fill(0, y * sw + x0, y * sw + x1);
  });
  const T = DAMAGE_TILE_PX;
  const { cols, rows, flags } = damage;
  let rowTop = surface.top <= surface.bottom ? surface.top : sh;
  let rowBottom = surface.top <= surface.bottom ? surface.bottom : -1;
  for (let s = styles.length - 1; s >= 0; s--) {
    const sprite = sprites[s];
    const h = sprite.half;
    for (let k = perStyle[s]; k < perStyle[s + 1]; k++) {
      const dx = Math.floor(cx[k] * ratio);
      const dy = Math.floor(cy[k] * ratio);
      const c0 = Math.max(0, Math.floor((dx - h) / T));
      const c1 = Math.min(cols - 1, Math.floor((dx + h) / T));
      const r0 = Math.max(0, Math.floor((dy - h) / T));
      const r1 = Math.min(rows - 1, Math.floor((dy + h) / T));
      let touched = false;
      for (let r = r0; r <= r1; r++)
        for (let c = c0; c <= c1; c++) {
          if (!flags[r * cols + c]) continue;
          stampWithin(pixels, sw, sprite, dx, dy, c * T, r * T, Math.min(sw, (c + 1) * T), Math.min(sh, (r + 1) * T));
          touched = true;
        }
      if (!touched) continue;
      if (dy - h < rowTop) rowTop = dy - h;
      if (dy + h > rowBottom) rowBottom = dy + h;
    }
  }
  surface.top = Math.max(0, rowTop);
  surface.bottom = Math.min(sh - 1, rowBottom);
  damage.runs((x0, y0, x1, y1) => surface.putBox(ctx, x0, y0, x1, y1));
  damage.clear();
  return inView;
}
