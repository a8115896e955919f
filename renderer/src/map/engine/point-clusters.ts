import Supercluster, { type PointFeature } from 'supercluster';

/** A point layer's clusters for one view: clusters and the single points between them. */
export interface ClusterItem {
  /** Longitude / latitude of the cluster's centre (for a single point, where it was at the last build). */
  lng: number;
  lat: number;
  /** Points in it; 1 for a single point. */
  count: number;
  /** Supercluster's id of a cluster; -1 for a single point. */
  clusterId: number;
  /** Slot of a single point; -1 for a cluster. */
  slot: number;
  /** The lowest style index among its points (layers list their most urgent style first). */
  style: number;
}

interface Props {
  slot: number;
  s: number;
}
interface Reduced {
  s: number;
}

/**
 * Supercluster over a point layer's visible points, for zooms below
 * `maxZoom` (at and above it every point is drawn).
 *
 * Building the index costs ~20–40 ms for 10,000 points, so moving points
 * rebuild it at most every `rebuildEveryMs` (zoomed out, a cluster's centre
 * moving a second late is not seen); new data or a filter rebuilds at once.
 */
export class PointClusters {
  private index: Supercluster<Props, Reduced> | null = null;
  private builtAt = -Infinity;
  private moved = false;

  constructor(
    readonly options: { radiusPx: number; maxZoom: number },
    private readonly now: () => number,
    private readonly rebuildEveryMs = 1000,
  ) {
    if (!(options.radiusPx > 0) || !Number.isInteger(options.maxZoom) || options.maxZoom < 1)
      throw new Error(`cluster options need radiusPx > 0 and an integer maxZoom ≥ 1 (got ${JSON.stringify(options)})`);
  }

  /** Clustering applies at this zoom. */
  appliesAt(zoom: number): boolean {
    return zoom < this.options.maxZoom;
  }

  invalidate(): void {
    this.index = null;
  }

  positionsChanged(): void {
    this.moved = true;
  }

  /** Whether a later call may give other clusters for unchanged input: moved points are waiting for a rebuild. */
  get pendingMoves(): boolean {
    return this.moved;
  }

  /** Milliseconds until moved points are due for a rebuild (0: now). */
  dueInMs(): number {
    return this.moved ? Math.max(0, this.builtAt + this.rebuildEveryMs - this.now()) : Infinity;
  }

  /**
   * Clusters and single points inside the box (degrees, west/south/east/north)
   * at `zoom`, from the points' lat/lng (in the map's datum), styles and the
   * hidden mask (1: left out).
   */
  itemsIn(
    box: [number, number, number, number],
    zoom: number,
    points: { lat: Float64Array; lng: Float64Array; style: Uint8Array; hidden: Uint8Array | null; count: number },
  ): ClusterItem[] {
    if (this.index === null || (this.moved && this.now() - this.builtAt >= this.rebuildEveryMs)) this.build(points);
    const out: ClusterItem[] = [];
    for (const f of this.index!.getClusters(box, Math.floor(zoom))) {
      const [lng, lat] = f.geometry.coordinates;
      const p = f.properties as Partial<{ cluster: boolean; cluster_id: number; point_count: number; s: number; slot: number }>;
      if (p.cluster) out.push({ lng, lat, count: p.point_count!, clusterId: p.cluster_id!, slot: -1, style: p.s! });
      else out.push({ lng, lat, count: 1, clusterId: -1, slot: p.slot!, style: p.s! });
    }
    return out;
  }

  /** The zoom at which a cluster splits (Leaflet zooms there on a click), capped at `maxZoom`. */
  expansionZoom(clusterId: number): number {
    if (this.index === null) return this.options.maxZoom;
    return Math.min(this.index.getClusterExpansionZoom(clusterId), this.options.maxZoom);
  }

  private build(points: { lat: Float64Array; lng: Float64Array; style: Uint8Array; hidden: Uint8Array | null; count: number }): void {
    const features: PointFeature<Props>[] = [];
    for (let i = 0; i < points.count; i++) {
      if (points.hidden?.[i]) continue;
      features.push({ type: 'Feature', properties: { slot: i, s: points.style[i] }, geometry: { type: 'Point', coordinates: [points.lng[i], points.lat[i]] } });
    }
    const index = new Supercluster<Props, Reduced>({
      // Leaflet's tiles are 256 px: with extent 256 the radius is in screen pixels.
      extent: 256,
      radius: this.options.radiusPx,
      maxZoom: this.options.maxZoom - 1,
      minPoints: 2,
      map: (p) => ({ s: p.s }),
      reduce: (acc, p) => {
        if (p.s < acc.s) acc.s = p.s;
      },
    });
    index.load(features);
    this.index = index;
    this.builtAt = this.now();
    this.moved = false;
  }
}
