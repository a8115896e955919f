import { EventEmitter } from 'node:events';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { MessagePortMain } from 'electron';
import type { ClientFrame } from '../../native/api/index.ts';
import { silentLogger } from '../../native/common/logger.ts';
import { HostSupervisor, type HostChild } from './host-supervisor.ts';
import { HostCallError, HostClient, hostClientEndpoint, MAIN_PROCESS_ENDPOINT_ID, type HostPort } from './host-client.ts';

/** The main process's end of a channel to the host: what the client sent, and the host's answers delivered by hand. */
class FakePort extends EventEmitter implements HostPort {
  readonly sent: ClientFrame[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown): void {
    this.sent.push(message as ClientFrame);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  /** The host sends a frame. */
  deliver(data: unknown): void {
    this.emit('message', { data });
  }
  /** The host's end went away (it exited). */
  hostGone(): void {
    this.emit('close');
  }
  requests() {
    return this.sent.filter((f) => f.type === 'request');
  }
}

/** The host's utility process: what the supervisor posted to it. */
class FakeChild extends EventEmitter implements HostChild<FakePort> {
  readonly posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    return true;
  }
}

class ManualTimers {
  private next = 1;
  readonly due = new Map<number, () => void>();
  setTimeout = (fn: () => void) => {
    const id = this.next++;
    this.due.set(id, fn);
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.due.delete(handle as number);
  };
  fireAll() {
    const fns = [...this.due.values()];
    this.due.clear();
    for (const fn of fns) fn();
  }
}

function setup() {
  const timers = new ManualTimers();
  const hostErrors: string[] = [];
  const client = new HostClient({ timers, requestTimeoutMs: 5_000, onHostError: (code, message) => hostErrors.push(`${code}: ${message}`) });
  return { client, timers, hostErrors };
}

describe("the main process's host client", () => {
  it('calls a method and gets its result, matched by request id', async () => {
    const { client } = setup();
    const port = new FakePort();
    client.connect(port);
    expect(port.started).toBe(true);
    const first = client.call('workspace.live', {});
    const second = client.call('selection.get', {});
    const [a, b] = port.requests() as Extract<ClientFrame, { type: 'request' }>[];
    expect([a!.method, b!.method]).toEqual(['workspace.live', 'selection.get']);
    port.deliver({ type: 'response', id: b!.id, ok: true, result: { incident: null, window: null, seq: 0, at: 'now' } });
    port.deliver({ type: 'response', id: a!.id, ok: false, error: { code: 'forbidden', message: 'not signed in' } });
    await expect(second).resolves.toMatchObject({ seq: 0 });
    await expect(first).rejects.toEqual(new HostCallError('forbidden', 'not signed in'));
  });

  it('fails a call at once while it has no port, and one the host never answers after the timeout', async () => {
    const { client, timers } = setup();
    await expect(client.call('workspace.live', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('not connected') });
    client.connect(new FakePort());
    const call = client.call('workspace.live', {});
    timers.fireAll();
    await expect(call).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('within 5 s') });
  });

  it('delivers a topic to every listener, asks the host once, and unsubscribes when the last leaves', () => {
    const { client } = setup();
    const port = new FakePort();
    client.connect(port);
    const seen: string[] = [];
    const stopA = client.subscribe('session.info', (info) => seen.push(`a:${info.signedIn}`));
    const stopB = client.subscribe('session.info', (info) => seen.push(`b:${info.signedIn}`));
    port.deliver({ type: 'event', topic: 'session.info', data: { signedIn: true } });
    port.deliver({ type: 'event', topic: 'link.status', data: {} });
    expect(seen).toEqual(['a:true', 'b:true']);
    stopA();
    stopA();
    stopB();
    expect(port.sent).toEqual([
      { type: 'subscribe', topic: 'session.info' },
      { type: 'unsubscribe', topic: 'session.info' },
    ]);
  });

  it('reports errors the host sends without a request', () => {
    const { client, hostErrors } = setup();
    const port = new FakePort();
    client.connect(port);
    port.deliver({ type: 'response', id: null, ok: false, error: { code: 'forbidden', message: 'topic workspace needs a signed-in session' } });
    port.deliver('not a frame');
    expect(hostErrors).toEqual(['forbidden: topic workspace needs a signed-in session']);
  });

  it("takes a restarted host's new port: calls on the old one fail, its subscriptions are made again", async () => {
    const { client } = setup();
    const connections: boolean[] = [];
    client.onConnection((up) => connections.push(up));
    const old = new FakePort();
    client.connect(old);
    client.subscribe('workspace', () => {});
    const unanswered = client.call('workspace.live', {});
    old.hostGone();
    expect(client.connected).toBe(false);
    await expect(unanswered).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('closed before it answered workspace.live') });
    const fresh = new FakePort();
    client.connect(fresh);
    expect(fresh.sent).toEqual([{ type: 'subscribe', topic: 'workspace' }]);
    // The old port speaking late is not heard.
    const seen: unknown[] = [];
    client.subscribe('session.info', (info) => seen.push(info));
    old.deliver({ type: 'event', topic: 'session.info', data: { signedIn: false } });
    expect(seen).toEqual([]);
    expect(connections).toEqual([true, false, true]);
  });

  it('gets its port from the host supervisor as a window does, again after a host restart', () => {
    const { client } = setup();
    const children: FakeChild[] = [];
    const supervisor = new HostSupervisor<FakePort>({
      launcher: { fork: () => children[children.push(new FakeChild()) - 1]! },
      entryPath: '/app/dist/electron/host.cjs',
      args: [],
      newChannel: () => ({ port1: new FakePort(), port2: new FakePort() }),
      // Restarts at once.
      clock: { now: () => 0, setTimeout: (fn) => (fn(), 0), clearTimeout: () => {} },
      logger: silentLogger,
    });
    supervisor.attach(hostClientEndpoint(client));
    supervisor.start();
    children[0]!.emit('spawn');
    expect(client.connected).toBe(true);
    expect(children[0]!.posted).toEqual([{ type: 'connect', window: MAIN_PROCESS_ENDPOINT_ID, label: 'main process' }]);
    children[0]!.emit('exit', 1);
    children[1]!.emit('spawn');
    expect(children[1]!.posted).toEqual([{ type: 'connect', window: MAIN_PROCESS_ENDPOINT_ID, label: 'main process' }]);
    expect(client.connected).toBe(true);
  });

  it("takes Electron's MessagePortMain", () => {
    expectTypeOf<MessagePortMain>().toExtend<HostPort>();
  });
});
