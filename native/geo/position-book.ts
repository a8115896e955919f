/**
 * Live volunteer positions (spec §5): the latest per volunteer in typed
 * arrays by slot (the map and the nearest search read straight from them),
 * plus each one's track of the last `trackMs` for trails. Not persisted:
 * positions are ephemeral.
 *
 * A volunteer keeps its slot for the life of the book; `id` names the book,
 * so a window holding slots from another book (a host restarted, a book
 * cleared) knows to fetch them all again.
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

export interface PositionBookOptions {
  /** How much of each volunteer's track is kept (default 30 minutes; a benchmark may shorten it). */
  trackMs?: number;
  /** Initial slots; the arrays double as needed. */
  capacity?: number;
}

/**
 * Old points are cut off a track in one splice once this many piled up: a
 * splice per report would shift the whole track every time. A track holds
 * at most its window plus this many points.
 */
const TRIM_BATCH = 32;

let booksMade = 0;

export class PositionBook {
  readonly trackMs: number;
  /** Changes when the book is cleared: slots of an earlier book mean nothing in this one. */
  id: string;
  private index = new Map<string, number>();
  private ids: string[] = [];
  lat: Float64Array;
  lng: Float64Array;
  ts: Float64Array;
  state: Uint8Array;
  /** 1 when the volunteer entity says `verified` (set by whoever reads the cache: setVerified). */
  verified: Uint8Array;
  /** The newest position time in the book (epoch ms; 0 while empty): "now" in the platform's clock. */
  newest = 0;
  private tracks = new Map<string, Track>();

  constructor(options: PositionBookOptions = {}) {
    this.trackMs = options.trackMs ?? 30 * 60_000;
    if (!(this.trackMs > 0)) throw new Error(`the track window must be positive, got ${options.trackMs}`);
    const capacity = Math.max(1, options.capacity ?? 1024);
    this.id = nextBookId();
    this.lat = new Float64Array(capacity);
    this.lng = new Float64Array(capacity);
    this.ts = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
    this.verified = new Uint8Array(capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Applies a batch; the newest `ts` per id wins. Returns the slots that changed (in order, no repeats). */
  apply(items: readonly VolunteerPoint[]): number[] {
    const changed: number[] = [];
    const seen = new Set<number>();
    for (const p of items) {
      const ts = Date.parse(p.ts);
      if (!Number.isFinite(ts)) continue; // the link checked the frame; a time that does not parse is not a position
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
      if (ts > this.newest) this.newest = ts;
      if (!seen.has(i)) {
        seen.add(i);
        changed.push(i);
      }
    }
    return changed;
  }

  latest(id: string): { lat: number; lng: number; ts: number; state: PositionState; verified: boolean } | null {
    const i = this.index.get(id);
    if (i === undefined) return null;
    return { lat: this.lat[i]!, lng: this.lng[i]!, ts: this.ts[i]!, state: STATES[this.state[i]!]!, verified: this.verified[i] === 1 };
  }

  idAt(slot: number): string {
    return this.ids[slot]!;
  }

  slotOf(id: string): number | undefined {
    return this.index.get(id);
  }

  /** Marks whether a volunteer is verified; false for one not in the book (nothing to mark). */
  setVerified(id: string, verified: boolean): boolean {
    const i = this.index.get(id);
    if (i === undefined) return false;
    this.verified[i] = verified ? 1 : 0;
    return true;
  }

  /** The volunteer's positions since `since` (epoch ms), oldest first. */
  track(id: string, since: number): { ts: number[]; lat: number[]; lng: number[] } {
    const t = this.tracks.get(id);
    if (!t) return { ts: [], lat: [], lng: [] };
    const from = firstAtOrAfter(t.ts, since);
    return { ts: t.ts.slice(from), lat: t.lat.slice(from), lng: t.lng.slice(from) };
  }

  /** How many track points the book holds in all (memory accounting, tests). */
  trackPoints(): number {
    let n = 0;
    for (const t of this.tracks.values()) n += t.ts.length;
    return n;
  }

  /**
   * Cuts every track to the window ending at `now`, and forgets the tracks of
   * volunteers who stopped reporting: `record` trims a track only when a new
   * point arrives, so without this a volunteer who went quiet would keep half
   * an hour of points forever.
   */
  trimTracks(now: number): void {
    const horizon = now - this.trackMs;
    for (const [id, t] of this.tracks) {
      const old = firstAtOrAfter(t.ts, horizon);
      if (old === t.ts.length) this.tracks.delete(id);
      else if (old > 0) cut(t, old);
    }
  }

  /** Forgets every position and track; the book gets a new id. */
  clear(): void {
    this.index = new Map();
    this.ids = [];
    this.tracks = new Map();
    this.state.fill(0);
    this.verified.fill(0);
    this.newest = 0;
    this.id = nextBookId();
  }

  private record(id: string, ts: number, lat: number, lng: number): void {
    let t = this.tracks.get(id);
    if (!t) this.tracks.set(id, (t = { ts: [], lat: [], lng: [] }));
    t.ts.push(ts);
    t.lat.push(lat);
    t.lng.push(lng);
    const old = firstAtOrAfter(t.ts, t.ts[t.ts.length - 1]! - this.trackMs);
    if (old >= TRIM_BATCH) cut(t, old);
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
    this.verified = copy(this.verified, (n) => new Uint8Array(n));
  }
}

function nextBookId(): string {
  booksMade += 1;
  return `${Date.now().toString(36)}-${booksMade.toString(36)}`;
}

/** The first index whose time is at or after `since` (times ascending). */
function firstAtOrAfter(ts: readonly number[], since: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cut(t: Track, n: number): void {
  t.ts.splice(0, n);
  t.lat.splice(0, n);
  t.lng.splice(0, n);
}
