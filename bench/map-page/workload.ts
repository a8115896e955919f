/**
 * bench:map's city, the same for every way of drawing it: 3,000 cameras,
 * 10,000 volunteers (the first 2,000 of them moving), 5,000 incidents and
 * ~80 road lines (the simulator's 18 main roads plus generated side roads),
 * spread over Xiamen like the demo city (denser on the island). Seeded: every
 * run and every mode draws the same points. No DOM here: the bench's Node
 * side uses it too (the nearest figure).
 */
import { MAIN_ROADS } from '../../native/simulator/city/geography.ts';

export interface WorkloadPoints {
  lat: Float64Array;
  lng: Float64Array;
  style: Uint8Array;
}

export interface Workload {
  cameras: WorkloadPoints;
  volunteers: WorkloadPoints;
  incidents: WorkloadPoints;
  roads: { id: string; line: [number, number][]; style: number }[];
  /** Volunteers 0 .. moving-1 move. */
  moving: number;
}

export const SIZES = { cameras: 3_000, volunteers: 10_000, moving: 2_000, incidents: 5_000, roads: 80 } as const;

/** Style counts per layer (bench-page.ts gives each its colours). */
export const STYLE_COUNTS = { cameras: 3, volunteers: 4, incidents: 6, roads: 4 } as const;

/** Where the city's people are: the island, Haicang, Jimei, Tong'an, Xiang'an (centre, spread in degrees, weight). */
const HOTSPOTS: [number, number, number, number][] = [
  [24.48, 118.11, 0.035, 0.45],
  [24.49, 118.03, 0.03, 0.12],
  [24.6, 118.1, 0.035, 0.15],
  [24.73, 118.15, 0.04, 0.13],
  [24.63, 118.25, 0.04, 0.15],
];

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

function points(n: number, styles: number, rand: () => number, styleOf?: (r: number) => number): WorkloadPoints {
  const lat = new Float64Array(n);
  const lng = new Float64Array(n);
  const style = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let pick = rand();
    let h = HOTSPOTS[0];
    for (const spot of HOTSPOTS) {
      h = spot;
      if ((pick -= spot[3]) <= 0) break;
    }
    lat[i] = h[0] + gauss(rand) * h[2];
    lng[i] = h[1] + gauss(rand) * h[2];
    style[i] = styleOf ? styleOf(rand()) : Math.floor(rand() * styles);
  }
  return { lat, lng, style };
}

export function makeWorkload(seed = 11): Workload {
  const rand = seeded(seed);
  const cameras = points(SIZES.cameras, STYLE_COUNTS.cameras, rand, (r) => (r < 0.9 ? 0 : r < 0.97 ? 1 : 2));
  const volunteers = points(SIZES.volunteers, STYLE_COUNTS.volunteers, rand, (r) => (r < 0.6 ? 0 : r < 0.85 ? 1 : r < 0.97 ? 2 : 3));
  // A few P1s (style 0, pulsing); the rest by priority and status.
  const incidents = points(SIZES.incidents, STYLE_COUNTS.incidents, rand, (r) => (r < 0.01 ? 0 : 1 + Math.floor(((r - 0.01) / 0.99) * 5)));
  const roads: Workload['roads'] = MAIN_ROADS.map((road, i) => ({ id: road.id, line: road.line.map(([a, b]) => [a, b] as [number, number]), style: i % 4 }));
  for (let i = roads.length; i < SIZES.roads; i++) {
    // A side road: a wandering line of 12–30 vertices from somewhere in the city.
    const start = points(1, 1, rand);
    let lat = start.lat[0];
    let lng = start.lng[0];
    let heading = rand() * Math.PI * 2;
    const line: [number, number][] = [];
    const vertices = 12 + Math.floor(rand() * 19);
    for (let k = 0; k < vertices; k++) {
      line.push([lat, lng]);
      heading += (rand() - 0.5) * 0.6;
      lat += Math.sin(heading) * 0.002;
      lng += Math.cos(heading) * 0.002;
    }
    roads.push({ id: `side-${i}`, line, style: Math.floor(rand() * 4) });
  }
  return { cameras, volunteers, incidents, roads, moving: SIZES.moving };
}

/**
 * The next position of moving volunteer `slot`: a step of ~5–15 m in a
 * direction that drifts (a patrol on foot or by bike, reported every few seconds).
 */
export class Walkers {
  private readonly heading: Float64Array;
  constructor(
    private readonly volunteers: WorkloadPoints,
    readonly moving: number,
    private readonly rand: () => number = seeded(99),
  ) {
    this.heading = new Float64Array(moving).map(() => this.rand() * Math.PI * 2);
  }

  /** Moves `slot` one step; returns its new [lat, lng] (also written into the workload's arrays). */
  step(slot: number): [number, number] {
    const h = (this.heading[slot] += (this.rand() - 0.5) * 0.8);
    const metres = 5 + this.rand() * 10;
    const lat = (this.volunteers.lat[slot] += (Math.sin(h) * metres) / 111_000);
    const lng = (this.volunteers.lng[slot] += (Math.cos(h) * metres) / 101_000);
    return [lat, lng];
  }
}
