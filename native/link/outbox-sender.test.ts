import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../common/timers.ts';
import { StateStore } from '../store/state-store.ts';
import { OutboxSender } from './outbox-sender.ts';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function sender() {
  const dir = mkdtempSync(join(tmpdir(), 'egret-outbox-'));
  const state = StateStore.open(dir);
  cleanup = () => {
    state.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const timers = new FakeTimers(1_000);
  const sent: Record<string, unknown>[] = [];
  const send = (frame: object) => sent.push(frame as Record<string, unknown>);
  return { outbox: new OutboxSender(state, () => timers.now()), state, timers, sent, send };
}

describe('OutboxSender: commands out, results in (spec §7)', () => {
  it('writes a command to the outbox before anything is sent, and sends it only when given a connection', () => {
    const { outbox, state, sent, send } = sender();
    const offline = outbox.queue('incident.note', { incident: 'inc-1', text: '一' }, { operator: 'op-031' }, null);
    expect(state.pending().map((c) => c.id)).toEqual([offline.id]);
    expect(sent).toEqual([]);
    const online = outbox.queue('incident.note', { incident: 'inc-1', text: '二' }, {}, send);
    expect(sent).toEqual([{ t: 'command', id: online.id, name: 'incident.note', args: { incident: 'inc-1', text: '二' } }]);
    expect(state.pending().find((c) => c.id === online.id)).toMatchObject({ sentMs: 1_000, attempts: 1 });
  });

  it('queues commands that belong together in one transaction with what is written alongside, and sends them only once committed', () => {
    const { outbox, state, sent, send } = sender();
    const audit = (id: string) =>
      state.audit(
        { operator: 'op-052', role: 'video_patroller', workstation: 'ws', action: 'incident.create', result: 'queued', detail: { id } },
        1_000,
      );
    const seenInside: number[] = [];
    const queued = outbox.queueAll(
      [
        { name: 'incident.create', args: { id: 'inc-v1', title: '拥堵' } },
        { name: 'incident.attach', args: { incident: 'inc-v1' } },
      ],
      { operator: 'op-052' },
      (frame) => {
        seenInside.push(state.db.inTransaction ? 1 : 0);
        send(frame);
      },
      (written) => written.forEach((c) => audit(c.id)),
    );
    expect(state.pending().map((c) => c.name)).toEqual(['incident.create', 'incident.attach']);
    expect(sent.map((f) => f.id)).toEqual(queued.map((c) => c.id));
    expect(seenInside).toEqual([0, 0]);
    expect(state.db.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(2);
  });

  it('queues none of them when anything written alongside fails, and sends nothing', () => {
    const { outbox, state, sent, send } = sender();
    expect(() =>
      outbox.queueAll(
        [
          { name: 'incident.create', args: { id: 'inc-v1' } },
          { name: 'incident.attach', args: { incident: 'inc-v1' } },
        ],
        {},
        send,
        () => {
          throw new Error('audit write failed');
        },
      ),
    ).toThrow('audit write failed');
    expect(state.pendingCount()).toBe(0);
    expect(sent).toEqual([]);
  });

  it('after a welcome resends every command without a result, in the order they were made', () => {
    const { outbox, sent, send, timers } = sender();
    const ids = ['一', '二', '三'].map((text) => outbox.queue('incident.note', { incident: 'inc-1', text }, {}, null).id);
    outbox.settle({ t: 'result', id: ids[1]!, ok: true });
    timers.advance(500);
    outbox.resendPending(send);
    expect(sent.map((f) => f.id)).toEqual([ids[0], ids[2]]);
  });

  it('a result settles its command once, failed ones with their code; the highest seq named is kept', () => {
    const { outbox, state } = sender();
    const a = outbox.queue('incident.transition', { incident: 'inc-1', to: 'closed' }, {}, null);
    const b = outbox.queue('incident.note', { incident: 'inc-1', text: '一' }, {}, null);
    expect(outbox.settle({ t: 'result', id: b.id, ok: true, seq: 12 })).toMatchObject({ id: b.id, ok: true, seq: 12 });
    expect(outbox.settle({ t: 'result', id: a.id, ok: false, code: 'forbidden', message: 'duty chief only', seq: null })).toMatchObject({
      id: a.id,
      ok: false,
      code: 'forbidden',
      message: 'duty chief only',
    });
    expect(outbox.settle({ t: 'result', id: 'not-ours', ok: true, seq: 30 })).toBeNull();
    expect(outbox.settle({ t: 'result', id: b.id, ok: true, seq: 5 })).toBeNull();
    expect(state.pendingCount()).toBe(0);
    expect(outbox.maxResultSeq).toBe(30);
  });
});
