import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { camera, incident } from '../../tests/support/entities.ts';
import { FakeSocket } from '../../tests/support/fake-socket.ts';
import { silentLogger } from '../common/logger.ts';
import { FakeTimers } from '../common/timers.ts';
import { ENTITY_KINDS } from '../protocol/kinds.ts';
import { openDataDir, type DataDir } from '../store/data-dir.ts';
import { PlatformLink, type PlatformLinkOptions } from './platform-link.ts';

// The link against a platform played by the test: a fake socket, a fake
// clock, and cache.db written on this thread — no network, no sleeping.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeLinked(options: Partial<PlatformLinkOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'egret-session-'));
  const data: DataDir = await openDataDir(dir, { command: 'test', cacheWriter: 'inline' });
  const timers = new FakeTimers(Date.parse('2026-11-28T01:00:00Z'));
  const sockets: FakeSocket[] = [];
  const link = new PlatformLink({
    data,
    url: 'ws://127.0.0.1:9/link/v1',
    consoleId: 'ws-test',
    token: 'demo-chief',
    logger: silentLogger,
    timers,
    random: () => 0.5,
    openSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    ...options,
  });
  cleanups.push(async () => {
    await link.close();
    await data.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** The socket of the moment, opened by the platform; resolves once hello has gone. */
  const opened = async (): Promise<FakeSocket> => {
    const socket = sockets.at(-1)!;
    socket.open();
    await data.writes.idle();
    await Promise.resolve();
    return socket;
  };
  return { link, data, timers, sockets, opened };
}

const welcome = (resume: 'snapshot' | 'replay', head: number, window = 1000) => ({
  t: 'welcome',
  session: 's-1',
  head,
  server_time: '2026-11-28T09:00:00+08:00',
  resume,
  window,
  tz: 'Asia/Shanghai',
  operator: { id: 'op-031', name: '林晓', role: 'call_taker' },
});
const upsert = (seq: number) => ({ seq, op: 'upsert', kind: 'incident', data: incident(`inc-${seq}`, 1) });
const closed = (socket: FakeSocket) => (socket.readyState === 3 ? Promise.resolve() : once(socket, 'close').then(() => undefined));

/** Welcomes the link with a snapshot as of `asOf` (one camera), committed. */
async function snapshotted(link: PlatformLink, socket: FakeSocket, asOf: number, window = 1000) {
  socket.frame(welcome('snapshot', asOf, window));
  socket.frame({ t: 'snapshot', as_of: asOf, part: 0, last: true, items: [{ kind: 'camera', data: camera('cam-1', 1) }] });
  await link.settled();
}

describe('a session with the platform (spec §2–§4)', () => {
  it('says hello once the socket is open, with the durable cursor and every topic', async () => {
    const { link, opened } = await fakeLinked();
    link.start();
    expect(link.status().state).toBe('connecting');
    const socket = await opened();
    // v1.1: the address base is asked for by name, or the platform sends none of it.
    expect(ENTITY_KINDS).toContain('place');
    expect(socket.sentOf('hello')).toEqual([
      { t: 'hello', v: 1, console: 'ws-test', token: 'demo-chief', cursor: null, topics: ENTITY_KINDS },
    ]);
  });

  it('takes a snapshot atomically, shows its progress, acks as_of once committed and goes live', async () => {
    const { link, data, opened } = await fakeLinked();
    link.start();
    const socket = await opened();
    socket.frame(welcome('snapshot', 20));
    expect(link.status().state).toBe('snapshot');
    expect(link.operator()).toEqual({ id: 'op-031', name: '林晓', role: 'call_taker' });
    socket.frame({ t: 'snapshot', as_of: 20, part: 0, last: false, items: [{ kind: 'camera', data: camera('cam-1', 1) }] });
    await link.settled();
    expect(link.status().progress).toEqual({ parts: 1, items: 1 });
    expect(data.cache.cursor()).toBeNull();
    socket.frame({ t: 'snapshot', as_of: 20, part: 1, last: true, items: [{ kind: 'camera', data: camera('cam-2', 1) }] });
    await link.settled();
    expect(data.cache.cursor()).toBe(20);
    expect(data.cache.counts().camera).toBe(2);
    expect(socket.sentOf('ack')).toEqual([{ t: 'ack', seq: 20 }]);
    expect(link.status()).toMatchObject({ state: 'live', progress: null, head: 20 });
  });

  it('applies changes and acks the durable cursor within a second, at once when half the window waits', async () => {
    const { link, data, timers, opened } = await fakeLinked();
    link.start();
    const socket = await opened();
    await snapshotted(link, socket, 10, 8);
    socket.frame({ t: 'changes', items: [upsert(11), upsert(12)] });
    await link.settled();
    expect(data.cache.cursor()).toBe(12);
    expect(socket.sentOf('ack').at(-1)).toEqual({ t: 'ack', seq: 10 });
    timers.advance(1000);
    expect(socket.sentOf('ack').at(-1)).toEqual({ t: 'ack', seq: 12 });
    socket.frame({ t: 'changes', items: [upsert(13), upsert(14), upsert(15), upsert(16)] });
    await link.settled();
    expect(socket.sentOf('ack').at(-1)).toEqual({ t: 'ack', seq: 16 });
  });

  it('a gap: what came before it is applied, the connection closes, and the next try comes after the backoff with the cursor', async () => {
    const { link, data, timers, sockets, opened } = await fakeLinked();
    link.start();
    const first = await opened();
    await snapshotted(link, first, 10);
    first.frame({ t: 'changes', items: [upsert(11), upsert(13)] });
    await link.settled();
    expect(data.cache.cursor()).toBe(11);
    expect(first.terminated).toBe(true);
    await closed(first);
    expect(link.status()).toMatchObject({ state: 'offline', lastError: { code: 'protocol', message: 'a gap after seq 11: reconnecting to replay' } });
    expect(link.status().retryAt).toBe(new Date(timers.now() + 250).toISOString()); // full jitter: 0.5 of the first step's 500 ms
    timers.advance(249);
    expect(sockets).toHaveLength(1);
    timers.advance(1);
    expect(sockets).toHaveLength(2);
    const second = await opened();
    expect(second.sentOf('hello')[0]).toMatchObject({ cursor: 11 });
  });

  it('4401 stops the link: no retry however long it waits, and sign-in is asked for', async () => {
    const { link, timers, sockets, opened } = await fakeLinked();
    link.start();
    const socket = await opened();
    socket.frame({ t: 'error', code: 'unauthorized', message: 'unknown token' });
    socket.closeFromPlatform(4401, 'unauthorized');
    expect(link.status()).toMatchObject({ state: 'unauthorized', retryAt: null, lastError: { code: 'unauthorized' } });
    expect(link.operator()).toBeNull();
    timers.advance(60 * 60_000);
    expect(sockets).toHaveLength(1);
    expect(timers.scheduled).toBe(0);
  });

  it('4426 stops the link and says the console must be updated', async () => {
    const { link, timers, sockets, opened } = await fakeLinked();
    link.start();
    (await opened()).closeFromPlatform(4426, 'version 1 no longer supported');
    expect(link.status()).toMatchObject({ state: 'update_required', lastError: { code: 'version', message: 'version 1 no longer supported' } });
    timers.advance(60 * 60_000);
    expect(sockets).toHaveLength(1);
  });

  it('a platform silent for 45 s is given up, then tried again', async () => {
    const { link, timers, sockets, opened } = await fakeLinked();
    link.start();
    const socket = await opened();
    await snapshotted(link, socket, 10);
    timers.advance(44_999);
    expect(socket.terminated).toBe(false);
    timers.advance(1);
    expect(socket.terminated).toBe(true);
    await closed(socket);
    expect(link.status().state).toBe('offline');
    timers.advance(250);
    expect(sockets).toHaveLength(2);
  });

  it('reset drops the cursor, keeps the cache and the outbox, and hello says cursor null', async () => {
    const { link, data, timers, opened } = await fakeLinked();
    link.start();
    const socket = await opened();
    await snapshotted(link, socket, 10);
    socket.frame({ t: 'changes', items: [upsert(11)] });
    const notices: string[] = [];
    link.on('notice', (n) => notices.push(n.message));
    socket.frame({ t: 'reset', reason: 'log rebuilt' });
    await link.settled();
    expect(data.cache.cursor()).toBeNull();
    expect(data.cache.counts()).toMatchObject({ camera: 1, incident: 1 });
    expect(notices).toEqual(['platform reset: log rebuilt']);
    await closed(socket);
    timers.advance(250);
    expect((await opened()).sentOf('hello')[0]).toMatchObject({ cursor: null });
  });

  it('commands queued while down go after the welcome, in order; a result takes one off the outbox', async () => {
    const { link, data, opened } = await fakeLinked();
    const ids = ['一', '二'].map((text) => link.queueCommand('incident.note', { incident: 'inc-1', text }).id);
    link.start();
    const socket = await opened();
    expect(socket.sentOf('command')).toEqual([]);
    socket.frame(welcome('replay', 0));
    expect(socket.sentOf('command').map((c) => c.id)).toEqual(ids);
    const third = link.queueCommand('incident.note', { incident: 'inc-1', text: '三' });
    expect(socket.sentOf('command').at(-1)).toMatchObject({ id: third.id, name: 'incident.note' });
    const results: string[] = [];
    link.on('result', (r) => results.push(r.id));
    socket.frame({ t: 'result', id: ids[0], ok: true, seq: 7 });
    expect(results).toEqual([ids[0]]);
    expect(data.state.pendingCount()).toBe(2);
    expect(link.maxResultSeq).toBe(7);
  });

  it('keeps what `sync --exit-idle` reads: the last welcome head and when data last arrived', async () => {
    const { link, timers, opened } = await fakeLinked();
    link.start();
    const socket = await opened();
    socket.frame(welcome('snapshot', 10));
    expect(link.lastWelcomeHead).toBe(10);
    expect(link.lastDataFrameAt).toBe(timers.now());
    timers.advance(5000);
    socket.frame({ t: 'snapshot', as_of: 10, part: 0, last: true, items: [] });
    expect(link.lastDataFrameAt).toBe(timers.now());
    timers.advance(5000);
    socket.frame({ t: 'positions', items: [] });
    expect(link.lastDataFrameAt).toBe(timers.now() - 5000);
  });
});
