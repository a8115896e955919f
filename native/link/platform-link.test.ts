import { afterEach, describe, expect, it } from 'vitest';
import { camera, incident } from '../../tests/support/entities.ts';
import { startLink, type LinkUnderTest } from '../../tests/support/link-harness.ts';
import { waitUntil } from '../../tests/support/wait.ts';
import { FakeTimers } from '../common/timers.ts';
import { startPlatform, type Platform, type PlatformOptions } from '../simulator/index.ts';
import { CacheWriteError } from '../store/writer/threaded.ts';
import { INCIDENTS_AFTER_PAGE_MS } from './index-scheduler.ts';
import { PARTS_STAGING_MAX } from './platform-link.ts';

let platform: Platform;
let consoles: LinkUnderTest[] = [];

async function platformWith(options: PlatformOptions = {}): Promise<Platform> {
  platform = await startPlatform({ snapshotPartSize: 10, ...options });
  return platform;
}

async function consoleOn(p: Platform, options: Parameters<typeof startLink>[1] = {}): Promise<LinkUnderTest> {
  const c = await startLink(p, options);
  consoles.push(c);
  return c;
}

afterEach(async () => {
  for (const c of consoles) await c.close();
  consoles = [];
  await platform?.close();
});

function seed(p: Platform, incidents: number, cameras = 3): void {
  for (let i = 0; i < incidents; i++) p.upsert('incident', incident(`inc-${String(i).padStart(4, '0')}`, 1));
  for (let i = 0; i < cameras; i++) p.upsert('camera', camera(`cam-${i}`, 1));
}

