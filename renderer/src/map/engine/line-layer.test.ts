// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as L from 'leaflet';
import { LineLayer, type LineData } from './line-layer.ts';
import { ManualFrames, recordingContext } from './engine-testing.ts';

let container: HTMLDivElement;
let map: L.Map;
let frames: ManualFrames;
let ctx: ReturnType<typeof recordingContext>;

function lines(items: { id: string; points: [number, number][]; style: number }[]): LineData {
  const coords: number[] = [];
  const offsets = [0];
  for (const item of items) {
    for (const [lat, lng] of item.points) coords.push(lat, lng);
    offsets.push(coords.length / 2);
  }
  return { ids: items.map((i) => i.id), coords: Float64Array.from(coords), offsets: Uint32Array.from(offsets), style: Uint8Array.from(items.map((i) => i.style)) };
}

function layerOf(): LineLayer {
  return new LineLayer({
    name: 'roads',
    styles: [{ color: '#0a0', width: 3 }, { color: '#d00', width: 6, dash: [4, 2] }],
    engine: { frames, now: () => 0, devicePixelRatio: () => 1, context: () => ctx.context },
  }).addTo(map);
}

const at = (lat: number, lng: number) => map.latLngToContainerPoint([lat, lng]);

beforeEach(() => {
  container = document.createElement('div');
  Object.defineProperty(container, 'clientWidth', { value: 800 });
  Object.defineProperty(container, 'clientHeight', { value: 600 });
  document.body.appendChild(container);
  map = L.map(container, { zoomAnimation: false, fadeAnimation: false }).setView([24.48, 118.1], 15);
  frames = new ManualFrames();
  ctx = recordingContext();
});

afterEach(() => {
  map.remove();
  container.remove();
});

const ROADS = [
  // A long straight road: its middle is far from both vertices.
  { id: 'long', points: [[24.48, 118.05], [24.48, 118.15]] as [number, number][], style: 0 },
  { id: 'bent', points: [[24.475, 118.095], [24.477, 118.1], [24.475, 118.105]] as [number, number][], style: 1 },
];

describe('LineLayer', () => {
  it('hits a line anywhere along a segment, within half its width and the tolerance', () => {
    const layer = layerOf();
    layer.setData(lines(ROADS));
    const mid = at(24.48, 118.1);
    expect(layer.hitTest(mid)).toEqual({ index: 0, id: 'long' });
    expect(layer.hitTest(L.point(mid.x, mid.y + 5), 4)).toEqual({ index: 0, id: 'long' }); // 1.5 + 4
    expect(layer.hitTest(L.point(mid.x, mid.y + 7), 4)).toBeNull();
    expect(layer.hitTest(at(24.476, 118.0975))).toEqual({ index: 1, id: 'bent' });
    map.setView([24.48, 118.1], 11);
    expect(layer.hitTest(at(24.48, 118.06))).toEqual({ index: 0, id: 'long' });
  });

  it('draws one stroke per style, skipping lines out of view', () => {
    const layer = layerOf();
    layer.setData(lines([...ROADS, { id: 'far', points: [[30, 120], [30.1, 120.1]], style: 1 }]));
    ctx.reset();
    frames.run(16);
    expect(ctx.count('stroke')).toBe(2);
    expect(layer.drawnLastFrame).toBe(2);
    layer.setStyle(1, 0);
    ctx.reset();
    frames.run(32);
    expect(ctx.count('stroke')).toBe(1);
  });

  it('refuses malformed data and keeps the lines it had', () => {
    const layer = layerOf();
    layer.setData(lines(ROADS));
    const good = lines(ROADS);
    expect(() => layer.setData({ ...good, offsets: Uint32Array.from([0, 2]) })).toThrow(/offsets has 2 entries for 2 lines/);
    expect(() => layer.setData({ ...good, offsets: Uint32Array.from([0, 3, 2]) })).toThrow(/run from 0 to 5/);
    expect(() => layer.setData({ ...good, style: Uint8Array.from([0, 2]) })).toThrow(/no style 2/);
    expect(() => layer.setData({ ...good, coords: good.coords.map((v, i) => (i === 3 ? NaN : v)) })).toThrow(/finite/);
    expect(() => layer.setStyle(5, 0)).toThrow(/no line 5/);
    expect(layer.hitTest(at(24.48, 118.1))).toEqual({ index: 0, id: 'long' });
  });

  it('an empty layer hits nothing', () => {
    const layer = layerOf();
    layer.setData(lines([]));
    expect(layer.hitTest(at(24.48, 118.1))).toBeNull();
  });
});
