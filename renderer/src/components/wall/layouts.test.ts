import { describe, expect, it } from 'vitest';
import { wallTileCount } from '../../../../native/api/rules.ts';
import {
  WALL_LAYOUTS,
  gridPlacement,
  isHotspot,
  isLargeTile,
  keyForLayout,
  layoutForKey,
  layoutGeometry,
  neighbour,
  tileCount,
  type WallLayout,
} from './layouts.ts';

/** Which tile covers each cell, row by row: a picture of the layout. */
function picture(layout: WallLayout): number[][] {
  const { size, tiles } = layoutGeometry(layout);
  const cells = Array.from({ length: size }, () => Array.from({ length: size }, () => -1));
  tiles.forEach((t, i) => {
    for (let r = t.row; r < t.row + t.rows; r++) for (let c = t.col; c < t.col + t.cols; c++) cells[r]![c] = i;
  });
  return cells;
}

describe('wall layouts', () => {
  it('have the tile counts of the issue: 1, 4, 9, 16, 25 and the hotspots 1+5, 1+7, 1+12', () => {
    expect(WALL_LAYOUTS.map(tileCount)).toEqual([1, 4, 9, 16, 25, 6, 8, 13]);
    // The host validates tiles by the same counts.
    expect(WALL_LAYOUTS.map(tileCount)).toEqual(WALL_LAYOUTS.map(wallTileCount));
  });

  it('cover every cell of their grid exactly once', () => {
    for (const layout of WALL_LAYOUTS) {
      const { size, tiles } = layoutGeometry(layout);
      const covered = tiles.reduce((n, t) => n + t.rows * t.cols, 0);
      expect(covered, layout).toBe(size * size);
      expect(picture(layout).flat().includes(-1), layout).toBe(false);
    }
  });

  it('put the large tile 0 in the top-left corner of a hotspot and the small ones around it row by row', () => {
    expect(picture('1+5')).toEqual([
      [0, 0, 1],
      [0, 0, 2],
      [3, 4, 5],
    ]);
    expect(picture('1+7')).toEqual([
      [0, 0, 0, 1],
      [0, 0, 0, 2],
      [0, 0, 0, 3],
      [4, 5, 6, 7],
    ]);
    expect(picture('1+12')).toEqual([
      [0, 0, 1, 2],
      [0, 0, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
    expect(picture('9')).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
  });

  it('say which tile is large: tile 0 of a hotspot, and the single tile of layout 1', () => {
    expect(WALL_LAYOUTS.filter(isHotspot)).toEqual(['1+5', '1+7', '1+12']);
    expect(isLargeTile('1+7', 0)).toBe(true);
    expect(isLargeTile('1+7', 1)).toBe(false);
    expect(isLargeTile('1', 0)).toBe(true);
    expect(isLargeTile('16', 0)).toBe(false);
  });

  it('place a tile on the CSS grid by 1-based lines', () => {
    expect(gridPlacement(layoutGeometry('1+7').tiles[0]!)).toEqual({ gridRow: '1 / span 3', gridColumn: '1 / span 3' });
    expect(gridPlacement(layoutGeometry('16').tiles[6]!)).toEqual({ gridRow: '2 / span 1', gridColumn: '3 / span 1' });
  });

  it('are picked by the digits 1–8 in their order, and nothing else picks one', () => {
    expect(['1', '2', '3', '4', '5', '6', '7', '8'].map(layoutForKey)).toEqual([...WALL_LAYOUTS]);
    for (const key of ['0', '9', 'a', '10', '', ' ']) expect(layoutForKey(key), key).toBeNull();
    expect(WALL_LAYOUTS.map(keyForLayout)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });
});

describe('arrow keys on the wall', () => {
  it('move one tile in a square layout and stop at the edges', () => {
    expect(neighbour('16', 5, 'right')).toBe(6);
    expect(neighbour('16', 5, 'left')).toBe(4);
    expect(neighbour('16', 5, 'up')).toBe(1);
    expect(neighbour('16', 5, 'down')).toBe(9);
    expect(neighbour('16', 3, 'right')).toBe(3);
    expect(neighbour('16', 0, 'up')).toBe(0);
    expect(neighbour('16', 15, 'down')).toBe(15);
    expect(neighbour('1', 0, 'left')).toBe(0);
  });

  it('go in and out of a hotspot\'s large tile from any side', () => {
    // 1+5:  [0 0 1] [0 0 2] [3 4 5]
    expect(neighbour('1+5', 0, 'right')).toBe(1);
    expect(neighbour('1+5', 0, 'down')).toBe(3);
    expect(neighbour('1+5', 2, 'left')).toBe(0);
    expect(neighbour('1+5', 4, 'up')).toBe(0);
    expect(neighbour('1+5', 1, 'down')).toBe(2);
    expect(neighbour('1+5', 2, 'down')).toBe(5);
    // 1+12: the tiles right of the large one, then below it.
    expect(neighbour('1+12', 0, 'right')).toBe(1);
    expect(neighbour('1+12', 3, 'left')).toBe(0);
    expect(neighbour('1+12', 6, 'up')).toBe(0);
    expect(neighbour('1+12', 7, 'up')).toBe(3);
  });

  it('keep an index past the layout at tile 0', () => {
    expect(neighbour('4', 9, 'right')).toBe(0);
  });
});