describe('Platform Link: snapshot and changes', () => {
  it('takes a snapshot on first start, then follows changes, and its export equals the platform', async () => {
    const p = await platformWith();
    seed(p, 35);
    const c = await consoleOn(p);
    await c.caughtUp();
    expect(p.openSessions[0]?.resume).toBe('snapshot');
    p.upsert('incident', incident('inc-0001', 2, { status: 'verified' }));
    p.remove('camera', 'cam-1');
    await c.caughtUp();
    c.exportEquals(p);
    expect(c.link.operator()).toMatchObject({ role: 'duty_chief' });
  });

  it('replays from its cursor after a reconnect instead of a new snapshot', async () => {
    const p = await platformWith();
    seed(p, 5);
    const c = await consoleOn(p);
    await c.caughtUp();
    p.dropAll();
    seed(p, 3, 0);
    await c.caughtUp();
    const sessions = [...p.sessionStats.values()];
    expect(sessions.at(-1)?.resume).toBe('replay');
    c.exportEquals(p);
  });

  it('keeps the old cache intact and visible when the connection drops mid-snapshot, then completes it', async () => {
    const p = await platformWith({ keepLog: 5 });
    seed(p, 20, 0);
    const c = await consoleOn(p);
    await c.caughtUp();
    const before = c.data.cache.counts().incident;
    await c.close();
    consoles = [];

    // While the console is away the log moves past what the platform keeps: a snapshot is due.
    for (let i = 0; i < 30; i++) p.upsert('incident', incident(`inc-new-${i}`, 1));
    p.faults.dropMidSnapshot = 2;
    const dropped = p.waitFor('snapshot_part', (e: { part: number }) => e.part === 2);
    const again = await consoleOn(p, { dir: c.dir });
    await dropped;
    // Old rows are still all there while (and after) the snapshot broke off.
    expect(again.data.cache.counts().incident).toBe(before);
    expect(again.data.cache.cursor()).toBe(20 + 0);
    await again.caughtUp();
    expect(again.data.cache.counts().incident).toBe(50);
    again.exportEquals(p);
  });

  it('a cache write that fails is not half-applied: the link reconnects and replays from its durable cursor', async () => {
    const p = await platformWith();
    seed(p, 5);
    const c = await consoleOn(p);
    await c.caughtUp();
    const writes = c.data.writes;
    const real = writes.applyChanges.bind(writes);
    let calls = 0;
    writes.applyChanges = (items, lastSeq, now) =>
      calls++ === 0 ? Promise.reject(new CacheWriteError('disk I/O error', 'SQLITE_IOERR')) : real(items, lastSeq, now);
    const sessions = p.sessionStats.size;
    for (let i = 0; i < 5; i++) p.upsert('incident', incident(`inc-late-${i}`, 1));
    await c.caughtUp();
    expect(calls).toBeGreaterThan(1);
    expect(p.sessionStats.size).toBeGreaterThan(sessions);
    c.exportEquals(p);
  });

  it('pauses the socket while the cache writer is behind with snapshot parts, then completes', async () => {
    const p = await platformWith({ snapshotPartSize: 400 });
    seed(p, 8_000, 0);
    const c = await consoleOn(p);
    // A slow disk: each part takes 20 ms to stage. (Replaced before the first frame arrives:
    // the link reads data.writes at each call.)
    const writes = c.data.writes;
    const stage = writes.stageSnapshotPart.bind(writes);
    let waiting = 0;
    let mostWaiting = 0;
    writes.stageSnapshotPart = async (items, now) => {
      mostWaiting = Math.max(mostWaiting, ++waiting);
      const staged = stage(items, now); // handed over in order; answered late
      await new Promise((r) => setTimeout(r, 20));
      await staged;
      waiting--;
    };
    await c.caughtUp(30_000);
    expect(c.data.cache.counts().incident).toBe(8_000);
    // 20 parts arrived faster than they were staged; never more than a few waited at once.
    expect(mostWaiting).toBeGreaterThanOrEqual(PARTS_STAGING_MAX);
    expect(mostWaiting).toBeLessThanOrEqual(PARTS_STAGING_MAX + 2);
  });

  it('a gap makes the link reconnect and replay; duplicates and stale revs are skipped', async () => {
    const p = await platformWith();
    seed(p, 3, 0);
    const c = await consoleOn(p);
    await c.caughtUp();
    const connectionsBefore = p.sessionStats.size;
    p.faults.gapOnce = true;
    p.faults.duplicateFrames = true;
    p.faults.staleUpserts = 3;
    for (let i = 0; i < 10; i++) p.upsert('incident', incident(`inc-g${i}`, 1));
    p.remove('incident', 'inc-g3');
    p.upsert('incident', incident('inc-0000', 2, { title: 'updated' }));
    await c.caughtUp();
    expect(p.sessionStats.size).toBeGreaterThan(connectionsBefore);
    expect(c.data.cache.cursor()).toBe(p.head);
    c.exportEquals(p);
  });

  it('never lets a stale upsert bring a deleted entity back', async () => {
    const p = await platformWith();
    seed(p, 2, 0);
    const c = await consoleOn(p);
    await c.caughtUp();
    p.remove('incident', 'inc-0001');
    p.injectStale('incident', 'inc-0001');
    await c.caughtUp();
    expect(c.data.cache.counts().incident).toBe(1);
    c.exportEquals(p);
  });

  it('quarantines malformed items with a reason, ignores junk frames, and keeps going', async () => {
    const p = await platformWith();
    seed(p, 2, 0);
    const c = await consoleOn(p);
    await c.caughtUp();
    p.faults.malformedItems = 4;
    p.faults.badJsonFrame = true;
    p.faults.binaryFrame = true;
    p.faults.unknownFrameType = true;
    for (let i = 0; i < 4; i++) p.upsert('incident', incident(`inc-m${i}`, 1));
    await c.caughtUp();
    expect(c.data.cache.quarantineCount()).toBe(4);
    const reasons = c.data.cache.db.prepare('SELECT reason FROM quarantine').pluck().all() as string[];
    expect(reasons.every((r) => r.length > 5)).toBe(true);
    expect(c.link.status().quarantine).toBe(4);
    c.exportEquals(p);
  });

  it('refuses a change frame with an item lacking an integer seq, and recovers by replay', async () => {
    const p = await platformWith();
    seed(p, 2, 0);
    const c = await consoleOn(p);
    await c.caughtUp();
    p.faults.itemWithoutSeq = true;
    for (let i = 0; i < 5; i++) p.upsert('incident', incident(`inc-s${i}`, 1));
    await c.caughtUp();
    c.exportEquals(p);
  });

  it('refuses a frame over 4 MiB (close 1009) and reconnects', async () => {
    const p = await platformWith();
    seed(p, 2, 0);
    const c = await consoleOn(p);
    await c.caughtUp();
    const closed = p.waitFor('close', (e: { code: number }) => e.code === 1009);
    p.faults.oversizeFrame = true;
    p.upsert('incident', incident('inc-big', 1));
    await closed;
    await c.caughtUp();
    c.exportEquals(p);
  });

  it('a changes frame before the snapshot ends is a protocol error: partial snapshot discarded, then done right', async () => {
    const p = await platformWith();
    seed(p, 35, 0);
    p.faults.changesBeforeSnapshotEnd = true;
    const c = await consoleOn(p);
    await c.caughtUp();
    expect(p.sessionStats.size).toBeGreaterThan(1);
    c.exportEquals(p);
  });

  it('reset drops the cursor, takes a full snapshot, and keeps the outbox', async () => {
    const p = await platformWith();
    seed(p, 5, 0);
    const c = await consoleOn(p, { token: 'demo-chief' });
    await c.caughtUp();
    p.faults.silent = true; // hold the command's result back
    const queued = c.link.queueCommand('incident.note', { incident: 'inc-0001', text: '复核' });
    const resnapshot = p.waitFor('welcome', (e: { resume: string }) => e.resume === 'snapshot');
    p.faults.silent = false;
    p.resetLog('log rebuilt');
    await resnapshot;
    await waitUntil(() => c.data.state.pendingCount() === 0);
    await c.caughtUp();
    expect(p.commandLog.get(queued.id)?.applied).toBe(1);
    c.exportEquals(p);
  });
});

