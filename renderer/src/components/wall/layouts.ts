import { WALL_LAYOUTS, type WallLayout } from '../../../../native/api/rules.ts';

/**
 * The wall's layouts as grid geometry: how many tiles each has and where
 * each tile sits on a square grid. The square ones (1, 4, 9, 16, 25) are n×n
 * equal tiles; a hotspot (1+5, 1+7, 1+12) has tile 0 large in the top-left
 * corner and the small ones around it, row by row — the corner keeps tile 0
 * where the operator's eye starts, as the VMS clients the patrollers know do.
 * Pure: the wall renders it as a CSS grid, and the arrow keys walk it.
 */

/** The host's layouts (rules.ts), in the order the digit keys 1–8 pick them. */
export { WALL_LAYOUTS, type WallLayout };

/** Where a tile sits: 0-based top-left cell and how many cells it spans. */
export interface TileArea {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface LayoutGeometry {
  /** The grid is `size` × `size` cells. */
  size: number;
  /** One area per tile, in tile order. */
  tiles: readonly TileArea[];
}

/** Grid size and the large tile's span of each layout (span 1: no large tile). */
const SHAPES: Record<WallLayout, { size: number; large: number }> = {
  '1': { size: 1, large: 1 },
  '4': { size: 2, large: 1 },
  '9': { size: 3, large: 1 },
  '16': { size: 4, large: 1 },
  '25': { size: 5, large: 1 },
  '1+5': { size: 3, large: 2 },
  '1+7': { size: 4, large: 3 },
  '1+12': { size: 4, large: 2 },
};

function build(layout: WallLayout): LayoutGeometry {
  const { size, large } = SHAPES[layout];
  const tiles: TileArea[] = [{ row: 0, col: 0, rows: large, cols: large }];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (row === 0 && col === 0) continue;
      if (row < large && col < large) continue; // under the large tile
      tiles.push({ row, col, rows: 1, cols: 1 });
    }
  }
  return Object.freeze({ size, tiles: Object.freeze(tiles.map((t) => Object.freeze(t))) });
}

const GEOMETRY = Object.fromEntries(WALL_LAYOUTS.map((layout) => [layout, build(layout)])) as Record<WallLayout, LayoutGeometry>;

export function isWallLayout(value: unknown): value is WallLayout {
  return typeof value === 'string' && (WALL_LAYOUTS as readonly string[]).includes(value);
}

export function layoutGeometry(layout: WallLayout): LayoutGeometry {
  return GEOMETRY[layout];
}

export function tileCount(layout: WallLayout): number {
  return GEOMETRY[layout].tiles.length;
}

/** A hotspot layout: tile 0 is large (and plays the `main` stream). */
export function isHotspot(layout: WallLayout): boolean {
  return SHAPES[layout].large > 1;
}

/** Whether tile `index` is shown large in `layout` (the one tile of layout 1 counts: it fills the wall). */
export function isLargeTile(layout: WallLayout, index: number): boolean {
  return index === 0 && (isHotspot(layout) || layout === '1');
}

/** The CSS grid placement of a tile (grid lines are 1-based). */
export function gridPlacement(area: TileArea): { gridRow: string; gridColumn: string } {
  return { gridRow: `${area.row + 1} / span ${area.rows}`, gridColumn: `${area.col + 1} / span ${area.cols}` };
}

/** The layout digit key `key` picks ('1'…'8'), or null. */
export function layoutForKey(key: string): WallLayout | null {
  if (!/^[1-8]$/.test(key)) return null;
  return WALL_LAYOUTS[Number(key) - 1]!;
}

/** The digit key that picks `layout`. */
export function keyForLayout(layout: WallLayout): string {
  return String(WALL_LAYOUTS.indexOf(layout) + 1);
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The tile an arrow key moves to from tile `index`: the tile covering the
 * cell just past this tile's edge, in line with its top-left cell (so from
 * the large tile, right goes to the tile beside its top row). At the wall's
 * edge the selection stays.
 */
export function neighbour(layout: WallLayout, index: number, direction: Direction): number {
  const { size, tiles } = GEOMETRY[layout];
  const from = tiles[index];
  if (!from) return 0;
  let row = from.row;
  let col = from.col;
  if (direction === 'up') row -= 1;
  else if (direction === 'down') row += from.rows;
  else if (direction === 'left') col -= 1;
  else col += from.cols;
  if (row < 0 || col < 0 || row >= size || col >= size) return index;
  const to = tiles.findIndex((t) => row >= t.row && row < t.row + t.rows && col >= t.col && col < t.col + t.cols);
  return to < 0 ? index : to;
}
