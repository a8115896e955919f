import { afterEach, describe, expect, it } from 'vitest';
import { Welcome } from '../protocol/frames.ts';
import { camera, fixedClock, incident } from '../../tests/support/platform-fixtures.ts';
import { RawClient } from './raw-client.ts';
import { startPlatform, type Platform, type PlatformOptions } from './server.ts';

let platform: Platform | null = null;
const clients: RawClient[] = [];

async function setup(options: PlatformOptions = {}): Promise<Platform> {
  platform = await startPlatform({ clock: fixedClock(), ...options });
  return platform;
}

async function connect(p: Platform = platform!): Promise<RawClient> {
  const c = await RawClient.connect(p.url);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await platform?.close();
  platform = null;
});

describe('hello and welcome', () => {
  it.each([
    ['demo-chief', 'duty_chief'],
    ['demo-taker', 'call_taker'],
    ['demo-video', 'video_patroller'],
  ])('welcomes %s as %s', async (token, role) => {
    const p = await setup();
    expect(p.url).toBe(`ws://127.0.0.1:${p.port}/link/v1`);
    const c = await connect();
    expect(c.ws.protocol).toBe('platform-link.v1');
    c.hello(token, null);
    const welcome = await c.waitForType('welcome');
    expect(Welcome.parse(welcome)).toBeTruthy();
    expect(welcome).toMatchObject({
      head: 0,
      resume: 'snapshot',
      window: 5000,
      tz: 'Asia/Shanghai',
      server_time: '2026-11-28T09:00:00+08:00',
      operator: { role },
    });
    expect(p.connections).toBe(1);
  });

  it('refuses an unknown token with error unauthorized and close 4401', async () => {
    await setup();
    const c = await connect();
    c.hello('nope', null);
    const error = await c.waitForType('error');
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect((await c.waitForClose()).code).toBe(4401);
  });

  it('refuses another protocol version with 4426', async () => {
    await setup();
    const c = await connect();
    c.send({ t: 'hello', v: 2, token: 'demo-chief', cursor: null });
    expect(await c.waitForType('error')).toMatchObject({ code: 'version' });
    expect((await c.waitForClose()).code).toBe(4426);
  });

  it('refuses a first frame that is not hello, and a bad hello, with 4400', async () => {
    await setup();
    const a = await connect();
    a.send({ t: 'ack', seq: 1 });
    expect((await a.waitForClose()).code).toBe(4400);
    const b = await connect();
    b.send({ t: 'hello', v: 1, token: 'demo-chief' }); // no cursor
    expect((await b.waitForClose()).code).toBe(4400);
  });

  it('closes 4400 when no hello comes in time', async () => {
    await setup({ helloTimeoutMs: 50 });
    const c = await connect();
    expect((await c.waitForClose()).code).toBe(4400);
  });

  it('refuses an upgrade without the subprotocol (HTTP 400) and other paths (404)', async () => {
    const p = await setup();
    await expect(RawClient.connect(p.url, { protocols: ['other'] })).rejects.toMatchObject({ status: 400 });
    await expect(RawClient.connect(p.url.replace('/link/v1', '/x'))).rejects.toMatchObject({ status: 404 });
  });

  it('answers the upgrade with 401 for an unknown bearer token when checkUpgradeToken is set', async () => {
    const p = await setup({ checkUpgradeToken: true });
    await expect(RawClient.connect(p.url, { headers: { authorization: 'Bearer nope' } })).rejects.toMatchObject({ status: 401 });
    const ok = await RawClient.connect(p.url, { headers: { authorization: 'Bearer demo-chief' } });
    clients.push(ok);
  });
});

