// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as L from 'leaflet';
import { PointLayer, type PointData, type PointStyle } from './point-layer.ts';
import { ManualFrames, recordingContext, type RecordedCall } from './engine-testing.ts';

/**
 * What a frame costs a point layer when only some points moved: the tiles
 * around them are stamped and put again, not the whole canvas, and nothing
 * at all when they moved off the canvas. happy-dom has no ImageData: a
 * minimal one lets the layer put its pixels, so the puts can be read.
 */
class TestImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}
const hadImageData = 'ImageData' in globalThis;
beforeAll(() => {
  if (!hadImageData) (globalThis as { ImageData?: unknown }).ImageData = TestImageData;
});
afterAll(() => {
  if (!hadImageData) delete (globalThis as { ImageData?: unknown }).ImageData;
});

// No halos: layers with a pulsing style draw whole (point-layer.test.ts).
const STYLES: PointStyle[] = [
  { radius: 5, fill: '#36c', stroke: '#fff' },
  { radius: 4, fill: '#999', shape: 'square', ring: '#f90' },
];

let container: HTMLDivElement;
let map: L.Map;
let frames: ManualFrames;

function layerWith(ctx: ReturnType<typeof recordingContext>): PointLayer {
  return new PointLayer({
    name: 'test',
    styles: STYLES,
    engine: { frames, now: () => 0, devicePixelRatio: () => 2, context: () => ctx.context },
  });
}

/** 400 points 0.0002° apart (≈ 10 device px at zoom 15 here): sprites overlap and straddle tile edges. */
function grid(): PointData & { lat: Float64Array; lng: Float64Array } {
  const n = 400;
  const data = { ids: [] as string[], lat: new Float64Array(n), lng: new Float64Array(n), style: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    data.ids.push(`p${i}`);
    data.lat[i] = 24.478 + (i % 20) * 0.0002;
    data.lng[i] = 118.098 + Math.floor(i / 20) * 0.0002;
    data.style[i] = i % 3 === 0 ? 0 : 1;
  }
  return data;
}

/** The layer's stamped pixels (what it puts on its canvas), read for comparison. */
const pixelsOf = (layer: PointLayer) => (layer as unknown as { surface: { pixels: Uint32Array } }).surface.pixels;
const puts = (calls: RecordedCall[]) => calls.filter((c) => c.name === 'putImageData').map((c) => c.args.slice(3) as number[]);
const area = (boxes: number[][]) => boxes.reduce((sum, [, , w, h]) => sum + w * h, 0);

beforeEach(() => {
  container = document.createElement('div');
  Object.defineProperty(container, 'clientWidth', { value: 800 });
  Object.defineProperty(container, 'clientHeight', { value: 600 });
  document.body.appendChild(container);
  map = L.map(container, { zoomAnimation: false, fadeAnimation: false }).setView([24.48, 118.1], 15);
  frames = new ManualFrames();
});

afterEach(() => {
  map.remove();
  container.remove();
});

describe('PointLayer: a frame after some points moved', () => {
  it('stamps and puts only the tiles around them, and its pixels are a full draw’s', () => {
    const ctx = recordingContext();
    const layer = layerWith(ctx).addTo(map);
    const data = grid();
    layer.setData(data);
    frames.run(16);
    const surface = (layer as unknown as { surface: { width: number; height: number } }).surface;
    expect(area(puts(ctx.calls))).toBeGreaterThan(0);

    ctx.reset();
    for (const slot of [0, 21, 77, 150, 151, 230, 399]) {
      data.lat[slot] += 0.00004; // ≈ 2 px
      data.lng[slot] -= 0.00003;
      layer.move(slot, data.lat[slot], data.lng[slot]);
    }
    frames.run(32);
    expect(ctx.count('clearRect')).toBe(0);
    const put = puts(ctx.calls);
    expect(put.length).toBeGreaterThan(0);
    expect(area(put)).toBeLessThan(0.05 * surface.width * surface.height);
    expect(layer.drawnLastFrame.drawn).toBe(400);
    expect(layer.drawCounts).toEqual({ full: 1, repaired: 1 });

    // The same points drawn from scratch: the same pixels, edges blended once.
    const fresh = layerWith(recordingContext()).addTo(map);
    fresh.setData(data);
    frames.run(48);
    const a = pixelsOf(layer);
    const b = pixelsOf(fresh);
    expect(a.length).toBe(b.length);
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing).toBe(0);
  });

  it('a moved point is cleared where it was and drawn where it is', () => {
    const ctx = recordingContext();
    const layer = layerWith(ctx).addTo(map);
    layer.setData({ ids: ['a'], lat: Float64Array.of(24.48), lng: Float64Array.of(118.1), style: Uint8Array.of(0) });
    frames.run(16);
    const before = map.latLngToContainerPoint([24.48, 118.1]);
    layer.move(0, 24.4805, 118.1006);
    frames.run(32);
    expect(layer.drawnPixelAt(before)).toBe(0);
    expect(layer.drawnPixelAt(map.latLngToContainerPoint([24.4805, 118.1006]))).toBe(0xffcc6633);
    expect(ctx.count('clearRect')).toBe(1); // the first frame's only
  });

  it('moves that touch much of the canvas draw the layer whole', () => {
    const ctx = recordingContext();
    const layer = layerWith(ctx).addTo(map);
    const n = 2000;
    const data = { ids: [] as string[], lat: new Float64Array(n), lng: new Float64Array(n), style: new Uint8Array(n) };
    // Spread over the whole container (≈ 0.0043° per 100 px at zoom 15).
    for (let i = 0; i < n; i++) {
      data.ids.push(`p${i}`);
      data.lat[i] = 24.468 + (i % 40) * 0.0006;
      data.lng[i] = 118.083 + Math.floor(i / 40) * 0.0007;
    }
    layer.setData(data);
    frames.run(16);
    ctx.reset();
    for (let i = 0; i < n; i++) layer.move(i, data.lat[i] + 0.00003, data.lng[i]);
    frames.run(32);
    expect(ctx.count('clearRect')).toBe(1);
  });

  const two = (): PointData => ({
    ids: ['near', 'far'],
    lat: Float64Array.of(24.48, 24.6),
    lng: Float64Array.of(118.1, 118.1),
    style: Uint8Array.of(1, 0),
  });

  it('a frame of moves wholly off the canvas asks for no frame; the point shows where it is once the map goes there', () => {
    const layer = layerWith(recordingContext()).addTo(map);
    layer.setData(two()); // 'far' is ≈ 13 km north: off the canvas
    frames.run(16);
    const requested = frames.requested;
    layer.move(1, 24.6001, 118.1);
    layer.move(1, 24.6002, 118.1001);
    expect(frames.requested).toBe(requested);
    expect(frames.pending).toBe(0);
    map.setView([24.6002, 118.1001], 15);
    frames.run(32);
    expect(layer.drawnPixelAt(map.latLngToContainerPoint([24.6002, 118.1001]))).toBe(0xffcc6633);
  });

  it('a point moving onto the canvas, or a style change on it, asks for a frame', () => {
    const layer = layerWith(recordingContext()).addTo(map);
    layer.setData(two());
    frames.run(16);
    layer.move(1, 24.4805, 118.1005);
    expect(frames.pending).toBe(1);
    frames.run(32);
    const at = map.latLngToContainerPoint([24.4805, 118.1005]);
    expect(layer.drawnPixelAt(at)).toBe(0xffcc6633);
    layer.setStyle(1, 1);
    expect(frames.pending).toBe(1);
    frames.run(48);
    expect(layer.drawnPixelAt(at)).toBe(0xff999999);
  });
});
