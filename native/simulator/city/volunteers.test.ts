import { afterEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { checkEntity } from '../../protocol/entities.ts';
import { RawClient } from '../raw-client.ts';
import { startPlatform, type Platform } from '../server.ts';
import { startCity, type City } from './city.ts';
import type { VolunteerAnswers } from './volunteers.ts';

/**
 * The offer loop of spec §7 (v1.1) as the demo city plays it: every offer
 * ends exactly once — `accept` or `expire` — and refusals before the end are
 * `decline`s, each naming its offer. The clock is a FakeTimers: time moves
 * only when the test says, so an expiry two minutes out takes no time.
 */

/** Saturday 2026-11-28 09:30 in Xiamen. */
const T0 = Date.parse('2026-11-28T09:30:00+08:00');

const OFFER_KINDS = new Set(['offer', 'accept', 'decline', 'expire']);
type Event = Record<string, unknown> & { id: string; incident: string; kind: string; at: string; data: Record<string, unknown> };

const open: { platform: Platform; city: City; client: RawClient }[] = [];

afterEach(async () => {
  for (const { platform, city, client } of open.splice(0)) {
    await client.close();
    city.stop();
    await platform.close();
  }
});

async function boot(volunteersOnDuty = 30, volunteerAnswers?: VolunteerAnswers) {
  const clock = new FakeTimers(T0);
  const platform = await startPlatform({ clock });
  const city = startCity(platform, {
    seed: 7,
    clock,
    historyHours: 1,
    volunteersOnDuty,
    ...(volunteerAnswers ? { volunteerAnswers } : {}),
    mediaBase: 'http://media.test',
    filesBase: 'http://files.test',
  });
  const client = await RawClient.connect(platform.url);
  open.push({ platform, city, client });
  client.hello('demo-taker', null);
  await client.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });

  let n = 0;
  const send = async (name: string, args: unknown) => {
    const id = `cmd-${++n}`;
    const from = client.frames.length;
    client.command(id, name, args);
    const result = await client.waitFor((f) => f.t === 'result' && f.id === id, { from });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
  };
  /** The offer loop's events of `incident`, oldest first. */
  const events = (incident: string) =>
    (platform.exportState('incident_event') as Event[]).filter((e) => e.incident === incident && OFFER_KINDS.has(e.kind));

  /** A new incident at `where`; its id. */
  const create = async (title: string, where: readonly [number, number]): Promise<string> => {
    await send('incident.create', { source: '110', category: 'rescue.medical', priority: 2, title, lat: where[0], lng: where[1] });
    return (platform.exportState('incident') as { id: string; title: string }[]).find((i) => i.title === title)!.id;
  };
  /** Offers `incident` to `volunteers`; the `offer` event it wrote. */
  const offer = async (incident: string, volunteers: string[], expiresInS = 120): Promise<Event> => {
    await send('incident.offer', { incident, volunteers, expires_in_s: expiresInS });
    return events(incident)
      .filter((e) => e.kind === 'offer')
      .at(-1)!;
  };
  return { clock, platform, city, create, offer, events };
}

/** What became of each offer: its events after it, grouped by the offer they name. */
function outcomes(events: Event[]): Map<string, Event[]> {
  const byOffer = new Map<string, Event[]>();
  for (const e of events) {
    if (e.kind === 'offer') byOffer.set(e.id, []);
    else byOffer.get(e.data.offer as string)?.push(e);
  }
  return byOffer;
}