describe('Platform Link: refusals, backoff, idle, window', () => {
  it('4401 stops the link with no reconnect loop and asks for sign-in', async () => {
    const p = await platformWith();
    // The link's clock is a fake one: moving it on runs any retry that is due, at once.
    const timers = new FakeTimers(Date.now());
    const c = await consoleOn(p, { token: 'not-a-token', timers });
    await waitUntil(() => c.link.status().state === 'unauthorized');
    const sessions = p.sessionStats.size;
    timers.advance(60 * 60_000); // a retry loop would show within this: a retry starts connecting at once
    expect(c.link.status()).toMatchObject({ state: 'unauthorized', retryAt: null });
    expect(p.sessionStats.size).toBe(sessions);
    expect(c.link.status().lastError?.code).toBe('unauthorized');
    // A new sign-in starts it again.
    await c.link.signIn('demo-taker');
    await c.caughtUp();
    expect(c.link.operator()?.role).toBe('call_taker');
  });

  it('HTTP 401 on the upgrade is treated as unauthorized too', async () => {
    const p = await platformWith();
    p.faults.rejectUpgrade401 = true;
    const c = await consoleOn(p);
    await waitUntil(() => c.link.status().state === 'unauthorized');
  });

  it('4426 stops the link and says the console must be updated', async () => {
    const p = await platformWith();
    p.faults.closeWith = { code: 4426, reason: 'version 1 no longer supported' };
    const c = await consoleOn(p);
    await waitUntil(() => c.link.status().state === 'update_required');
    expect(c.link.status().lastError?.message).toMatch(/version/);
  });

  it('other close codes retry with backoff and full jitter', async () => {
    const p = await platformWith();
    p.faults.closeWith = { code: 4400, reason: 'bad request' };
    const draws: number[] = [];
    const c = await consoleOn(p, {
      random: () => {
        draws.push(1);
        return 0.5;
      },
    });
    await c.caughtUp();
    expect(draws.length).toBeGreaterThanOrEqual(1);
    expect(p.sessionStats.size).toBe(2);
  });

  it('reconnects when the platform goes silent for the idle limit', async () => {
    const p = await platformWith();
    seed(p, 2, 0);
    const c = await consoleOn(p, { idleMs: 300 });
    await c.caughtUp();
    const sessions = p.sessionStats.size;
    p.faults.silent = true;
    await waitUntil(() => c.link.status().state !== 'live');
    p.faults.silent = false;
    p.upsert('incident', incident('inc-after-idle', 1));
    await c.caughtUp();
    expect(p.sessionStats.size).toBeGreaterThan(sessions);
  });

  it("respects the platform's window: never more than `window` unacknowledged", async () => {
    const p = await platformWith({ window: 40, batchSize: 7 });
    const c = await consoleOn(p);
    await c.caughtUp();
    for (let i = 0; i < 600; i++) p.upsert('incident', incident(`inc-w${i}`, 1));
    await c.caughtUp();
    await p.waitForAck(p.head);
    const stats = [...p.sessionStats.values()];
    expect(Math.max(...stats.map((s) => s.maxUnacked))).toBeLessThanOrEqual(40);
    c.exportEquals(p);
  });
});

