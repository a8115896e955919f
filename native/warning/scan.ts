import { EARTH_RADIUS_M } from '../geo/distance.ts';
import type { Random } from './types.ts';

/**
 * The prospective space-time permutation scan (Kulldorff et al. 2005, the
 * SaTScan family): case data only, no population. Cylinders are circles
 * centred on recent cases, radii up to a maximum (each distinct distance to
 * a neighbour), and time windows that end now, up to a maximum length. A
 * cylinder's expected count comes from the cases themselves,
 * μ = n_zone · n_window / N: the zone's share of all cases times the
 * window's, so a busy place or a busy hour alone is no cluster. Its
 * strength is the Poisson generalised likelihood ratio (as a log):
 * c·ln(c/μ) + (N−c)·ln((N−c)/(N−μ)) when c > μ.
 *
 * Costs: a spatial grid finds neighbours; windows are indexed by rank (the
 * k newest cases), so adding a neighbour that is not recent only grows
 * n_zone, and the ratio is evaluated only where a recent one came in — a
 * centre costs its neighbours plus (recent neighbours × windows).
 */

/** One family's cases, located, in local metres. */
export interface FamilyCases {
  /** Metres east/north of the equator and meridian, scaled at the family's mean latitude (error < 0.1 % over a city). */
  x: Float64Array;
  y: Float64Array;
  t: Float64Array;
  /** A grid of cells `cell` metres wide: cases sorted by cell (`byCell`), each cell's run in it, by `cellKey`. */
  cell: number;
  byCell: Int32Array;
  runs: Map<number, [number, number]>;
  /** The grid's lowest column and row, and its rows: a cell's key counts from them. */
  minCx: number;
  minCy: number;
  rows: number;
}

/**
 * A cell's key: its place in the family's grid, column by column. A small
 * integer over a city (a few thousand cells), which a Map hashes fast; a row
 * outside the grid has no key (it would alias the next column's).
 */
function cellKey(fc: Pick<FamilyCases, 'minCx' | 'minCy' | 'rows'>, cx: number, cy: number): number {
  const row = cy - fc.minCy;
  return row < 0 || row >= fc.rows ? -1 : (cx - fc.minCx) * fc.rows + row;
}

/** Cases per family are far fewer: a neighbour's index shares a float with its distance (see neighboursOf). */
const MAX_CASES = 2 ** 21;

/** One family's cases from points (tests, and callers holding objects). */
export function familyCases(points: readonly { lat: number; lng: number; t: number }[], maxRadiusM: number): FamilyCases {
  const lat = Float64Array.from(points, (p) => p.lat);
  const lng = Float64Array.from(points, (p) => p.lng);
  return familyCasesOf(lat, lng, Float64Array.from(points, (p) => p.t), maxRadiusM);
}

/**
 * One family's cases from columns (the detector fills them from its records:
 * no object a case). `t` is kept as given.
 */
export function familyCasesOf(lat: Float64Array, lng: Float64Array, t: Float64Array, maxRadiusM: number): FamilyCases {
  const n = lat.length;
  if (n >= MAX_CASES) throw new RangeError(`a family of ${n} cases is more than the scan indexes (${MAX_CASES})`);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let meanLat = 0;
  for (let i = 0; i < n; i++) meanLat += lat[i]! / n;
  const k = (EARTH_RADIUS_M * Math.PI) / 180;
  const cos = Math.cos((meanLat * Math.PI) / 180);
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  let minCx = Infinity;
  let minCy = Infinity;
  let maxCy = -Infinity;
  for (let i = 0; i < n; i++) {
    x[i] = lng[i]! * k * cos;
    y[i] = lat[i]! * k;
    cx[i] = Math.floor(x[i]! / maxRadiusM);
    cy[i] = Math.floor(y[i]! / maxRadiusM);
    minCx = Math.min(minCx, cx[i]!);
    minCy = Math.min(minCy, cy[i]!);
    maxCy = Math.max(maxCy, cy[i]!);
  }
  const grid = { minCx, minCy, rows: n > 0 ? maxCy - minCy + 1 : 0 };
  // Cases sorted by cell, then index: a counting sort while the grid is small (any city's is: a few thousand
  // cells), else by a comparator (cases spread over a continent: a bad feed).
  const keys = new Float64Array(n);
  let maxKey = 0;
  for (let i = 0; i < n; i++) maxKey = Math.max(maxKey, (keys[i] = cellKey(grid, cx[i]!, cy[i]!)));
  const byCell = new Int32Array(n);
  if (maxKey < 8 * n + 65_536) {
    const next = new Int32Array(maxKey + 2);
    for (let i = 0; i < n; i++) next[keys[i]! + 1]!++;
    for (let key = 1; key < next.length; key++) next[key]! += next[key - 1]!;
    for (let i = 0; i < n; i++) byCell[next[keys[i]!]!++] = i;
  } else {
    for (let i = 0; i < n; i++) byCell[i] = i;
    byCell.sort((a, b) => keys[a]! - keys[b]! || a - b);
  }
  const runs = new Map<number, [number, number]>();
  for (let a = 0; a < n; ) {
    const key = keys[byCell[a]!]!;
    let b = a + 1;
    while (b < n && keys[byCell[b]!] === key) b++;
    runs.set(key, [a, b]);
    a = b;
  }
  return { x, y, t, cell: maxRadiusM, byCell, runs, ...grid };
}

