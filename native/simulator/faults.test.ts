import { afterEach, describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../protocol/entities.ts';
import { camera, fixedClock, incident } from '../../tests/support/platform-fixtures.ts';
import { RawClient } from './raw-client.ts';
import { startPlatform, type Platform, type PlatformOptions } from './server.ts';
import { TestConsole } from '../../tests/support/test-console.ts';

let platform: Platform | null = null;
const clients: RawClient[] = [];
const consoles: TestConsole[] = [];

async function setup(options: PlatformOptions = {}): Promise<Platform> {
  platform = await startPlatform({ clock: fixedClock(), ...options });
  return platform;
}

async function connect(): Promise<RawClient> {
  const c = await RawClient.connect(platform!.url);
  clients.push(c);
  return c;
}

function startConsole(): TestConsole {
  const tc = new TestConsole(platform!.url);
  consoles.push(tc);
  tc.start();
  return tc;
}

/** The test console has caught up and holds exactly the platform's state. */
async function expectConverged(tc: TestConsole): Promise<void> {
  await tc.waitForCursor(platform!.head);
  for (const kind of ENTITY_KINDS) expect(tc.export(kind), kind).toEqual(platform!.exportState(kind));
}

afterEach(async () => {
  for (const tc of consoles.splice(0)) await tc.stop();
  for (const c of clients.splice(0)) c.ws.terminate();
  await platform?.close();
  platform = null;
});

describe('fault switches', () => {
  it('dropMidSnapshot: terminates after that part; a reconnect gets a whole snapshot', async () => {
    const p = await setup({ snapshotPartSize: 2 });
    for (let i = 1; i <= 7; i++) p.upsert('camera', camera(`cam-${i}`));
    p.faults.dropMidSnapshot = 1;
    const c = await connect();
    c.hello('demo-chief', null);
    const closed = await c.waitForClose();
    expect(closed.code).toBe(1006);
    expect(c.frames.filter((f) => f.t === 'snapshot').map((f) => [f.part, f.last])).toEqual([
      [0, false],
      [1, false],
    ]);
    expect(p.faults.dropMidSnapshot).toBeNull();
    const tc = startConsole();
    await expectConverged(tc);
    expect(tc.cursor).toBe(7);
  });

  it('gapOnce: a hole in the next changes frame; the console reconnects and replays', async () => {
    const p = await setup();
    p.upsert('camera', camera('cam-0'));
    const raw = await connect();
    raw.hello('demo-chief', 1);
    await raw.waitForType('welcome');
    p.faults.gapOnce = true;
    // Build three changes in one turn so they go out as one frame.
    p.upsert('camera', camera('cam-1'));
    p.upsert('camera', camera('cam-2'));
    p.upsert('camera', camera('cam-3'));
    const frame = await raw.waitForType('changes');
    expect((frame.items as { seq: number }[]).map((i) => i.seq)).toEqual([3, 4]);
    expect(p.faults.gapOnce).toBe(false);

    raw.ws.terminate(); // switches act on whichever session sends next
    await p.waitFor('close');
    p.faults.gapOnce = true;
    const tc = startConsole();
    await tc.waitForCursor(4);
    p.upsert('camera', camera('cam-4'));
    p.upsert('camera', camera('cam-5'));
    await expectConverged(tc);
    expect(tc.disconnects).toContain('error:gap');
    expect(tc.connections).toBe(2);
  });

  it('staleUpserts: real log entries with a lower rev; the state ignores them', async () => {
    const p = await setup();
    const tc = startConsole();
    await tc.waitForCursor(0);
    p.faults.staleUpserts = 3;
    p.upsert('camera', camera('cam-1')); // seq 1, stale rev 0 at 2
    p.upsert('camera', camera('cam-1', { name: '新' })); // seq 3 rev 2, stale (previous data, rev 1) at 4
    p.remove('camera', 'cam-1'); // seq 5 rev 3, stale rev 3 at 6
    expect(p.head).toBe(6);
    expect(p.faults.staleUpserts).toBe(0);
    const stale = [2, 4, 6].map((seq) => p.log.entry(seq)!);
    expect(stale.map((e) => e.effect)).toEqual(['stale', 'stale', 'stale']);
    expect(stale.map((e) => (e.change.op === 'upsert' ? (e.change.data as { rev: number }).rev : null))).toEqual([0, 1, 3]);
    expect(p.exportState('camera')).toEqual([]);
    p.upsert('camera', camera('cam-2'));
    p.injectStale('camera', 'cam-2');
    await expectConverged(tc);
    expect(tc.export('camera').map((c) => c.rev)).toEqual([1]);
  });

  it('malformedItems: entries that break §8 with real seqs; the state ignores them', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    const tc = startConsole();
    await tc.waitForCursor(1);
    p.faults.malformedItems = 4;
    for (let i = 0; i < 4; i++) p.upsert('incident', incident('inc-1', { title: `v${i}` }));
    expect(p.head).toBe(9);
    expect([3, 5, 7, 9].map((s) => p.log.entry(s)!.effect)).toEqual(['malformed', 'malformed', 'malformed', 'malformed']);
    expect(p.log.entry(7)!.change.kind).toBe('spaceship');
    expect(p.exportState('incident')[0]).toMatchObject({ rev: 5, title: 'v3' });
    await expectConverged(tc);
    expect(tc.quarantine.map((q) => q.seq)).toEqual([3, 5, 7, 9]);
  });

  it('dropBeforeResult: applies, drops the link, and answers the resend with the first result', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    const a = await connect();
    a.hello('demo-taker', null);
    await a.waitFor((f) => f.t === 'snapshot' && f.last === true);
    p.faults.dropBeforeResult = true;
    a.command('c-1', 'incident.note', { incident: 'inc-1', text: '已联系' });
    expect((await a.waitForClose()).code).toBe(1006);
    expect(a.frames.some((f) => f.t === 'result')).toBe(false);
    expect(p.commandLog.get('c-1')).toMatchObject({ received: 1, applied: 1 });
    const b = await connect();
    b.hello('demo-taker', null);
    await b.waitFor((f) => f.t === 'snapshot' && f.last === true);
    b.command('c-1', 'incident.note', { incident: 'inc-1', text: '已联系' });
    const result = await b.waitForType('result');
    expect(result).toEqual({ t: 'result', id: 'c-1', ok: true, seq: 3 });
    expect(p.commandLog.get('c-1')).toMatchObject({ received: 2, applied: 1 });
    expect(p.exportState('incident_event')).toHaveLength(1);
  });

  it('oversizeFrame: a >4 MiB frame the console refuses with 1009', async () => {
    const p = await setup();
    const c = await connect();
    c.hello('demo-chief', null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const serverSaw = p.waitFor<{ code: number }>('close');
    p.faults.oversizeFrame = true;
    await c.waitForClose();
    expect(c.errors.map((e) => e.code)).toContain('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    expect((await serverSaw).code).toBe(1009);
    expect(p.faults.oversizeFrame).toBe(false);
  });

  it('badJsonFrame, binaryFrame, unknownFrameType: odd frames, then the stream goes on', async () => {
    const p = await setup();
    const c = await connect();
    c.hello('demo-chief', null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    p.faults.badJsonFrame = true;
    p.faults.binaryFrame = true;
    p.faults.unknownFrameType = true;
    p.upsert('camera', camera('cam-1'));
    await c.waitForType('changes');
    expect(c.frames.map((f) => f.t).slice(-4)).toEqual(['__not_json', '__binary', 'x-weather', 'changes']);
  });

  it('itemWithoutSeq: one item lacks seq; the console reconnects and replays', async () => {
    const p = await setup();
    const tc = startConsole();
    await tc.waitForCursor(0);
    p.faults.itemWithoutSeq = true;
    p.upsert('camera', camera('cam-1'));
    p.upsert('camera', camera('cam-2'));
    await expectConverged(tc);
    expect(tc.disconnects).toContain('error:item without seq');
  });

  it('duplicateFrames: each changes frame twice', async () => {
    const p = await setup();
    const c = await connect();
    c.hello('demo-chief', 0);
    await c.waitForType('welcome');
    p.faults.duplicateFrames = true;
    p.upsert('camera', camera('cam-1'));
    await c.until(() => (c.changeItems().length >= 2 ? true : undefined), 5000);
    expect(c.changeItems().map((i) => i.seq)).toEqual([1, 1]);
    p.faults.duplicateFrames = false;
    const tc = startConsole();
    p.faults.duplicateFrames = true;
    p.upsert('camera', camera('cam-2'));
    await expectConverged(tc);
  });

  it('dropAfterFrames: terminates after n more frames', async () => {
    const p = await setup({ batchSize: 1 });
    for (let i = 1; i <= 5; i++) p.upsert('camera', camera(`cam-${i}`));
    p.faults.dropAfterFrames = 3; // welcome + 2 changes frames
    const c = await connect();
    c.hello('demo-chief', 0);
    expect((await c.waitForClose()).code).toBe(1006);
    expect(c.frames.map((f) => f.t)).toEqual(['welcome', 'changes', 'changes']);
    expect(p.faults.dropAfterFrames).toBeNull();
  });

  it('silent: nothing is sent (no pings either) until it is turned off', async () => {
    const p = await setup({ pingIntervalMs: 20 });
    p.faults.silent = true;
    const c = await connect();
    let pings = 0;
    c.ws.on('ping', () => (pings += 1));
    c.hello('demo-chief', null);
    await p.waitFor('welcome');
    p.upsert('camera', camera('cam-1'));
    // The server handled a later frame (an ack), and its ping timer fired twice, silently.
    const acked = p.waitFor('ack');
    c.ack(0);
    await acked;
    await p.waitFor<{ sent: boolean }>('ping', (e) => !e.sent);
    await p.waitFor<{ sent: boolean }>('ping', (e) => !e.sent);
    expect(c.frames).toEqual([]);
    expect(pings).toBe(0);
    p.faults.silent = false;
    await c.waitForType('welcome');
    await c.waitForType('changes');
  });

  it('closeWith: the next hello is closed with the given code', async () => {
    const p = await setup();
    p.faults.closeWith = { code: 4400, reason: 'try later' };
    const c = await connect();
    c.hello('demo-chief', null);
    expect(await c.waitForType('error')).toMatchObject({ code: 'bad_request' });
    expect(await c.waitForClose()).toEqual({ code: 4400, reason: 'try later' });
    expect(p.faults.closeWith).toBeNull();
  });

  it('rejectUpgrade401: every upgrade gets HTTP 401', async () => {
    const p = await setup();
    p.faults.rejectUpgrade401 = true;
    await expect(RawClient.connect(p.url)).rejects.toMatchObject({ status: 401 });
    p.faults.rejectUpgrade401 = false;
    clients.push(await RawClient.connect(p.url));
  });

  it('changesBeforeSnapshotEnd: a changes frame before the last part; the console starts over', async () => {
    const p = await setup({ snapshotPartSize: 2 });
    for (let i = 1; i <= 5; i++) p.upsert('camera', camera(`cam-${i}`));
    p.faults.changesBeforeSnapshotEnd = true;
    const c = await connect();
    c.hello('demo-chief', null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    expect(c.frames.map((f) => (f.t === 'snapshot' ? `s${f.part as number}` : f.t))).toEqual(['welcome', 's0', 's1', 'changes', 's2']);
    p.faults.changesBeforeSnapshotEnd = true;
    const tc = startConsole();
    await expectConverged(tc);
    expect(tc.disconnects).toContain('error:changes before snapshot end');
  });

  it('delayMs: frames wait before they go', async () => {
    const p = await setup();
    p.faults.delayMs = 30;
    const c = await connect();
    const started = Date.now();
    c.hello('demo-chief', null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('a console survives all switches at once and converges', async () => {
    const p = await setup({ snapshotPartSize: 3, batchSize: 4, window: 8 });
    for (let i = 1; i <= 10; i++) p.upsert('camera', camera(`cam-${i}`));
    p.faults.dropMidSnapshot = 1;
    const tc = startConsole();
    await tc.waitForCursor(10);
    Object.assign(p.faults, { gapOnce: true, staleUpserts: 5, malformedItems: 5, duplicateFrames: true, itemWithoutSeq: true, badJsonFrame: true, unknownFrameType: true });
    for (let i = 1; i <= 30; i++) {
      if (i % 7 === 0) p.remove('camera', `cam-${i % 10 || 10}`);
      else p.upsert('camera', camera(`cam-${i % 12}`, { name: `n${i}` }));
    }
    await expectConverged(tc);
    expect(tc.disconnects.length).toBeGreaterThanOrEqual(2);
    expect(tc.quarantine.length).toBe(5);
  });
});
