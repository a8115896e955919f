import { describe, expect, it } from 'vitest';
import { camera, incident } from '../../tests/support/entities.ts';
import { FakeCacheWrites, outcome } from '../../tests/support/fake-cache-writes.ts';
import { silentLogger } from '../common/logger.ts';
import { FakeTimers } from '../common/timers.ts';
import type { Snapshot } from '../protocol/frames.ts';
import type { PreparedItem } from '../store/cache-store.ts';
import { CacheFeed } from './cache-feed.ts';
import type { SnapshotHolder } from './snapshot-staging.ts';

/** Lets the promise callbacks queued so far run (a turn of the event loop, not a sleep). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const upsert = (seq: number) => ({ seq, op: 'upsert', kind: 'incident', data: incident(`inc-${seq}`, 1) });
const flow = { pause() {}, resume() {} };
const part = (n: number, last: boolean, asOf: number): Snapshot => ({
  t: 'snapshot',
  as_of: asOf,
  part: n,
  last,
  items: [{ kind: 'camera', data: camera(`cam-${n}`, 1) }],
});

type Conn = SnapshotHolder & { name: string };

function feed() {
  const writes = new FakeCacheWrites();
  const timers = new FakeTimers(5_000);
  const turns: (() => void)[] = [];
  const a: Conn = { name: 'a', snapshot: null };
  const seen = {
    current: a as Conn | null,
    stopped: false,
    committed: [] as [string, number, string][],
    failed: [] as [string | null, string, string][],
  };
  const f = new CacheFeed<Conn>({
    writes: () => writes,
    timers,
    logger: silentLogger,
    current: () => seen.current,
    stopped: () => seen.stopped,
    committed: (from, seq, _outcome, via) => seen.committed.push([from.name, seq, via]),
    writeFailed: (from, what, error) => seen.failed.push([from?.name ?? null, what, error.message]),
    nextTurn: (fn) => {
      turns.push(fn);
      return () => turns.splice(turns.indexOf(fn), 1);
    },
  });
  const nextTurn = () => {
    for (const fn of turns.splice(0)) fn();
  };
  return { f, writes, timers, seen, a, nextTurn };
}

describe('CacheFeed: what goes into cache.db, in order', () => {
  it('applies the changes frames of one turn as one transaction with the cursor, then reports the commit', async () => {
    const { f, writes, seen, a, nextTurn } = feed();
    f.welcome(0, 'Asia/Shanghai');
    expect(f.changes(a, [upsert(1), upsert(2)])).toBeNull();
    expect(f.changes(a, [upsert(3)])).toBeNull();
    expect(writes.pending('applyChanges')).toHaveLength(0);
    nextTurn();
    const [apply] = writes.pending('applyChanges');
    expect(apply!.args[1]).toBe(3);
    expect(apply!.args[2]).toBe(5_000);
    expect((apply!.args[0] as PreparedItem[]).map((i) => i.seq)).toEqual([1, 2, 3]);
    writes.answer('applyChanges', outcome());
    await settle();
    expect(seen.committed).toEqual([['a', 3, 'changes']]);
  });

  it('keeps the time zone of a welcome, and a reset drops the cursor and refuses changes until the next welcome', () => {
    const { f, writes, a } = feed();
    f.welcome(7, 'Asia/Shanghai');
    expect(writes.asked[0]).toMatchObject({ method: 'setMeta', args: ['tz', 'Asia/Shanghai'] });
    f.reset();
    expect(writes.methods().at(-1)).toBe('dropCursor');
    expect(f.changes(a, [upsert(8)])).toBe('changes arrived before the snapshot was complete');
  });

  it('names a gap, after handing over what came before it', () => {
    const { f, writes, a } = feed();
    f.welcome(0, 'Asia/Shanghai');
    expect(f.changes(a, [upsert(1), upsert(3)])).toBe('a gap after seq 1: reconnecting to replay');
    f.flush();
    expect(writes.pending('applyChanges')[0]!.args[1]).toBe(1);
  });

  it('commits a snapshot at its last part; changes from as_of+1 are taken at once', async () => {
    const { f, writes, seen, a, nextTurn } = feed();
    f.welcome(null, 'Asia/Shanghai');
    expect(f.snapshotPart(a, part(0, false, 40), flow)).toEqual({ last: false });
    expect(f.snapshotPart(a, part(1, true, 40), flow)).toEqual({ last: true, asOf: 40 });
    expect(writes.pending('commitSnapshot')[0]!.args).toEqual([40]);
    expect(f.changes(a, [upsert(41)])).toBeNull();
    nextTurn();
    writes.answer('commitSnapshot', outcome(2));
    writes.answer('applyChanges');
    await settle();
    expect(seen.committed).toEqual([
      ['a', 40, 'snapshot'],
      ['a', 41, 'changes'],
    ]);
  });

  it('never applies the frames of a connection that is over', () => {
    const { f, writes, seen, a, nextTurn } = feed();
    f.welcome(0, 'Asia/Shanghai');
    f.changes(a, [upsert(1)]);
    seen.current = { name: 'b', snapshot: null };
    nextTurn();
    expect(writes.pending('applyChanges')).toEqual([]);

    f.changes(a, [upsert(2)]);
    f.forget(a);
    expect(f.waiting).toBe(false);
  });

  it('a connection that is over throws its partial snapshot away', () => {
    const { f, writes, a } = feed();
    f.welcome(null, 'Asia/Shanghai');
    f.snapshotPart(a, part(0, false, 40), flow);
    f.forget(a);
    expect(writes.methods().at(-1)).toBe('discardSnapshot');
    expect(a.snapshot).toBeNull();
  });

  it('a failed write is reported with the connection it was for; writes nobody waits for, with the current one', async () => {
    const { f, writes, seen, a, nextTurn } = feed();
    f.welcome(0, 'Asia/Shanghai');
    f.changes(a, [upsert(1)]);
    nextTurn();
    seen.current = null;
    writes.fail('applyChanges', new Error('disk I/O error'));
    writes.fail('setMeta', new Error('disk full'));
    await settle();
    expect(seen.failed).toEqual([
      ['a', 'apply changes', 'disk I/O error'],
      [null, 'store the time zone', 'disk full'],
    ]);
    expect(seen.committed).toEqual([]);
  });

  it('settled waits for the queued changes and every write in flight', async () => {
    const { f, writes, a } = feed();
    f.welcome(0, 'Asia/Shanghai');
    writes.answer('setMeta');
    f.changes(a, [upsert(1)]);
    let done = false;
    const settled = f.settled().then(() => (done = true));
    await settle();
    expect(writes.pending('applyChanges')).toHaveLength(1); // settled handed the queue over without waiting for the turn
    expect(done).toBe(false);
    writes.answer('applyChanges');
    await settled;
    expect(done).toBe(true);
  });

  it('builds text and spatial entries once the writer has been quiet for 50 ms, not before', async () => {
    const { f, writes, timers, a, nextTurn } = feed();
    f.welcome(0, 'Asia/Shanghai');
    f.changes(a, [upsert(1)]);
    nextTurn();
    writes.answer('applyChanges');
    await settle();
    timers.advance(49);
    f.changes(a, [upsert(2)]);
    timers.advance(10);
    expect(writes.pending('indexPending')).toEqual([]); // changes are queued: indexing waits
    nextTurn();
    writes.answer('applyChanges');
    await settle();
    timers.advance(50);
    expect(writes.pending('indexPending')).toHaveLength(1);
  });

  it('stop drops the indexing step that was waiting', async () => {
    const { f, writes, timers, seen, a, nextTurn } = feed();
    f.welcome(0, 'Asia/Shanghai');
    f.changes(a, [upsert(1)]);
    nextTurn();
    writes.answer('applyChanges');
    await settle();
    f.stop();
    seen.stopped = true;
    timers.advance(1000);
    expect(writes.pending('indexPending')).toEqual([]);
  });
});
