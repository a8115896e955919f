import * as L from 'leaflet';
import { animationFrames, RedrawLoop, type FrameScheduler } from './frame-scheduler.ts';
import type { ViewFrame } from './mercator.ts';

/** What a layer takes from its surroundings; tests inject their own. */
export interface EngineHooks {
  frames?: FrameScheduler;
  now?: () => number;
  devicePixelRatio?: () => number;
  /** The 2D context of the layer's canvas (tests give a recording fake; happy-dom has none). */
  context?: (canvas: HTMLCanvasElement) => CanvasRenderingContext2D | null;
}

/** Leaflet's own layers (markers, image overlays) place themselves with these during a zoom animation. */
interface MapInternals {
  _animatingZoom?: boolean;
  _latLngToNewLayerPoint(latlng: L.LatLng, zoom: number, center: L.LatLng): L.Point;
}

/**
 * How far the canvas reaches beyond each side of the map's container, as a
 * share of its size (Leaflet's own canvas renderer uses the same 0.1).
 */
export const OVERLAY_PADDING = 0.1;

/**
 * One canvas, the size of the map's container plus OVERLAY_PADDING on each
 * side, in a Leaflet pane.
 *
 * A pan does not redraw: the canvas travels with the map pane, its picture
 * staying where it is on the ground, until the container is about to leave
 * the padded area — only then, and once the pan ends, is the canvas moved
 * back around the container and redrawn from the layer's world0
 * coordinates. A drag across the map so costs a few redraws per layer, not
 * one per frame for every layer (new data — positions, a pulse — redraws as
 * it comes, in place). During a zoom animation the canvas is scaled with the
 * map (CSS transform, as Leaflet's own renderers do) and redrawn once the
 * animation ends; a zoom without animation (flyTo, pinch) just redraws,
 * which costs no projection.
 */
export abstract class CanvasOverlay extends L.Layer {
  protected map: L.Map | null = null;
  protected canvas: HTMLCanvasElement | null = null;
  protected context: CanvasRenderingContext2D | null = null;
  protected readonly now: () => number;
  protected readonly loop: RedrawLoop;
  private readonly dpr: () => number;
  private readonly makeContext: (canvas: HTMLCanvasElement) => CanvasRenderingContext2D | null;
  private drawnAt: { topLeft: L.LatLng; zoom: number } | null = null;
  /** The canvas's top-left (layer point), CSS size and device pixel ratio as last drawn; null: place it anew. */
  private placed: { origin: L.Point; size: L.Point; zoom: number; view: ViewFrame } | null = null;
  private readonly zIndex: number | undefined;

  constructor(
    readonly name: string,
    options: { pane?: string; zIndex?: number; engine?: EngineHooks },
  ) {
    super();
    if (!name) throw new Error('a canvas layer needs a name');
    // Leaflet's Layer has no initialize: options given to its constructor are dropped.
    L.Util.setOptions(this, { pane: options.pane ?? 'overlayPane' });
    const hooks = options.engine ?? {};
    this.now = hooks.now ?? (() => performance.now());
    this.dpr = hooks.devicePixelRatio ?? (() => globalThis.devicePixelRatio || 1);
    this.makeContext = hooks.context ?? ((canvas) => canvas.getContext('2d'));
    this.loop = new RedrawLoop((time) => this.frame(time), hooks.frames ?? animationFrames);
    this.zIndex = options.zIndex;
  }

  override onAdd(map: L.Map): this {
    if (map.options.crs && map.options.crs !== L.CRS.EPSG3857)
      throw new Error(`canvas layer ${this.name}: the map must use Web Mercator (EPSG:3857)`);
    const paneName = this.options.pane ?? 'overlayPane';
    const pane = map.getPane(paneName) ?? map.createPane(paneName);
    const canvas = document.createElement('canvas');
    canvas.className = 'egret-canvas-layer leaflet-zoom-animated';
    canvas.dataset.layer = this.name;
    // The map under it takes the pointer (drag, wheel); hits go through hitTest.
    canvas.style.pointerEvents = 'none';
    canvas.style.position = 'absolute';
    if (this.zIndex !== undefined) canvas.style.zIndex = String(this.zIndex);
    pane.appendChild(canvas);
    this.map = map;
    this.canvas = canvas;
    this.context = this.makeContext(canvas);
    this.drawnAt = null;
    this.placed = null;
    this.loop.start();
    this.loop.markDirty();
    return this;
  }

  override onRemove(): this {
    this.loop.stop();
    this.canvas?.remove();
    this.canvas = null;
    this.context = null;
    this.map = null;
    this.drawnAt = null;
    this.placed = null;
    return this;
  }