describe('volunteer offers in the demo city', () => {
  it('most offers to a free volunteer standing at the incident are taken within seconds; accept names its offer; none also expires', async () => {
    const { clock, platform, city, create, offer, events } = await boot();
    const volunteers = city.volunteers.onDutyIds().slice(0, 16);
    const incidents: string[] = [];
    const offers = new Map<string, Event>();
    for (const [k, vol] of volunteers.entries()) {
      const id = await create(`老人摔倒求助 ${k}`, city.volunteers.position(vol)!);
      incidents.push(id);
      offers.set(id, await offer(id, [vol]));
    }
    clock.advance(5 * 60_000); // well past every offer's expiry (120 s)

    let taken = 0;
    for (const [k, id] of incidents.entries()) {
      const offerEvent = offers.get(id)!;
      const after = outcomes(events(id)).get(offerEvent.id)!;
      const ends = after.filter((e) => e.kind === 'accept' || e.kind === 'expire');
      expect(ends, `incident ${id}: ${JSON.stringify(after)}`).toHaveLength(1); // exactly one ending, never both
      const [end] = ends;
      for (const e of after) expect(checkEntity('incident_event', e).ok).toBe(true);
      if (end!.kind === 'accept') {
        taken += 1;
        expect(end!.data).toEqual({ volunteer: volunteers[k], offer: offerEvent.id });
        expect(Date.parse(end!.at)).toBeLessThan(Date.parse(offerEvent.data.expires_at as string));
        expect(Date.parse(end!.at) - Date.parse(offerEvent.at)).toBeLessThan(60_000);
        expect(platform.log.get('incident', id)!.data.volunteers).toEqual([volunteers[k]]);
      } else {
        expect(end!.at).toBe(offerEvent.data.expires_at);
      }
    }
    // 80% each: fewer than 8 of 16 would take about one seed in a thousand.
    expect(taken).toBeGreaterThanOrEqual(8);
    expect(city.stats().accepted).toBe(taken);
  });

  it('an offer nobody answers (off duty) ends in one expire event at expires_at', async () => {
    const { clock, city, create, offer, events } = await boot();
    const onDuty = new Set(city.volunteers.onDutyIds());
    const offDuty = city.volunteers.registry
      .map((v) => v.id)
      .filter((id) => !onDuty.has(id))
      .slice(0, 3);
    const id = await create('井盖缺失', [24.4798, 118.0894]);
    const offerEvent = await offer(id, offDuty, 45);
    expect(offerEvent.data).toMatchObject({ volunteers: offDuty });
    expect(Date.parse(offerEvent.data.expires_at as string) - Date.parse(offerEvent.at)).toBe(45_000);
    expect(offerEvent.data.expires_at).toMatch(/\+08:00$/);

    clock.advance(44_000);
    expect(events(id).map((e) => e.kind)).toEqual(['offer']);
    clock.advance(60 * 60_000);
    const expired = events(id).filter((e) => e.kind !== 'offer');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ kind: 'expire', at: offerEvent.data.expires_at, data: { offer: offerEvent.id } });
    expect(city.stats().expired).toBe(1);
  });

  it('a volunteer on a task declines a new offer, recorded with its offer while it is open; the offer then expires', async () => {
    const { clock, city, create, offer, events } = await boot();
    // Put one volunteer on a task: offer them incidents where they stand until one is taken.
    let busy: string | null = null;
    for (const vol of city.volunteers.onDutyIds()) {
      const id = await create(`占道经营 ${vol}`, city.volunteers.position(vol)!);
      await offer(id, [vol]);
      clock.advance(90_000);
      if (events(id).some((e) => e.kind === 'accept')) {
        busy = vol;
        break;
      }
    }
    expect(busy, 'nobody took an offer where they stood').not.toBeNull();

    const id = await create('道路积水', city.volunteers.position(busy!)!);
    const offerEvent = await offer(id, [busy!], 120);
    clock.advance(10 * 60_000);
    const after = events(id).filter((e) => e.kind !== 'offer');
    expect(after.map((e) => e.kind)).toEqual(['decline', 'expire']);
    expect(after[0]!.data).toEqual({ volunteer: busy, offer: offerEvent.id });
    expect(Date.parse(after[0]!.at)).toBeLessThan(Date.parse(offerEvent.data.expires_at as string));
    expect(after[1]).toMatchObject({ at: offerEvent.data.expires_at, data: { offer: offerEvent.id } });
    expect(city.stats().declined).toBeGreaterThanOrEqual(1);
  });

  it('offered to several, the first acceptance takes it: later ones write nothing, and a refusal after it is not recorded', async () => {
    const { clock, platform, city, create, offer, events } = await boot(60);
    const ids = city.volunteers.onDutyIds();
    const id = await create('走失老人', city.volunteers.position(ids[0]!)!);
    const offerEvent = await offer(id, ids.slice(0, 20), 300);
    clock.advance(10 * 60_000);
    const after = events(id).filter((e) => e.kind !== 'offer');
    const ends = after.filter((e) => e.kind === 'accept' || e.kind === 'expire');
    expect(ends).toHaveLength(1);
    // Whatever the ending, every decline came before it and names this offer.
    const endAt = Date.parse(ends[0]!.at);
    for (const e of after.filter((x) => x.kind === 'decline')) {
      expect(Date.parse(e.at)).toBeLessThanOrEqual(endAt);
      expect(e.data.offer).toBe(offerEvent.id);
      expect(ids.slice(0, 20)).toContain(e.data.volunteer);
    }
    if (ends[0]!.kind === 'accept') expect(platform.log.get('incident', id)!.data.volunteers).toEqual([ends[0]!.data.volunteer]);
  });

  it('whoever took it arrives, helps, and earns points when done', async () => {
    const { clock, platform, city, create, offer, events } = await boot();
    let winner: string | null = null;
    let incident = '';
    for (const vol of city.volunteers.onDutyIds()) {
      const before = platform.log.get('volunteer', vol)!.data.points as number;
      incident = await create(`扶老人过马路 ${vol}`, city.volunteers.position(vol)!);
      await offer(incident, [vol]);
      clock.advance(90_000);
      if (events(incident).some((e) => e.kind === 'accept')) {
        winner = vol;
        // Not on accepting: the credit is for the help given (a report of theirs proving valid meanwhile would add 5).
        expect(platform.log.get('volunteer', vol)!.data.points).toBeLessThan(before + 10);
        clock.advance(2 * 60 * 60_000);
        expect(platform.log.get('volunteer', vol)!.data.points).toBeGreaterThanOrEqual(before + 10);
        break;
      }
    }
    expect(winner).not.toBeNull();
    const notes = (platform.exportState('incident_event') as Event[]).filter((e) => e.incident === incident && e.kind === 'note');
    expect(notes.map((e) => e.data.volunteer)).toEqual([winner, winner]);
  });

  it('a test may make the answers certain: everyone free takes it (the first to answer wins) and helps 100× faster; or nobody takes it', async () => {
    const sure = await boot(30, { acceptChance: 1, taskScale: 0.01 });
    const ids = sure.city.volunteers.onDutyIds();
    // Far apart: by the city's own habits most of them would decline.
    const far = [ids[0]!, ids[10]!, ids[20]!];
    const before = new Map(far.map((v) => [v, sure.platform.log.get('volunteer', v)!.data.points as number]));
    const incident = await sure.create('演练：必然接单', sure.city.volunteers.position(ids[0]!)!);
    const offered = await sure.offer(incident, far, 60);
    sure.clock.advance(59_000);
    const ends = sure.events(incident).filter((e) => e.kind === 'accept' || e.kind === 'expire');
    expect(ends.map((e) => e.kind)).toEqual(['accept']);
    expect(ends[0]!.data.offer).toBe(offered.id);
    const winner = ends[0]!.data.volunteer as string;
    expect(far).toContain(winner);
    // The way there (a far one walks an hour or more across the city) and a 5–25 minute task, a hundredth as long.
    sure.clock.advance(15 * 60_000);
    expect(sure.platform.log.get('volunteer', winner)!.data.points).toBe(before.get(winner)! + 10);

    const never = await boot(30, { acceptChance: 0 });
    const near = never.city.volunteers.onDutyIds().slice(0, 3);
    const other = await never.create('演练：无人接单', never.city.volunteers.position(near[0]!)!);
    await never.offer(other, near, 30);
    never.clock.advance(31_000);
    expect(
      never
        .events(other)
        .filter((e) => e.kind !== 'offer' && e.kind !== 'decline')
        .map((e) => e.kind),
    ).toEqual(['expire']);
  });
});
