import { describe, expect, it } from 'vitest';
import { ChangeSequencer, type NextTurn } from './change-sequencer.ts';

/** A next turn of the event loop that comes only when the test says so. */
function manualTurns() {
  const waiting: (() => void)[] = [];
  let cancelled = 0;
  const nextTurn: NextTurn = (fn) => {
    waiting.push(fn);
    return () => {
      cancelled++;
      waiting.splice(waiting.indexOf(fn), 1);
    };
  };
  return {
    nextTurn,
    get scheduled() {
      return waiting.length;
    },
    get cancelled() {
      return cancelled;
    },
    run() {
      for (const fn of waiting.splice(0)) fn();
    },
  };
}

const change = (seq: number) => ({ seq, op: 'delete', kind: 'camera', id: `cam-${seq}`, rev: 1 });

function sequencerAfter(cursor: number | null) {
  const turns = manualTurns();
  let turnsRun = 0;
  const s = new ChangeSequencer<string>(() => turnsRun++, turns.nextTurn);
  s.continueAfter(cursor);
  return { s, turns, turnsRun: () => turnsRun };
}

const seqs = (items: { seq: number }[]) => items.map((i) => i.seq);

describe('ChangeSequencer: changes in seq order (spec §4)', () => {
  it('refuses changes while there is no cursor (before a welcome, or after a reset)', () => {
    const { s, turns } = sequencerAfter(null);
    expect(s.offer('a', [change(1)])).toEqual({ refused: 'changes arrived before the snapshot was complete' });
    expect(s.waiting).toBe(false);
    expect(turns.scheduled).toBe(0);
    expect(s.acceptedThrough).toBeNull();
  });

  it('takes a frame out of order in seq order and moves acceptedThrough to its last seq', () => {
    const { s } = sequencerAfter(10);
    expect(s.offer('a', [change(13), change(11), change(12)])).toEqual({ gapAfter: null });
    expect(s.acceptedThrough).toBe(13);
    expect(seqs(s.take('a'))).toEqual([11, 12, 13]);
  });

  it('skips duplicates: seqs already taken on, in this frame or an earlier one', () => {
    const { s } = sequencerAfter(10);
    s.offer('a', [change(9), change(10), change(11), change(11), change(12)]);
    s.offer('a', [change(12), change(13)]);
    expect(s.acceptedThrough).toBe(13);
    expect(seqs(s.take('a'))).toEqual([11, 12, 13]);
  });

  it('a frame of duplicates only queues nothing and asks for no turn', () => {
    const { s, turns } = sequencerAfter(10);
    expect(s.offer('a', [change(8), change(10)])).toEqual({ gapAfter: null });
    expect(s.waiting).toBe(false);
    expect(turns.scheduled).toBe(0);
  });

  it('a gap: what comes before it is taken, nothing after it, and the gap is named', () => {
    const { s } = sequencerAfter(10);
    expect(s.offer('a', [change(11), change(12), change(14), change(15)])).toEqual({ gapAfter: 12 });
    expect(s.acceptedThrough).toBe(12);
    expect(seqs(s.take('a'))).toEqual([11, 12]);
  });

  it('a gap right after the cursor takes nothing', () => {
    const { s } = sequencerAfter(10);
    expect(s.offer('a', [change(12)])).toEqual({ gapAfter: 10 });
    expect(s.acceptedThrough).toBe(10);
    expect(s.waiting).toBe(false);
  });

  it('an item without an integer seq refuses the whole frame, even its valid items', () => {
    for (const bad of [{ op: 'delete' }, { seq: 12.5 }, { seq: '12' }, { seq: -1 }, null, 'x']) {
      const { s } = sequencerAfter(10);
      expect(s.offer('a', [change(11), bad])).toEqual({ refused: 'a change without an integer seq: frame refused, replaying' });
      expect(s.acceptedThrough).toBe(10);
      expect(s.waiting).toBe(false);
    }
  });

  it('frames of one turn are taken together: one turn asked for, one batch in order', () => {
    const { s, turns, turnsRun } = sequencerAfter(0);
    s.offer('a', [change(1), change(2)]);
    s.offer('a', [change(3)]);
    s.offer('a', [change(4), change(5)]);
    expect(turns.scheduled).toBe(1);
    turns.run();
    expect(turnsRun()).toBe(1);
    expect(seqs(s.take('a'))).toEqual([1, 2, 3, 4, 5]);
    expect(s.waiting).toBe(false);
  });

  it('taking early (another frame must go first) cancels the turn; the next frame asks for a new one', () => {
    const { s, turns } = sequencerAfter(0);
    s.offer('a', [change(1)]);
    expect(seqs(s.take('a'))).toEqual([1]);
    expect(turns.cancelled).toBe(1);
    expect(turns.scheduled).toBe(0);
    s.offer('a', [change(2)]);
    expect(turns.scheduled).toBe(1);
  });

  it('frames of a connection that is over are never handed over', () => {
    const { s } = sequencerAfter(0);
    s.offer('old', [change(1), change(2)]);
    s.forget('old');
    expect(s.waiting).toBe(false);

    s.offer('old', [change(3)]);
    expect(s.take('new')).toEqual([]);
    expect(s.waiting).toBe(false);
    s.offer('old', [change(4)]);
    expect(s.take(null)).toEqual([]);
  });

  it('continues after a snapshot as_of, or from nothing after a reset', () => {
    const { s } = sequencerAfter(5);
    s.continueAfter(100);
    expect(s.offer('a', [change(6)])).toEqual({ gapAfter: null });
    expect(s.waiting).toBe(false);
    s.offer('a', [change(101)]);
    expect(s.acceptedThrough).toBe(101);
    s.continueAfter(null);
    expect('refused' in s.offer('a', [change(102)])).toBe(true);
  });
});
