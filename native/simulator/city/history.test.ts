import { afterEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { ENTITY_KINDS, checkEntity } from '../../protocol/entities.ts';
import { RawClient } from '../raw-client.ts';
import { startPlatform, type Platform } from '../server.ts';
import { CALLS_PER_DAY } from './categories.ts';
import { startCity, type City, type CityOptions } from './city.ts';

/**
 * The demo city's start: only its last hour is simulated before it serves,
 * whatever the hour; the rest of the day and yesterday's calls follow in the
 * background as ordinary changes.
 */

const HOUR = 3_600_000;
const PER_DAY = Object.values(CALLS_PER_DAY).reduce((a, b) => a + b, 0);
const open: { platform: Platform; city: City }[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const { platform, city } of open.splice(0)) {
    city.stop();
    await platform.close();
  }
});

/** The city at `time` on 28 November 2026 in Xiamen, with the demo's defaults (no historyHours). */
async function boot(time: string, options: CityOptions = {}) {
  const start = Date.parse(`2026-11-28T${time}:00+08:00`);
  const clock = new FakeTimers(start);
  const platform = await startPlatform({ clock });
  const city = startCity(platform, {
    seed: 7,
    clock,
    mediaBase: 'http://media.test',
    filesBase: 'http://files.test',
    volunteersOnDuty: 100,
    ...options,
  });
  open.push({ platform, city });
  return { start, clock, platform, city };
}

const ms = (time: unknown) => Date.parse(time as string);

