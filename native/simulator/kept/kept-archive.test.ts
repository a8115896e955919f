import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { archiveDay } from '../city/archive.ts';
import { ARCHIVE_SETTLE_MS, archiveDays } from '../city/archive-delivery.ts';
import { startDemoPlatform, type DemoPlatform } from '../demo.ts';
import { RawClient } from '../raw-client.ts';
import { keptFile } from './index.ts';

// A kept demo city's archive (issue 14): its days are made again from the
// seed at a restart, not read from the file; none is lost, none sent twice.

const TZ = 'Asia/Shanghai';
const T0 = Date.parse('2026-11-28T03:00:00+08:00');
const MIDNIGHT = Date.parse('2026-11-28T00:00:00+08:00');
const DAYS = archiveDays(MIDNIGHT, 2, TZ);
const stamp = (day: number) => new Date(day + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

const demos: DemoPlatform[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const d of demos.splice(0)) await d.close();
});

async function demo(dir: string, clock: FakeTimers): Promise<DemoPlatform> {
  const d = await startDemoPlatform({
    clock,
    stateDir: dir,
    seed: 4,
    mediaBase: 'http://media.test',
    volunteersOnDuty: 50,
    archiveDays: 2,
  });
  demos.push(d);
  return d;
}

async function run(clock: FakeTimers, until: () => boolean): Promise<void> {
  for (let step = 0; step < 40_000 && !until(); step++) {
    clock.advance(20);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(until()).toBe(true);
}

const archived = (d: DemoPlatform) =>
  new Set(
    (['call', 'incident'] as const).flatMap((kind) =>
      d.platform
        .exportState(kind)
        .map((e) => String(e.id))
        .filter((id) => id.startsWith('arc-')),
    ),
  );

describe('a kept city with an archive', { timeout: 180_000 }, () => {
  it('is kept without its archive entities; a restart neither loses nor re-delivers a day, and a snapshot holds them', async () => {
    const dir = tempDir('kept-archive');
    const clock = new FakeTimers(T0);
    const first = await demo(dir, clock);
    // Until the older day has begun: yesterday whole, the day before in part.
    await run(clock, () => first.platform.log.get('incident', `arc-inc-${stamp(DAYS[1]!)}-00-0001`) !== undefined);
    const delivered = archived(first);
    expect(delivered.size).toBeGreaterThan(5_000);
    demos.splice(demos.indexOf(first), 1);
    await first.close();

    // The file's entity lines hold none of it (its log tail may: those are changes a console may still replay).
    const lines = readFileSync(keptFile(dir), 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!) as { lines: { log: number } };
    const entityLines = lines.slice(1 + header.lines.log).join('\n');
    expect(entityLines).not.toContain('"arc-');

    clock.advance(30_000);
    const second = await demo(dir, clock);
    // Not made again at the start (ArchiveRestore), but before a snapshot is answered: a console asking for one
    // makes it begin, and every entity delivered is in the state, as it was, and in the snapshot.
    expect(archived(second).size).toBe(0);
    const client = await RawClient.connect(second.platform.url);
    clients.push(client);
    client.hello('demo-chief', null, { topics: ['call', 'incident'] });
    await client.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });
    const restored = archived(second);
    expect([...delivered].filter((id) => !restored.has(id))).toEqual([]);
    const inSnapshot = new Set(
      client.frames.filter((f) => f.t === 'snapshot').flatMap((f) => (f.items as { data: { id: string } }[]).map((i) => i.data.id)),
    );
    expect([...delivered].filter((id) => !inSnapshot.has(id))).toEqual([]);
    await client.close();

    // The rest comes as changes, and nothing delivered before comes again.
    const sentAgain: string[] = [];
    second.platform.log.onAppend(({ change }) => {
      const id = change.op === 'upsert' ? String((change.data as { id?: unknown }).id) : change.id;
      if (delivered.has(id)) sentAgain.push(id);
    });
    await run(clock, () => second.city.stats().archive.delivered === 2);
    expect(sentAgain).toEqual([]);
    for (const dayStart of DAYS) {
      const day = archiveDay({ seed: 4, dayStart, tz: TZ });
      for (const c of day.calls) expect(second.platform.log.get('call', c.id)?.data).toEqual(c);
      for (const i of day.incidents) expect(second.platform.log.get('incident', i.id)?.data).toEqual(i);
    }
  });
  it('is made again only once the console resuming by replay has followed for a while; it is answered, commands too, meanwhile', async () => {
    const dir = tempDir('kept-archive-later');
    const clock = new FakeTimers(T0);
    const first = await demo(dir, clock);
    await run(clock, () => first.city.stats().archive.delivered === 1);
    const delivered = archived(first);
    expect(delivered.size).toBeGreaterThan(5_000);
    const head = first.platform.head;
    demos.splice(demos.indexOf(first), 1);
    await first.close();

    clock.advance(30_000);
    const second = await demo(dir, clock);
    const client = await RawClient.connect(second.platform.url);
    clients.push(client);
    client.hello('demo-chief', head, { topics: ['call', 'incident'] });
    const welcome = await client.waitForType('welcome', { timeoutMs: 20_000 });
    expect(welcome.resume).toBe('replay');
    const followedAt = clock.now();
    // A command is answered while the archive waits.
    client.command('cmd-while-waiting', 'incident.note', { incident: 'inc-none', text: 'x' });
    await client.waitFor((f) => f.t === 'result' && f.id === 'cmd-while-waiting', { timeoutMs: 20_000 });
    expect(archived(second).size).toBe(0);

    let madeAt: number | null = null;
    await run(clock, () => {
      if (madeAt === null && archived(second).size > 0) madeAt = clock.now();
      return [...delivered].every((id) => second.platform.log.get(id.startsWith('arc-inc-') ? 'incident' : 'call', id));
    });
    expect(madeAt! - followedAt).toBeGreaterThanOrEqual(ARCHIVE_SETTLE_MS);
    expect(madeAt! - followedAt).toBeLessThan(ARCHIVE_SETTLE_MS + 1_000);
  });
  it("the hours the earlier run had not made wait, like its archive, until the console resuming by replay has followed for a while", async () => {
    const dir = tempDir('kept-history-later');
    const clock = new FakeTimers(T0);
    // Closed at once: none of today's earlier hours made (the history waits for a console, or 3 s).
    const first = await demo(dir, clock);
    const head = first.platform.head;
    demos.splice(demos.indexOf(first), 1);
    await first.close();

    clock.advance(30_000);
    const second = await demo(dir, clock);
    let earlierAt: number | null = null;
    second.platform.log.onAppend(({ change }) => {
      if (earlierAt !== null || change.op !== 'upsert' || change.kind !== 'call') return;
      const call = change.data as { id: string; received_at: string };
      if (!call.id.startsWith('arc-') && Date.parse(call.received_at) < T0 - 3_600_000) earlierAt = clock.now();
    });
    const client = await RawClient.connect(second.platform.url);
    clients.push(client);
    client.hello('demo-chief', head, { topics: ['call', 'incident'] });
    expect((await client.waitForType('welcome', { timeoutMs: 20_000 })).resume).toBe('replay');
    const followedAt = clock.now();
    await run(clock, () => {
      // Acked as a console does (the history waits for a console that lags).
      const last = client.changeItems().at(-1)?.seq;
      if (typeof last === 'number') client.ack(last);
      return earlierAt !== null;
    });
    expect(earlierAt! - followedAt).toBeGreaterThanOrEqual(ARCHIVE_SETTLE_MS);
  });
});
