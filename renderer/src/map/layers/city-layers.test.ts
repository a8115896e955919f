// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as L from 'leaflet';
import type { CityMapHandle, Datum } from '../base/create-map.ts';
import { CityLayers } from './city-layers.ts';
import type { MapIncident } from './map-data.ts';
import { PositionBook, type PackedPositions } from './position-book.ts';

/** A stand-in for the GCJ-02 shift: big enough to tell the datums apart on screen, simple enough to check. */
const SHIFT = 0.005;

let container: HTMLDivElement;
let map: L.Map;
let datum: Datum;
let baseChanged: ((datum: Datum) => void)[];
let handle: CityMapHandle;

beforeEach(() => {
  container = document.createElement('div');
  // happy-dom lays nothing out: the map reads its size from these.
  Object.defineProperty(container, 'clientWidth', { value: 800 });
  Object.defineProperty(container, 'clientHeight', { value: 600 });
  document.body.appendChild(container);
  map = L.map(container, { zoomAnimation: false, fadeAnimation: false }).setView([24.48, 118.1], 16);
  datum = 'gcj02';
  baseChanged = [];
  handle = {
    map,
    get datum() {
      return datum;
    },
    toMap: (lat, lng) => (datum === 'gcj02' ? [lat + SHIFT, lng + SHIFT] : [lat, lng]),
    fromMap: (lat, lng) => (datum === 'gcj02' ? [lat - SHIFT, lng - SHIFT] : [lat, lng]),
    onBaseChange: (cb) => {
      baseChanged.push(cb);
      return () => void baseChanged.splice(baseChanged.indexOf(cb), 1);
    },
    dispose: () => {},
  };
});

afterEach(() => {
  map.remove();
  container.remove();
});

const toggles = { roads: true, stations: true, cameras: true, incidents: true, volunteers: true };
const px = (lat: number, lng: number) => map.latLngToContainerPoint(handle.toMap(lat, lng));
const incident = (id: string, lat: number, lng: number): MapIncident => ({
  id,
  title: id,
  category: 'traffic.collision',
  priority: 2,
  status: 'new',
  lat,
  lng,
  district: '350203',
  address: null,
  overdue: false,
  open: true,
  reportedAt: 0,
});
const packed = (
  book: string,
  rows: [slot: number, lat: number, lng: number, ts: number][],
  ids: [number, string][] = [],
): PackedPositions => ({
  book,
  slots: rows.map((r) => r[0]),
  lat: rows.map((r) => r[1]),
  lng: rows.map((r) => r[2]),
  state: rows.map(() => 0),
  ts: rows.map((r) => r[3]),
  ids,
});

function setUp() {
  const book = new PositionBook();
  book.replace(
    packed(
      'b1',
      [[0, 24.48, 118.1, 1000]],
      [
        [0, 'vol-a'],
        [1, 'vol-b'],
      ],
    ),
  );
  const layers = new CityLayers(handle, book);
  layers.show(toggles);
  layers.volunteers.rebuild();
  return { book, layers };
}

describe('CityLayers', () => {
  it("draws a volunteer where the platform puts it, converted to the base's datum, and follows a move", () => {
    const { book, layers } = setUp();
    expect(layers.pointAt('volunteers', 'vol-a')).toEqual(px(24.48, 118.1));
    expect(layers.hitAt(px(24.48, 118.1))).toMatchObject({ layer: 'volunteers', kind: 'point', id: 'vol-a' });

    const moved = book.apply(packed('b1', [[0, 24.481, 118.101, 2000]]));
    if (!('changed' in moved)) throw new Error('not applied');
    layers.volunteers.update({ slots: moved.changed });
    expect(layers.pointAt('volunteers', 'vol-a')).toEqual(px(24.481, 118.101));
    expect(layers.hitAt(px(24.481, 118.101))).toMatchObject({ id: 'vol-a' });
    expect(layers.hitAt(px(24.48, 118.1))).toBeNull();
    layers.dispose();
  });

  it('draws a volunteer named before its first position only once it has one', () => {
    const { book, layers } = setUp();
    expect(layers.pointAt('volunteers', 'vol-b')).toBeNull();
    const first = book.apply(packed('b1', [[1, 24.479, 118.099, 2000]]));
    if (!('changed' in first)) throw new Error('not applied');
    layers.volunteers.update({ slots: first.changed });
    expect(layers.hitAt(px(24.479, 118.099))).toMatchObject({ id: 'vol-b' });
    layers.dispose();
  });

  it('rebuilds for a volunteer seen for the first time (the book grew)', () => {
    const { book, layers } = setUp();
    const grown = book.apply(packed('b1', [[5, 24.482, 118.102, 2000]], [[5, 'vol-new']]));
    if (!('changed' in grown)) throw new Error('not applied');
    layers.volunteers.update({ slots: grown.changed });
    expect(layers.hitAt(px(24.482, 118.102))).toMatchObject({ id: 'vol-new' });
    expect(layers.pointAt('volunteers', 'vol-a')).toEqual(px(24.48, 118.1));
    layers.dispose();
  });

  it('converts every layer again when the base falls back to another datum', () => {
    const { layers } = setUp();
    layers.incidents.setItems([incident('inc-1', 24.479, 118.1)]);
    const gcj = px(24.479, 118.1);
    expect(layers.hitAt(gcj)).toMatchObject({ layer: 'incidents', id: 'inc-1' });
    datum = 'wgs84';
    for (const cb of [...baseChanged]) cb('wgs84');
    const wgs = px(24.479, 118.1);
    expect(wgs).not.toEqual(gcj);
    expect(layers.hitAt(wgs)).toMatchObject({ layer: 'incidents', id: 'inc-1' });
    expect(layers.pointAt('volunteers', 'vol-a')).toEqual(px(24.48, 118.1));
    layers.dispose();
  });

  it('finds the topmost layer first, and only among the layers switched on', () => {
    const { layers } = setUp();
    layers.incidents.setItems([incident('inc-under', 24.48, 118.1)]);
    expect(layers.hitAt(px(24.48, 118.1))).toMatchObject({ layer: 'volunteers', id: 'vol-a' });
    layers.show({ ...toggles, volunteers: false });
    expect(layers.hitAt(px(24.48, 118.1))).toMatchObject({ layer: 'incidents', id: 'inc-under' });
    expect(layers.pointAt('volunteers', 'vol-a')).toBeNull();
    layers.dispose();
  });

  it('finds a road along its line, by the line layer', () => {
    const { layers } = setUp();
    layers.roads.setItems([
      {
        id: 'road-1',
        name: '湖滨南路',
        district: '350203',
        level: 'congested',
        speedKmh: 12,
        line: [
          [24.476, 118.09],
          [24.476, 118.11],
        ],
      },
    ]);
    expect(layers.hitAt(px(24.476, 118.1))).toEqual({ layer: 'roads', kind: 'line', id: 'road-1' });
    expect(layers.roads.item('road-1')?.name).toBe('湖滨南路');
    layers.dispose();
  });
});
