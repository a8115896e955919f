import type { CityMapHandle } from '../base/create-map.ts';
import { LineLayer, type LineData } from '../engine/line-layer.ts';
import type { MapRoad } from './map-data.ts';
import { ROAD_STYLES, TRACK_STYLES, roadStyle } from './styles.ts';

/** Road traffic: each `road` entity's line, coloured by its level. */
export class RoadLines {
  readonly layer = new LineLayer({ name: 'roads', styles: ROAD_STYLES });
  private roads: readonly MapRoad[] = [];
  private readonly indexById = new Map<string, number>();

  constructor(private readonly handle: Pick<CityMapHandle, 'toMap'>) {}

  setItems(roads: readonly MapRoad[]): void {
    this.roads = roads;
    this.indexById.clear();
    roads.forEach((road, i) => this.indexById.set(road.id, i));
    this.layer.setData(
      toLineData(
        roads.map((road) => ({ id: road.id, points: road.line, style: roadStyle(road.level) })),
        this.handle,
      ),
    );
  }

  reproject(): void {
    this.setItems(this.roads);
  }

  item(id: string): MapRoad | undefined {
    const i = this.indexById.get(id);
    return i === undefined ? undefined : this.roads[i];
  }
}

/** A selected volunteer's track: one line, or none. */
export class TrackLine {
  readonly layer = new LineLayer({ name: 'track', styles: TRACK_STYLES });
  private track: { id: string; points: [number, number][] } | null = null;

  constructor(private readonly handle: Pick<CityMapHandle, 'toMap'>) {}

  show(track: { id: string; points: [number, number][] } | null): void {
    this.track = track;
    this.layer.setData(toLineData(track && track.points.length > 1 ? [{ ...track, style: 0 }] : [], this.handle));
  }

  reproject(): void {
    this.show(this.track);
  }
}

/** Lines as the line layer takes them: coordinates interleaved, in the map's datum, with each line's start. */
export function toLineData(
  lines: readonly { id: string; points: readonly [number, number][]; style: number }[],
  handle: Pick<CityMapHandle, 'toMap'>,
): LineData {
  let total = 0;
  for (const line of lines) total += line.points.length;
  const coords = new Float64Array(total * 2);
  const offsets = new Uint32Array(lines.length + 1);
  const style = new Uint8Array(lines.length);
  let at = 0;
  lines.forEach((line, i) => {
    offsets[i] = at;
    style[i] = line.style;
    for (const [lat, lng] of line.points) {
      const [mapLat, mapLng] = handle.toMap(lat, lng);
      coords[at * 2] = mapLat;
      coords[at * 2 + 1] = mapLng;
      at++;
    }
  });
  offsets[lines.length] = at;
  return { ids: lines.map((line) => line.id), coords, offsets, style };
}
