import { describe, expect, it } from 'vitest';
import { MalformedPositions, PositionBook, type PackedPositions } from './position-book.ts';
import { PositionFeed, type FrameScheduler, type PositionsApplied } from './position-feed.ts';

const push = (
  book: string,
  rows: [slot: number, lat: number, lng: number, state: number, ts: number][],
  ids: [number, string][] = [],
): PackedPositions => ({
  book,
  slots: rows.map((r) => r[0]),
  lat: rows.map((r) => r[1]),
  lng: rows.map((r) => r[2]),
  state: rows.map((r) => r[3]),
  ts: rows.map((r) => r[4]),
  ids,
});

const whole = (book: string) =>
  push(
    book,
    [
      [0, 24.45, 118.08, 0, 1000],
      [1, 24.5, 118.1, 1, 1000],
    ],
    [
      [0, 'vol-a'],
      [1, 'vol-b'],
    ],
  );

/** Frames run only when the test says so. */
class ManualFrames implements FrameScheduler {
  private next = 1;
  readonly waiting = new Map<number, () => void>();
  request(cb: () => void): number {
    this.waiting.set(this.next, cb);
    return this.next++;
  }
  cancel(handle: unknown): void {
    this.waiting.delete(handle as number);
  }
  run(): void {
    const due = [...this.waiting.values()];
    this.waiting.clear();
    for (const cb of due) cb();
  }
}

describe('PositionBook', () => {
  it('moves a volunteer in place and says which slot changed', () => {
    const book = new PositionBook();
    book.replace(whole('b1'));
    const lat = book.lat;
    expect(book.apply(push('b1', [[1, 24.51, 118.11, 3, 2000]]))).toEqual({ changed: [1] });
    expect(book.lat).toBe(lat); // the same array, written in place
    expect([book.lat[1], book.lng[1], book.state[1]]).toEqual([24.51, 118.11, 3]);
    expect(book.countByState()).toEqual([1, 0, 0, 1]);
  });

  it('names a slot first seen in the push and grows past its first capacity', () => {
    const book = new PositionBook();
    book.replace(whole('b1'));
    expect(book.apply(push('b1', [[999, 24.4, 118.0, 0, 2000]], [[999, 'vol-z']]))).toEqual({ changed: [999] });
    expect(book.idAt(999)).toBe('vol-z');
    expect(book.slotOf('vol-z')).toBe(999);
    expect(book.lat[0]).toBe(24.45); // what was held survives the growth
    expect(book.size).toBe(1000);
  });

  it('refuses a push from another book or naming a slot it has no id for, applying none of it', () => {
    const book = new PositionBook();
    book.replace(whole('b1'));
    expect(book.apply(push('b2', [[0, 1, 1, 0, 2000]]))).toEqual({ unapplied: 'unknown-book' });
    expect(
      book.apply(
        push('b1', [
          [0, 1, 1, 0, 2000],
          [7, 1, 1, 0, 2000],
        ]),
      ),
    ).toEqual({ unapplied: 'unknown-slot' });
    expect(book.lat[0]).toBe(24.45);
  });

  it('keeps a newer position over an older one that arrives late', () => {
    const book = new PositionBook();
    book.replace(whole('b1'));
    expect(book.apply(push('b1', [[0, 9, 9, 0, 500]]))).toEqual({ changed: [] });
    expect(book.lat[0]).toBe(24.45);
  });

  it('throws a clear error on arrays that do not line up, and changes nothing', () => {
    const book = new PositionBook();
    book.replace(whole('b1'));
    const bad = { ...push('b1', [[0, 9, 9, 0, 2000]]), lng: [] };
    expect(() => book.apply(bad)).toThrow(MalformedPositions);
    expect(() => book.apply(push('b1', [[0, 9, 9, 7, 2000]]))).toThrow(/state 7/);
    expect(book.lat[0]).toBe(24.45);
  });
});

describe('PositionFeed', () => {
  function feedWith(answers: PackedPositions[]) {
    const frames = new ManualFrames();
    const applied: PositionsApplied[] = [];
    let fetches = 0;
    const feed = new PositionFeed({
      fetchWhole: () => {
        fetches++;
        return Promise.resolve(answers.shift() ?? whole('b1'));
      },
      frames,
      applied: (change) => applied.push(change),
    });
    return { feed, frames, applied, fetches: () => fetches };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('applies every push that came between two frames in one frame, in order, and tells the layer once', async () => {
    const { feed, frames, applied } = feedWith([whole('b1')]);
    feed.refetch();
    await settle();
    expect(applied).toEqual([{ all: true }]);
    feed.push(push('b1', [[0, 24.46, 118.08, 0, 2000]]));
    feed.push(
      push('b1', [
        [0, 24.47, 118.08, 0, 3000],
        [1, 24.6, 118.2, 1, 3000],
      ]),
    );
    expect(frames.waiting.size).toBe(1);
    expect(feed.book.lat[0]).toBe(24.45); // nothing moves before the frame
    frames.run();
    expect(applied).toEqual([{ all: true }, { slots: [0, 1] }]);
    expect(feed.book.lat[0]).toBe(24.47);
    expect(feed.book.lng[1]).toBe(118.2);
  });

  it('fetches the whole book again when a push names an unknown book, then applies what came meanwhile', async () => {
    const { feed, frames, applied, fetches } = feedWith([whole('b1'), whole('b2')]);
    feed.refetch();
    await settle();
    feed.push(push('b2', [[0, 1, 1, 0, 5000]]));
    frames.run();
    expect(fetches()).toBe(2);
    feed.push(push('b2', [[1, 24.7, 118.3, 2, 6000]])); // arrives while the fetch is on its way
    expect(frames.waiting.size).toBe(0); // held until the book is in
    await settle();
    expect(feed.book.book).toBe('b2');
    frames.run();
    expect(feed.book.lat[1]).toBe(24.7);
    expect(applied.at(-1)).toEqual({ slots: [1] });
  });

  it('skips a malformed push, reports it, and applies the others of the frame', async () => {
    const frames = new ManualFrames();
    const failures: unknown[] = [];
    const feed = new PositionFeed({
      fetchWhole: () => Promise.resolve(whole('b1')),
      frames,
      applied: () => {},
      failed: (e) => failures.push(e),
    });
    feed.refetch();
    await settle();
    feed.push({ ...push('b1', [[0, 9, 9, 0, 2000]]), ts: [] });
    feed.push(push('b1', [[1, 24.55, 118.15, 0, 2000]]));
    frames.run();
    expect(failures).toHaveLength(1);
    expect(feed.book.lat[0]).toBe(24.45);
    expect(feed.book.lat[1]).toBe(24.55);
  });

  it('stops applying once disposed', async () => {
    const { feed, frames, applied } = feedWith([whole('b1')]);
    feed.refetch();
    await settle();
    feed.push(push('b1', [[0, 24.46, 118.08, 0, 2000]]));
    feed.dispose();
    frames.run();
    expect(applied).toEqual([{ all: true }]);
  });
});
