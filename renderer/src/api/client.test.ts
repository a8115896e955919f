import { describe, expect, it } from 'vitest';
import { ConsoleClient, type ConnectionStatus } from './client.ts';
import { ApiCallError } from './api-call-error.ts';
import { FakeShell, linkStatus, settle } from '../test-support/fake-host.ts';
import { ManualTimers } from '../test-support/manual-timers.ts';

function setup() {
  const shell = new FakeShell();
  const timers = new ManualTimers();
  const client = new ConsoleClient({
    openTransport: shell.open,
    timers,
    requestTimeoutMs: 15_000,
    backoff: { initialMs: 500, maxMs: 4_000 },
    random: () => 0.5, // no jitter
  });
  const statuses: ConnectionStatus[] = [];
  client.onStatusChange((s) => statuses.push(s));
  return { shell, timers, client, statuses };
}

async function connected() {
  const ctx = setup();
  ctx.client.start();
  await settle();
  return ctx;
}

describe('ConsoleClient calls', () => {
  it('resolves a call with the host result, matched by request id', async () => {
    const { shell, client } = await connected();
    const first = client.call('link.status', {});
    const second = client.call('diag.echo', { text: 'hi' });
    const [a, b] = shell.current.frames('request');
    expect(a).toEqual({ type: 'request', id: 1, method: 'link.status', params: {} });
    expect(b).toMatchObject({ id: 2, method: 'diag.echo', params: { text: 'hi' } });

    shell.current.push({ type: 'response', id: 2, ok: true, result: { delivered: 1 } });
    shell.current.push({ type: 'response', id: 1, ok: true, result: linkStatus({ state: 'live' }) });
    await expect(second).resolves.toEqual({ delivered: 1 });
    await expect(first).resolves.toMatchObject({ state: 'live' });
  });

  it('rejects with the contract error code, message and issues', async () => {
    const { shell, client } = await connected();
    const call = client.call('session.signIn', { token: '' });
    shell.current.push({
      type: 'response',
      id: 1,
      ok: false,
      error: { code: 'invalid_params', message: 'invalid params for session.signIn', issues: [{ path: 'token', message: 'token is empty' }] },
    });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({
      code: 'invalid_params',
      message: 'invalid params for session.signIn',
      issues: [{ path: 'token', message: 'token is empty' }],
    });
  });

  it('holds calls made before the first connection opens and sends them once it does', async () => {
    const { shell, client } = setup();
    const call = client.call('session.info', {});
    client.start();
    await settle();
    expect(shell.current.frames('request')).toHaveLength(1);
    shell.current.push({ type: 'response', id: 1, ok: true, result: { signedIn: false } });
    await expect(call).resolves.toEqual({ signedIn: false });
  });

  it('fails a call the host never answers with unavailable after the timeout, and ignores a late answer', async () => {
    const { shell, client, timers } = await connected();
    const call = client.call('link.status', {});
    const outcome = call.catch((e: unknown) => e);
    timers.advance(14_999);
    shell.current.push({ type: 'response', id: 999, ok: true, result: null }); // someone else's id
    timers.advance(1);
    expect(await outcome).toMatchObject({ code: 'unavailable', message: expect.stringContaining('did not answer link.status') });
    shell.current.push({ type: 'response', id: 1, ok: true, result: linkStatus() });
    await settle();
  });

  it('passes errors the host could not pin on a request to onHostError', async () => {
    const { shell, client } = await connected();
    const seen: ApiCallError[] = [];
    client.onHostError((e) => seen.push(e));
    shell.current.push({ type: 'response', id: null, ok: false, error: { code: 'forbidden', message: 'this role may not subscribe' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: 'forbidden' });
  });
});

describe('ConsoleClient topics', () => {
  it('subscribes once per topic and unsubscribes when the last listener leaves', async () => {
    const { shell, client } = await connected();
    const a: string[] = [];
    const b: string[] = [];
    const offA = client.subscribe('diag.echo', (items) => a.push(...items.map((i) => i.text)));
    const offB = client.subscribe('diag.echo', (items) => b.push(...items.map((i) => i.text)));
    expect(shell.current.sent).toEqual([{ type: 'subscribe', topic: 'diag.echo' }]);

    shell.current.push({ type: 'event', topic: 'diag.echo', data: [{ text: 'one', at: '2025-01-01T00:00:00Z' }] });
    expect(a).toEqual(['one']);
    expect(b).toEqual(['one']);

    offA();
    offA(); // disposing twice is harmless
    expect(shell.current.frames('unsubscribe')).toHaveLength(0);
    shell.current.push({ type: 'event', topic: 'diag.echo', data: [{ text: 'two', at: '2025-01-01T00:00:01Z' }] });
    expect(a).toEqual(['one']);
    expect(b).toEqual(['one', 'two']);

    offB();
    expect(shell.current.frames('unsubscribe')).toEqual([{ type: 'unsubscribe', topic: 'diag.echo' }]);
  });

  it('hands a late listener of a state topic the last state, but never replays a batch topic', async () => {
    const { shell, client } = await connected();
    client.subscribe('link.status', () => {});
    client.subscribe('diag.echo', () => {});
    shell.current.push({ type: 'event', topic: 'link.status', data: linkStatus({ state: 'live', cursor: 7 }) });
    shell.current.push({ type: 'event', topic: 'diag.echo', data: [{ text: 'old', at: '2025-01-01T00:00:00Z' }] });

    const states: string[] = [];
    const echoes: string[] = [];
    client.subscribe('link.status', (s) => states.push(s.state));
    client.subscribe('diag.echo', (items) => echoes.push(...items.map((i) => i.text)));
    await settle();
    expect(states).toEqual(['live']);
    expect(echoes).toEqual([]);
    expect(shell.current.frames('subscribe')).toHaveLength(2);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const { shell, client } = await connected();
    const got: string[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      client.subscribe('link.status', () => {
        throw new Error('broken listener');
      });
      client.subscribe('link.status', (s) => got.push(s.state));
      shell.current.push({ type: 'event', topic: 'link.status', data: linkStatus({ state: 'offline' }) });
    } finally {
      console.error = original;
    }
    expect(got).toEqual(['offline']);
  });
});

describe('ConsoleClient reconnect', () => {
  it('after the host connection drops: fails in-flight calls, reconnects with backoff and re-subscribes', async () => {
    const { shell, client, timers } = await connected();
    const states: string[] = [];
    client.subscribe('link.status', (s) => states.push(s.state));
    const inFlight = client.call('link.status', {}).catch((e: unknown) => e);

    shell.current.close();
    expect(await inFlight).toMatchObject({ code: 'unavailable', message: expect.stringContaining('may still have been applied') });
    expect(client.status).toMatchObject({ state: 'lost', failures: 1, retryAt: 500 });
    // While lost, an action fails at once instead of hanging.
    await expect(client.call('diag.echo', { text: 'x' })).rejects.toMatchObject({ code: 'unavailable' });

    timers.advance(500);
    await settle();
    expect(shell.transports).toHaveLength(2);
    expect(client.connected).toBe(true);
    expect(shell.current.sent).toEqual([{ type: 'subscribe', topic: 'link.status' }]);

    shell.current.push({ type: 'event', topic: 'link.status', data: linkStatus({ state: 'live' }) });
    expect(states).toEqual(['live']);
  });

  it('backs off exponentially while the host stays unreachable, capped, and resets once connected', async () => {
    const { shell, client, timers, statuses } = setup();
    shell.failNext(5);
    const early = client.call('session.info', {}).catch((e: unknown) => e);
    client.start();
    await settle();
    expect(await early).toMatchObject({ code: 'unavailable', message: expect.stringContaining('was not sent') });

    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { retryAt } = client.status;
      delays.push((retryAt ?? 0) - timers.now());
      timers.advance(retryAt! - timers.now());
      await settle();
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
    expect(client.status).toMatchObject({ state: 'connected', failures: 0, lastFailure: null });
    expect(statuses[0]?.lastFailure).toBe('connection refused');
    expect(shell.attempts).toBe(6);
  });

  it('close() fails pending calls and never reconnects', async () => {
    const { shell, client, timers } = await connected();
    const pending = client.call('link.status', {}).catch((e: unknown) => e);
    client.close();
    expect(await pending).toMatchObject({ code: 'unavailable' });
    expect(shell.current.closed).toBe(true);
    timers.advance(60_000);
    await settle();
    expect(shell.transports).toHaveLength(1);
    expect(client.status.state).toBe('closed');
  });
});

describe('ConsoleClient topics that need sign-in', () => {
  it('asks the host for a signed_in topic only once signed in, and drops it on sign-out', async () => {
    const { shell, client } = await connected();
    const changes: string[] = [];
    client.subscribe('entities.changed', (batch) => changes.push(...batch.map((c) => c.kind)));
    client.subscribe('link.notice', () => {});
    // The host would refuse entities.changed now; link.notice is for anyone.
    expect(shell.current.sent).toEqual([{ type: 'subscribe', topic: 'link.notice' }]);

    client.setSignedIn(true);
    expect(shell.current.frames('subscribe').map((f) => f.topic)).toEqual(['link.notice', 'entities.changed']);
    client.setSignedIn(true); // no change, no second subscribe
    expect(shell.current.frames('subscribe')).toHaveLength(2);
    shell.current.push({ type: 'event', topic: 'entities.changed', data: [{ kind: 'incident', upserted: ['inc-1'], deleted: [] }] });
    expect(changes).toEqual(['incident']);

    client.setSignedIn(false);
    expect(shell.current.frames('unsubscribe')).toEqual([{ type: 'unsubscribe', topic: 'entities.changed' }]);
  });

  it('on a new connection subscribes the signed_in topics only while signed in', async () => {
    const { shell, client, timers } = await connected();
    client.subscribe('command.result', () => {});
    client.subscribe('diag.echo', () => {});
    shell.current.close();
    timers.advance(500);
    await settle();
    expect(shell.current.frames('subscribe').map((f) => f.topic)).toEqual(['diag.echo']);

    client.setSignedIn(true);
    shell.current.close();
    timers.advance(500);
    await settle();
    expect(shell.current.frames('subscribe').map((f) => f.topic)).toEqual(['command.result', 'diag.echo']);
  });

  it('a listener joining while signed in subscribes at once; leaving unsubscribes', async () => {
    const { shell, client } = await connected();
    client.setSignedIn(true);
    const off = client.subscribe('positions.packed', () => {});
    expect(shell.current.sent).toEqual([{ type: 'subscribe', topic: 'positions.packed' }]);
    off();
    expect(shell.current.frames('unsubscribe')).toEqual([{ type: 'unsubscribe', topic: 'positions.packed' }]);
  });
});
