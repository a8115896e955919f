import * as L from 'leaflet';
import { CanvasOverlay, type EngineHooks } from './canvas-overlay.ts';
import { latOfWorldY, lngOfWorldX, worldX, worldY, type ViewFrame } from './mercator.ts';
import { PointClusters, type ClusterItem } from './point-clusters.ts';
import { DamageTiles } from './damage-tiles.ts';
import {
  clusterRadius,
  drawClusters,
  drawHalos,
  drawPoints,
  DrawScratch,
  PixelSurface,
  repairDamage,
  StyleSprites,
  type PointStyle,
} from './point-draw.ts';
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

/**
 * A pulse: the halos around P1s fade out in PULSE_STEPS steps, again and
 * again, as a Web Animation of the halos' own canvas (its opacity) — the
 * halos are drawn once, when the layer draws. Drawn through the layer's
 * canvas at every frame, they cost a still map most of its main thread
 * (bench:map page, still, 2 cores under load: ~650 ms a second busy; each
 * frame re-sent a canvas the size of the map). A smooth fade of the halo
 * canvas still cost ~350 ms a second without a GPU (Chromium redrew it every
 * frame); seven steps, ~110 ms, against ~60 ms for a map with no halo at all.
 */
const PULSE_MS = 1400;
const PULSE_STEPS = 7;
/** Tiles to repair beyond this share of the canvas: stamping it all again costs about the same. */
const MAX_REPAIR_SHARE = 0.4;
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
  /** 1 for a slot the last clustered frame drew as a single point (the rest were inside clusters). */
  private drawnSingle = new Uint8Array(0);
  /** Points changed since the last full draw in a way tiles cannot repair: the next frame draws everything. */
  private contentDirty = true;
  /** Tiles of the last full draw that moved points changed since (layers without halos or clusters). */
  private readonly damage = new DamageTiles();
  private readonly hasPulse: boolean;
  /** The view of the last full draw (null: none yet), and its key. */
  private drawnView: ViewFrame | null = null;
  private drawnViewKey = '';
  /** The halos' fading while any are drawn (null: none, or no Web Animations here). */
  private pulse: Animation | null = null;
  /** A sprite's half side in device pixels, the largest of the styles', at a device pixel ratio. */
  private spriteReach = { ratio: 0, half: 0 };
  private lastDraw = { drawn: 0, pulsing: 0, clusters: 0 };
  private readonly counts = { full: 0, repaired: 0 };

  constructor(options: PointLayerOptions) {
    super(options.name, { ...options, animatedCanvas: options.styles.some((s) => s.pulse) });
    if (options.styles.length === 0 || options.styles.length > 255)
      throw new Error(`point layer ${options.name}: 1 to 255 styles (got ${options.styles.length})`);
    for (const s of options.styles)
      if (!(s.radius > 0)) throw new Error(`point layer ${options.name}: a style's radius must be > 0 (got ${s.radius})`);
    this.styles = options.styles.map((s) => ({ ...s }));
    // Colours are checked here, not at the first frame.
    this.sprites = new StyleSprites(this.styles);
    this.sprites.at(1);
    this.maxRadius = Math.max(...this.styles.map(styleExtent));
    this.hasPulse = this.styles.some((s) => s.pulse);
    this.index = new PointIndex(this.now);
    this.clusters = options.cluster ? new PointClusters(options.cluster, this.now) : null;
  }

  /** Replaces every point (slot i is ids[i]). A hidden mask of the same length is kept; otherwise cleared. */
  setData(data: PointData): void {
    const n = data.ids.length;
    if (data.lat.length !== n || data.lng.length !== n || data.style.length !== n)
      throw new Error(
        `point layer ${this.name}: ids (${n}), lat (${data.lat.length}), lng (${data.lng.length}) and style (${data.style.length}) must have one length`,
      );
    for (let i = 0; i < n; i++) this.checkStyle(data.style[i]);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(data.lat[i]) || !Number.isFinite(data.lng[i]))
        throw new Error(`point layer ${this.name}: point ${data.ids[i]} has no finite position`);
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
    if (!Number.isFinite(lat) || !Number.isFinite(lng))
      throw new Error(`point layer ${this.name}: move of slot ${slot} to a non-finite position`);
    const wasX = this.x[slot];
    const wasY = this.y[slot];
    this.lat[slot] = lat;
    this.lng[slot] = lng;
    this.x[slot] = worldX(lng);
    this.y[slot] = worldY(lat);
    this.index.moved(slot);
    this.clusters?.positionsChanged();
    if (this.hidden?.[slot] || this.insideCluster(slot)) return;
    const before = this.damageAt(wasX, wasY);
    const after = this.damageAt(this.x[slot], this.y[slot]);
    if (before || after) this.markDirty();
  }

  setStyle(slot: number, style: number): void {
    this.checkSlot(slot);
    this.checkStyle(style);
    if (this.style[slot] === style) return;
    this.style[slot] = style;
    // A cluster's colour follows its most urgent member: refreshed with the next rebuild.
    this.clusters?.positionsChanged();
    if (this.hidden?.[slot] || this.insideCluster(slot)) return;
    if (this.damageAt(this.x[slot], this.y[slot])) this.markDirty();
  }

  /**
   * Whether the canvas shows `slot` inside a cluster: a cluster stays where
   * it was built until the clusters are rebuilt (at most once a second), so
   * its members moving change nothing on screen before then — the rebuild is
   * scheduled instead of a frame.
   */
  private insideCluster(slot: number): boolean {
    const view = this.drawnView;
    if (this.contentDirty || !view || !this.clusters?.appliesAt(view.zoom) || this.drawnSingle[slot]) return false;
    this.scheduleClusterRebuild();
    return true;
  }

  /** Moved points owe the clusters a rebuild: a full frame when it is due. */
  private scheduleClusterRebuild(): void {
    const due = this.clusters?.dueInMs() ?? Infinity;
    if (!Number.isFinite(due) || this.clusterTimer !== null) return;
    this.clusterTimer = setTimeout(() => {
      this.clusterTimer = null;
      this.contentDirty = true;
      this.markDirty();
    }, due);
  }

  /**
   * Marks the tiles that a point's sprite at world0 (wx, wy) covers on the
   * canvas as last drawn; false when the canvas shows nothing there (a
   * position frame that moves only volunteers off the canvas asks for no
   * frame). A layer with halos or clusters, or not drawn yet, is drawn whole
   * in the next frame instead (true).
   */
  private damageAt(wx: number, wy: number): boolean {
    const view = this.drawnView;
    if (this.contentDirty) return true;
    if (!view || this.hasPulse || this.clusters?.appliesAt(view.zoom)) {
      this.contentDirty = true;
      return true;
    }
    const ratio = view.pixelRatio;
    if (this.spriteReach.ratio !== ratio) this.spriteReach = { ratio, half: Math.max(...this.sprites.at(ratio).map((s) => s.half)) };
    // One pixel more each side: the draw rounds through Float32 container positions.
    const reach = this.spriteReach.half + 1;
    const dx = Math.floor((wx * view.scale - view.left) * ratio);
    const dy = Math.floor((wy * view.scale - view.top) * ratio);
    return this.damage.mark(dx - reach, dy - reach, dx + reach + 1, dy + reach + 1);
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

  /** Frames drawn since the layer was made: whole, or only tiles repaired (tests, the bench's diagnostics). */
  get drawCounts(): Readonly<{ full: number; repaired: number }> {
    return this.counts;
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
    this.drawnView = null;
    return super.onAdd(map);
  }

  override onRemove(): this {
    if (this.map) setPointerWanted(this.map.getContainer(), this.name, false);
    this.hoverKey = '';
    if (this.clusterTimer !== null) clearTimeout(this.clusterTimer);
    this.clusterTimer = null;
    this.drawnView = null;
    this.drawnViewKey = '';
    // The animation goes with its canvas.
    this.pulse = null;
    return super.onRemove();
  }

  protected drawLayer(context: CanvasRenderingContext2D, view: ViewFrame): void {
    const viewKey = `${view.zoom}|${view.left}|${view.top}|${view.width}|${view.height}|${view.pixelRatio}`;
    const points = { x: this.x, y: this.y, style: this.style, hidden: this.hidden, count: this.count };
    const sameView = !this.contentDirty && viewKey === this.drawnViewKey;
    // Only moved points, on the canvas as it was drawn: their tiles again, not the whole layer.
    if (sameView && this.damage.count > 0 && this.damage.share <= MAX_REPAIR_SHARE) {
      const drawn = repairDamage(context, view, points, this.styles, this.scratch, {
        surface: this.surface,
        sprites: this.sprites,
        damage: this.damage,
      });
      this.lastDraw = { drawn, pulsing: 0, clusters: 0 };
      this.counts.repaired++;
      return;
    }
    this.contentDirty = false;
    this.counts.full++;
    this.drawnView = view;
    this.drawnViewKey = viewKey;
    context.clearRect(0, 0, view.width, view.height);
    let result: { drawn: number; pulsing: number };
    let clusterCount = 0;
    if (this.clusters?.appliesAt(view.zoom)) {
      const items = this.clusterItems(view);
      const singles: number[] = [];
      const discs: { cx: number; cy: number; count: number; style: number }[] = [];
      if (this.drawnSingle.length !== this.count) this.drawnSingle = new Uint8Array(this.count);
      else this.drawnSingle.fill(0);
      for (const item of items) {
        if (item.slot >= 0) {
          singles.push(item.slot);
          this.drawnSingle[item.slot] = 1;
        } else
          discs.push({
            cx: worldX(item.lng) * view.scale - view.left,
            cy: worldY(item.lat) * view.scale - view.top,
            count: item.count,
            style: item.style,
          });
      }
      result = drawPoints(context, view, points, this.styles, this.scratch, {
        subset: singles,
        surface: this.surface,
        sprites: this.sprites,
      });
      drawClusters(context, discs, this.styles);
      clusterCount = discs.length;
      // Points that moved and then stopped still owe a cluster rebuild: draw again when it is due.
      this.scheduleClusterRebuild();
    } else {
      result = drawPoints(context, view, points, this.styles, this.scratch, { surface: this.surface, sprites: this.sprites });
    }
    this.lastDraw = { ...result, clusters: clusterCount };
    this.damage.fit(this.surface.width, this.surface.height);
    this.damage.clear();
    this.drawHalos(view, result.pulsing);
  }

  /** The halos of the pulsing points just drawn, on the animated canvas; fading only while there are some. */
  private drawHalos(view: ViewFrame, pulsing: number): void {
    const halos = this.animatedContext;
    const canvas = this.animatedCanvas;
    if (!halos || !canvas) return;
    halos.clearRect(0, 0, view.width, view.height);
    if (pulsing > 0) drawHalos(halos, this.styles, this.scratch);
    if (pulsing > 0 && this.pulse === null && typeof canvas.animate === 'function')
      this.pulse = canvas.animate([{ opacity: 1 }, { opacity: 0 }], {
        duration: PULSE_MS,
        iterations: Infinity,
        easing: `steps(${PULSE_STEPS}, jump-none)`,
      });
    if (pulsing === 0 && this.pulse !== null) {
      this.pulse.cancel();
      this.pulse = null;
    }
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
    return {
      kind: 'cluster',
      count: best.count,
      latlng: L.latLng(best.lat, best.lng),
      expansionZoom: this.clusters!.expansionZoom(best.clusterId),
    };
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
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count)
      throw new RangeError(`point layer ${this.name}: no slot ${slot} (${this.count} points)`);
  }

  private checkStyle(style: number): void {
    if (!Number.isInteger(style) || style < 0 || style >= this.styles.length)
      throw new RangeError(`point layer ${this.name}: no style ${style} (${this.styles.length} styles)`);
  }
}
