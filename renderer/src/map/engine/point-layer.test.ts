// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as L from 'leaflet';
import { PointLayer, type PointStyle } from './point-layer.ts';
import { ManualFrames, recordingContext } from './engine-testing.ts';

const STYLES: PointStyle[] = [
  { radius: 6, fill: '#d33', pulse: true },
  { radius: 5, fill: '#36c', stroke: '#fff' },
  { radius: 4, fill: '#999', shape: 'square', ring: '#f90' },
];

let container: HTMLDivElement;
let map: L.Map;
let frames: ManualFrames;
let clock: number;
let ctx: ReturnType<typeof recordingContext>;

function layerOf(options: Partial<ConstructorParameters<typeof PointLayer>[0]> = {}): PointLayer {
  return new PointLayer({
    name: 'test',
    styles: STYLES,
    engine: { frames, now: () => clock, devicePixelRatio: () => 2, context: () => ctx.context },
    ...options,
  });
}

function data(points: [id: string, lat: number, lng: number, style: number][]) {
  return {
    ids: points.map((p) => p[0]),
    lat: Float64Array.from(points.map((p) => p[1])),
    lng: Float64Array.from(points.map((p) => p[2])),
    style: Uint8Array.from(points.map((p) => p[3])),
  };
}

const at = (lat: number, lng: number) => map.latLngToContainerPoint([lat, lng]);

beforeEach(() => {
  container = document.createElement('div');
  // happy-dom lays nothing out: the map reads its size from these.
  Object.defineProperty(container, 'clientWidth', { value: 800 });
  Object.defineProperty(container, 'clientHeight', { value: 600 });
  document.body.appendChild(container);
  map = L.map(container, { zoomAnimation: false, fadeAnimation: false }).setView([24.48, 118.1], 15);
  frames = new ManualFrames();
  clock = 1000;
  ctx = recordingContext();
});

afterEach(() => {
  map.remove();
  container.remove();
});

describe('PointLayer hit-test', () => {
  it('finds the point drawn under a container pixel, within its radius and the tolerance only', () => {
    const layer = layerOf().addTo(map);
    layer.setData(
      data([
        ['a', 24.48, 118.1, 1],
        ['b', 24.481, 118.101, 0],
      ]),
    );
    const pa = at(24.48, 118.1);
    expect(layer.hitTest(pa)).toMatchObject({ kind: 'point', slot: 0, id: 'a' });
    expect(layer.hitTest(L.point(pa.x + 7, pa.y), 2)).toMatchObject({ id: 'a' });
    expect(layer.hitTest(L.point(pa.x + 8, pa.y), 2)).toBeNull();
    expect(layer.hitTest(at(24.481, 118.101))).toMatchObject({ id: 'b', latlng: { lat: 24.481, lng: 118.101 } });
  });

  it('agrees with Leaflet after zooming, without new data', () => {
    const layer = layerOf().addTo(map);
    layer.setData(data([['a', 24.5, 118.15, 1]]));
    map.setView([24.45, 118.05], 12);
    expect(layer.hitTest(at(24.5, 118.15))).toMatchObject({ id: 'a' });
    map.setView([24.5, 118.15], 18);
    expect(layer.hitTest(at(24.5, 118.15))).toMatchObject({ id: 'a' });
    expect(layer.hitTest(at(24.5001, 118.15))).toBeNull();
  });

  it('a moved point is hit at its new place at once and not at its old one, before and after the index rebuild', () => {
    const layer = layerOf().addTo(map);
    layer.setData(
      data([
        ['a', 24.48, 118.1, 1],
        ['b', 24.482, 118.1, 1],
      ]),
    );
    expect(layer.hitTest(at(24.48, 118.1))).toMatchObject({ id: 'a' }); // builds the index
    layer.move(0, 24.479, 118.099);
    expect(layer.hitTest(at(24.479, 118.099))).toMatchObject({ id: 'a' });
    expect(layer.hitTest(at(24.48, 118.1))).toBeNull();
    clock += 300;
    expect(layer.hitTest(at(24.479, 118.099))).toMatchObject({ id: 'a' });
    expect(layer.hitTest(at(24.48, 118.1))).toBeNull();
    expect(layer.pointOf(0)).toEqual({ id: 'a', lat: 24.479, lng: 118.099 });
  });

  it('hidden points are neither hit nor counted', () => {
    const layer = layerOf().addTo(map);
    layer.setData(
      data([
        ['a', 24.48, 118.1, 1],
        ['b', 24.481, 118.1, 1],
        ['c', 24.482, 118.1, 2],
      ]),
    );
    expect(layer.countByStyle()).toEqual([0, 2, 1]);
    layer.setHidden(Uint8Array.from([1, 0, 0]));
    expect(layer.hitTest(at(24.48, 118.1))).toBeNull();
    expect(layer.hitTest(at(24.481, 118.1))).toMatchObject({ id: 'b' });
    expect(layer.countByStyle()).toEqual([0, 1, 1]);
    layer.setStyle(1, 2);
    expect(layer.countByStyle()).toEqual([0, 0, 2]);
    layer.setHidden(null);
    expect(layer.countByStyle()).toEqual([0, 1, 2]);
  });

  it('refuses bad input and keeps what it had', () => {
    const layer = layerOf().addTo(map);
    layer.setData(data([['a', 24.48, 118.1, 1]]));
    expect(() => layer.setData({ ...data([['x', 24.4, 118, 0]]), style: Uint8Array.from([0, 1]) })).toThrow(/one length/);
    expect(() => layer.setData(data([['x', 24.4, 118, 3]]))).toThrow(/no style 3/);
    expect(() => layer.setData(data([['x', NaN, 118, 0]]))).toThrow(/finite/);
    expect(() => layer.move(1, 24.4, 118)).toThrow(/no slot 1/);
    expect(() => layer.setStyle(0, 9)).toThrow(/no style 9/);
    expect(() => layer.setHidden(Uint8Array.from([0, 0]))).toThrow(/2 entries for 1 points/);
    expect(layer.hitTest(at(24.48, 118.1))).toMatchObject({ id: 'a' });
    expect(layer.countByStyle()).toEqual([0, 1, 0]);
  });
});

