import type { ViewFrame } from './mercator.ts';

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
const SIN60 = Math.sqrt(3) / 2;

function tracePoint(ctx: CanvasRenderingContext2D, shape: PointStyle['shape'], x: number, y: number, r: number): void {
  switch (shape) {
    case 'square':
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      return;
    case 'diamond':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      return;
    case 'triangle':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r * SIN60, y + r / 2);
      ctx.lineTo(x - r * SIN60, y + r / 2);
      ctx.closePath();
      return;
    default:
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, TAU);
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

/**
 * Draws the points in view, one path per style (a fill and a stroke call per
 * style, not per point). Later styles first, so style 0 (the layer's most
 * urgent) lies on top. `subset`: only these slots (the single points between
 * clusters). `pulsePhase` in [0, 1): where the pulse halos are.
 * Returns how many points were drawn and how many of them pulse.
 */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  view: ViewFrame,
  points: DrawablePoints,
  styles: readonly PointStyle[],
  scratch: DrawScratch,
  options: { subset?: ArrayLike<number> | null; pulsePhase: number },
): { drawn: number; pulsing: number } {
  const nStyles = styles.length;
  const subset = options.subset ?? null;
  const total = subset ? subset.length : points.count;
  scratch.fit(total, nStyles);
  const { order, visible, cx, cy, perStyle } = scratch;
  const { x, y, style, hidden } = points;
  const { scale, left, top, width, height } = view;
  let maxR = 0;
  for (const s of styles) maxR = Math.max(maxR, s.radius + (s.ring ? 4 : 0) + (s.pulse ? s.radius * 1.5 : 0));

  // Counting sort of the visible slots by style: perStyle[s] = start of style s.
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

  let pulsing = 0;
  for (let s = nStyles - 1; s >= 0; s--) {
    const from = perStyle[s];
    const to = perStyle[s + 1];
    if (from === to) continue;
    const st = styles[s];
    const r = st.radius;
    if (st.pulse) {
      pulsing += to - from;
      ctx.beginPath();
      traceCircles(ctx, scratch, from, to, r * (1 + 1.5 * options.pulsePhase));
      ctx.globalAlpha = 1 - options.pulsePhase;
      ctx.strokeStyle = st.fill;
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    ctx.beginPath();
    if (st.shape === undefined || st.shape === 'circle') traceCircles(ctx, scratch, from, to, r);
    else for (let k = from; k < to; k++) tracePoint(ctx, st.shape, cx[k], cy[k], r);
    ctx.fillStyle = st.fill;
    ctx.fill();
    if (st.stroke) {
      ctx.strokeStyle = st.stroke;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    if (st.ring) {
      ctx.beginPath();
      traceCircles(ctx, scratch, from, to, r + 3);
      ctx.strokeStyle = st.ring;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  }
  return { drawn: inView, pulsing };
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
