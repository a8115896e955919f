import { PACKED_STATES, type PackedPositions } from '../../api/index.ts';
import type { Timers } from '../../common/timers.ts';
import type { PositionBook, VolunteerPoint } from '../../geo/position-book.ts';

/** What the cache says about volunteers on the map. */
export interface VolunteerFacts {
  /** Verified flags by id, for the ids asked (ids the cache lacks are left out). */
  verified(ids: readonly string[]): Map<string, boolean>;
  /** Volunteers in an offer still open at `now`, and when the first of those offers runs out. */
  openOffers(now: number): { volunteers: ReadonlySet<string>; nextExpiry: number | null };
}

export interface LivePositionsOptions {
  book: PositionBook;
  facts: VolunteerFacts;
  /** Where a packed update goes (the host's `positions.packed` topic). */
  publish: (update: PackedPositions) => void;
  timers: Timers;
  /** The console's clock (open offers run out by it). */
  now: () => number;
  /** At most one update per this many ms (rule 5: ~10 a second). */
  flushMs?: number;
  /** How often tracks are cut for volunteers who stopped reporting. */
  trimEveryMs?: number;
}

const OFFERED = PACKED_STATES.indexOf('offered');
const AVAILABLE = PACKED_STATES.indexOf('available');

/**
 * The live volunteer layer of the host: the position book, the flags the
 * cache adds to it (verified, in an open offer), and the `positions.packed`
 * stream. Positions mark their slots dirty; at most every `flushMs` the
 * latest of each dirty slot goes out once, packed, for every window (each
 * window's buffer merges by slot if it is slower). Slots new to the stream
 * carry their ids.
 *
 * "Offered" (state 3) is the cache's truth: offer events still open by their
 * `expires_at`, less those answered (queries/map.ts openOffers). It is read
 * again when incident events change (at the next flush, not per change) and
 * when the first open offer runs out.
 */
export class LivePositions {
  readonly book: PositionBook;
  private offered = new Uint8Array(0);
  private offeredIds: ReadonlySet<string> = new Set();
  private dirty = new Set<number>();
  private fresh: number[] = [];
  private offersStale = true;
  private verifiedStale: Set<string> | 'all' | null = null;
  private flushTimer: unknown = null;
  private expiryTimer: unknown = null;
  private trimTimer: unknown = null;
  private lastFlush = -Infinity;
  private readonly flushMs: number;
  private readonly trimEveryMs: number;

  constructor(private readonly options: LivePositionsOptions) {
    this.book = options.book;
    this.flushMs = options.flushMs ?? 100;
    this.trimEveryMs = options.trimEveryMs ?? 60_000;
    this.scheduleTrim();
  }

  /** Positions from the link. */
  apply(items: readonly VolunteerPoint[]): void {
    const before = this.book.size;
    const changed = this.book.apply(items);
    if (changed.length === 0) return;
    const fresh: string[] = [];
    for (let slot = before; slot < this.book.size; slot++) {
      this.fresh.push(slot);
      fresh.push(this.book.idAt(slot));
    }
    if (fresh.length) {
      this.growFlags();
      this.setVerified(this.options.facts.verified(fresh));
      for (let slot = before; slot < this.book.size; slot++) this.offered[slot] = this.offeredIds.has(this.book.idAt(slot)) ? 1 : 0;
    }
    for (const slot of changed) this.dirty.add(slot);
    this.schedule();
  }

  /** Volunteer entities changed (their `verified` may have): `all` after a snapshot. */
  volunteersChanged(ids: readonly string[] | 'all'): void {
    if (ids === 'all' || this.verifiedStale === 'all') {
      this.verifiedStale = 'all';
    } else {
      const stale = this.verifiedStale instanceof Set ? this.verifiedStale : (this.verifiedStale = new Set<string>());
      for (const id of ids) stale.add(id);
    }
    this.schedule();
  }

  /** Incident events changed: offers may have opened, been answered or run out. */
  offersChanged(): void {
    this.offersStale = true;
    this.schedule();
  }

  /** The state a window draws for a slot, by PACKED_STATES. */
  stateAt(slot: number): number {
    const state = this.book.state[slot]!;
    return state === AVAILABLE && this.offered[slot] === 1 ? OFFERED : state;
  }