/** A case's neighbours within the cell size (itself among them), nearest first; distances to the millimetre. */
export interface Neighbours {
  idx: Int32Array;
  dist: Float64Array;
}

let scratch = new Float64Array(1024);

export function neighboursOf(fc: FamilyCases, i: number): Neighbours {
  const R = fc.cell;
  const R2 = R * R;
  const xi = fc.x[i]!;
  const yi = fc.y[i]!;
  const cx = Math.floor(xi / R);
  const cy = Math.floor(yi / R);
  let n = 0;
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      const run = fc.runs.get(cellKey(fc, cx + dx, cy + dy));
      if (!run) continue;
      for (let a = run[0]; a < run[1]; a++) {
        const j = fc.byCell[a]!;
        const ex = fc.x[j]! - xi;
        const ey = fc.y[j]! - yi;
        const d2 = ex * ex + ey * ey;
        if (d2 > R2) continue;
        if (n === scratch.length) {
          const grown = new Float64Array(n * 2);
          grown.set(scratch);
          scratch = grown;
        }
        // Distance in mm and index in one exact float: a plain numeric sort orders by distance, then index.
        scratch[n++] = Math.round(Math.sqrt(d2) * 1000) * MAX_CASES + j;
      }
    }
  }
  const sorted = scratch.subarray(0, n).sort();
  const idx = new Int32Array(n);
  const dist = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const v = sorted[a]!;
    const mm = Math.floor(v / MAX_CASES);
    idx[a] = v - mm * MAX_CASES;
    dist[a] = mm / 1000;
  }
  return { idx, dist };
}

/** Log of the Poisson generalised likelihood ratio of c cases where μ were expected, N in all; 0 when c ≤ μ. */
export function logLikelihoodRatio(c: number, mu: number, N: number): number {
  if (c <= mu) return 0;
  const rest = N - c;
  return c * Math.log(c / mu) + (rest > 0 ? rest * Math.log(rest / (N - mu)) : 0);
}

/** The strongest cylinder around one centre. */
export interface Cylinder {
  centre: number;
  radiusM: number;
  /** The window holds the recent cases of rank 0..windowEnd (newest first). */
  windowEnd: number;
  cases: number;
  zoneCases: number;
  windowCases: number;
  expected: number;
  llr: number;
}

/**
 * What the scan needs about time: the recent cases' ranks. `rankOf[i]` is
 * case i's rank among the recent ones (0 = newest) or −1; `windowClosed[k]`
 * says a window may end at rank k (false inside a run of equal times: a
 * window holds all of a tie or none).
 */
export interface Windows {
  rankOf: Int32Array;
  windowClosed: Uint8Array;
  recent: number;
}

/**
 * The strongest cylinder centred on `centre` with at least `minCases` cases,
 * or null. `counts` is scratch (length ≥ recent), zeroed on return.
 */
