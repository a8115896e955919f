/**
 * Which parts of a point layer's pixels a frame must stamp again.
 *
 * A hundred volunteers moving a few metres each between frames change a few
 * hundred small squares of a canvas the size of the map; re-stamping every
 * point, clearing and putting the whole ImageData for that (bench:map: the
 * volunteer layer, 10,000 points on 1920×1200, ten times a second) was most
 * of what a frame cost while the map was still. A moved point instead marks
 * the tiles under its sprite where it was and where it is now; the next
 * frame clears, re-stamps and puts only those tiles.
 */

/** Side of a tile in device pixels. Smaller tiles hold fewer crowded neighbours to stamp again (bench:map, zoom 12: 16 px repaired in about half the time of 32 px); much smaller ones cost more in calls than they save. */
export const DAMAGE_TILE_PX = 16;

export class DamageTiles {
  width = 0;
  height = 0;
  cols = 0;
  rows = 0;
  /** 1 per dirty tile, row by row. */
  flags = new Uint8Array(0);
  /** Dirty tiles. */
  count = 0;

  /** A surface of another size: nothing marked. */
  fit(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.cols = Math.ceil(width / DAMAGE_TILE_PX);
    this.rows = Math.ceil(height / DAMAGE_TILE_PX);
    this.flags = new Uint8Array(this.cols * this.rows);
    this.count = 0;
  }

  /** Share of the surface's tiles marked (0–1). */
  get share(): number {
    return this.flags.length === 0 ? 0 : this.count / this.flags.length;
  }

  /**
   * Marks the tiles meeting the device-pixel box [x0, x1) × [y0, y1);
   * returns false when the box lies wholly outside the surface (nothing on
   * the canvas changes).
   */
  mark(x0: number, y0: number, x1: number, y1: number): boolean {
    const c0 = Math.max(0, Math.floor(x0 / DAMAGE_TILE_PX));
    const r0 = Math.max(0, Math.floor(y0 / DAMAGE_TILE_PX));
    const c1 = Math.min(this.cols - 1, Math.floor((x1 - 1) / DAMAGE_TILE_PX));
    const r1 = Math.min(this.rows - 1, Math.floor((y1 - 1) / DAMAGE_TILE_PX));
    if (c0 > c1 || r0 > r1) return false;
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const i = r * this.cols + c;
        if (this.flags[i]) continue;
        this.flags[i] = 1;
        this.count++;
      }
    return true;
  }

  isMarked(col: number, row: number): boolean {
    return this.flags[row * this.cols + col] === 1;
  }

  /**
   * The marked tiles as boxes [x0, x1) × [y0, y1) clipped to the surface:
   * neighbours in a row of tiles joined, so a frame puts a few wide strips
   * rather than many squares.
   */
  runs(visit: (x0: number, y0: number, x1: number, y1: number) => void): void {
    const { cols, rows, flags } = this;
    for (let r = 0; r < rows; r++) {
      const y0 = r * DAMAGE_TILE_PX;
      const y1 = Math.min(this.height, y0 + DAMAGE_TILE_PX);
      let c = 0;
      while (c < cols) {
        if (!flags[r * cols + c]) {
          c++;
          continue;
        }
        const start = c;
        while (c < cols && flags[r * cols + c]) c++;
        visit(start * DAMAGE_TILE_PX, y0, Math.min(this.width, c * DAMAGE_TILE_PX), y1);
      }
    }
  }

  clear(): void {
    if (this.count === 0) return;
    this.flags.fill(0);
    this.count = 0;
  }
}
