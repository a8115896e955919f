import * as L from 'leaflet';
import type { Warning } from '../../../../native/api/index.ts';
import type { CityMapHandle } from '../base/create-map.ts';
import { LineLayer } from '../engine/line-layer.ts';
import { toLineData } from './road-lines.ts';
import { WARNING_OUTLINE_STYLES } from './styles.ts';

/** The style of each line (WARNING_OUTLINE_STYLES): the selected warning's come last, so they are drawn on top. */
const STYLE = { hull: 0, circle: 1, selectedHull: 2, selectedCircle: 3 } as const;
/** Points on a scanned circle: smooth at any zoom a cluster is looked at. */
const CIRCLE_POINTS = 48;
const METRES_PER_DEGREE_LAT = 111_320;

type Outlined = Pick<Warning, 'key' | 'kind' | 'status' | 'outline' | 'area'>;

/** A circle of `radiusM` around a point as a closed ring of WGS84 points (an equirectangular approximation: exact enough for a few km). */
export function circleRing(area: { lat: number; lng: number; radiusM: number }, points = CIRCLE_POINTS): [number, number][] {
  const dLat = area.radiusM / METRES_PER_DEGREE_LAT;
  const dLng = dLat / Math.cos((area.lat * Math.PI) / 180);
  const ring: [number, number][] = [];
  for (let i = 0; i <= points; i++) {
    const a = (2 * Math.PI * i) / points;
    ring.push([area.lat + dLat * Math.cos(a), area.lng + dLng * Math.sin(a)]);
  }
  return ring;
}

/**
 * The lines the map draws for the warnings (issue 14): each open cluster's
 * outline — the convex hull of its incidents, closed, and the circle the
 * scan found it in — and the selected warning's in the highlight styles
 * (handled or not: the chief picked it to see where it was). Other kinds
 * have no place to outline.
 */
export function warningOutlineLines(
  warnings: readonly Outlined[],
  selectedKey: string | null,
): { id: string; points: [number, number][]; style: number }[] {
  const lines: { id: string; points: [number, number][]; style: number }[] = [];
  const ordered = [...warnings.filter((w) => w.key !== selectedKey), ...warnings.filter((w) => w.key === selectedKey)];
  for (const w of ordered) {
    const selected = w.key === selectedKey;
    if (w.kind !== 'cluster' || (w.status !== 'open' && !selected)) continue;
    if (w.area) lines.push({ id: w.key, points: circleRing(w.area), style: selected ? STYLE.selectedCircle : STYLE.circle });
    if (w.outline.length >= 2) {
      const ring: [number, number][] = w.outline.map(([lat, lng]) => [lat, lng]);
      if (w.outline.length >= 3) ring.push([w.outline[0]![0], w.outline[0]![1]]);
      lines.push({ id: w.key, points: ring, style: selected ? STYLE.selectedHull : STYLE.hull });
    }
  }
  return lines;
}

/** The WGS84 box around a warning's outline and circle; null when it has no place. */
export function warningBounds(w: Pick<Warning, 'outline' | 'area'>): [[number, number], [number, number]] | null {
  const points = [...w.outline, ...(w.area ? circleRing(w.area, 8) : [])];
  if (points.length === 0) return null;
  const lats = points.map((p) => p[0]);
  const lngs = points.map((p) => p[1]);
  return [
    [Math.min(...lats), Math.min(...lngs)],
    [Math.max(...lats), Math.max(...lngs)],
  ];
}

/**
 * The warnings' outlines on the city map: one line layer under the
 * incidents (so their points stay clickable), converted to the base's datum,
 * again when the base changes datum.
 */
export class WarningOutlines {
  readonly layer = new LineLayer({ name: 'warnings', styles: WARNING_OUTLINE_STYLES, zIndex: 430 });
  private shown: { warnings: readonly Outlined[]; selectedKey: string | null } = { warnings: [], selectedKey: null };
  private readonly offBase: () => void;

  constructor(private readonly handle: Pick<CityMapHandle, 'map' | 'toMap' | 'onBaseChange'>) {
    this.layer.addTo(handle.map);
    this.offBase = handle.onBaseChange(() => this.show(this.shown.warnings, this.shown.selectedKey));
  }

  show(warnings: readonly Outlined[], selectedKey: string | null): void {
    this.shown = { warnings, selectedKey };
    this.layer.setData(toLineData(warningOutlineLines(warnings, selectedKey), this.handle));
  }

  /** Brings a warning's place into view (the chief picked it in the panel). */
  focus(w: Pick<Warning, 'outline' | 'area'>): void {
    const box = warningBounds(w);
    if (!box) return;
    const bounds = L.latLngBounds(this.handle.toMap(...box[0]), this.handle.toMap(...box[1]));
    this.handle.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16, animate: false });
  }

  dispose(): void {
    this.offBase();
    this.layer.remove();
  }
}
