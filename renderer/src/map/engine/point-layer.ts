import * as L from 'leaflet';
import { CanvasOverlay, type EngineHooks } from './canvas-overlay.ts';
import { latOfWorldY, lngOfWorldX, worldX, worldY, type ViewFrame } from './mercator.ts';
import { PointClusters, type ClusterItem } from './point-clusters.ts';
import { clusterRadius, drawClusters, drawPoints, drawPulseOnly, DrawScratch, PixelSurface, StyleSprites, type PointStyle } from './point-draw.ts';
import { styleExtent } from './sprite.ts';
import { PointIndex } from './point-index.ts';
import { setPointerWanted } from './pointer-cursor.ts';

export type { PointStyle } from './point-draw.ts';

/** Points by slot, already in the map's datum (handle.toMap). */
export interface PointData {
  ids: string[];
  lat: Float64Array;
  lng: Float64Array;
  style: Uint8Array;
}

export type PointHit =
  | { kind: 'point'; slot: number; id: string; latlng: L.LatLng }
  | { kind: 'cluster'; count: number; latlng: L.LatLng; expansionZoom: number };

/** Payload of the layer's 'pointhover' | 'pointclick' | 'pointcontextmenu' events. */
export interface PointEvent {
  hit: PointHit | null;
  originalEvent: MouseEvent;
}

export interface PointLayerOptions {
  name: string;
  styles: PointStyle[];
  cluster?: { radiusPx: number; maxZoom: number };
  pane?: string;
  zIndex?: number;
  /** Injected frames, clock, device pixel ratio and context (tests). */
  engine?: EngineHooks;
}

const PULSE_MS = 1400;
const DEFAULT_TOLERANCE_PX = 3;

/**
 * A dense point layer (incidents, cameras, volunteers, stations) drawn on one
 * canvas from typed arrays.
 *
 * Positions are kept projected (world0, mercator.ts) and updated in place by
 * `move`; a change only marks the layer dirty and the canvas is redrawn once in
 * the next animation frame. Hits go through a k-d index over the projected
 * points (point-index.ts), never through per-point DOM. Below
 * `cluster.maxZoom` the visible points are clustered (supercluster); a click
 * on a cluster zooms to where it splits.
 *
 * Events: 'pointhover' when the point under the pointer changes (hit null:
 * left it), 'pointclick' / 'pointcontextmenu' on a point or cluster.
 */
export class PointLayer extends CanvasOverlay {
  readonly styles: readonly PointStyle[];
  private ids: string[] = [];
  private lat = new Float64Array(0);
  private lng = new Float64Array(0);
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private style = new Uint8Array(0);
  private hidden: Uint8Array | null = null;
  private count = 0;
  private readonly maxRadius: number;
  private readonly index: PointIndex;
  private readonly clusters: PointClusters | null;
  private readonly scratch = new DrawScratch();
  private readonly surface = new PixelSurface();
  private readonly sprites: StyleSprites;
  private hoverKey = '';
  private clusterTimer: ReturnType<typeof setTimeout> | null = null;
  /** Points changed since the last full draw (a pulse-only frame may not reuse the pixels). */
  private contentDirty = true;
  private drawnViewKey = '';
  private lastDraw = { drawn: 0, pulsing: 0, clusters: 0 };

  constructor(options: PointLayerOptions) {
    super(options.name, options);
    if (options.styles.length === 0 || options.styles.length > 255) throw new Error(`point layer ${options.name}: 1 to 255 styles (got ${options.styles.length})`);
    for (const s of options.styles)
      if (!(s.radius > 0)) throw new Error(`point layer ${options.name}: a style's radius must be > 0 (got ${s.radius})`);
    this.styles = options.styles.map((s) => ({ ...s }));
    // Colours are checked here, not at the first frame.
    this.sprites = new StyleSprites(this.styles);
    this.sprites.at(1);
    this.maxRadius = Math.max(...this.styles.map(styleExtent));
    this.index = new PointIndex(this.now);
    this.clusters = options.cluster ? new PointClusters(options.cluster, this.now) : null;
  }

