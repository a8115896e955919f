import type { District } from '../../protocol/entities.ts';
import { between, expo, type CityContext } from './context.ts';
import { along, distanceM, lengthM, round6, type LatLng } from './geo.ts';
import { DISTRICT_LIST, MAIN_ROADS, streetsOf } from './geography.ts';
import { pick } from './categories.ts';
import { maskedName } from './people.ts';

/**
 * Volunteers: the registered ones (entities with masked names, teams,
 * skills, points) and those on duty, who patrol — a loop around their
 * community, or a stretch of a main road — and report their position every
 * few seconds (spec §5, ephemeral, batched per tick).
 *
 * They take tasks like ride-hailing drivers take trips: when a console offers
 * an incident (`incident.offer`), each offered volunteer's phone rings. One
 * who is free answers within seconds — most of those near the incident take
 * it, most of those far away decline, a few let it ring — and one already on
 * a task declines. The first acceptance before `expires_at` takes the offer
 * (`accept`); each refusal while it is open is a `decline`; an offer nobody
 * took by `expires_at` ends in one `expire` (spec §7, v1.1). Whoever took it
 * heads there, helps, and earns points when done (not on accepting: the
 * credit is for the help given, like a report's for a valid report).
 */

const SKILLS = ['patrol', 'first_aid', 'fire_safety', 'traffic', 'mediation', 'elderly_care', 'translation', 'photography'];
/** Whether a free volunteer takes an offer, by how far they are from the incident (metres). */
const ACCEPT_BY_DISTANCE: readonly (readonly [number, number])[] = [
  [1_000, 0.8],
  [3_000, 0.5],
  [8_000, 0.2],
  [Infinity, 0.05],
];
/** Of the free volunteers who do not take it, the share who press "decline" (the rest let it ring out). */
const DECLINE_SHARE = 0.7;
/** Seconds before a volunteer answers: a minimum, then an exponential wait with this mean. */
const ACCEPT_DELAY_S = [3, 5] as const;
const DECLINE_DELAY_S = [2, 6] as const;
/** The platform's own name on the events it writes by itself (an offer running out). */
const PLATFORM_ACTOR = '指挥平台';
const POINTS_PER_TASK = 10;
const POINTS_PER_VALID_REPORT = 5;

interface Registered {
  id: string;
  name: string;
  district: District;
  team: string;
  points: number;
  verified: boolean;
  skills: string[];
}

interface Route {
  line: LatLng[];
  length: number;
}

interface Duty {
  vol: Registered;
  route: Route;
  speed: number; // m/s
  /** Distance along the loop at `since`. */
  offset: number;
  since: number;
  nextReport: number;
  state: 'available' | 'busy';
  task?: { incident: string; from: LatLng; to: LatLng; departAt: number; arriveAt: number; doneAt: number };
}

/** A task a volunteer on duty had taken when the city was kept (simulator/kept/). */
export interface KeptTask {
  volunteer: string;
  incident: string;
  to: LatLng;
  arriveAt: number;
  doneAt: number;
}

interface OpenOffer {
  id: string;
  incident: string;
  expiresAt: number;
}

export interface VolunteerOptions {
  registered: number;
  onDuty: number;
  /** Seconds between two reports of one volunteer (uniform in the range). */
  reportEveryS: [number, number];
  /** How volunteers answer offers, when a test needs it certain (default: the city's own habits). */
  answers?: VolunteerAnswers;
}

/**
 * For end-to-end tests, which cannot wait on chance or on a volunteer's
 * walk: `acceptChance` replaces the distance table (1: every free volunteer
 * offered takes it, the first to answer wins; 0: nobody does, the offer
 * runs out), and `taskScale` shortens the way there and the help given
 * (0.01: a 20-minute task in 12 s), so points are earned within the test.
 */
export interface VolunteerAnswers {
  acceptChance?: number;
  taskScale?: number;
}

export class Volunteers {
  readonly registry: Registered[] = [];
  private readonly byId = new Map<string, Registered>();
  private readonly duty = new Map<string, Duty>();
  /** Offers still open (not yet taken or expired), by their `offer` event's id. */
  private readonly openOffers = new Map<string, OpenOffer>();