  stateName(slot: number): (typeof PACKED_STATES)[number] {
    return PACKED_STATES[this.stateAt(slot)]!;
  }

  /** Every slot now, with every id (`map.positions`). */
  all(): PackedPositions {
    this.refreshFacts();
    const slots = Array.from({ length: this.book.size }, (_, i) => i);
    return this.pack(slots, slots);
  }

  dispose(): void {
    for (const timer of [this.flushTimer, this.expiryTimer, this.trimTimer]) if (timer !== null) this.options.timers.clearTimeout(timer);
    this.flushTimer = this.expiryTimer = this.trimTimer = null;
  }

  /** Sends what is dirty now (the timer's work; tests may call it). */
  flush(): void {
    this.flushTimer = null;
    this.lastFlush = this.options.timers.now();
    this.refreshFacts();
    if (this.dirty.size === 0 && this.fresh.length === 0) return;
    const slots = [...this.dirty].sort((a, b) => a - b);
    const update = this.pack(slots, this.fresh);
    this.dirty.clear();
    this.fresh = [];
    this.options.publish(update);
  }

  private pack(slots: readonly number[], named: readonly number[]): PackedPositions {
    const { book } = this;
    const out: PackedPositions = {
      book: book.id,
      slots: [...slots],
      lat: [],
      lng: [],
      state: [],
      ts: [],
      ids: named.map((s) => [s, book.idAt(s)]),
    };
    for (const s of slots) {
      out.lat.push(book.lat[s]!);
      out.lng.push(book.lng[s]!);
      out.state.push(this.stateAt(s));
      out.ts.push(book.ts[s]!);
    }
    return out;
  }

  private refreshFacts(): void {
    if (this.verifiedStale !== null) {
      const stale = this.verifiedStale;
      this.verifiedStale = null;
      const ids = stale === 'all' ? Array.from({ length: this.book.size }, (_, i) => this.book.idAt(i)) : [...stale];
      const known = this.options.facts.verified(ids.filter((id) => this.book.slotOf(id) !== undefined));
      // An id the cache no longer holds is not verified.
      for (const id of ids) if (!known.has(id)) known.set(id, false);
      this.setVerified(known);
    }
    if (this.offersStale) {
      this.offersStale = false;
      this.readOffers();
    }
  }

  private setVerified(verified: ReadonlyMap<string, boolean>): void {
    for (const [id, v] of verified) this.book.setVerified(id, v);
  }

  private readOffers(): void {
    const { volunteers, nextExpiry } = this.options.facts.openOffers(this.options.now());
    const was = this.offeredIds;
    this.offeredIds = volunteers;
    this.growFlags();
    for (const id of new Set([...was, ...volunteers])) {
      const slot = this.book.slotOf(id);
      if (slot === undefined) continue;
      const drawn = this.stateAt(slot);
      this.offered[slot] = volunteers.has(id) ? 1 : 0;
      // A busy volunteer in an offer is still drawn busy: nothing to send.
      if (this.stateAt(slot) !== drawn) this.dirty.add(slot);
    }
    if (this.expiryTimer !== null) this.options.timers.clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    if (nextExpiry !== null) {
      this.expiryTimer = this.options.timers.setTimeout(
        () => {
          this.expiryTimer = null;
          this.offersChanged();
        },
        Math.max(0, nextExpiry - this.options.now()),
      );
    }
  }

  private growFlags(): void {
    if (this.offered.length >= this.book.size) return;
    const grown = new Uint8Array(Math.max(this.book.size, this.offered.length * 2, 1024));
    grown.set(this.offered);
    this.offered = grown;
  }

  private schedule(): void {
    if (this.flushTimer !== null) return;
    const wait = Math.max(0, this.lastFlush + this.flushMs - this.options.timers.now());
    this.flushTimer = this.options.timers.setTimeout(() => this.flush(), wait);
  }

  private scheduleTrim(): void {
    this.trimTimer = this.options.timers.setTimeout(() => {
      this.book.trimTracks(this.book.newest);
      this.scheduleTrim();
    }, this.trimEveryMs);
  }
}
