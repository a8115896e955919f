import type * as L from 'leaflet';
import { CanvasOverlay, type EngineHooks } from './canvas-overlay.ts';
import { worldX, worldY, type ViewFrame } from './mercator.ts';
import { SegmentGrid } from './segment-grid.ts';

export interface LineStyle {
  color: string;
  width: number;
  dash?: number[];
}

/** Polylines, already in the map's datum: line i is points offsets[i] .. offsets[i + 1] of coords (lat, lng interleaved). */
export interface LineData {
  ids: string[];
  coords: Float64Array;
  offsets: Uint32Array;
  style: Uint8Array;
}

export interface LineLayerOptions {
  name: string;
  styles: LineStyle[];
  pane?: string;
  zIndex?: number;
  engine?: EngineHooks;
}

const DEFAULT_TOLERANCE_PX = 4;

/**
 * Polylines (road traffic, a volunteer's track) on one canvas: one path per
 * style, later styles on top (roads list smooth first, blocked last). Lines
 * off screen are skipped by their boxes; hits go through a grid over the
 * segments (segment-grid.ts).
 */
export class LineLayer extends CanvasOverlay {
  readonly styles: readonly LineStyle[];
  private ids: string[] = [];
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private offsets = new Uint32Array(1);
  private lineOfVertex = new Uint32Array(0);
  /** Per line: min x, min y, max x, max y (world0). */
  private boxes = new Float64Array(0);
  private style = new Uint8Array(0);
  private grid: SegmentGrid | null = null;
  private readonly maxWidth: number;
  private drawn = 0;
  private readonly counts = { full: 0 };

  constructor(options: LineLayerOptions) {
    super(options.name, options);
    if (options.styles.length === 0 || options.styles.length > 255)
      throw new Error(`line layer ${options.name}: 1 to 255 styles (got ${options.styles.length})`);
    for (const s of options.styles)
      if (!(s.width > 0)) throw new Error(`line layer ${options.name}: a style's width must be > 0 (got ${s.width})`);
    this.styles = options.styles.map((s) => ({ ...s, dash: s.dash?.slice() }));
    this.maxWidth = Math.max(...this.styles.map((s) => s.width));
  }

  setData(data: LineData): void {
    const n = data.ids.length;
    const { coords, offsets, style } = data;
    const fail = (why: string) => new Error(`line layer ${this.name}: ${why}`);
    if (offsets.length !== n + 1) throw fail(`offsets has ${offsets.length} entries for ${n} lines (needs ${n + 1})`);
    if (style.length !== n) throw fail(`style has ${style.length} entries for ${n} lines`);
    if (coords.length % 2 !== 0) throw fail('coords must be lat, lng pairs');
    if (offsets[0] !== 0 || offsets[n] !== coords.length / 2)
      throw fail(`offsets must run from 0 to ${coords.length / 2} (the points in coords)`);
    for (let i = 0; i < n; i++) {
      if (offsets[i + 1] < offsets[i]) throw fail(`offsets go backwards at line ${data.ids[i]}`);
      if (style[i] >= this.styles.length) throw fail(`no style ${style[i]} (${this.styles.length} styles)`);
    }
    for (let k = 0; k < coords.length; k++) if (!Number.isFinite(coords[k])) throw fail('coords must be finite');

    const points = coords.length / 2;
    this.ids = data.ids.slice();
    this.offsets = Uint32Array.from(offsets);
    this.style = Uint8Array.from(style);
    this.x = new Float64Array(points);
    this.y = new Float64Array(points);
    this.lineOfVertex = new Uint32Array(points);
    this.boxes = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let k = offsets[i]; k < offsets[i + 1]; k++) {
        const px = worldX(coords[2 * k + 1]);
        const py = worldY(coords[2 * k]);
        this.x[k] = px;
        this.y[k] = py;
        this.lineOfVertex[k] = i;
        minX = Math.min(minX, px);
        minY = Math.min(minY, py);
        maxX = Math.max(maxX, px);
        maxY = Math.max(maxY, py);
      }
      this.boxes.set([minX, minY, maxX, maxY], 4 * i);
    }
    // Built on the first hit-test: roads are set once, hovered later (or never).
    this.grid = null;
    this.markDirty();
  }

  setStyle(i: number, style: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.ids.length)
      throw new RangeError(`line layer ${this.name}: no line ${i} (${this.ids.length} lines)`);
    if (!Number.isInteger(style) || style < 0 || style >= this.styles.length)
      throw new RangeError(`line layer ${this.name}: no style ${style} (${this.styles.length} styles)`);
    if (this.style[i] === style) return;
    this.style[i] = style;
    this.markDirty();
  }

  /** The line under a container pixel (within half its width plus `tolerancePx`), nearest first. */
  hitTest(containerPoint: L.Point, tolerancePx = DEFAULT_TOLERANCE_PX): { index: number; id: string } | null {
    const view = this.currentView();
    if (!view || this.ids.length === 0) return null;
    this.grid ??= new SegmentGrid(this.x, this.y, this.offsets);
    const qx = (containerPoint.x + view.left) / view.scale;
    const qy = (containerPoint.y + view.top) / view.scale;
    const hit = this.grid.nearest(
      qx,
      qy,
      (this.maxWidth / 2 + tolerancePx) / view.scale,
      (line) => (this.styles[this.style[line]].width / 2 + tolerancePx) / view.scale,
      this.lineOfVertex,
    );
    return hit === null ? null : { index: hit.line, id: this.ids[hit.line] };
  }

  /** Lines drawn by the last frame (tests, the bench). */
  get drawnLastFrame(): number {
    return this.drawn;
  }

  /** Frames drawn since the layer was made (the bench's diagnostics). */
  get drawCounts(): Readonly<{ full: number }> {
    return this.counts;
  }

  protected drawLayer(context: CanvasRenderingContext2D, view: ViewFrame): void {
    const { scale, left, top, width, height } = view;
    const { x, y, offsets, boxes, style } = this;
    const n = this.ids.length;
    const pad = this.maxWidth;
    context.clearRect(0, 0, width, height);
    context.lineJoin = 'round';
    context.lineCap = 'round';
    let drawn = 0;
    for (let s = 0; s < this.styles.length; s++) {
      const st = this.styles[s];
      let any = false;
      context.beginPath();
      for (let i = 0; i < n; i++) {
        if (style[i] !== s || offsets[i + 1] - offsets[i] < 2) continue;
        if (boxes[4 * i + 2] * scale - left < -pad || boxes[4 * i] * scale - left > width + pad) continue;
        if (boxes[4 * i + 3] * scale - top < -pad || boxes[4 * i + 1] * scale - top > height + pad) continue;
        const k0 = offsets[i];
        context.moveTo(x[k0] * scale - left, y[k0] * scale - top);
        for (let k = k0 + 1; k < offsets[i + 1]; k++) context.lineTo(x[k] * scale - left, y[k] * scale - top);
        any = true;
        drawn++;
      }
      if (!any) continue;
      context.strokeStyle = st.color;
      context.lineWidth = st.width;
      context.setLineDash(st.dash ?? []);
      context.stroke();
    }
    context.setLineDash([]);
    this.drawn = drawn;
    this.counts.full++;
  }
}
