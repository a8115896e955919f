import { describe, expect, it } from 'vitest';
import { PointIndex } from './point-index.ts';

function grid(n: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (i % 100) * 10;
    y[i] = Math.floor(i / 100) * 10;
  }
  return { x, y };
}

/** Brute force over current coordinates: what the index must answer. */
function bruteNearest(x: Float64Array, y: Float64Array, qx: number, qy: number, r: number, hidden: Set<number>): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < x.length; i++) {
    if (hidden.has(i)) continue;
    const d = Math.hypot(x[i] - qx, y[i] - qy);
    if (d <= r && (d < bestD || (d === bestD && i > best))) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

describe('PointIndex', () => {
  it('answers like a brute-force search, eligibility included', () => {
    const { x, y } = grid(10_000);
    const index = new PointIndex(() => 0);
    index.reset(x, y, 10_000);
    const hidden = new Set([0, 101, 5050]);
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let q = 0; q < 500; q++) {
      const qx = rand() * 1000;
      const qy = rand() * 1000;
      expect(index.nearest(qx, qy, 6, (s) => (hidden.has(s) ? -1 : 6))).toBe(bruteNearest(x, y, qx, qy, 6, hidden));
    }
  });

  it('between rebuilds, moved slots are found where they are now; the tree is rebuilt once due', () => {
    const { x, y } = grid(1000);
    let now = 0;
    const index = new PointIndex(() => now, 250);
    index.reset(x, y, 1000);
    expect(index.nearest(0, 0, 1, () => 1)).toBe(0);
    expect(index.lastBuiltAt).toBe(0);
    x[0] = 505;
    y[0] = 505;
    index.moved(0);
    now = 100;
    expect(index.nearest(505, 505, 1, () => 1)).toBe(0);
    expect(index.nearest(0, 0, 1, () => 1)).toBe(-1);
    expect(index.lastBuiltAt).toBe(0);
    expect(index.movedSinceBuild).toBe(1);
    now = 260;
    expect(index.nearest(505, 505, 1, () => 1)).toBe(0);
    expect(index.lastBuiltAt).toBe(260);
    expect(index.movedSinceBuild).toBe(0);
  });

  it('too many moved slots rebuild at once rather than being checked one by one', () => {
    const { x, y } = grid(1000);
    const index = new PointIndex(() => 0, 250, 10);
    index.reset(x, y, 1000);
    index.nearest(0, 0, 1, () => 1);
    for (let i = 0; i < 11; i++) index.moved(i);
    index.nearest(0, 0, 1, () => 1);
    expect(index.movedSinceBuild).toBe(0);
  });

  it('an empty index finds nothing', () => {
    const index = new PointIndex(() => 0);
    index.reset(new Float64Array(0), new Float64Array(0), 0);
    expect(index.nearest(0, 0, 100, () => 100)).toBe(-1);
  });
});
