
/**
 * Live volunteer positions (spec §5): the latest per volunteer in typed
 * arrays (the map draws straight from them), plus each one's track of the
 * last `trackMs` for trails. Not persisted: positions are ephemeral.
 */
export const STATES = ['available', 'busy', 'offline'] as const;
export type PositionState = (typeof STATES)[number];

/** One volunteer's reported position: WGS84 degrees, an ISO time, and whether they can take a task. */
export interface VolunteerPoint {
  id: string;
  lat: number;
  lng: number;
  ts: string;
  state: PositionState;
}

interface Track {
  ts: number[];
  lat: number[];
  lng: number[];
}

export class PositionBook {
  private readonly index = new Map<string, number>();
  private ids: string[] = [];
  lat: Float64Array;
  lng: Float64Array;
  ts: Float64Array;
  state: Uint8Array;
  private readonly tracks = new Map<string, Track>();

  constructor(
    private readonly trackMs = 30 * 60_000,
    capacity = 1024,
  ) {
    this.lat = new Float64Array(capacity);
    this.lng = new Float64Array(capacity);
    this.ts = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Applies a batch; the newest `ts` per id wins. Returns the positions that changed. */
  apply(items: readonly VolunteerPoint[]): VolunteerPoint[] {
    const changed: VolunteerPoint[] = [];
    for (const p of items) {
      const ts = Date.parse(p.ts);
      let i = this.index.get(p.id);
      if (i === undefined) {
        i = this.ids.length;
        this.grow(i + 1);
        this.ids.push(p.id);
        this.index.set(p.id, i);
      } else if (ts < this.ts[i]!) {
        continue;
      }
      this.lat[i] = p.lat;
      this.lng[i] = p.lng;
      this.ts[i] = ts;
      this.state[i] = STATES.indexOf(p.state);
      this.record(p.id, ts, p.lat, p.lng);
      changed.push(p);
    }
    return changed;
  }

  latest(id: string): { lat: number; lng: number; ts: number; state: PositionState } | null {
    const i = this.index.get(id);
    if (i === undefined) return null;
    return { lat: this.lat[i]!, lng: this.lng[i]!, ts: this.ts[i]!, state: STATES[this.state[i]!]! };
  }

  idAt(i: number): string {
    return this.ids[i]!;
  }

  track(id: string): { ts: number; lat: number; lng: number }[] {
    const t = this.tracks.get(id);
    if (!t) return [];
    const horizon = (t.ts[t.ts.length - 1] ?? 0) - this.trackMs;
    return t.ts.flatMap((ts, k) => (ts >= horizon ? [{ ts, lat: t.lat[k]!, lng: t.lng[k]! }] : []));
  }

  private record(id: string, ts: number, lat: number, lng: number): void {
    let t = this.tracks.get(id);
    if (!t) this.tracks.set(id, (t = { ts: [], lat: [], lng: [] }));
    t.ts.push(ts);
    t.lat.push(lat);
    t.lng.push(lng);
    // Drop points older than the window in one splice once a few piled up (track() filters the rest).
    const horizon = ts - this.trackMs;
    let old = 0;
    while (old < t.ts.length && t.ts[old]! < horizon) old++;
    if (old >= 32) {
      t.ts.splice(0, old);
      t.lat.splice(0, old);
      t.lng.splice(0, old);
    }
  }

  private grow(needed: number): void {
    if (needed <= this.lat.length) return;
    const size = Math.max(needed, this.lat.length * 2);
    const copy = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.lat = copy(this.lat, (n) => new Float64Array(n));
    this.lng = copy(this.lng, (n) => new Float64Array(n));
    this.ts = copy(this.ts, (n) => new Float64Array(n));
    this.state = copy(this.state, (n) => new Uint8Array(n));
  }
}
