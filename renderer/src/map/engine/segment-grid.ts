/**
 * A uniform grid over polyline segments (world0 coordinates), for hit-tests
 * on lines: a query looks only at the segments registered in the cells near
 * the pointer. Roads are few (~100 lines, a few thousand segments) and long,
 * so a grid over each segment's box beats indexing their midpoints (a long
 * segment's midpoint can be far from the pointer that touches it).
 */
export class SegmentGrid {
  private readonly minX: number;
  private readonly minY: number;
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Cell c holds items[start[c] .. start[c + 1]): the first vertex of each segment. */
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;

  /**
   * `x`, `y`: vertices; `offsets`: line i's vertices are offsets[i] .. offsets[i + 1].
   */
  constructor(
    private readonly x: Float64Array,
    private readonly y: Float64Array,
    private readonly offsets: Uint32Array,
  ) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let segments = 0;
    const lines = offsets.length - 1;
    for (let i = 0; i < lines; i++) {
      for (let k = offsets[i]; k < offsets[i + 1]; k++) {
        minX = Math.min(minX, x[k]);
        maxX = Math.max(maxX, x[k]);
        minY = Math.min(minY, y[k]);
        maxY = Math.max(maxY, y[k]);
      }
      segments += Math.max(0, offsets[i + 1] - offsets[i] - 1);
    }
    if (segments === 0) {
      this.minX = this.minY = 0;
      this.cell = 1;
      this.cols = this.rows = 1;
      this.start = new Uint32Array(2);
      this.items = new Uint32Array(0);
      return;
    }
    const side = Math.min(256, Math.max(1, Math.ceil(Math.sqrt(segments))));
    this.cell = Math.max(maxX - minX, maxY - minY, 1e-9) / side;
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor((maxX - minX) / this.cell) + 1;
    this.rows = Math.floor((maxY - minY) / this.cell) + 1;
    // Two passes (count, then fill): one flat array instead of an array per cell.
    const counts = new Uint32Array(this.cols * this.rows + 1);
    this.eachSegmentCell(lines, (c) => counts[c + 1]++);
    for (let c = 0; c < this.cols * this.rows; c++) counts[c + 1] += counts[c];
    this.start = counts.slice();
    const fill = counts.slice(0, this.cols * this.rows);
    this.items = new Uint32Array(counts[this.cols * this.rows]);
    this.eachSegmentCell(lines, (c, k) => (this.items[fill[c]++] = k));
  }

  /**
   * The line nearest to (qx, qy) whose distance is within `reach(line)` (a
   * negative reach: not eligible), looking no farther than `maxReach`; -1 if none.
   */
  nearest(qx: number, qy: number, maxReach: number, reach: (line: number) => number, lineOfVertex: Uint32Array): { line: number; distance: number } | null {
    if (this.items.length === 0) return null;
    const c0 = this.col(qx - maxReach);
    const c1 = this.col(qx + maxReach);
    const r0 = this.row(qy - maxReach);
    const r1 = this.row(qy + maxReach);
    let best = -1;
    let bestD = Infinity;
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        for (let j = this.start[cell]; j < this.start[cell + 1]; j++) {
          const k = this.items[j];
          const line = lineOfVertex[k];
          const allowed = reach(line);
          if (allowed < 0) continue;
          const d = distanceToSegment(qx, qy, this.x[k], this.y[k], this.x[k + 1], this.y[k + 1]);
          if (d <= allowed && d < bestD) {
            best = line;
            bestD = d;
          }
        }
      }
    return best < 0 ? null : { line: best, distance: bestD };
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cell)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cell)));
  }

  private eachSegmentCell(lines: number, visit: (cell: number, firstVertex: number) => void): void {
    const { x, y, offsets } = this;
    for (let i = 0; i < lines; i++)
      for (let k = offsets[i]; k + 1 < offsets[i + 1]; k++) {
        const c0 = this.col(Math.min(x[k], x[k + 1]));
        const c1 = this.col(Math.max(x[k], x[k + 1]));
        const r0 = this.row(Math.min(y[k], y[k + 1]));
        const r1 = this.row(Math.max(y[k], y[k + 1]));
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * this.cols + c, k);
      }
  }
}

export function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