  constructor(
    private readonly ctx: CityContext,
    private readonly options: VolunteerOptions,
  ) {
    const r = ctx.random;
    for (let i = 1; i <= options.registered; i++) {
      const district = pick(DISTRICT_LIST, r()).code;
      const streets = streetsOf(district);
      const street = streets[Math.floor(r() * streets.length)]!;
      const nSkills = 1 + Math.floor(r() * 3);
      const skills = [...new Set(Array.from({ length: nSkills }, () => SKILLS[Math.floor(r() * SKILLS.length)]!))];
      const v: Registered = {
        id: `vol-${String(i).padStart(5, '0')}`,
        name: maskedName(r),
        district,
        team:
          r() < 0.3
            ? `${street.name.replace(/街道$|镇$/, '')}平安志愿者服务队`
            : `${DISTRICT_LIST.find((d) => d.code === district)!.name}志愿者协会`,
        points: Math.floor(expo(r, 120)),
        verified: r() < 0.85,
        skills,
      };
      this.registry.push(v);
      this.byId.set(v.id, v);
    }
  }

  /** Writes every registered volunteer (once, at start). */
  publishRegistry(): void {
    for (const v of this.registry) this.ctx.world.put('volunteer', { ...v });
  }

  /**
   * A kept city: the registry is rebuilt from the seed (the same ids, names,
   * teams), and each volunteer's points are the platform's kept ones — what
   * they earned before stays theirs. One the platform lacks is written.
   */
  adoptKept(): void {
    for (const v of this.registry) {
      const kept = this.ctx.world.get('volunteer', v.id);
      if (typeof kept?.points === 'number') v.points = kept.points;
      else if (!kept) this.ctx.world.put('volunteer', { ...v });
    }
  }

  /** Puts `onDuty` volunteers on patrol from `now` (a fixed stride through the registry, so a seed repeats). */
  startDuty(): void {
    const r = this.ctx.random;
    const n = Math.min(this.options.onDuty, this.registry.length);
    const stride = this.registry.length / Math.max(1, n);
    for (let k = 0; k < n; k++) {
      const vol = this.registry[Math.floor(k * stride)]!;
      const route = this.patrolRoute(vol.district);
      const cycling = r() < 0.25;
      this.duty.set(vol.id, {
        vol,
        route,
        speed: cycling ? between(r, 3, 4.5) : between(r, 0.9, 1.5),
        offset: r() * route.length,
        since: this.ctx.sched.now,
        nextReport: this.ctx.sched.now + r() * this.options.reportEveryS[1] * 1000,
        state: 'available',
      });
    }
  }

  /** Ids of the volunteers on duty (in duty order). */
  onDutyIds(): string[] {
    return [...this.duty.keys()];
  }

  get onDutyCount(): number {
    return this.duty.size;
  }

  /** Positions due by `now`, one per volunteer at most (the newest is all a console keeps). */
  collectPositions(now: number): object[] {
    const out: object[] = [];
    const [lo, hi] = this.options.reportEveryS;
    const r = this.ctx.random;
    for (const d of this.duty.values()) {
      if (d.nextReport > now) continue;
      const at = d.nextReport;
      const [lat, lng] = this.positionAt(d, at);
      out.push({ id: d.vol.id, lat: round6(lat), lng: round6(lng), ts: this.ctx.world.time(at), state: d.state });
      d.nextReport = Math.max(at + between(r, lo, hi) * 1000, now - hi * 1000);
    }
    this.ctx.stats.positions += out.length;
    return out;
  }

  /** Where an on-duty volunteer is now (tests, and picking reporters). */
  position(id: string, at = this.ctx.sched.now): LatLng | undefined {
    const d = this.duty.get(id);
    return d ? this.positionAt(d, at) : undefined;
  }

  /** A volunteer on duty to report something they saw; undefined when nobody is on duty. */
  randomOnDuty(): { id: string; name: string; district: District; at: LatLng } | undefined {
    if (!this.duty.size) return undefined;
    const list = [...this.duty.values()];
    const d = list[Math.floor(this.ctx.random() * list.length)]!;
    return { id: d.vol.id, name: d.vol.name, district: d.vol.district, at: this.positionAt(d, this.ctx.sched.now) };
  }

  /** A registered volunteer (history, before anyone is on duty), drawn with `random` (an earlier hour's own). */
  randomRegistered(random = this.ctx.random): Registered {
    return this.registry[Math.floor(random() * this.registry.length)]!;
  }

