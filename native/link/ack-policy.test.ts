import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../common/timers.ts';
import { AckPolicy } from './ack-policy.ts';

function policy(window: number, cursorAtHello: number | null) {
  const timers = new FakeTimers();
  const acks: number[] = [];
  let durable: number | null = cursorAtHello;
  const p = new AckPolicy({ timers, intervalMs: 1000, durableCursor: () => durable, send: (seq) => acks.push(seq) });
  p.welcomed(window, cursorAtHello);
  return {
    p,
    timers,
    acks,
    /** The writer committed through `seq`. */
    commit(seq: number) {
      durable = seq;
      p.committed(seq);
    },
    setDurable(seq: number | null) {
      durable = seq;
    },
  };
}

describe('AckPolicy: when to ack (spec §4)', () => {
  it('acks within the interval while changes arrive, once for the lot', () => {
    const { timers, acks, commit } = policy(1000, 100);
    commit(101);
    commit(105);
    timers.advance(999);
    expect(acks).toEqual([]);
    commit(110);
    timers.advance(1);
    expect(acks).toEqual([110]);
    expect(timers.scheduled).toBe(0);
  });

  it('acks at once when half the window is unacknowledged', () => {
    const { timers, acks, commit, p } = policy(40, 100);
    commit(119);
    expect(acks).toEqual([]);
    commit(120);
    expect(acks).toEqual([120]);
    expect(p.acked).toBe(120);
    // The interval timer armed by the first commit goes with the ack.
    expect(timers.scheduled).toBe(0);
  });

  it('with a window of 1 every commit is acked at once', () => {
    const { acks, commit } = policy(1, 0);
    commit(1);
    commit(2);
    expect(acks).toEqual([1, 2]);
  });

  it('acks the durable cursor, never a seq that is only taken on', () => {
    const { timers, acks, p, setDurable } = policy(1000, 100);
    setDurable(103);
    p.committed(108); // what the link was told; the cursor on disk says 103
    timers.advance(1000);
    expect(acks).toEqual([103]);
  });

  it('sends nothing when the cursor is where the last ack (or hello) left it, or gone', () => {
    const { timers, acks, p, setDurable } = policy(1000, 100);
    p.committed(100);
    timers.advance(1000);
    setDurable(null);
    p.committed(101);
    timers.advance(1000);
    expect(acks).toEqual([]);
  });

  it('a snapshot commit acks its as_of at once, and later acks count from it', () => {
    const { timers, acks, p, commit } = policy(10, null);
    p.snapshotCommitted(500);
    expect(acks).toEqual([500]);
    commit(504);
    expect(acks).toEqual([500]);
    commit(505);
    expect(acks).toEqual([500, 505]);
    expect(timers.scheduled).toBe(0);
  });

  it('a connection that is over acks no more', () => {
    const { timers, acks, p, commit } = policy(1000, 0);
    commit(3);
    p.stop();
    expect(timers.scheduled).toBe(0);
    timers.advance(5000);
    expect(acks).toEqual([]);
  });

  it('a welcome mid-connection keeps the ack that is due and counts from its cursor', () => {
    const { timers, acks, p, commit } = policy(1000, 0);
    commit(3);
    p.welcomed(4, 2);
    timers.advance(1000);
    expect(acks).toEqual([3]);
    commit(4);
    expect(acks).toEqual([3]);
    commit(5);
    expect(acks).toEqual([3, 5]);
  });
});