describe('PointLayer clusters', () => {
  function spread(n: number): ReturnType<typeof data> {
    const points: [string, number, number, number][] = [];
    for (let i = 0; i < n; i++) points.push([`v${i}`, 24.48 + (i % 10) * 0.0005, 118.1 + Math.floor(i / 10) * 0.0005, i === 7 ? 0 : 1]);
    return data(points);
  }

  it('zoomed out, a click on the dense spot is a cluster of all its points that expands at a higher zoom', () => {
    const layer = layerOf({ cluster: { radiusPx: 40, maxZoom: 14 } }).addTo(map);
    layer.setData(spread(100));
    map.setView([24.48, 118.1], 11);
    const hit = layer.hitTest(at(24.4822, 118.1022), 10);
    expect(hit).toMatchObject({ kind: 'cluster', count: 100 });
    expect(hit!.kind === 'cluster' && hit!.expansionZoom).toBeGreaterThan(11);
    map.setView([24.48, 118.1], 14);
    expect(layer.hitTest(at(24.48, 118.1))).toMatchObject({ kind: 'point', id: 'v0' });
  });

  it('hidden points leave the clusters', () => {
    const layer = layerOf({ cluster: { radiusPx: 40, maxZoom: 14 } }).addTo(map);
    layer.setData(spread(100));
    const hidden = new Uint8Array(100).fill(1);
    hidden.fill(0, 0, 30);
    layer.setHidden(hidden);
    map.setView([24.48, 118.1], 11);
    expect(layer.hitTest(at(24.4808, 118.1005), 12)).toMatchObject({ kind: 'cluster', count: 30 });
  });

  it('zoomed out, members of a cluster moving ask for no frame until the clusters are due to be rebuilt; a single point moving asks at once', () => {
    vi.useFakeTimers();
    try {
      const layer = layerOf({ cluster: { radiusPx: 40, maxZoom: 14 } }).addTo(map);
      const block = spread(100);
      // A lone point ≈ 145 px east of the block at zoom 11: drawn as itself.
      layer.setData({
        ids: [...block.ids, 'lone'],
        lat: Float64Array.of(...block.lat, 24.48),
        lng: Float64Array.of(...block.lng, 118.2),
        style: Uint8Array.of(...block.style, 1),
      });
      map.setView([24.48, 118.1], 11);
      frames.run(16);
      expect(layer.drawnLastFrame).toMatchObject({ drawn: 1, clusters: 1 });
      layer.move(3, 24.4801, 118.1001);
      layer.setStyle(4, 0);
      expect(frames.pending).toBe(0);
      layer.move(100, 24.4805, 118.2);
      expect(frames.pending).toBe(1);
      frames.run(32);
      // A second later the clusters are rebuilt with the moved members, and drawn.
      clock += 1000;
      vi.advanceTimersByTime(1000);
      expect(frames.pending).toBe(1);
      frames.run(48);
      expect(layer.drawnLastFrame).toMatchObject({ drawn: 1, clusters: 1 });
      expect(frames.pending).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a click on a cluster zooms the map to its expansion zoom and reports it', () => {
    const layer = layerOf({ cluster: { radiusPx: 40, maxZoom: 14 } }).addTo(map);
    layer.setData(spread(100));
    map.setView([24.48, 118.1], 11);
    const clicks: unknown[] = [];
    layer.on('pointclick', (e) => clicks.push((e as unknown as { hit: unknown }).hit));
    const p = at(24.4822, 118.1022);
    map.fire('click', { containerPoint: p, latlng: map.containerPointToLatLng(p), originalEvent: new MouseEvent('click') });
    expect(clicks).toHaveLength(1);
    expect(map.getZoom()).toBeGreaterThan(11);
  });
});

describe('PointLayer frames', () => {
  it('many changes in one frame ask for one frame; nothing runs while nothing changes', () => {
    const layer = layerOf().addTo(map);
    frames.run(0);
    const before = frames.requested;
    layer.setData(
      data([
        ['a', 24.48, 118.1, 1],
        ['b', 24.481, 118.1, 1],
      ]),
    );
    for (let i = 0; i < 100; i++) layer.move(i % 2, 24.48 + i * 1e-5, 118.1);
    expect(frames.requested - before).toBe(1);
    frames.run(16);
    expect(frames.pending).toBe(0);
    expect(layer.drawnLastFrame).toMatchObject({ drawn: 2, pulsing: 0 });
  });

  it('a pan within the canvas’s padding draws nothing, the picture moving with the map, nor does its end; past it, the canvas is placed anew', () => {
    const layer = layerOf().addTo(map);
    layer.setData(data([['a', 24.48, 118.1, 1]]));
    frames.run(16);
    const dragBy = (dx: number) => {
      // What a drag does: the map pane moves and the map says 'move' (moveend only when the drag ends).
      (map as unknown as { _rawPanBy(offset: L.Point): void })._rawPanBy(L.point(dx, 0));
      map.fire('move');
    };
    const requested = frames.requested;
    dragBy(60); // the canvas reaches 80 px (a tenth of 800) beyond each side
    expect(frames.requested).toBe(requested);
    expect(layer.drawnPixelAt(at(24.48, 118.1))).not.toBe(0);
    dragBy(30);
    expect(frames.requested).toBe(requested + 1);
    frames.run(32);
    expect(layer.drawnPixelAt(at(24.48, 118.1))).not.toBe(0);
    // Ending the pan while the canvas still covers the container draws nothing; past its edge, it is placed anew.
    dragBy(-20);
    map.fire('moveend');
    expect(frames.requested).toBe(requested + 1);
    dragBy(-70);
    map.fire('moveend');
    expect(frames.requested).toBe(requested + 2);
    frames.run(48);
    expect(layer.drawnPixelAt(at(24.48, 118.1))).not.toBe(0);
  });

  it('stamps each point in its style, style 0 on top, hidden points not at all, at the device pixel ratio', () => {
    const layer = layerOf().addTo(map);
    const points: [string, number, number, number][] = [];
    // A grid 0.0006° (≈ 15 px at zoom 15) apart, west of the map's centre; the special points east of it.
    for (let i = 0; i < 500; i++) points.push([`p${i}`, 24.472 + (i % 25) * 0.0006, 118.094 + Math.floor(i / 25) * 0.0006, 1 + (i % 2)]);
    points.push(['top', 24.478, 118.112, 0], ['under', 24.478, 118.112, 2], ['hidden', 24.475, 118.112, 1]);
    layer.setData(data(points));
    const hidden = new Uint8Array(points.length);
    hidden[points.length - 1] = 1;
    layer.setHidden(hidden);
    frames.run(16);
    expect(layer.drawnLastFrame.drawn).toBe(502);
    // '#36c' (style 1), '#999' (style 2) and '#d33' (style 0) as little-endian RGBA words.
    expect(layer.drawnPixelAt(at(24.472, 118.094))).toBe(0xffcc6633);
    expect(layer.drawnPixelAt(at(24.4726, 118.094))).toBe(0xff999999);
    expect(layer.drawnPixelAt(at(24.478, 118.112))).toBe(0xff3333dd);
    expect(layer.drawnPixelAt(at(24.475, 118.112))).toBe(0);
    expect(layer.drawnPixelAt(at(24.4695, 118.09))).toBe(0);
    expect(ctx.calls.find((c) => c.name === 'setTransform')?.args).toEqual([2, 0, 0, 2, 0, 0]);
    // Moved away, a point's old pixels are cleared in the next frame.
    layer.move(0, 24.4695, 118.09);
    frames.run(32);
    expect(layer.drawnPixelAt(at(24.472, 118.094))).toBe(0);
    expect(layer.drawnPixelAt(at(24.4695, 118.09))).toBe(0xffcc6633);
  });

  it('refuses a style colour it cannot stamp', () => {
    expect(() => layerOf({ styles: [{ radius: 4, fill: 'tomato' }] })).toThrow(/#hex or rgb/);
  });

  it('a pulsing point’s halo is drawn once, on a canvas of its own that the browser fades: no frames while nothing changes', () => {
    const fades: { keyframes: unknown; options: unknown; cancelled: boolean }[] = [];
    const animate = HTMLElement.prototype.animate;
    HTMLElement.prototype.animate = function (keyframes: unknown, options: unknown) {
      const fade = { keyframes, options, cancelled: false, cancel: () => void (fade.cancelled = true) };
      fades.push(fade);
      return fade as unknown as Animation;
    } as typeof animate;
    try {
      const layer = layerOf().addTo(map);
      layer.setData(
        data([
          ['p1', 24.48, 118.1, 0],
          ['b', 24.481, 118.1, 1],
        ]),
      );
      frames.run(16);
      expect(layer.drawnLastFrame.pulsing).toBe(1);
      expect(ctx.count('stroke')).toBe(1);
      expect(frames.pending).toBe(0);
      const [, halos] = container.querySelectorAll<HTMLCanvasElement>('canvas[data-layer="test"]');
      expect(halos!.dataset.animated).toBe('');
      expect(fades).toMatchObject([{ keyframes: [{ opacity: 1 }, { opacity: 0 }], options: { iterations: Infinity }, cancelled: false }]);
      // Moved, it is drawn again with its halo; the fading goes on as it was.
      layer.move(0, 24.4801, 118.1);
      frames.run(32);
      expect(ctx.count('stroke')).toBe(2);
      expect(fades).toHaveLength(1);
      // Nothing pulsing in view: the fading stops.
      map.setView([30, 120], 15);
      frames.run(48);
      expect(layer.drawnLastFrame.pulsing).toBe(0);
      expect(fades[0]!.cancelled).toBe(true);
      expect(frames.pending).toBe(0);
    } finally {
      HTMLElement.prototype.animate = animate;
    }
  });

  it('a layer without pulsing styles has one canvas', () => {
    layerOf({ styles: [STYLES[1]!] }).addTo(map);
    expect(container.querySelectorAll('canvas[data-layer="test"]')).toHaveLength(1);
  });

  it('a zoom animation scales the canvas about the zoom centre from where it was drawn, also when the view changed since', () => {
    map.remove();
    map = L.map(container, { fadeAnimation: false }).setView([24.48, 118.1], 15);
    const layer = layerOf().addTo(map);
    layer.setData(data([['a', 24.48, 118.1, 1]]));
    frames.run(16);
    const canvas = container.querySelector<HTMLCanvasElement>('canvas[data-layer="test"]')!;
    map.fire('viewreset'); // to be placed anew at the next frame, which has not come
    map.fire('zoomanim', { center: map.getCenter(), zoom: 16, noUpdate: false });
    // Drawn 80 × 60 px beyond the 800 × 600 container's corner; twice as far from its centre at zoom 16.
    const [, x, y, scale] = /^translate3d\((-?[\d.]+)px, ?(-?[\d.]+)px, ?0(?:px)?\) scale\(([\d.]+)\)$/.exec(canvas.style.transform) ?? [];
    // (to a pixel: Leaflet rounds the layer points)
    expect(Math.abs(Number(x) + 560)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(y) + 420)).toBeLessThanOrEqual(1);
    expect(Number(scale)).toBe(2);
  });

  it('removed from the map, it draws nothing more', () => {
    const layer = layerOf().addTo(map);
    frames.run(0);
    layer.remove();
    layer.setData(data([['a', 24.48, 118.1, 1]]));
    expect(frames.pending).toBe(0);
    expect(container.querySelector('canvas[data-layer="test"]')).toBeNull();
  });
});
