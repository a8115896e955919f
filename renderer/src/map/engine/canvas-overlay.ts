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
 * the padded area — only then is the canvas moved back around the container
 * and redrawn from the layer's world0 coordinates. A drag across the map so
 * costs a few redraws per layer, not one per frame for every layer (new
 * data — positions — redraws as it comes, in place). The end of a
 * pan redraws nothing either while the canvas still covers the container:
 * re-centring it there cost every layer a full redraw per drag (bench:map),
 * and a drag back the other way would not have needed it. During a zoom animation the canvas is scaled with the
 * map (CSS transform, as Leaflet's own renderers do) and redrawn once the
 * animation ends; a zoom without animation (flyTo, pinch) just redraws,
 * which costs no projection.
 */
export abstract class CanvasOverlay extends L.Layer {
  protected map: L.Map | null = null;
  protected canvas: HTMLCanvasElement | null = null;
  protected context: CanvasRenderingContext2D | null = null;
  /**
   * A second canvas just above the first, placed, sized and scaled with it,
   * for what the browser animates by itself (a point layer's pulse halos,
   * faded by the compositor): drawn when the layer draws, never per frame.
   * Only for layers made with `animatedCanvas`.
   */
  protected animatedCanvas: HTMLCanvasElement | null = null;
  protected animatedContext: CanvasRenderingContext2D | null = null;
  private readonly withAnimatedCanvas: boolean;
  protected readonly now: () => number;
  protected readonly loop: RedrawLoop;
  private readonly dpr: () => number;
  private readonly makeContext: (canvas: HTMLCanvasElement) => CanvasRenderingContext2D | null;
  /**
   * Where the canvas is (its top-left as a layer point) and the view it was
   * drawn for (zoom, padded CSS size, device pixel ratio); null before the
   * first draw. Kept until the canvas is placed again: a zoom animation
   * scales the canvas from where it is.
   */
  private placed: { origin: L.Point; view: ViewFrame } | null = null;
  /** The view changed beyond a pan: the next frame places the canvas anew. */
  private placeAnew = true;
  private readonly zIndex: number | undefined;

  constructor(
    readonly name: string,
    options: { pane?: string; zIndex?: number; engine?: EngineHooks; animatedCanvas?: boolean },
  ) {
    super();
    if (!name) throw new Error('a canvas layer needs a name');
    // Leaflet's Layer has no initialize: options given to its constructor are dropped.
    L.Util.setOptions(this, { pane: options.pane ?? 'overlayPane' });
    const hooks = options.engine ?? {};
    this.now = hooks.now ?? (() => performance.now());
    this.dpr = hooks.devicePixelRatio ?? (() => globalThis.devicePixelRatio || 1);
    this.makeContext = hooks.context ?? ((canvas) => canvas.getContext('2d'));
    this.loop = new RedrawLoop(() => this.frame(), hooks.frames ?? animationFrames);
    this.zIndex = options.zIndex;
    this.withAnimatedCanvas = options.animatedCanvas ?? false;
  }

  override onAdd(map: L.Map): this {
    if (map.options.crs && map.options.crs !== L.CRS.EPSG3857)
      throw new Error(`canvas layer ${this.name}: the map must use Web Mercator (EPSG:3857)`);
    const paneName = this.options.pane ?? 'overlayPane';
    const pane = map.getPane(paneName) ?? map.createPane(paneName);
    const canvas = this.newCanvas(pane);
    this.map = map;
    this.canvas = canvas;
    this.context = this.makeContext(canvas);
    if (this.withAnimatedCanvas) {
      this.animatedCanvas = this.newCanvas(pane);
      this.animatedCanvas.dataset.animated = '';
      this.animatedContext = this.makeContext(this.animatedCanvas);
    }
    this.placed = null;
    this.placeAnew = true;
    this.loop.start();
    this.loop.markDirty();
    return this;
  }

  private newCanvas(pane: HTMLElement): HTMLCanvasElement {
    const canvas = document.createElement('canvas');
    canvas.className = 'egret-canvas-layer leaflet-zoom-animated';
    canvas.dataset.layer = this.name;
    // The map under it takes the pointer (drag, wheel); hits go through hitTest.
    canvas.style.pointerEvents = 'none';
    canvas.style.position = 'absolute';
    if (this.zIndex !== undefined) canvas.style.zIndex = String(this.zIndex);
    pane.appendChild(canvas);
    return canvas;
  }

  override onRemove(): this {
    this.loop.stop();
    this.canvas?.remove();
    this.canvas = null;
    this.context = null;
    this.animatedCanvas?.remove();
    this.animatedCanvas = null;
    this.animatedContext = null;
    this.map = null;
    this.placed = null;
    return this;
  }

  override getEvents(): { [name: string]: L.LeafletEventHandlerFn } {
    const events: { [name: string]: L.LeafletEventHandlerFn } = {
      move: this.onMove,
      zoom: this.replace,
      viewreset: this.replace,
      zoomend: this.replace,
      moveend: this.onMove,
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
    this.placeAnew = true;
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
    if (!map || !drawn || this.placeAnew || map.getZoom() !== drawn.view.zoom) return false;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    const size = map.getSize();
    return (
      topLeft.x >= drawn.origin.x &&
      topLeft.y >= drawn.origin.y &&
      topLeft.x + size.x <= drawn.origin.x + drawn.view.width &&
      topLeft.y + size.y <= drawn.origin.y + drawn.view.height
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
    return {
      zoom,
      scale: Math.pow(2, zoom),
      left: origin.x + topLeft.x,
      top: origin.y + topLeft.y,
      width: size.x,
      height: size.y,
      pixelRatio: this.dpr(),
    };
  }

  /** Draws the layer for `view` (the context scaled to CSS pixels; clearing it is the layer's choice). */
  protected abstract drawLayer(context: CanvasRenderingContext2D, view: ViewFrame): void;

  private frame(): void {
    const map = this.map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    // Mid-animation the map already reports the target zoom while the panes
    // are still scaling; zoomend asks again.
    if ((map as unknown as MapInternals)._animatingZoom) return;
    // In place (new data) while the canvas still covers the container; else around it anew.
    const view = this.placed && this.covers() ? this.placed.view : this.placeCanvas(map, canvas);
    this.placeAnew = false;
    const dpr = view.pixelRatio;
    const context = this.context;
    if (!context) return;
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.animatedContext?.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawLayer(context, view);
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
    const origin = map.containerPointToLayerPoint([-padX, -padY]);
    for (const c of this.animatedCanvas ? [canvas, this.animatedCanvas] : [canvas]) {
      if (c.width !== w || c.height !== h) {
        c.width = w;
        c.height = h;
        c.style.width = `${view.width}px`;
        c.style.height = `${view.height}px`;
      }
      L.DomUtil.setPosition(c, origin);
    }
    this.placed = { origin, view };
    return view;
  }

  private readonly onZoomAnim = (e: L.ZoomAnimEvent): void => {
    const map = this.map;
    const placed = this.placed;
    if (!map || !this.canvas || !placed) return;
    const scale = map.getZoomScale(e.zoom, placed.view.zoom);
    // The ground under the canvas's corner now, where the zoom will put it.
    const offset = (map as unknown as MapInternals)._latLngToNewLayerPoint(map.layerPointToLatLng(placed.origin), e.zoom, e.center);
    L.DomUtil.setTransform(this.canvas, offset, scale);
    if (this.animatedCanvas) L.DomUtil.setTransform(this.animatedCanvas, offset, scale);
  };
}