  /** Replaces every point (slot i is ids[i]). A hidden mask of the same length is kept; otherwise cleared. */
  setData(data: PointData): void {
    const n = data.ids.length;
    if (data.lat.length !== n || data.lng.length !== n || data.style.length !== n)
      throw new Error(`point layer ${this.name}: ids (${n}), lat (${data.lat.length}), lng (${data.lng.length}) and style (${data.style.length}) must have one length`);
    for (let i = 0; i < n; i++) this.checkStyle(data.style[i]);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(data.lat[i]) || !Number.isFinite(data.lng[i])) throw new Error(`point layer ${this.name}: point ${data.ids[i]} has no finite position`);
    this.ids = data.ids.slice();
    this.lat = Float64Array.from(data.lat);
    this.lng = Float64Array.from(data.lng);
    this.style = Uint8Array.from(data.style);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.x[i] = worldX(this.lng[i]);
      this.y[i] = worldY(this.lat[i]);
    }
    this.count = n;
    if (this.hidden && this.hidden.length !== n) this.hidden = null;
    this.index.reset(this.x, this.y, n);
    this.clusters?.invalidate();
    this.contentDirty = true;
    this.markDirty();
  }

  /** Moves one point in place; drawn at its new position in the next frame. */
  move(slot: number, lat: number, lng: number): void {
    this.checkSlot(slot);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) throw new Error(`point layer ${this.name}: move of slot ${slot} to a non-finite position`);
    this.lat[slot] = lat;
    this.lng[slot] = lng;
    this.x[slot] = worldX(lng);
    this.y[slot] = worldY(lat);
    this.index.moved(slot);
    this.clusters?.positionsChanged();
    this.contentDirty = true;
    this.markDirty();
  }

  setStyle(slot: number, style: number): void {
    this.checkSlot(slot);
    this.checkStyle(style);
    if (this.style[slot] === style) return;
    this.style[slot] = style;
    // A cluster's colour follows its most urgent member: refreshed with the next rebuild.
    this.clusters?.positionsChanged();
    this.contentDirty = true;
    this.markDirty();
  }

  /** 1 = neither drawn nor hit (filters, toggles); null shows every point. */
  setHidden(hidden: Uint8Array | null): void {
    if (hidden !== null && hidden.length !== this.count)
      throw new Error(`point layer ${this.name}: hidden mask has ${hidden.length} entries for ${this.count} points`);
    this.hidden = hidden === null ? null : Uint8Array.from(hidden);
    this.clusters?.invalidate();
    this.contentDirty = true;
    this.markDirty();
  }

  /** Points per style that are not hidden (the legend's counts). */
  countByStyle(): number[] {
    const counts = new Array<number>(this.styles.length).fill(0);
    for (let i = 0; i < this.count; i++) if (!this.hidden?.[i]) counts[this.style[i]]++;
    return counts;
  }

  /** The id of a slot, and where it is (in the map's datum). */
  pointOf(slot: number): { id: string; lat: number; lng: number } | null {
    if (!(slot >= 0 && slot < this.count)) return null;
    return { id: this.ids[slot], lat: this.lat[slot], lng: this.lng[slot] };
  }

  /** The slot of an id (linear: for tests and single look-ups, not per frame). */
  slotOf(id: string): number {
    return this.ids.indexOf(id);
  }

  /** What the last frame drew: points, how many of them pulse, clusters. */
  get drawnLastFrame(): Readonly<{ drawn: number; pulsing: number; clusters: number }> {
    return this.lastDraw;
  }

  /** The last frame's stamped pixel at a container point (RGBA as a little-endian word; 0: nothing drawn there). */
  drawnPixelAt(containerPoint: L.Point): number {
    const { width, height, pixels } = this.surface;
    const at = this.canvasPixelAt(containerPoint);
    if (!at) return 0;
    const { x, y } = at;
    return x >= 0 && y >= 0 && x < width && y < height ? pixels[y * width + x] : 0;
  }

  /**
   * The point or cluster under a container pixel (within `tolerancePx` of its
   * edge), at the map's current view; null if none or not on a map.
   */
  hitTest(containerPoint: L.Point, tolerancePx = DEFAULT_TOLERANCE_PX): PointHit | null {
    const view = this.currentView();
    if (!view || this.count === 0) return null;
    const qx = (containerPoint.x + view.left) / view.scale;
    const qy = (containerPoint.y + view.top) / view.scale;
    if (this.clusters?.appliesAt(view.zoom)) return this.hitCluster(view, containerPoint, tolerancePx);
    const hidden = this.hidden;
    const slot = this.index.nearest(qx, qy, (this.maxRadius + tolerancePx) / view.scale, (i) =>
      hidden !== null && hidden[i] ? -1 : (this.styles[this.style[i]].radius + tolerancePx) / view.scale,
    );
    return slot < 0 ? null : this.pointHit(slot);
  }

  override getEvents(): { [name: string]: L.LeafletEventHandlerFn } {
    return {
      ...super.getEvents(),
      mousemove: this.onMouseMove as L.LeafletEventHandlerFn,
      mouseout: this.onMouseOut as L.LeafletEventHandlerFn,
      click: this.onClick as L.LeafletEventHandlerFn,
      contextmenu: this.onContextMenu as L.LeafletEventHandlerFn,
    };
  }

  override onAdd(map: L.Map): this {
    // A new canvas holds none of the stamped pixels.
    this.contentDirty = true;
    return super.onAdd(map);
  }

  override onRemove(): this {
    if (this.map) setPointerWanted(this.map.getContainer(), this.name, false);
    this.hoverKey = '';
    if (this.clusterTimer !== null) clearTimeout(this.clusterTimer);
    this.clusterTimer = null;
    return super.onRemove();
  }

  protected drawLayer(context: CanvasRenderingContext2D, view: ViewFrame, time: number): void {
    const pulsePhase = (time % PULSE_MS) / PULSE_MS;
    const viewKey = `${view.zoom}|${view.left}|${view.top}|${view.width}|${view.height}|${view.pixelRatio}`;
    // Nothing moved, only the halos: restore their squares from the stamped pixels and draw them anew
    // (re-stamping 5,000 incidents 60 times a second for 50 pulsing P1s was most of a still map's work).
    if (!this.contentDirty && viewKey === this.drawnViewKey && this.lastDraw.clusters === 0 && this.lastDraw.pulsing > 0) {
      drawPulseOnly(context, this.styles, this.scratch, { pulsePhase, surface: this.surface, pixelRatio: view.pixelRatio });
      this.markDirty();
      return;
    }
    this.contentDirty = false;
    this.drawnViewKey = viewKey;
    context.clearRect(0, 0, view.width, view.height);
    const points = { x: this.x, y: this.y, style: this.style, hidden: this.hidden, count: this.count };
    let result: { drawn: number; pulsing: number };
    let clusterCount = 0;
    if (this.clusters?.appliesAt(view.zoom)) {
      const items = this.clusterItems(view);
      const singles: number[] = [];
      const discs: { cx: number; cy: number; count: number; style: number }[] = [];
      for (const item of items) {
        if (item.slot >= 0) singles.push(item.slot);
        else discs.push({ cx: worldX(item.lng) * view.scale - view.left, cy: worldY(item.lat) * view.scale - view.top, count: item.count, style: item.style });
      }
      result = drawPoints(context, view, points, this.styles, this.scratch, { subset: singles, pulsePhase, surface: this.surface, sprites: this.sprites });
      drawClusters(context, discs, this.styles);
      clusterCount = discs.length;
      // Points that moved and then stopped still owe a cluster rebuild: draw again when it is due.
      const due = this.clusters.dueInMs();
      if (Number.isFinite(due) && this.clusterTimer === null)
        this.clusterTimer = setTimeout(() => {
          this.clusterTimer = null;
          this.markDirty();
        }, due);
    } else {
      result = drawPoints(context, view, points, this.styles, this.scratch, { pulsePhase, surface: this.surface, sprites: this.sprites });
    }
    this.lastDraw = { ...result, clusters: clusterCount };
    // Pulse halos animate only while a pulsing point is in view: no frames otherwise.
    if (result.pulsing > 0) this.markDirty();
  }

  private clusterItems(view: ViewFrame): ClusterItem[] {
    const pad = 64;
    const west = Math.max(-180, lngOfWorldX((view.left - pad) / view.scale));
    const east = Math.min(180, lngOfWorldX((view.left + view.width + pad) / view.scale));
    const north = latOfWorldY((view.top - pad) / view.scale);
    const south = latOfWorldY((view.top + view.height + pad) / view.scale);
    return this.clusters!.itemsIn([west, south, east, north], view.zoom, {
      lat: this.lat,
      lng: this.lng,
      style: this.style,
      hidden: this.hidden,
      count: this.count,
    });
  }

  private hitCluster(view: ViewFrame, at: L.Point, tolerancePx: number): PointHit | null {
    let best: ClusterItem | null = null;
    let bestD = Infinity;
    for (const item of this.clusterItems(view)) {
      // A single point is where it is now; a cluster where it was built.
      const wx = item.slot >= 0 ? this.x[item.slot] : worldX(item.lng);
      const wy = item.slot >= 0 ? this.y[item.slot] : worldY(item.lat);
      const d = Math.hypot(wx * view.scale - view.left - at.x, wy * view.scale - view.top - at.y);
      const reach = (item.slot >= 0 ? this.styles[this.style[item.slot]].radius : clusterRadius(item.count)) + tolerancePx;
      if (d <= reach && d < bestD) {
        best = item;
        bestD = d;
      }
    }
    if (!best) return null;
    if (best.slot >= 0) return this.pointHit(best.slot);
    return { kind: 'cluster', count: best.count, latlng: L.latLng(best.lat, best.lng), expansionZoom: this.clusters!.expansionZoom(best.clusterId) };
  }

  private pointHit(slot: number): PointHit {
    return { kind: 'point', slot, id: this.ids[slot], latlng: L.latLng(this.lat[slot], this.lng[slot]) };
  }

  private readonly onMouseMove = (e: L.LeafletMouseEvent): void => {
    const hit = this.hitTest(e.containerPoint);
    const key = hit === null ? '' : hit.kind === 'point' ? `p:${hit.id}` : `c:${hit.latlng.lat},${hit.latlng.lng}`;
    if (key === this.hoverKey) return;
    this.hoverKey = key;
    if (this.map) setPointerWanted(this.map.getContainer(), this.name, hit !== null);
    this.fire('pointhover', { hit, originalEvent: e.originalEvent } satisfies PointEvent);
  };

  private readonly onMouseOut = (e: L.LeafletMouseEvent): void => {
    if (this.hoverKey === '') return;
    this.hoverKey = '';
    if (this.map) setPointerWanted(this.map.getContainer(), this.name, false);
    this.fire('pointhover', { hit: null, originalEvent: e.originalEvent } satisfies PointEvent);
  };

  private readonly onClick = (e: L.LeafletMouseEvent): void => {
    const hit = this.hitTest(e.containerPoint);
    if (!hit) return;
    if (hit.kind === 'cluster' && this.map) this.map.setView(hit.latlng, hit.expansionZoom);
    this.fire('pointclick', { hit, originalEvent: e.originalEvent } satisfies PointEvent);
  };

  private readonly onContextMenu = (e: L.LeafletMouseEvent): void => {
    const hit = this.hitTest(e.containerPoint);
    if (!hit) return;
    this.fire('pointcontextmenu', { hit, originalEvent: e.originalEvent } satisfies PointEvent);
  };

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count) throw new RangeError(`point layer ${this.name}: no slot ${slot} (${this.count} points)`);
  }

  private checkStyle(style: number): void {
    if (!Number.isInteger(style) || style < 0 || style >= this.styles.length)
      throw new RangeError(`point layer ${this.name}: no style ${style} (${this.styles.length} styles)`);
  }
}
