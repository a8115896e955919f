/**
 * The live volunteer positions a window draws, in typed arrays indexed by the
 * host's slot (issue 11: "positions as typed arrays, not one object per
 * volunteer per update"). The host numbers each volunteer once per position
 * book (`book`) and then pushes only slots, coordinates, states and times;
 * ids come once, with the push that first names a slot. A push from another
 * book, or naming a slot this window holds no id for, cannot be applied: the
 * window fetches the whole book again (`map.positions`).
 *
 * Coordinates are WGS84 as on the wire; the volunteer layer converts to the
 * map's datum when it draws.
 */

/** The host's packed positions (`positions.packed` pushes, and `map.positions` with every slot). */
export interface PackedPositions {
  book: string;
  slots: number[];
  lat: number[];
  lng: number[];
  /** 0 available, 1 busy, 2 offline, 3 offered (see VOLUNTEER_STATES). */
  state: number[];
  /** Epoch ms the position was taken. */
  ts: number[];
  /** Slots first seen since the last push, with their volunteer's id. */
  ids: [slot: number, id: string][];
}

/** The wire's state numbers, in order: the index is the number. */
export const VOLUNTEER_STATES = ['available', 'busy', 'offline', 'offered'] as const;
export type VolunteerState = (typeof VOLUNTEER_STATES)[number];

/** Why a push was not applied: the window must fetch the whole book again. */
export type Unapplied = 'unknown-book' | 'unknown-slot';

const INITIAL_CAPACITY = 256;

/** A clear error for a push whose arrays do not line up; nothing of it is applied. */
export class MalformedPositions extends Error {
  constructor(reason: string) {
    super(`positions.packed: ${reason}`);
    this.name = 'MalformedPositions';
  }
}

export class PositionBook {
  /** The host's book these slots belong to; null before the first fetch. */
  book: string | null = null;
  /** One past the highest slot held. */
  size = 0;
  lat = new Float64Array(INITIAL_CAPACITY);
  lng = new Float64Array(INITIAL_CAPACITY);
  state = new Uint8Array(INITIAL_CAPACITY);
  ts = new Float64Array(INITIAL_CAPACITY);
  /** 1 where the slot has a position (a slot can be named before its first position). */
  present = new Uint8Array(INITIAL_CAPACITY);
  private ids: (string | undefined)[] = [];
  private readonly slotById = new Map<string, number>();

  idAt(slot: number): string | undefined {
    return this.ids[slot];
  }

  slotOf(id: string): number | undefined {
    return this.slotById.get(id);
  }

  /** Volunteers held with a position, per state (VOLUNTEER_STATES order). */
  countByState(): number[] {
    const counts = VOLUNTEER_STATES.map(() => 0);
    for (let slot = 0; slot < this.size; slot++) if (this.present[slot]) counts[this.state[slot]!]!++;
    return counts;
  }

  /** Replaces everything with a whole book (`map.positions`). */
  replace(whole: PackedPositions): void {
    check(whole);
    this.book = whole.book;
    this.size = 0;
    this.ids = [];
    this.slotById.clear();
    this.present.fill(0);
    this.name(whole.ids);
    this.write(whole);
  }

  /**
   * Applies a push in place and returns the slots it changed, or why it could
   * not be applied (nothing of it is then). A position older than the one
   * held is skipped: a push queued while the whole book was being fetched
   * may be older than the book.
   */
  apply(push: PackedPositions): { changed: number[] } | { unapplied: Unapplied } {
    check(push);
    if (push.book !== this.book) return { unapplied: 'unknown-book' };
    const named = new Set(push.ids.map(([slot]) => slot));
    for (const slot of push.slots) if (this.ids[slot] === undefined && !named.has(slot)) return { unapplied: 'unknown-slot' };
    this.name(push.ids);
    return { changed: this.write(push) };
  }

  private name(ids: readonly [number, string][]): void {
    for (const [slot, id] of ids) {
      this.ensure(slot + 1);
      const before = this.ids[slot];
      if (before !== undefined && before !== id) this.slotById.delete(before);
      this.ids[slot] = id;
      this.slotById.set(id, slot);
      if (slot >= this.size) this.size = slot + 1;
    }
  }

  private write(push: PackedPositions): number[] {
    const changed: number[] = [];
    for (let i = 0; i < push.slots.length; i++) {
      const slot = push.slots[i]!;
      const ts = push.ts[i]!;
      if (this.present[slot] && ts < this.ts[slot]!) continue;
      this.lat[slot] = push.lat[i]!;
      this.lng[slot] = push.lng[i]!;
      this.state[slot] = push.state[i]!;
      this.ts[slot] = ts;
      this.present[slot] = 1;
      changed.push(slot);
    }
    return changed;
  }

  private ensure(size: number): void {
    if (size <= this.lat.length) return;
    let capacity = this.lat.length;
    while (capacity < size) capacity *= 2;
    const grow = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.lat = grow(this.lat, (n) => new Float64Array(n));
    this.lng = grow(this.lng, (n) => new Float64Array(n));
    this.ts = grow(this.ts, (n) => new Float64Array(n));
    this.state = grow(this.state, (n) => new Uint8Array(n));
    this.present = grow(this.present, (n) => new Uint8Array(n));
  }
}

/** Slots are array indexes here: a bound keeps one bad number from allocating gigabytes. */
const MAX_SLOT = 1 << 20;

function check(push: PackedPositions): void {
  const n = push.slots.length;
  if (push.lat.length !== n || push.lng.length !== n || push.state.length !== n || push.ts.length !== n) {
    throw new MalformedPositions(
      `slots (${n}), lat (${push.lat.length}), lng (${push.lng.length}), state (${push.state.length}) and ts (${push.ts.length}) differ in length`,
    );
  }
  const badSlot = (slot: number) => !Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOT;
  for (const slot of push.slots) if (badSlot(slot)) throw new MalformedPositions(`slot ${slot} is not an index below ${MAX_SLOT}`);
  for (const [slot] of push.ids) if (badSlot(slot)) throw new MalformedPositions(`slot ${slot} is not an index below ${MAX_SLOT}`);
  for (const state of push.state)
    if (!Number.isInteger(state) || state < 0 || state >= VOLUNTEER_STATES.length)
      throw new MalformedPositions(`state ${state} is not one of 0..${VOLUNTEER_STATES.length - 1}`);
}
