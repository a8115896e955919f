import { afterEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { ENTITY_KINDS, checkEntity } from '../../protocol/entities.ts';
import { canTransition } from '../commands.ts';
import { RawClient } from '../raw-client.ts';
import { startPlatform, type Platform } from '../server.ts';
import { dueAt } from '../supervision.ts';
import { buildAddressBase } from './address-base.ts';
import { CALLS_PER_DAY } from './categories.ts';
import { DistrictMap } from './district-map.ts';
import { startCity, type City, type CityOptions } from './city.ts';

/** Saturday 2026-11-28 09:30 in Xiamen: the morning peak. */
const T0 = Date.parse('2026-11-28T09:30:00+08:00');
const open: { platform: Platform; city: City }[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const { platform, city } of open.splice(0)) {
    city.stop();
    await platform.close();
  }
});

async function boot(options: CityOptions = {}) {
  const clock = new FakeTimers(T0);
  const platform = await startPlatform({ clock });
  const city = startCity(platform, {
    seed: 42,
    clock,
    mediaBase: 'http://media.test',
    filesBase: 'http://files.test',
    volunteersOnDuty: 300,
    ...options,
  });
  open.push({ platform, city });
  return { clock, platform, city };
}

describe('the living city', () => {
  it('generates only entities the console accepts (checkEntity), in the sizes of the field', async () => {
    const { clock, platform } = await boot();
    const upserts: { kind: string; data: unknown }[] = [];
    platform.on('change', ({ change }) => change.op === 'upsert' && upserts.push(change));
    clock.advance(10 * 60_000);
    for (const kind of ENTITY_KINDS) {
      for (const data of platform.exportState(kind)) {
        const checked = checkEntity(kind, data);
        expect(checked.ok ? 'ok' : checked.reason).toBe('ok');
      }
    }
    expect(upserts.length).toBeGreaterThan(0);
    for (const c of upserts) expect(checkEntity(c.kind as never, c.data).ok).toBe(true);
    expect(platform.log.count('camera')).toBeGreaterThanOrEqual(3000);
    expect(platform.log.count('department')).toBe(73);
    expect(platform.log.count('volunteer')).toBe(10_000);
    expect(platform.log.count('road')).toBeGreaterThanOrEqual(15);
    const cam = platform.exportState('camera')[0]!;
    expect(cam.streams).toEqual({ main: `http://media.test/hls/${cam.id}/main.m3u8`, sub: `http://media.test/hls/${cam.id}/sub.m3u8` });
    for (const v of platform.exportState('volunteer').slice(0, 50)) expect(v.name).toMatch(/^\p{Script=Han}\*{1,2}$/u);
  });

  it('serves volunteer photos as real PNGs at filesBase/files/ID', async () => {
    const { platform } = await boot();
    const reports = platform.exportState('incident').filter((i) => i.source === 'volunteer');
    expect(reports.length).toBeGreaterThan(0);
    const urls = new Set<string>();
    for (const r of reports) {
      const a = (r.attachments as { id: string; url: string; mime: string }[])[0]!;
      expect(a.url).toBe(`http://files.test/files/${a.id}`);
      const file = platform.attachments.get(a.id)!;
      expect(file.mime).toBe('image/png');
      expect(file.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(file.bytes.length).toBeLessThan(16_000);
      urls.add(file.bytes.toString('base64'));
    }
    expect(urls.size).toBe(reports.length); // a different photo per report
  });

  it('holds yesterday’s calls too, moments after the start, so the hourly chart has its yesterday line', async () => {
    const { clock, platform, city } = await boot(); // the demo's default: today since midnight, and yesterday's calls
    clock.advance(3_000); // with no console linked, the background begins after a few seconds
    await city.historyLoaded;
    const calls = platform.exportState('call');
    const yesterday = calls.filter((c) => (c.received_at as string).startsWith('2026-11-27'));
    const perDay = Object.values(CALLS_PER_DAY).reduce((a, b) => a + b, 0);
    expect(yesterday.length).toBeGreaterThan(perDay * 0.8);
    expect(yesterday.length).toBeLessThan(perDay * 1.2);
    const answeredHours = new Set(yesterday.filter((c) => c.answered_at).map((c) => (c.answered_at as string).slice(0, 13)));
    expect(answeredHours.size).toBeGreaterThanOrEqual(23);
    for (const c of yesterday) expect(checkEntity('call', c)).toMatchObject({ ok: true });
    // Today is unchanged in kind: calls since midnight, some filed as incidents.
    expect(calls.some((c) => (c.received_at as string).startsWith('2026-11-28') && c.incident)).toBe(true);
  });

  it('publishes its address base, its units’ stations and where its callers are (v1.1)', async () => {
    const { clock, platform } = await boot({ historyHours: 3 });
    clock.advance(10 * 60_000);
    const map = new DistrictMap();
    const places = platform.exportState('place');
    expect(places).toHaveLength(buildAddressBase(map).places.length);
    expect(places.find((p) => p.name === '厦门站')).toMatchObject({
      kind: 'poi',
      district: '350203',
      aliases: expect.arrayContaining(['火车站']),
    });
    for (const d of platform.exportState('department')) {
      expect(map.districtAt([d.lat as number, d.lng as number]), d.name as string).toBe(d.district ?? '350203');
    }
    const calls = platform.exportState('call');
    const incidents = new Map(platform.exportState('incident').map((i) => [i.id as string, i]));
    for (const c of calls) expect(c.district, c.id as string).toMatch(/^3502\d\d$/);
    // A call filed as an incident is where its incident is.
    const filed = calls.filter((c) => c.incident && incidents.has(c.incident as string));
    expect(filed.length).toBeGreaterThan(20);
    for (const c of filed) expect(c.district, c.id as string).toBe(incidents.get(c.incident as string)!.district);
    // The city's incidents keep the platform's supervision deadlines, as a console's do.
    for (const i of incidents.values()) expect(i.due_at, i.id as string).toBe(dueAt(i.priority as 1 | 2 | 3 | 4, i.reported_at as string));
  });

  it('is the same city for the same seed after the same simulated time', async () => {
    const a = await boot({ historyHours: 4 });
    const b = await boot({ historyHours: 4 });
    a.clock.advance(5 * 60_000);
    b.clock.advance(5 * 60_000);
    for (const kind of ENTITY_KINDS) expect(a.platform.exportState(kind), kind).toEqual(b.platform.exportState(kind));
    expect(a.city.stats()).toEqual(b.city.stats());
    const c = await boot({ historyHours: 4, seed: 43 });
    c.clock.advance(5 * 60_000);
    expect(c.platform.exportState('incident')).not.toEqual(a.platform.exportState('incident'));
  });

  it('moves incidents only along transitions §8 allows, by itself', async () => {
    const { clock, platform } = await boot({ historyHours: 24 });
    const last = new Map<string, string>();
    for (const i of platform.exportState('incident')) last.set(i.id as string, i.status as string);
    const seen: string[] = [];
    platform.on('change', ({ change }) => {
      if (change.op !== 'upsert' || change.kind !== 'incident') return;
      const d = change.data as { id: string; status: string };
      const before = last.get(d.id);
      if (before !== undefined && before !== d.status) {
        seen.push(`${before}→${d.status}`);
        expect(canTransition(before, d.status), `${d.id}: ${before} → ${d.status}`).toBe(true);
      }
      if (before === undefined) expect(d.status).toBe('new');
      last.set(d.id, d.status);
    });
    clock.advance(60 * 60_000);
    expect(new Set(seen).size).toBeGreaterThanOrEqual(5);
    // The history's steps too, from the events that record them.
    for (const ev of platform.exportState('incident_event')) {
      const data = ev.data as { from?: string; to?: string } | undefined;
      if (ev.kind === 'status') expect(canTransition(data!.from!, data!.to!), `${data!.from} → ${data!.to}`).toBe(true);
      if (ev.kind === 'dispatch') expect(['new', 'verified', 'resolved', 'dispatched']).toContain(data!.from);
      if (ev.kind === 'merge') expect(['new', 'verified']).toContain(data!.from);
    }
    const kinds = new Set(platform.exportState('incident_event').map((e) => e.kind));
    for (const k of ['created', 'status', 'dispatch', 'escalate', 'merge', 'attach', 'note', 'followup'])
      expect(kinds.has(k), k).toBe(true);
  });

  it('sends volunteer positions in batches, each volunteer every 2–10 s', async () => {
    const { clock, platform, city } = await boot();
    const batches: { id: string; lat: number; lng: number; state: string }[][] = [];
    platform.publishPositions = (items) => void batches.push(items as never);
    clock.advance(60_000);
    const items = batches.flat();
    const rate = items.length / 60;
    expect(rate).toBeGreaterThan(300 / 10);
    expect(rate).toBeLessThan(300 / 2);
    expect(batches.length).toBeGreaterThan(100); // per tick, not per volunteer
    expect(new Set(items.map((p) => p.id)).size).toBe(300);
    expect(city.stats().positions).toBe(items.length);
  });

  it('answers a console dispatch: departments accept, arrive and resolve; the close stays with the duty chief', async () => {
    const { clock, platform } = await boot({ historyHours: 1, volunteersOnDuty: 0 });
    const c = await RawClient.connect(platform.url);
    clients.push(c);
    c.hello('demo-taker', null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });
    c.command('d1', 'incident.create', {
      id: 'inc-console-1',
      source: '110',
      category: 'criminal.theft',
      priority: 2,
      title: '电动车被盗',
      district: '350206',
    });
    await c.waitFor((f) => f.t === 'result' && f.id === 'd1');
    c.command('d2', 'incident.dispatch', { incident: 'inc-console-1', departments: ['dept-huli-police'] });
    await c.waitFor((f) => f.t === 'result' && f.id === 'd2');
    clock.advance(4 * 60 * 60_000);
    expect(platform.log.get('incident', 'inc-console-1')!.data.status).toBe('resolved');
  });
});
