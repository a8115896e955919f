import type { District } from '../../protocol/entities.ts';
import { CALLS_PER_DAY, CALL_INCIDENT_SHARE, CATALOGUE, pick } from './categories.ts';
import { between, expo, type CityContext } from './context.ts';
import { arrivalsBetween, startArrivals } from './arrivals.ts';
import type { Incidents } from './incidents.ts';
import type { PlantedCall } from './scenario.ts';
import { DISTRICT_LIST } from './geography.ts';
import { maskedPhone, staff, surname } from './people.ts';

export type Line = '110' | '119' | '122' | '12345';
export const LINES: readonly Line[] = ['110', '119', '122', '12345'];

/**
 * How a call goes: hung up while ringing (3 %, 6 % on the 12345 hotline), or
 * answered a few seconds later — 90 % within 15 s — and talked through.
 */
export function callCourse(
  line: Line,
  r: () => number,
): { abandoned: true; ringMs: number } | { abandoned: false; answerMs: number; talkMs: number } {
  if (r() < (line === '12345' ? 0.06 : 0.03)) return { abandoned: true, ringMs: between(r, 4_000, 40_000) };
  const answerMs = Math.min(55_000, 2_000 + expo(r, 5_000));
  const talkMs = line === '12345' ? between(r, 90_000, 480_000) : between(r, 40_000, 240_000);
  return { abandoned: false, answerMs, talkMs };
}

/**
 * The calls of an earlier span (yesterday, for the duty chief's hourly
 * chart), written at once from their own random stream. Only the calls:
 * their incidents are long closed, and a day of incidents with their events
 * would slow the demo several times over. A demo sped up (rate > 1) does not
 * make yesterday bigger: it would cost a whole day at that rate.
 */
export function backfillCalls(
  ctx: Pick<CityContext, 'world' | 'tz' | 'rate' | 'ids'>,
  from: number,
  to: number,
  random: () => number,
): void {
  const { world, tz } = ctx;
  const rate = Math.min(1, ctx.rate);
  const calls = LINES.flatMap((line) => arrivalsBetween(random, tz, CALLS_PER_DAY[line] * rate, from, to).map((at) => ({ line, at }))).sort(
    (a, b) => a.at - b.at,
  );
  for (const { line, at } of calls) {
    const received = world.time(at);
    const caller_phone = maskedPhone(random);
    const course = callCourse(line, random);
    world.put('call', {
      id: ctx.ids.nextCall(received),
      line,
      received_at: received,
      caller_phone,
      district: pick(DISTRICT_LIST, random()).code,
      ...(course.abandoned
        ? { ended_at: world.time(at + course.ringMs) }
        : { answered_at: world.time(at + course.answerMs), ended_at: world.time(at + course.answerMs + course.talkMs) }),
    });
  }
}

/**
 * Calls on the four lines. Each call is received, answered a few seconds
 * later — 90 % within 15 s, as centres are held to — or abandoned while
 * ringing, then ended. About a third lead to an incident: most start a new
 * one, some are another caller about an open one (the call links it), and a
 * few become a duplicate incident that the call taker merges minutes later.
 */
export class Calls {
  constructor(
    private readonly ctx: CityContext,
    private readonly incidents: Incidents,
  ) {}

  /** Calls arrive from now on (until `until`, for an earlier hour of the day). */
  start(until = Infinity): void {
    for (const line of LINES) startArrivals(this.ctx, CALLS_PER_DAY[line], () => this.receive(line), until);
  }

  /**
   * A call a scenario planted (scenario.ts), received now: from its
   * district, and — a cluster's — answered and filed as its incident.
   */
  receivePlanted(planted: PlantedCall): void {
    this.receive(planted.line, planted);
  }

  private receive(line: Line, planted?: PlantedCall): void {
    const { ctx } = this;
    const r = ctx.random;
    const t = ctx.world.time(ctx.sched.now);
    const id = ctx.ids.nextCall(t);
    const phone = maskedPhone(r);
    // v1.1: where the platform located the caller (the cell or the landline's exchange); an incident filed from the call is there.
    const district = planted?.district ?? ctx.places.district();
    ctx.world.put('call', { id, line, received_at: t, caller_phone: phone, district });
    ctx.stats.calls += 1;

    const filing = planted?.filing;
    const drawn = callCourse(line, r);
    const course = filing && drawn.abandoned ? { abandoned: false as const, answerMs: 5_000, talkMs: 120_000 } : drawn;
    if (course.abandoned) {
      ctx.stats.callsAbandoned += 1;
      ctx.sched.after(course.ringMs, () => ctx.world.patch('call', id, { ended_at: ctx.world.time(ctx.sched.now) }));
      return;
    }
    const { answerMs, talkMs } = course;
    const related = r() < CALL_INCIDENT_SHARE[line] || filing !== undefined;
    const actor = line === '12345' ? staff(r, 'hotline') : staff(r, 'taker');
    ctx.sched.after(answerMs, () => {
      ctx.world.patch('call', id, { answered_at: ctx.world.time(ctx.sched.now) });
      ctx.stats.callsAnswered += 1;
    });
    let incident: string | undefined;
    if (related) {
      // The call taker files it while still on the line.
      ctx.sched.after(answerMs + Math.min(talkMs * 0.6, 120_000), () => {
        incident = filing
          ? this.incidents.create({
              source: line,
              ...filing,
              actor,
              call: id,
              caller: { name: `${surname(r)}${r() < 0.5 ? '先生' : '女士'}`, phone },
            })
          : this.file(line, id, phone, actor, district);
        // A caller about an incident already open is where that incident is.
        const filed = ctx.world.get('incident', incident)?.district as District | undefined;
        ctx.world.patch('call', id, { incident, ...(filed ? { district: filed } : {}) });
      });
    }
    ctx.sched.after(answerMs + talkMs, () => ctx.world.patch('call', id, { ended_at: ctx.world.time(ctx.sched.now) }));
  }

  /** Files the call as an incident — new, a duplicate to merge, or a link to one already open. */
  private file(line: Line, call: string, phone: string, actor: string, district: District): string {
    const r = this.ctx.random;
    const target = this.incidents.duplicateTarget(line);
    const roll = r();
    if (target && roll < 0.6) {
      this.incidents.linkCall(target, call, actor);
      return target;
    }
    const existing = target ? this.ctx.world.get('incident', target) : undefined;
    const caller = { name: `${surname(r)}${r() < 0.5 ? '先生' : '女士'}`, phone };
    if (existing && roll < 0.75) {
      // Another call taker took the same event as new: a duplicate, merged once noticed.
      const def = CATALOGUE[line].find((d) => d.code === existing.category) ?? pick(CATALOGUE[line], r());
      const place = this.ctx.places.near(existing.district as never, [existing.lat as number, existing.lng as number]);
      return this.incidents.create({ source: line, def, place, actor, call, caller, duplicateOf: target, title: existing.title as string });
    }
    const def = pick(CATALOGUE[line], r());
    const place = def.onRoad ? this.ctx.places.onRoad(district) : this.ctx.places.anywhere(district);
    return this.incidents.create({ source: line, def, place, actor, call, caller });
  }
}
