import { precompiledCheck } from '../protocol/fast-check.ts';
import type { ChangeSeq } from '../protocol/frames.ts';

// Every change item is checked for its seq, thousands a second: compiled (fast-check.ts).
const hasSeq = precompiledCheck('changeSeq');

/** A change item with the seq it was checked to carry. */
export interface Sequenced {
  seq: number;
  item: unknown;
}

/** What became of a changes frame: refused whole, or taken up to a gap (null when there is none). */
export type Sequencing = { refused: string } | { gapAfter: number | null };

/** Runs `fn` on a later turn of the event loop; returns how to cancel it. */
export type NextTurn = (fn: () => void) => () => void;

const immediately: NextTurn = (fn) => {
  const handle = setImmediate(fn);
  return () => clearImmediate(handle);
};

/**
 * Puts the changes of a session in seq order (spec §4): duplicates (a seq
 * already taken on) are skipped, a gap stops the frame there, and what is
 * contiguous waits to be applied. Frames that arrive together are applied
 * together on the next turn of the event loop — one transaction for the lot
 * instead of one per frame — so `onTurn` runs once per burst and `take` hands
 * the batch over.
 *
 * `From` tags each frame with the connection it came on, so frames of a
 * connection that is over are never applied.
 */
export class ChangeSequencer<From> {
  /**
   * The last seq this console has taken on: committed, being written, or
   * queued. Set from the durable cursor at each welcome; null before that, or
   * when there is no cursor.
   */
  private accepted: number | null = null;
  private queued: { from: From; items: Sequenced[] }[] = [];
  private cancelTurn: (() => void) | null = null;

  constructor(
    private readonly onTurn: () => void,
    private readonly nextTurn: NextTurn = immediately,
  ) {}

  get acceptedThrough(): number | null {
    return this.accepted;
  }

  /** Changes follow from `seq + 1`: the durable cursor at welcome, a snapshot's `as_of`, or null after a reset. */
  continueAfter(seq: number | null): void {
    this.accepted = seq;
  }

  /** Frames wait to be taken. */
  get waiting(): boolean {
    return this.queued.length > 0;
  }

  /**
   * Takes the items of one changes frame. A gap is found now, not when the
   * frame is applied, so the link refuses at once: what came before the gap
   * is queued, nothing after it.
   */
  offer(from: From, items: readonly unknown[]): Sequencing {
    if (this.accepted === null) {
      // Spec §3: changes while the console has no cursor are a protocol error.
      return { refused: 'changes arrived before the snapshot was complete' };
    }
    // Spec §4: an item without an integer seq makes the whole frame invalid.
    const sorted: Sequenced[] = [];
    for (const item of items) {
      if (!hasSeq(item)) return { refused: 'a change without an integer seq: frame refused, replaying' };
      sorted.push({ seq: (item as ChangeSeq).seq, item });
    }
    sorted.sort((a, b) => a.seq - b.seq);
    let expected = this.accepted + 1;
    let gapAfter: number | null = null;
    const contiguous: Sequenced[] = [];
    for (const entry of sorted) {
      if (entry.seq < expected) continue; // duplicate
      if (entry.seq > expected) {
        gapAfter = expected - 1;
        break;
      }
      contiguous.push(entry);
      expected++;
    }
    if (contiguous.length > 0) {
      this.queued.push({ from, items: contiguous });
      this.accepted = expected - 1;
      this.cancelTurn ??= this.nextTurn(() => {
        this.cancelTurn = null;
        this.onTurn();
      });
    }
    return { gapAfter };
  }

  /** Everything queued leaves the queue; the items that came from `from` are returned, in seq order. */
  take(from: From | null): Sequenced[] {
    this.cancelTurn?.();
    this.cancelTurn = null;
    const batch = this.queued;
    this.queued = [];
    const items: Sequenced[] = [];
    if (from === null) return items;
    for (const frame of batch) if (frame.from === from) for (const entry of frame.items) items.push(entry);
    return items;
  }

  /** A connection is over: its frames not yet taken are dropped. */
  forget(from: From): void {
    this.queued = this.queued.filter((frame) => frame.from !== from);
  }
}
