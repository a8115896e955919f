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
 * an incident (`incident.offer`), each offered volunteer who is free accepts
 * with some probability after some seconds; the first acceptance before the
 * offer expires takes it. They head there, handle it, and earn points.
 */

const SKILLS = ['patrol', 'first_aid', 'fire_safety', 'traffic', 'mediation', 'elderly_care', 'translation', 'photography'];
const ACCEPT_PROBABILITY = 0.45;
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
  task?: { incident: string; from: LatLng; to: LatLng; departAt: number; arriveAt: number };
}

export interface VolunteerOptions {
  registered: number;
  onDuty: number;
  /** Seconds between two reports of one volunteer (uniform in the range). */
  reportEveryS: [number, number];
}

export class Volunteers {
  readonly registry: Registered[] = [];
  private readonly byId = new Map<string, Registered>();
  private readonly duty = new Map<string, Duty>();
  /** Offer event id → taken (first acceptance wins). */
  private readonly taken = new Set<string>();

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

  /** A console offered `incident` to `volunteers` (an `offer` event `offerId`). */
  onOffer(offerId: string, incident: string, volunteers: string[], expiresInS: number): void {
    this.ctx.stats.offersSeen += 1;
    const r = this.ctx.random;
    const now = this.ctx.sched.now;
    for (const id of volunteers) {
      const d = this.duty.get(id);
      if (!d || d.state !== 'available') continue;
      if (r() >= ACCEPT_PROBABILITY) continue;
      const delay = 3_000 + expo(r, 12_000);
      if (delay >= expiresInS * 1000) continue;
      this.ctx.sched.at(now + delay, () => this.accept(offerId, incident, d));
    }
  }

  /** A reporter's report proved valid (resolved): points to their credit record. */
  award(id: string, points = POINTS_PER_VALID_REPORT): void {
    const v = this.byId.get(id);
    if (!v) return;
    v.points += points;
    this.ctx.world.patch('volunteer', id, { points: v.points });
  }

  private accept(offerId: string, incidentId: string, d: Duty): void {
    if (this.taken.has(offerId) || d.state !== 'available') return;
    const inc = this.ctx.world.get('incident', incidentId);
    if (!inc || ['resolved', 'closed', 'cancelled', 'merged'].includes(inc.status as string)) return;
    this.taken.add(offerId);
    const now = this.ctx.sched.now;
    const volunteers = [...new Set([...((inc.volunteers as string[]) ?? []), d.vol.id])];
    this.ctx.world.put('incident', { ...inc, volunteers, updated_at: this.ctx.world.time(now) });
    this.event(incidentId, 'accept', d.vol.name, '志愿者已抢单', { volunteer: d.vol.id, offer: offerId });
    this.ctx.stats.accepted += 1;

    // Head for the incident (straight line, their own speed), handle it, come back to patrol.
    const from = this.positionAt(d, now);
    const to: LatLng = typeof inc.lat === 'number' && typeof inc.lng === 'number' ? [inc.lat, inc.lng] : from;
    const arriveAt = now + (distanceM(from, to) / d.speed) * 1000;
    d.state = 'busy';
    d.task = { incident: incidentId, from, to, departAt: now, arriveAt };
    const r = this.ctx.random;
    this.ctx.sched.at(arriveAt, () => this.event(incidentId, 'note', d.vol.name, '志愿者已到达现场', { volunteer: d.vol.id }));
    this.ctx.sched.at(arriveAt + between(r, 5, 25) * 60_000, () => this.complete(d));
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