  /**
   * A console offered `incident` to `volunteers` (the `offer` event
   * `offerId`), open until `expiresAt`. Each answer is drawn now, so a seed
   * replays; it is written when it comes, if the offer is still open then.
   */
  onOffer(offerId: string, incident: string, volunteers: readonly string[], expiresAt: number): void {
    if (this.openOffers.has(offerId)) return;
    this.ctx.stats.offersSeen += 1;
    const r = this.ctx.random;
    const now = this.ctx.sched.now;
    const offer: OpenOffer = { id: offerId, incident, expiresAt };
    this.openOffers.set(offerId, offer);
    this.ctx.sched.at(expiresAt, () => this.expire(offer));
    const inc = this.ctx.world.get('incident', incident);
    const place: LatLng | null = typeof inc?.lat === 'number' && typeof inc.lng === 'number' ? [inc.lat, inc.lng] : null;
    for (const id of new Set(volunteers)) {
      const d = this.duty.get(id);
      if (!d) continue; // off duty: the app is closed, nobody answers
      let answer: 'accept' | 'decline' | null;
      if (d.state !== 'available') answer = 'decline';
      else if (r() < this.acceptChance(d, place, now)) answer = 'accept';
      else answer = r() < DECLINE_SHARE ? 'decline' : null;
      if (answer === null) continue;
      const [min, mean] = answer === 'accept' ? ACCEPT_DELAY_S : DECLINE_DELAY_S;
      const at = now + (min + expo(r, mean)) * 1000;
      if (at >= expiresAt) continue; // too late: the offer has stopped ringing
      this.ctx.sched.at(at, () => (answer === 'accept' ? this.accept(offer, d) : this.decline(offer, d)));
    }
  }

  /** A reporter's report proved valid (resolved): points to their credit record. */
  award(id: string, points = POINTS_PER_VALID_REPORT): void {
    const v = this.byId.get(id);
    if (!v) return;
    v.points += points;
    this.ctx.world.patch('volunteer', id, { points: v.points });
  }

  private accept(offer: OpenOffer, d: Duty): void {
    if (!this.openOffers.has(offer.id)) return; // someone else took it first, or it ran out
    if (d.state !== 'available') return this.decline(offer, d); // took another task meanwhile
    const inc = this.ctx.world.get('incident', offer.incident);
    // An incident closed meanwhile can't be helped with: the offer runs out.
    if (!inc || ['resolved', 'closed', 'cancelled', 'merged'].includes(inc.status as string)) return;
    this.openOffers.delete(offer.id);
    const now = this.ctx.sched.now;
    const incidentId = offer.incident;
    const volunteers = [...new Set([...((inc.volunteers as string[]) ?? []), d.vol.id])];
    this.ctx.world.put('incident', { ...inc, volunteers, updated_at: this.ctx.world.time(now) });
    this.event(incidentId, 'accept', d.vol.name, '志愿者已接单', { volunteer: d.vol.id, offer: offer.id });
    this.ctx.stats.accepted += 1;

    // Head for the incident (straight line, their own speed), handle it, come back to patrol.
    const from = this.positionAt(d, now);
    const to: LatLng = typeof inc.lat === 'number' && typeof inc.lng === 'number' ? [inc.lat, inc.lng] : from;
    const scale = this.options.answers?.taskScale ?? 1;
    const arriveAt = now + (distanceM(from, to) / d.speed) * 1000 * scale;
    const doneAt = arriveAt + between(this.ctx.random, 5, 25) * 60_000 * scale;
    d.state = 'busy';
    d.task = { incident: incidentId, from, to, departAt: now, arriveAt, doneAt };
    this.ctx.sched.at(arriveAt, () => this.event(incidentId, 'note', d.vol.name, '志愿者已到达现场', { volunteer: d.vol.id }));
    this.ctx.sched.at(doneAt, () => this.complete(d));
  }

  /** The tasks volunteers on duty have taken, for a kept city. */
  keepTasks(): KeptTask[] {
    const out: KeptTask[] = [];
    for (const d of this.duty.values()) {
      if (d.task) out.push({ volunteer: d.vol.id, incident: d.task.incident, to: d.task.to, arriveAt: d.task.arriveAt, doneAt: d.task.doneAt });
    }
    return out;
  }