describe('snapshot and replay', () => {
  it('sends a snapshot in parts with as_of = head for cursor null, then changes from as_of+1', async () => {
    const p = await setup({ snapshotPartSize: 3 });
    for (let i = 1; i <= 7; i++) p.upsert('camera', camera(`cam-${i}`));
    p.remove('camera', 'cam-7');
    const c = await connect();
    c.hello('demo-chief', null);
    const welcome = await c.waitForType('welcome');
    expect(welcome).toMatchObject({ head: 8, resume: 'snapshot' });
    const last = await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const parts = c.frames.filter((f) => f.t === 'snapshot');
    expect(parts.map((f) => [f.part, f.last, (f.items as unknown[]).length, f.as_of])).toEqual([
      [0, false, 3, 8],
      [1, true, 3, 8],
    ]);
    expect(last.as_of).toBe(8);
    const ids = parts.flatMap((f) => (f.items as { kind: string; data: { id: string } }[]).map((i) => `${i.kind}/${i.data.id}`));
    expect(ids).toEqual(['camera/cam-1', 'camera/cam-2', 'camera/cam-3', 'camera/cam-4', 'camera/cam-5', 'camera/cam-6']);
    p.upsert('camera', camera('cam-9'));
    const changes = await c.waitForType('changes');
    expect((changes.items as { seq: number }[]).map((i) => i.seq)).toEqual([9]);
  });

  it('keeps every snapshot part under 4 MiB, splitting by bytes too', async () => {
    const p = await setup();
    for (let i = 1; i <= 3; i++) p.upsert('camera', camera(`cam-${i}`, { tags: ['x'.repeat(1_500_000)] }));
    const c = await connect();
    c.hello('demo-chief', null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const parts = c.frames.filter((f) => f.t === 'snapshot');
    expect(parts.map((f) => (f.items as unknown[]).length)).toEqual([2, 1]);
    for (const f of parts) expect(Buffer.byteLength(JSON.stringify(f))).toBeLessThan(4 * 1024 * 1024);
  });

  it('sends one empty last part when there is nothing', async () => {
    await setup();
    const c = await connect();
    c.hello('demo-chief', null);
    expect(await c.waitForType('snapshot')).toEqual({ t: 'snapshot', as_of: 0, part: 0, last: true, items: [] });
  });

  it('snapshots only the subscribed topics', async () => {
    const p = await setup();
    p.upsert('camera', camera('cam-1'));
    p.upsert('incident', incident('inc-1'));
    const c = await connect();
    c.hello('demo-chief', null, { topics: ['incident'] });
    const snap = await c.waitForType('snapshot');
    expect((snap.items as { kind: string }[]).map((i) => i.kind)).toEqual(['incident']);
  });

  it('sends places (v1.1) only to a console that names them in its topics', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    p.upsert('place', {
      id: 'place-poi-ferry',
      name: '轮渡码头',
      kind: 'poi',
      district: '350203',
      lat: 24.4565,
      lng: 118.0728,
      aliases: ['轮渡'],
    });
    const kindsSent = async (extra: Record<string, unknown>) => {
      const c = await connect();
      c.hello('demo-chief', null, extra);
      const snap = await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
      return (snap.items as { kind: string }[]).map((i) => i.kind);
    };
    // A v1 console: no topics, or the seven kinds it knows.
    expect(await kindsSent({})).toEqual(['incident']);
    expect(await kindsSent({ topics: ['incident', 'incident_event', 'call', 'camera', 'department', 'volunteer', 'road'] })).toEqual([
      'incident',
    ]);
    expect(await kindsSent({ topics: ['incident', 'place'] })).toEqual(['incident', 'place']);
  });

  it('replays from a cursor', async () => {
    const p = await setup();
    for (let i = 1; i <= 5; i++) p.upsert('camera', camera(`cam-${i}`));
    const c = await connect();
    c.hello('demo-taker', 2);
    expect(await c.waitForType('welcome')).toMatchObject({ head: 5, resume: 'replay' });
    await c.until(() => (c.changeItems().length >= 3 ? true : undefined), 5000);
    expect(c.changeItems().map((i) => i.seq)).toEqual([3, 4, 5]);
    expect(c.frames.some((f) => f.t === 'snapshot')).toBe(false);
  });

  it('answers a cursor older than the log keeps, or beyond head, with a snapshot', async () => {
    const p = await setup({ keepLog: 2 });
    for (let i = 1; i <= 5; i++) p.upsert('camera', camera(`cam-${i}`));
    const old = await connect();
    old.hello('demo-chief', 1);
    expect(await old.waitForType('welcome')).toMatchObject({ resume: 'snapshot' });
    const edge = await connect();
    edge.hello('demo-chief', 3);
    expect(await edge.waitForType('welcome')).toMatchObject({ resume: 'replay' });
    const ahead = await connect();
    ahead.hello('demo-chief', 99);
    expect(await ahead.waitForType('welcome')).toMatchObject({ resume: 'snapshot' });
  });

  it('never sends more than window changes beyond the last ack', async () => {
    const p = await setup({ window: 10, batchSize: 4 });
    for (let i = 1; i <= 25; i++) p.upsert('camera', camera(`cam-${i}`));
    const c = await connect();
    c.hello('demo-chief', 0);
    await c.until(() => (c.changeItems().length >= 10 ? true : undefined), 5000);
    // Nothing more comes without an ack: prove it by a round trip the server answers after its writer ran.
    c.command('probe-1', 'incident.note', { incident: 'none', text: 'x' });
    await c.waitFor((f) => f.t === 'result' && f.id === 'probe-1');
    expect(c.changeItems().map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const stats = p.openSessions[0]!;
    expect(stats.maxUnacked).toBe(10);
    expect(stats.windowStalls).toBeGreaterThan(0);
    c.ack(4);
    await c.until(() => (c.changeItems().length >= 14 ? true : undefined), 5000);
    c.ack(14);
    await c.until(() => (c.changeItems().length >= 24 ? true : undefined), 5000);
    c.ack(24);
    await c.until(() => (c.changeItems().length >= 25 ? true : undefined), 5000);
    expect(c.changeItems().map((i) => i.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(p.openSessions[0]!.maxUnacked).toBe(10);
    await p.waitForAck(24);
    expect(p.acks.map((a) => a.seq)).toEqual([4, 14, 24]);
  });

  it('batches changes up to batchSize items per frame', async () => {
    const p = await setup({ batchSize: 3 });
    for (let i = 1; i <= 7; i++) p.upsert('camera', camera(`cam-${i}`));
    const c = await connect();
    c.hello('demo-chief', 0);
    await c.until(() => (c.changeItems().length >= 7 ? true : undefined), 5000);
    expect(c.frames.filter((f) => f.t === 'changes').map((f) => (f.items as unknown[]).length)).toEqual([3, 3, 1]);
  });
});

describe('broadcasts', () => {
  it('sends positions and notices to welcomed consoles, and reset on resetLog', async () => {
    const p = await setup();
    const c = await connect();
    c.hello('demo-chief', null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const pos = { id: 'vol-1', lat: 24.48, lng: 118.09, ts: '2026-11-28T09:00:01+08:00', state: 'available' };
    p.publishPositions([pos]);
    expect(await c.waitForType('positions')).toEqual({ t: 'positions', items: [pos] });
    p.notice('warn', '台风预警');
    expect(await c.waitForType('notice')).toEqual({ t: 'notice', level: 'warn', message: '台风预警' });
    p.upsert('camera', camera('cam-1'));
    p.resetLog('rebuilt');
    expect(await c.waitForType('reset')).toEqual({ t: 'reset', reason: 'rebuilt' });
    const again = await connect();
    again.hello('demo-chief', 0); // the log no longer holds seq 1
    expect(await again.waitForType('welcome')).toMatchObject({ resume: 'snapshot', head: 1 });
  });

  it('pings every pingIntervalMs', async () => {
    await setup({ pingIntervalMs: 30 });
    const c = await connect();
    const pinged = new Promise<void>((resolve) => c.ws.once('ping', () => resolve()));
    c.hello('demo-chief', null);
    await pinged;
  });

  it('emits hooks for connection, hello, ack and close', async () => {
    const p = await setup();
    const connection = p.waitFor('connection');
    const hello = p.waitFor<{ hello: { token: string } }>('hello');
    const c = await connect();
    await connection;
    c.hello('demo-video', null);
    expect((await hello).hello.token).toBe('demo-video');
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const ack = p.waitFor('ack');
    c.ack(0);
    expect(await ack).toMatchObject({ seq: 0 });
    const closed = p.waitFor<{ code: number }>('close');
    await c.close();
    expect((await closed).code).toBe(1000);
    expect(p.connections).toBe(0);
  });
});
