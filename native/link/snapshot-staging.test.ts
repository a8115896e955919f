import { describe, expect, it } from 'vitest';
import { camera } from '../../tests/support/entities.ts';
import { FakeCacheWrites } from '../../tests/support/fake-cache-writes.ts';
import { FakeTimers } from '../common/timers.ts';
import type { Snapshot } from '../protocol/frames.ts';
import type { PreparedItem } from '../store/cache-store.ts';
import { PARTS_STAGING_MAX, SnapshotStaging, type SnapshotHolder } from './snapshot-staging.ts';

/** Lets the promise callbacks queued so far run (a turn of the event loop, not a sleep). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const part = (n: number, last = false, asOf = 300, items: unknown[] = [{ kind: 'camera', data: camera(`cam-${n}`, 1) }]): Snapshot => ({
  t: 'snapshot',
  as_of: asOf,
  part: n,
  last,
  items,
});

function staging() {
  const writes = new FakeCacheWrites();
  const timers = new FakeTimers(1_000);
  const failures: string[] = [];
  const flow = { paused: false, pauses: 0, resumes: 0 };
  const s = new SnapshotStaging({
    writes: () => writes,
    now: () => timers.now(),
    handOver: (what, done) => void done.catch(() => failures.push(what)),
  });
  const socket = {
    pause: () => {
      flow.paused = true;
      flow.pauses++;
    },
    resume: () => {
      flow.paused = false;
      flow.resumes++;
    },
  };
  const holder: SnapshotHolder = { snapshot: null };
  return { s, writes, failures, flow, socket, holder };
}

describe('SnapshotStaging: a snapshot part by part (spec §3)', () => {
  it('begins at part 0, stages each part in order, and leaves the commit of the last one to the link', () => {
    const { s, writes, socket, holder } = staging();
    expect(s.take(holder, part(0), socket)).toEqual({ last: false });
    expect(holder.snapshot).toEqual({ asOf: 300, nextPart: 1, items: 1 });
    expect(s.take(holder, part(1, false, 300, [1, 2, 3].map((i) => ({ kind: 'camera', data: camera(`cam-x${i}`, 1) }))), socket)).toEqual({ last: false });
    expect(holder.snapshot).toEqual({ asOf: 300, nextPart: 2, items: 4 });
    expect(s.take(holder, part(2, true), socket)).toEqual({ last: true, asOf: 300 });
    expect(holder.snapshot).toBeNull();
    expect(writes.methods()).toEqual(['beginSnapshot', 'stageSnapshotPart', 'stageSnapshotPart', 'stageSnapshotPart']);
    expect(writes.asked[0]!.args).toEqual([300]);
    expect(writes.asked[1]!.args[1]).toBe(1_000);
  });

  it('hands invalid items to the writer as quarantine entries, with their reason', () => {
    const { s, writes, socket, holder } = staging();
    s.take(holder, part(0, true, 300, [{ kind: 'camera', data: { id: 'cam-1' } }, { nope: true }, { kind: 'camera', data: camera('cam-2', 1) }]), socket);
    const items = writes.pending('stageSnapshotPart')[0]!.args[0] as PreparedItem[];
    expect(items.map((i) => i.op)).toEqual(['quarantine', 'quarantine', 'upsert']);
    expect(items.every((i) => i.op !== 'quarantine' || i.reason.length > 5)).toBe(true);
  });

  it('refuses a snapshot that does not start at part 0, and writes nothing', () => {
    const { s, writes, socket, holder } = staging();
    expect(s.take(holder, part(1), socket)).toEqual({ refused: 'snapshot started at part 1, not 0' });
    expect(holder.snapshot).toBeNull();
    expect(writes.asked).toEqual([]);
  });

  it('refuses a part out of order or of another as_of', () => {
    for (const bad of [part(2), part(0), part(1, false, 301)]) {
      const { s, writes, socket, holder } = staging();
      s.take(holder, part(0), socket);
      expect(s.take(holder, bad, socket)).toEqual({ refused: `snapshot part ${bad.part} (as_of ${bad.as_of}) out of order` });
      expect(writes.pending('stageSnapshotPart')).toHaveLength(1);
    }
  });

  it('throws a partial snapshot away when its connection is over, and nothing when there is none', () => {
    const { s, writes, socket, holder } = staging();
    s.discard(holder);
    expect(writes.asked).toEqual([]);
    s.take(holder, part(0), socket);
    s.discard(holder);
    expect(holder.snapshot).toBeNull();
    expect(writes.methods().at(-1)).toBe('discardSnapshot');
    s.discard(holder);
    expect(writes.methods().filter((m) => m === 'discardSnapshot')).toHaveLength(1);
  });

  it(`pauses the socket while ${PARTS_STAGING_MAX} parts wait for the writer, and resumes when one is staged`, async () => {
    const { s, writes, flow, socket, holder } = staging();
    for (let n = 0; n < PARTS_STAGING_MAX - 1; n++) s.take(holder, part(n), socket);
    expect(flow.paused).toBe(false);
    s.take(holder, part(PARTS_STAGING_MAX - 1), socket);
    expect(flow.paused).toBe(true);
    expect(s.partsWaiting).toBe(PARTS_STAGING_MAX);

    writes.answer('stageSnapshotPart');
    await settle();
    expect(flow.paused).toBe(false);
    expect(s.partsWaiting).toBe(PARTS_STAGING_MAX - 1);

    // A part that fails to stage frees its place too (the failure gives the connection up).
    s.take(holder, part(PARTS_STAGING_MAX), socket);
    expect(flow.paused).toBe(true);
    writes.fail('stageSnapshotPart', new Error('disk full'));
    await settle();
    expect(flow.paused).toBe(false);
    expect(flow).toMatchObject({ pauses: 2, resumes: 2 });
  });

  it('counts the parts of a connection that broke off: the next one pauses sooner', async () => {
    const { s, writes, flow, socket, holder } = staging();
    for (let n = 0; n < PARTS_STAGING_MAX - 1; n++) s.take(holder, part(n), socket);
    s.discard(holder);
    const next: SnapshotHolder = { snapshot: null };
    s.take(next, part(0, false, 400), socket);
    expect(flow.paused).toBe(true);
    writes.answer('stageSnapshotPart');
    await settle();
    expect(flow.paused).toBe(false);
  });

  it('a write that fails is handed over as failed, whatever it was', async () => {
    const { s, writes, failures, socket, holder } = staging();
    s.take(holder, part(0), socket);
    writes.fail('beginSnapshot', new Error('disk full'));
    writes.fail('stageSnapshotPart', new Error('disk full'));
    s.discard(holder);
    writes.fail('discardSnapshot', new Error('disk full'));
    await settle();
    expect(failures).toEqual(['start a snapshot', 'stage a snapshot part', 'discard the partial snapshot']);
  });
});
