import { afterEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { ENTITY_KINDS } from '../../protocol/entities.ts';
import { RawClient } from '../raw-client.ts';
import { startPlatform, type Platform } from '../server.ts';
import { archiveDay } from './archive.ts';
import { ARCHIVE_SETTLE_MS, archiveDays } from './archive-delivery.ts';
import { startCity, type City } from './city.ts';

/** The running demo's archive (issue 14): the weeks before today, delivered after today's history as ordinary changes. */

const TZ = 'Asia/Shanghai';
const MIDNIGHT = Date.parse('2026-11-28T00:00:00+08:00');
const open: { platform: Platform; city: City }[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const { platform, city } of open.splice(0)) {
    city.stop();
    await platform.close();
  }
});

/** Lets real sockets move between steps of the fake clock; acks what `client` received (as a console does). */
async function drive(clock: FakeTimers, until: () => boolean, client: RawClient): Promise<void> {
  let acked = 0;
  let seen = 0;
  for (let step = 0; step < 40_000 && !until(); step++) {
    clock.advance(20);
    for (; seen < client.frames.length; seen++) {
      const frame = client.frames[seen]!;
      if (frame.t === 'changes') for (const item of frame.items as { seq: number }[]) acked = Math.max(acked, item.seq);
    }
    if (acked) client.ack(acked);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(until()).toBe(true);
}

describe('the archive in the running demo', () => {
  it('the days before today, days in order newest first; yesterday in place of its calls, older days after today; a console ends with them', async () => {
    const start = Date.parse('2026-11-28T04:30:00+08:00');
    const clock = new FakeTimers(start);
    const platform = await startPlatform({ clock });
    const city = startCity(platform, { seed: 5, clock, mediaBase: 'http://media.test', volunteersOnDuty: 50, archiveDays: 2 });
    open.push({ platform, city });
    expect(archiveDays(MIDNIGHT, 2, TZ)).toEqual([MIDNIGHT - 86_400_000, MIDNIGHT - 2 * 86_400_000]);
    expect(city.stats().archive).toEqual({ days: 2, delivered: 0 });

    const client = await RawClient.connect(platform.url);
    clients.push(client);
    client.hello('demo-chief', null, { topics: ENTITY_KINDS });
    const last = await client.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });
    client.ack(last.as_of as number);
    // The snapshot held none of it: the first live board does not wait for the archive.
    expect(JSON.stringify(client.frames.filter((f) => f.t === 'snapshot'))).not.toContain('arc-');

    let archivedAtDayLoaded = -1;
    void city.historyLoaded.then(() => (archivedAtDayLoaded = city.stats().archive.delivered));
    await drive(clock, () => city.stats().archive.delivered === 2, client);
    await drive(clock, () => client.changeItems().at(-1)?.seq === platform.head, client);
    await city.archiveLoaded;

    const changes = client.changeItems() as unknown as {
      seq: number;
      op: string;
      kind: string;
      data: { id: string; received_at?: string };
    }[];
    const seqOf = (day: string) => changes.filter((c) => c.data.id.startsWith(`arc-`) && c.data.id.includes(`-${day}-`)).map((c) => c.seq);
    const yesterday = seqOf('20261127');
    const before = seqOf('20261126');
    const todayEarlier = changes
      .filter((c) => c.kind === 'call' && !c.data.id.startsWith('arc-') && Date.parse(c.data.received_at!) < start - 3_600_000)
      .map((c) => c.seq);
    expect(yesterday.length).toBeGreaterThan(4_000);
    expect(todayEarlier.length).toBeGreaterThan(100);
    // Yesterday (calls and incidents) before today's earlier hours, the day before after them; each day once.
    expect(Math.max(...yesterday)).toBeLessThan(Math.min(...todayEarlier));
    expect(Math.max(...todayEarlier)).toBeLessThan(Math.min(...before));
    // The day's history is loaded (`history: loaded`) before the older archive days are all in.
    expect(archivedAtDayLoaded).toBe(1);
    // No other calls of yesterday: the archive's are yesterday's.
    expect(
      platform.exportState('call').filter((c) => Date.parse(c.received_at as string) < MIDNIGHT && !String(c.id).startsWith('arc-')),
    ).toEqual([]);

    // The console's cache (snapshot + changes) ends with the platform's state, which holds exactly the two archive days.
    const held = new Map<string, unknown>();
    for (const f of client.frames.filter((x) => x.t === 'snapshot'))
      for (const item of f.items as { kind: string; data: { id: string } }[]) held.set(`${item.kind}/${item.data.id}`, item.data);
    for (const c of changes) if (c.op === 'upsert') held.set(`${c.kind}/${c.data.id}`, c.data);
    for (const kind of ['call', 'incident'] as const) {
      const state = platform.exportState(kind);
      expect(state.length).toBe([...held.keys()].filter((k) => k.startsWith(`${kind}/`)).length);
      for (const data of state) expect(held.get(`${kind}/${data.id as string}`)).toEqual(data);
    }
    for (const dayStart of archiveDays(MIDNIGHT, 2, TZ)) {
      const day = archiveDay({ seed: 5, dayStart, tz: TZ });
      for (const c of day.calls) expect(platform.log.get('call', c.id)?.data).toEqual(c);
      for (const i of day.incidents) expect(platform.log.get('incident', i.id)?.data).toEqual(i);
    }
    expect(client.frames.some((f) => f.t === 'reset' || f.t === 'error')).toBe(false);
  }, 120_000);
  it('the older days begin only once the first console has followed for a while: its first page is live before they come', async () => {
    // Half past midnight: nothing of today before the live hour; yesterday then the day before.
    const start = Date.parse('2026-11-28T00:30:00+08:00');
    const clock = new FakeTimers(start);
    const platform = await startPlatform({ clock });
    const city = startCity(platform, { seed: 6, clock, mediaBase: 'http://media.test', volunteersOnDuty: 50, archiveDays: 2 });
    open.push({ platform, city });
    const older = `-${new Date(MIDNIGHT - 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')}-`;
    let olderAt: number | null = null;
    let yesterdayDoneAt: number | null = null;
    platform.log.onAppend((entry) => {
      const id = entry.change.op === 'upsert' ? String((entry.change.data as { id?: unknown }).id) : entry.change.id;
      if (olderAt === null && id.startsWith('arc-') && id.includes(older)) olderAt = clock.now();
    });
    void city.historyLoaded.then(() => (yesterdayDoneAt = clock.now()));

    const client = await RawClient.connect(platform.url);
    clients.push(client);
    client.hello('demo-chief', null, { topics: ENTITY_KINDS });
    const last = await client.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });
    client.ack(last.as_of as number);
    const followedAt = clock.now();
    await drive(clock, () => city.stats().archive.delivered === 2, client);

    // Yesterday in its turn, right after the snapshot; the day before not until the console had followed ARCHIVE_SETTLE_MS.
    expect(yesterdayDoneAt! - followedAt).toBeLessThan(ARCHIVE_SETTLE_MS / 2);
    expect(olderAt! - followedAt).toBeGreaterThanOrEqual(ARCHIVE_SETTLE_MS);
    expect(olderAt! - followedAt).toBeLessThan(ARCHIVE_SETTLE_MS + 1_000);
  }, 120_000);
});