describe('Platform Link: the outbox', () => {
  it('delivers commands queued while offline exactly once, in order, after reconnect', async () => {
    const p = await platformWith();
    seed(p, 3, 0);
    const first = await consoleOn(p);
    await first.caughtUp();
    const dir = first.dir;
    await first.close();
    consoles = [];

    // Offline: write commands straight into the outbox, as `egret command` does.
    const { openDataDir } = await import('../store/data-dir.ts');
    const offline = await openDataDir(dir, { command: 'test' });
    const ids = ['一', '二', '三'].map((text) => offline.state.queue('incident.note', { incident: 'inc-0001', text }).id);
    await offline.close();

    const received: string[] = [];
    p.on('command', (e: { id: string }) => received.push(e.id));
    const c = await consoleOn(p, { dir });
    await waitUntil(() => c.data.state.pendingCount() === 0);
    await c.caughtUp();
    expect(received.filter((id) => ids.includes(id))).toEqual(ids);
    for (const id of ids) expect(p.commandLog.get(id)).toMatchObject({ applied: 1 });
  });

  it('resends a command whose result was lost with the connection; the platform applies it once', async () => {
    const p = await platformWith();
    seed(p, 3, 0);
    const c = await consoleOn(p);
    await c.caughtUp();
    p.faults.dropBeforeResult = true;
    const cmd = c.link.queueCommand('incident.transition', { incident: 'inc-0002', to: 'verified' });
    await waitUntil(() => c.data.state.pendingCount() === 0);
    await c.caughtUp();
    expect(p.commandLog.get(cmd.id)).toMatchObject({ applied: 1 });
    expect(p.commandLog.get(cmd.id)!.received).toBeGreaterThanOrEqual(2);
    c.exportEquals(p);
  });

  it('a failed command leaves the outbox and is reported with its code', async () => {
    const p = await platformWith();
    seed(p, 1, 0);
    const c = await consoleOn(p, { token: 'demo-taker' });
    await c.caughtUp();
    const results: { ok: boolean; code: string | null }[] = [];
    c.link.on('result', (r) => results.push(r));
    c.link.queueCommand('incident.transition', { incident: 'inc-0000', to: 'closed' });
    await waitUntil(() => results.length === 1);
    expect(results[0]).toMatchObject({ ok: false, code: 'forbidden' });
    expect(c.data.state.pendingCount()).toBe(0);
  });
});

describe("Platform Link: the index backlog waits for a console's first page", () => {
  it("builds the incidents' text and spatial entries INCIDENTS_AFTER_PAGE_MS after a page drew its board with the link live", async () => {
    const p = await platformWith();
    seed(p, 30, 0);
    // The link's clock is a fake one: its indexing steps run only when the test moves it on.
    const timers = new FakeTimers(Date.now());
    const c = await consoleOn(p, { timers });
    await c.caughtUp();
    expect(c.data.cache.indexBacklog()).toBe(30);
    // A board drawn before the link was live would not count; this one is drawn with the link live, but later.
    timers.advance(5_000);
    await c.link.settled();
    expect(c.data.cache.indexBacklog()).toBe(30);
    c.link.pageShown();
    timers.advance(INCIDENTS_AFTER_PAGE_MS - 1);
    await c.link.settled();
    expect(c.data.cache.indexBacklog()).toBe(30);
    timers.advance(1_000);
    await waitUntil(() => c.data.cache.indexBacklog() === 0);
  });

  it('a board drawn while the link is not live yet does not count', async () => {
    const p = await platformWith();
    seed(p, 5, 0);
    const timers = new FakeTimers(Date.now());
    const c = await consoleOn(p, { timers, token: 'not-a-token' });
    await waitUntil(() => c.link.status().state === 'unauthorized');
    c.link.pageShown();
    await c.link.signIn('demo-chief');
    await c.caughtUp();
    timers.advance(INCIDENTS_AFTER_PAGE_MS + 1_000);
    await c.link.settled();
    expect(c.data.cache.indexBacklog()).toBe(5);
  });
});