  override getEvents(): { [name: string]: L.LeafletEventHandlerFn } {
    const events: { [name: string]: L.LeafletEventHandlerFn } = {
      move: this.onMove,
      zoom: this.replace,
      viewreset: this.replace,
      zoomend: this.replace,
      moveend: this.replace,
      resize: this.replace,
    };
    // Leaflet asks for these before onAdd: its own `_map` is already set.
    if (this._map?.options.zoomAnimation !== false) events.zoomanim = this.onZoomAnim as L.LeafletEventHandlerFn;
    return events;
  }

  /** Redraw on the next animation frame (once, however often it is called), where the canvas is now. */
  readonly markDirty = (): void => {
    this.loop.markDirty();
  };

  /** Place the canvas around the container again and redraw (the view changed beyond a pan). */
  private readonly replace = (): void => {
    this.placed = null;
    this.loop.markDirty();
  };

  /** A pan step: the picture moves with the map until the container nears the canvas's edge. */
  private readonly onMove = (): void => {
    if (!this.covers()) this.replace();
  };

  /** Whether the canvas as drawn still covers the whole container at its zoom. */
  private covers(): boolean {
    const map = this.map;
    const drawn = this.placed;
    if (!map || !drawn || map.getZoom() !== drawn.zoom) return false;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    const size = map.getSize();
    return (
      topLeft.x >= drawn.origin.x &&
      topLeft.y >= drawn.origin.y &&
      topLeft.x + size.x <= drawn.origin.x + drawn.size.x &&
      topLeft.y + size.y <= drawn.origin.y + drawn.size.y
    );
  }

  /** The device pixel of the canvas, as last drawn, under a container point; null before the first draw. */
  protected canvasPixelAt(containerPoint: L.Point): { x: number; y: number } | null {
    const map = this.map;
    const drawn = this.placed;
    if (!map || !drawn) return null;
    const at = map.containerPointToLayerPoint(containerPoint);
    const ratio = drawn.view.pixelRatio;
    return { x: Math.floor((at.x - drawn.origin.x) * ratio), y: Math.floor((at.y - drawn.origin.y) * ratio) };
  }

  /** The map's view now (not as last drawn), or null when not on a map. */
  currentView(): ViewFrame | null {
    const map = this.map;
    if (!map) return null;
    const zoom = map.getZoom();
    const origin = map.getPixelOrigin();
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    const size = map.getSize();
    return { zoom, scale: Math.pow(2, zoom), left: origin.x + topLeft.x, top: origin.y + topLeft.y, width: size.x, height: size.y, pixelRatio: this.dpr() };
  }

  /** Draws the layer for `view` (the context scaled to CSS pixels; clearing it is the layer's choice). */
  protected abstract drawLayer(context: CanvasRenderingContext2D, view: ViewFrame, time: number): void;

  private frame(time: number): void {
    const map = this.map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    // Mid-animation the map already reports the target zoom while the panes
    // are still scaling; zoomend asks again.
    if ((map as unknown as MapInternals)._animatingZoom) return;
    // In place (new data, a pulse) while the canvas still covers the container; else around it anew.
    const view = this.placed && this.covers() ? this.placed.view : this.placeCanvas(map, canvas);
    const dpr = view.pixelRatio;
    const context = this.context;
    if (!context) return;
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawLayer(context, view, time);
  }

  /** Sizes and places the canvas around the container (OVERLAY_PADDING on each side); the view it is drawn for. */
  private placeCanvas(map: L.Map, canvas: HTMLCanvasElement): ViewFrame {
    const current = this.currentView()!;
    const padX = Math.round(current.width * OVERLAY_PADDING);
    const padY = Math.round(current.height * OVERLAY_PADDING);
    const view: ViewFrame = {
      ...current,
      left: current.left - padX,
      top: current.top - padY,
      width: current.width + 2 * padX,
      height: current.height + 2 * padY,
    };
    const dpr = view.pixelRatio;
    const w = Math.max(1, Math.round(view.width * dpr));
    const h = Math.max(1, Math.round(view.height * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${view.width}px`;
      canvas.style.height = `${view.height}px`;
    }
    const origin = map.containerPointToLayerPoint([-padX, -padY]);
    L.DomUtil.setPosition(canvas, origin);
    this.drawnAt = { topLeft: map.layerPointToLatLng(origin), zoom: view.zoom };
    this.placed = { origin, size: L.point(view.width, view.height), zoom: view.zoom, view };
    return view;
  }

  private readonly onZoomAnim = (e: L.ZoomAnimEvent): void => {
    const map = this.map;
    if (!map || !this.canvas || !this.drawnAt) return;
    const scale = map.getZoomScale(e.zoom, this.drawnAt.zoom);
    const offset = (map as unknown as MapInternals)._latLngToNewLayerPoint(this.drawnAt.topLeft, e.zoom, e.center);
    L.DomUtil.setTransform(this.canvas, offset, scale);
  };
}