export function bestAround(
  nb: Neighbours,
  centre: number,
  w: Windows,
  N: number,
  minCases: number,
  counts: Int32Array,
): Cylinder | null {
  const W = w.recent;
  let best: Cylinder | null = null;
  let dirtyFrom = W; // the lowest rank whose count changed since the last evaluation
  const n = nb.idx.length;
  for (let a = 0; a < n; a++) {
    const r = w.rankOf[nb.idx[a]!]!;
    if (r >= 0) {
      for (let k = r; k < W; k++) counts[k]!++;
      if (r < dirtyFrom) dirtyFrom = r;
    }
    // A circle holds every case at its radius: evaluate after the last of a tie.
    if (a + 1 < n && nb.dist[a + 1] === nb.dist[a]) continue;
    if (dirtyFrom === W) continue; // only n_zone grew: every ratio fell
    const zone = a + 1;
    for (let k = dirtyFrom; k < W; k++) {
      if (!w.windowClosed[k]) continue;
      const c = counts[k]!;
      if (c < minCases) continue;
      const mu = (zone * (k + 1)) / N;
      const llr = logLikelihoodRatio(c, mu, N);
      if (llr > (best?.llr ?? 0)) {
        best = { centre, radiusM: nb.dist[a]!, windowEnd: k, cases: c, zoneCases: zone, windowCases: k + 1, expected: mu, llr };
      }
    }
    dirtyFrom = W;
  }
  counts.fill(0, 0, W);
  return best;
}

/** The recent cases (time > since, ≤ now), newest first, and their windows. */
export function windowsOf(t: Float64Array, since: number, now: number): { order: Int32Array; windowClosed: Uint8Array } {
  const recent: number[] = [];
  for (let i = 0; i < t.length; i++) if (t[i]! > since && t[i]! <= now) recent.push(i);
  recent.sort((a, b) => t[b]! - t[a]! || a - b);
  const order = Int32Array.from(recent);
  const windowClosed = new Uint8Array(order.length);
  for (let k = 0; k < order.length; k++) windowClosed[k] = k + 1 === order.length || t[order[k + 1]!]! < t[order[k]!]! ? 1 : 0;
  return { order, windowClosed };
}

/**
 * The strongest cylinder of one arrangement: `order[k]` is the case at rank
 * k. Centres are the recent cases.
 */
export function scanMax(
  neighbours: (i: number) => Neighbours,
  N: number,
  order: Int32Array,
  windowClosed: Uint8Array,
  rankOf: Int32Array,
  minCases: number,
  counts: Int32Array,
  each?: (c: Cylinder) => void,
): number {
  for (let k = 0; k < order.length; k++) rankOf[order[k]!] = k;
  const w: Windows = { rankOf, windowClosed, recent: order.length };
  let max = 0;
  for (let k = 0; k < order.length; k++) {
    const c = bestAround(neighbours(order[k]!), order[k]!, w, N, minCases, counts);
    if (!c) continue;
    if (c.llr > max) max = c.llr;
    each?.(c);
  }
  for (let k = 0; k < order.length; k++) rankOf[order[k]!] = -1;
  return max;
}

/**
 * Maxima of the scan under the null: the cases' times permuted among them
 * (their places kept), `replicates` times. Only which places take the
 * recent times matters, so a replicate draws `recent` cases at random for
 * the ranks 0..recent−1 (a partial Fisher–Yates shuffle).
 */
export function nullMaxima(
  neighbours: (i: number) => Neighbours,
  N: number,
  windowClosed: Uint8Array,
  minCases: number,
  replicates: number,
  random: Random,
): Float64Array {
  const W = windowClosed.length;
  const pool = new Int32Array(N);
  const rankOf = new Int32Array(N).fill(-1);
  const counts = new Int32Array(W);
  const maxima = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < N; i++) pool[i] = i;
    for (let k = 0; k < W; k++) {
      const j = k + Math.floor(random() * (N - k));
      const tmp = pool[k]!;
      pool[k] = pool[j]!;
      pool[j] = tmp;
    }
    maxima[r] = scanMax(neighbours, N, pool.subarray(0, W), windowClosed, rankOf, minCases, counts);
  }
  return maxima;
}
