import KDBush from 'kdbush';

/**
 * The hit-test index of a point layer: a k-d tree (kdbush) over the points'
 * world0 coordinates, so it survives every pan and zoom.
 *
 * Points that move (volunteers: a thousand updates a second) would make a
 * per-move rebuild cost more than the frame; instead the tree is rebuilt at
 * most every `rebuildEveryMs` (when asked and stale), and the slots moved
 * since the last build are checked one by one at their current position.
 */
export class PointIndex {
  private tree: KDBush | null = null;
  private builtAt = -Infinity;
  private x: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);
  private count = 0;
  private movedFlag = new Uint8Array(0);
  private movedList: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly rebuildEveryMs = 250,
    /** So many moved slots make the linear check cost more than a rebuild. */
    private readonly maxMoved = 4096,
  ) {}

  /** New data: the next query builds from scratch. */
  reset(x: Float64Array, y: Float64Array, count: number): void {
    this.x = x;
    this.y = y;
    this.count = count;
    this.tree = null;
    this.movedFlag = new Uint8Array(count);
    this.movedList = [];
  }

  moved(slot: number): void {
    if (this.tree === null || this.movedFlag[slot]) return;
    this.movedFlag[slot] = 1;
    this.movedList.push(slot);
  }

  get movedSinceBuild(): number {
    return this.movedList.length;
  }

  /**
   * The slot nearest to (qx, qy) in world0 units whose distance is within
   * `reach(slot)` (a negative reach: not eligible, e.g. hidden), searching no
   * farther than `maxReach`; -1 if none.
   */
  nearest(qx: number, qy: number, maxReach: number, reach: (slot: number) => number): number {
    if (this.count === 0) return -1;
    this.ensureFresh();
    let best = -1;
    let bestD = Infinity;
    const consider = (slot: number) => {
      const r = reach(slot);
      if (r < 0) return;
      const d = Math.hypot(this.x[slot] - qx, this.y[slot] - qy);
      // Ties go to the higher slot: drawn later within a style, so on top.
      if (d <= r && (d < bestD || (d === bestD && slot > best))) {
        best = slot;
        bestD = d;
      }
    };
    for (const slot of this.tree!.within(qx, qy, maxReach)) if (!this.movedFlag[slot]) consider(slot);
    for (const slot of this.movedList) consider(slot);
    return best;
  }

  private ensureFresh(): void {
    const stale = this.tree === null || (this.movedList.length > 0 && (this.now() - this.builtAt >= this.rebuildEveryMs || this.movedList.length > this.maxMoved));
    if (!stale) return;
    const tree = new KDBush(Math.max(1, this.count));
    for (let i = 0; i < this.count; i++) tree.add(this.x[i], this.y[i]);
    tree.finish();
    this.tree = tree;
    this.builtAt = this.now();
    for (const slot of this.movedList) this.movedFlag[slot] = 0;
    this.movedList = [];
  }

  /** For tests and the bench: when the tree was last built (the injected clock). */
  get lastBuiltAt(): number {
    return this.builtAt;
  }
}