/** Lets real sockets move between steps of the fake clock; acks what `client` received (as a console does). */
async function drive(clock: FakeTimers, until: () => boolean, client?: RawClient): Promise<void> {
  let acked = 0;
  let seen = 0;
  for (let step = 0; step < 20_000 && !until(); step++) {
    clock.advance(20);
    if (client) {
      for (; seen < client.frames.length; seen++) {
        const frame = client.frames[seen]!;
        if (frame.t === 'changes') for (const item of frame.items as { seq: number }[]) acked = Math.max(acked, item.seq);
      }
      if (acked) client.ack(acked);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(until()).toBe(true);
}

describe('the demo city’s start', () => {
  it.each(['00:05', '09:00', '23:55'])('at %s serves with only its last hour simulated; the day since midnight follows', async (time) => {
    const { start, clock, platform, city } = await boot(time);
    const midnight = Date.parse('2026-11-28T00:00:00+08:00');

    // Before anything more runs: nothing older than an hour, so start-up costs the same at any hour.
    expect(city.stats().historyComplete).toBe(false);
    expect(city.stats().historyFrom).toBe(Math.min(midnight, start - HOUR));
    const first = { calls: platform.exportState('call'), incidents: platform.exportState('incident') };
    expect(first.calls.length).toBeGreaterThan(0);
    for (const c of first.calls) expect(ms(c.received_at)).toBeGreaterThanOrEqual(start - HOUR - 1_000);
    for (const i of first.incidents) expect(ms(i.reported_at)).toBeGreaterThanOrEqual(start - HOUR - 1_000);
    expect(platform.log.count('camera')).toBeGreaterThanOrEqual(3000);
    expect(platform.log.count('volunteer')).toBe(10_000);

    clock.advance(3_000); // with no console linked, the background begins after a few seconds
    await city.historyLoaded;
    expect(city.stats().historyComplete).toBe(true);

    const calls = platform.exportState('call');
    const yesterday = calls.filter((c) => ms(c.received_at) < midnight);
    expect(yesterday.length).toBeGreaterThan(PER_DAY * 0.8);
    expect(yesterday.length).toBeLessThan(PER_DAY * 1.25);
    expect(new Set(yesterday.map((c) => (c.received_at as string).slice(11, 13))).size).toBe(24);
    expect(Math.min(...yesterday.map((c) => ms(c.received_at)))).toBeGreaterThanOrEqual(midnight - 24 * HOUR);

    // Today from midnight on, every hour of it, and incidents of the earlier hours with their lifecycle.
    const today = calls.filter((c) => ms(c.received_at) >= midnight);
    const hoursSoFar = Math.floor((start - midnight) / HOUR);
    expect(new Set(today.map((c) => (c.received_at as string).slice(11, 13))).size).toBeGreaterThanOrEqual(hoursSoFar);
    if (hoursSoFar >= 2) {
      const earlier = platform.exportState('incident').filter((i) => ms(i.reported_at) >= midnight && ms(i.reported_at) < start - HOUR);
      expect(earlier.length).toBeGreaterThan(0);
      expect(earlier.some((i) => i.status === 'closed')).toBe(true);
      const events = new Set(platform.exportState('incident_event').map((e) => e.incident));
      for (const i of earlier) expect(events.has(i.id), i.id as string).toBe(true);
    }
    for (const kind of ['call', 'incident', 'incident_event'] as const) {
      for (const data of platform.exportState(kind)) expect(checkEntity(kind, data)).toMatchObject({ ok: true });
    }
  });

  it('hands the earlier hours to a linked console as changes: it stays linked and ends with exactly the platform’s state', async () => {
    const { clock, platform, city } = await boot('23:55');
    const client = await RawClient.connect(platform.url);
    clients.push(client);
    client.hello('demo-chief', null, { topics: ENTITY_KINDS }); // every kind, places (v1.1) too
    const last = await client.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });
    client.ack(last.as_of as number); // committed (spec §3): the console follows the changes from here

    await drive(clock, () => city.stats().historyComplete, client);
    await drive(clock, () => client.changeItems().at(-1)?.seq === platform.head, client);

    const held = new Map<string, Record<string, unknown>>();
    for (const f of client.frames.filter((x) => x.t === 'snapshot')) {
      for (const item of f.items as { kind: string; data: { id: string } }[]) held.set(`${item.kind}/${item.data.id}`, item.data);
    }
    const fromHistory = client.changeItems().length;
    for (const c of client.changeItems() as unknown as { op: string; kind: string; data: { id: string } }[]) {
      if (c.op === 'upsert') held.set(`${c.kind}/${c.data.id}`, c.data);
    }
    // The day was there only partly when the snapshot was taken; the rest came as changes.
    expect(fromHistory).toBeGreaterThan(PER_DAY);
    for (const kind of ENTITY_KINDS) {
      const platformState = platform.exportState(kind);
      const consoleState = [...held].filter(([key]) => key.startsWith(`${kind}/`)).map(([, data]) => data);
      expect(consoleState.length, kind).toBe(platformState.length);
      for (const data of platformState) expect(held.get(`${kind}/${data.id as string}`), `${kind} ${data.id as string}`).toEqual(data);
    }
    expect(client.isClosed).toBe(false);
    expect(client.frames.some((f) => f.t === 'reset' || f.t === 'error')).toBe(false);
  });

  it('waits while a console is still taking its snapshot: its first live board comes before the rest of the day', async () => {
    const { start, clock, platform, city } = await boot('16:00');
    const client = await RawClient.connect(platform.url);
    clients.push(client);
    client.hello('demo-chief', null);
    const last = await client.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });
    const olderThanAnHour = () => platform.exportState('call').filter((c) => ms(c.received_at) < start - HOUR).length;

    // Sent but not yet committed (no ack of as_of): five seconds on, nothing of the earlier hours has come.
    for (let step = 0; step < 250; step++) {
      clock.advance(20);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(olderThanAnHour()).toBe(0);
    expect(city.stats().historyComplete).toBe(false);

    client.ack(last.as_of as number);
    await drive(clock, () => city.stats().historyComplete, client);
    expect(olderThanAnHour()).toBeGreaterThan(PER_DAY);
  });

  it('is the same day for the same seed, earlier hours included', async () => {
    const a = await boot('16:00');
    const b = await boot('16:00');
    for (const { clock } of [a, b]) clock.advance(5 * 60_000);
    await Promise.all([a.city.historyLoaded, b.city.historyLoaded]);
    for (const kind of ENTITY_KINDS) expect(a.platform.exportState(kind), kind).toEqual(b.platform.exportState(kind));
    expect(a.city.stats()).toEqual(b.city.stats());
  });
});