  /**
   * A kept city: volunteers on duty again (the same ones: startDuty's stride
   * is fixed) who had taken a task carry on with it — on their way from
   * where they patrol now, or there already — and earn its points when done.
   */
  resumeTasks(kept: readonly KeptTask[]): void {
    const now = this.ctx.sched.now;
    for (const k of kept) {
      const d = this.duty.get(k.volunteer);
      if (!d || d.task) continue;
      const arriveAt = Math.max(now, k.arriveAt);
      d.task = { incident: k.incident, from: this.positionAt(d, now), to: k.to, departAt: now, arriveAt, doneAt: Math.max(arriveAt, k.doneAt) };
      d.state = 'busy';
      if (k.arriveAt > now) this.ctx.sched.at(arriveAt, () => this.event(k.incident, 'note', d.vol.name, '志愿者已到达现场', { volunteer: d.vol.id }));
      this.ctx.sched.at(d.task.doneAt, () => this.complete(d));
    }
  }

  /** A free volunteer's chance of taking an offer: by distance, unless a test set it. */
  private acceptChance(d: Duty, place: LatLng | null, now: number): number {
    return this.options.answers?.acceptChance ?? acceptProbability(place ? distanceM(this.positionAt(d, now), place) : Infinity);
  }

  private decline(offer: OpenOffer, d: Duty): void {
    if (!this.openOffers.has(offer.id)) return; // over already: nothing left to refuse
    this.event(offer.incident, 'decline', d.vol.name, d.state === 'available' ? '志愿者婉拒' : '志愿者正在执行其他任务，婉拒', {
      volunteer: d.vol.id,
      offer: offer.id,
    });
    this.ctx.stats.declined += 1;
  }

  private expire(offer: OpenOffer): void {
    if (!this.openOffers.delete(offer.id)) return; // taken
    this.event(offer.incident, 'expire', PLATFORM_ACTOR, '推送已超时，无人接单', { offer: offer.id });
    this.ctx.stats.expired += 1;
  }

  private complete(d: Duty): void {
    const task = d.task;
    if (!task) return;
    this.event(task.incident, 'note', d.vol.name, '志愿者协助处置完毕', { volunteer: d.vol.id });
    d.task = undefined;
    d.state = 'available';
    // Resume the patrol from the nearest point of the loop is overkill: restart it where the clock says.
    d.since = this.ctx.sched.now;
    this.award(d.vol.id, POINTS_PER_TASK);
  }

  private event(incident: string, kind: string, actor: string, text: string, data: Record<string, unknown>): void {
    this.ctx.world.put('incident_event', {
      id: this.ctx.ids.nextEvent(),
      incident,
      at: this.ctx.world.time(this.ctx.sched.now),
      actor,
      kind,
      text,
      data,
    });
    this.ctx.stats.events += 1;
  }

  private positionAt(d: Duty, at: number): LatLng {
    if (d.task) {
      const { from, to, departAt, arriveAt } = d.task;
      if (at >= arriveAt || arriveAt === departAt) return to;
      const f = (at - departAt) / (arriveAt - departAt);
      return [from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f];
    }
    const dist = (d.offset + ((at - d.since) / 1000) * d.speed) % d.route.length;
    return along(d.route.line, dist);
  }

  /** A patrol: a loop of points around a street of the district, or (a third) a stretch of a main road there. */
  private patrolRoute(district: District): Route {
    const r = this.ctx.random;
    const map = this.ctx.places.map;
    const roads = MAIN_ROADS.filter((x) => x.district === district);
    if (roads.length && r() < 0.33) {
      const road = roads[Math.floor(r() * roads.length)]!;
      const inside = road.line.filter((p) => map.contains(district, p));
      if (inside.length >= 2) {
        // Up the road and back again.
        const line = [...inside, ...inside.slice(0, -1).reverse()];
        return { line, length: lengthM(line) };
      }
    }
    const streets = streetsOf(district);
    const street = streets[Math.floor(r() * streets.length)]!;
    const centre = map.sample(district, r, street.anchor, 0.006);
    const n = 4 + Math.floor(r() * 3);
    const points: LatLng[] = Array.from({ length: n }, () => map.sample(district, r, centre, 0.003));
    const line = [...points, points[0]!];
    return { line, length: Math.max(1, lengthM(line)) };
  }
}

function acceptProbability(metres: number): number {
  return ACCEPT_BY_DISTANCE.find(([upTo]) => metres <= upTo)![1];
}
