import type { District } from '../../protocol/entities.ts';
import { canTransition } from '../commands.ts';
import { dueAt } from '../supervision.ts';
import { CATALOGUE, type CategoryDef, type Source } from './categories.ts';
import { between, type CityContext } from './context.ts';
import { department, escalationUnit, responsible } from './departments.ts';
import { staff } from './people.ts';
import { photoFile } from './photo.ts';
import type { Place } from './place.ts';

/**
 * Incidents and their lifecycle (spec §8). Each incident the city creates
 * gets a plan when it is born — will it be cancelled as a false alarm, merged
 * as a duplicate, escalated, stall past its deadline, be reopened — and then
 * walks the lifecycle one step at a time with realistic delays. Every step
 * re-reads the incident, because a console may have moved it meanwhile: the
 * city carries on from whatever status it finds and only ever makes moves
 * §8 allows from there.
 *
 * Departments are simulated too: when a console dispatches any incident,
 * the departments accept it, arrive and resolve it; the duty chief's close
 * stays with the console for incidents consoles own.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const LEVELS = ['community', 'street', 'district', 'city'] as const;
type Level = (typeof LEVELS)[number];
type Data = Record<string, unknown>;

/** Statuses an incident does not leave on its own (a reopen starts from `resolved`). */
const ENDED = ['closed', 'cancelled', 'merged'];
const CATEGORY_BY_CODE = new Map(
  Object.values(CATALOGUE)
    .flat()
    .map((d) => [d.code, d] as const),
);

interface Plan {
  owner: 'city' | 'console';
  def?: CategoryDef;
  cancel: boolean;
  verifyFirst: boolean;
  stallAt?: 'dispatched' | 'accepted';
  reopen: boolean;
  followup: boolean;
  duplicateOf?: string;
  /** Bumped on every reschedule: only the latest scheduled step runs. */
  token: number;
}

export interface NewIncident {
  source: Source;
  def: CategoryDef;
  place: Place;
  actor: string;
  call?: string;
  caller?: { name?: string; phone?: string };
  /** A volunteer who reported it (earns points when it is resolved). */
  reporter?: { id: string; name: string };
  /** Attach a generated photo (volunteer reports, video snapshots). */
  photo?: { camera?: string };
  /** A second report of an incident that the call taker will merge into this one. */
  duplicateOf?: string;
  title?: string;
}

export interface IncidentHooks {
  /** An incident reached `resolved` (volunteer reporters earn points). */
  resolved?(incident: Data): void;
  /** A crash on a main road: traffic stops there for a while. */
  roadBlocked?(roadId: string, untilMs: number): void;
}

/** A plan as a kept city keeps it: the category by its code. */
export type KeptPlan = Omit<Plan, 'def' | 'token'> & { id: string; def?: string };

/** Incidents still open that more callers may ring about (several callers, one event). */
interface Recent {
  id: string;
  line: Source;
  until: number;
}

export class Incidents {
  private readonly plans = new Map<string, Plan>();
  private recent: Recent[] = [];

  constructor(
    private readonly ctx: CityContext,
    private readonly hooks: IncidentHooks = {},
  ) {}

  create(n: NewIncident): string {
    const { ctx } = this;
    const r = ctx.random;
    const now = ctx.sched.now;
    const t = ctx.world.time(now);
    const id = ctx.ids.nextIncident(t);
    const priority = (r() < 0.1 ? Math.min(4, n.def.priority + 1) : n.def.priority) as 1 | 2 | 3 | 4;
    const title = n.title ?? n.def.titles[Math.floor(r() * n.def.titles.length)]!;
    const startsHigh = n.source === '110' || n.source === '119' || n.source === '122' || n.source === 'video';
    const data: Data = {
      id,
      source: n.source,
      category: n.def.code,
      priority,
      status: 'new',
      level: startsHigh ? 'district' : 'community',
      title,
      description: `${n.place.address}：${title}。`,
      address: n.place.address,
      lat: n.place.lat,
      lng: n.place.lng,
      district: n.place.district,
      street: n.place.street,
      community: n.place.community,
      departments: [],
      volunteers: [],
      reported_at: t,
      updated_at: t,
      due_at: dueAt(priority, t),
      attachments: [],
    };
    if (n.call) data.call = n.call;
    if (n.caller) data.caller = n.caller;
    if (n.reporter) data.reporter = n.reporter.id;
    if (n.place.road) data.road = n.place.road.id;
    const attachment = n.photo ? this.storePhoto(n.photo.camera) : null;
    if (attachment) data.attachments = [attachment];
    ctx.world.put('incident', data);
    this.event(id, 'created', n.actor, null, { source: n.source, priority });
    if (attachment)
      this.event(id, 'attach', n.actor, null, {
        attachment: attachment.id,
        kind: 'photo',
        mime: 'image/png',
        camera: n.photo?.camera ?? null,
      });

    ctx.stats.incidents += 1;
    ctx.stats.bySource[n.source] = (ctx.stats.bySource[n.source] ?? 0) + 1;
    ctx.stats.byDistrict[n.place.district] = (ctx.stats.byDistrict[n.place.district] ?? 0) + 1;

    // The plan: every draw happens here, in a fixed order, so a seed replays.
    const urgent = priority === 1;
    const plan: Plan = {
      owner: 'city',
      def: n.def,
      cancel: !n.duplicateOf && r() < 0.05,
      verifyFirst: !urgent && r() < 0.8,
      reopen: r() < 0.02,
      followup: ['12345', 'grid', 'volunteer', 'petition', 'city_mgmt'].includes(n.source) && r() < 0.6,
      token: 0,
    };
    const stall = r();
    if (stall < 0.05) plan.stallAt = 'dispatched';
    else if (stall < 0.09) plan.stallAt = 'accepted';
    if (n.duplicateOf) plan.duplicateOf = n.duplicateOf;
    this.plans.set(id, plan);

    const level = data.level as Level;
    if (r() < (n.def.escalates ?? 0.03)) {
      // The community (or branch) finds it beyond its remit: one level up, sometimes more.
      let to = LEVELS.indexOf(level) + 1;
      if (r() < 0.3) to += 1;
      if (r() < 0.1) to += 1;
      const target = LEVELS[Math.min(to, LEVELS.length - 1)]!;
      if (target !== level) this.scheduleEscalation(id, between(r, 8 * MIN, 40 * MIN), target);
    }
    if (n.place.road && n.def.code === 'traffic.collision') this.hooks.roadBlocked?.(n.place.road.id, now + between(r, 20 * MIN, 70 * MIN));
    if ((n.def.duplicateProne ?? 0) > 0 && !n.duplicateOf) {
      this.recent.push({ id, line: n.source, until: now + between(r, 10 * MIN, 30 * MIN) });
    }

    const first = n.duplicateOf
      ? between(r, 2 * MIN, 8 * MIN)
      : plan.cancel
        ? between(r, MIN, 8 * MIN)
        : urgent
          ? between(r, 20_000, 90_000)
          : between(r, 40_000, 4 * MIN);
    this.schedule(id, first);
    return id;
  }

  /**
   * An open incident another caller is ringing about (same line, still fresh),
   * chosen with probability by how prone its category is to many callers.
   */
  duplicateTarget(line: Source): string | undefined {
    const now = this.ctx.sched.now;
    this.recent = this.recent.filter((x) => x.until > now);
    const candidates = this.recent.filter((x) => x.line === line);
    if (!candidates.length) return undefined;
    const pick = candidates[Math.floor(this.ctx.random() * candidates.length)]!;
    const inc = this.ctx.world.get('incident', pick.id);
    if (!inc || ['closed', 'cancelled', 'merged'].includes(inc.status as string)) return undefined;
    return pick.id;
  }

  /** Another caller about the same event: the call links the incident, the log notes it. */
  linkCall(incident: string, call: string, actor: string): void {
    this.event(incident, 'note', actor, '又有群众来电反映同一事件', { call });
  }

  /** Whether this model created `id` (or took it over from a console's dispatch). */
  knows(id: string): boolean {
    return this.plans.has(id);
  }

  /** The plans of the incidents still open, for a kept city (simulator/kept/): what is due next is not kept, only what was planned. */
  keepPlans(): KeptPlan[] {
    const out: KeptPlan[] = [];
    for (const [id, plan] of this.plans) {
      const inc = this.ctx.world.get('incident', id);
      if (!inc || ENDED.includes(inc.status as string)) continue;
      const { def, token: _token, ...rest } = plan;
      out.push({ id, ...rest, ...(def ? { def: def.code } : {}) });
    }
    return out;
  }

  /**
   * A kept city goes on: each kept plan is this model's again, and its
   * incident takes its next step within minutes, from wherever it stands
   * (steps re-read the incident). What was scheduled for it — the next step,
   * an escalation, a follow-up call — was not kept; the plan's choices were.
   */
  takeOver(kept: readonly KeptPlan[]): void {
    for (const k of kept) {
      const { id, def, ...rest } = k;
      if (!this.ctx.world.get('incident', id)) continue;
      const known = def === undefined ? undefined : CATEGORY_BY_CODE.get(def);
      this.plans.set(id, { ...rest, ...(known ? { def: known } : {}), token: 0 });
      this.schedule(id, between(this.ctx.random, MIN, 10 * MIN));
    }
  }

  /** A console dispatched an incident: the departments respond (and a city plan resumes). */
  onDispatched(id: string): void {
    let plan = this.plans.get(id);
    if (!plan) {
      plan = { owner: 'console', cancel: false, verifyFirst: false, reopen: false, followup: false, token: 0 };
      this.plans.set(id, plan);
    }
    plan.cancel = false;
    plan.duplicateOf = undefined;
    this.schedule(id, between(this.ctx.random, MIN, 4 * MIN));
  }

  event(incident: string, kind: string, actor: string, text?: string | null, data?: Data | null): void {
    const ev: Data = { id: this.ctx.ids.nextEvent(), incident, at: this.ctx.world.time(this.ctx.sched.now), actor, kind };
    if (text) ev.text = text;
    if (data) ev.data = data;
    this.ctx.world.put('incident_event', ev);
    this.ctx.stats.events += 1;
  }

  private schedule(id: string, ms: number): void {
    const plan = this.plans.get(id)!;
    const token = ++plan.token;
    this.ctx.sched.after(ms, () => this.step(id, token));
  }

  /** One move along the lifecycle from wherever the incident is now. */
  private step(id: string, token: number): void {
    const plan = this.plans.get(id);
    if (!plan || plan.token !== token) return;
    const inc = this.ctx.world.get('incident', id);
    if (!inc) return;
    const r = this.ctx.random;
    const priority = inc.priority as 1 | 2 | 3 | 4;
    const slow = priority >= 3;
    switch (inc.status) {
      case 'new':
        if (plan.duplicateOf) {
          const into = plan.duplicateOf;
          plan.duplicateOf = undefined;
          if (this.merge(inc, into)) return;
        }
        if (plan.cancel) {
          this.transition(inc, 'cancelled', staff(r, 'taker'), '核实为误报，撤销');
          return;
        }
        if (plan.verifyFirst) {
          this.transition(inc, 'verified', this.intakeActor(inc), '已核实');
          this.schedule(id, between(r, MIN, slow ? 20 * MIN : 6 * MIN));
        } else {
          this.dispatch(inc);
          this.schedule(id, plan.stallAt === 'dispatched' ? this.pastDue(inc) : between(r, MIN, 4 * MIN));
        }
        return;
      case 'verified':
        this.dispatch(inc);
        this.schedule(
          id,
          plan.stallAt === 'dispatched' ? this.pastDue(inc) : slow ? between(r, 5 * MIN, 45 * MIN) : between(r, MIN, 4 * MIN),
        );
        return;
      case 'dispatched':
        this.transition(inc, 'accepted', this.unitActor(inc), '已接单');
        this.schedule(id, plan.stallAt === 'accepted' ? this.pastDue(inc) : this.travel(priority));
        return;
      case 'accepted':
        this.transition(inc, 'on_scene', this.unitActor(inc), '已到达现场');
        this.schedule(id, this.handling(priority));
        return;
      case 'on_scene': {
        const resolved = this.transition(inc, 'resolved', this.unitActor(inc), '处置完毕');
        this.hooks.resolved?.(resolved);
        if (plan.owner === 'city') this.schedule(id, plan.reopen ? between(r, 10 * MIN, 40 * MIN) : between(r, 20 * MIN, 3 * HOUR));
        return;
      }
      case 'resolved':
        if (plan.owner !== 'city') return;
        if (plan.reopen) {
          // The reporter says it is back (the noise resumed, the crack widened): reopened.
          plan.reopen = false;
          this.dispatch(inc, '群众反映问题复发，重新派单');
          this.schedule(id, between(r, 2 * MIN, 10 * MIN));
          return;
        }
        this.transition(inc, 'closed', staff(r, 'chief'), '办结');
        if (plan.followup) {
          const reached = r() < 0.85;
          this.ctx.sched.after(between(r, 30 * MIN, 4 * HOUR), () =>
            this.event(id, 'followup', staff(r, 'hotline'), reached ? '回访：群众对处置结果表示满意' : '回访：电话未接通', {
              reached,
              rating: reached ? 3 + Math.floor(r() * 3) : null,
            }),
          );
        }
        return;
      default:
        return;
    }
  }

  /** The delay of a stalled step: the department sits on it past the supervision deadline (it shows as overdue). */
  private pastDue(inc: Data): number {
    const due = Date.parse(inc.due_at as string);
    return Math.max(0, due - this.ctx.sched.now) + between(this.ctx.random, 20 * MIN, 5 * HOUR);
  }

  private travel(priority: number): number {
    const r = this.ctx.random;
    return priority === 1
      ? between(r, 3 * MIN, 12 * MIN)
      : priority === 2
        ? between(r, 6 * MIN, 25 * MIN)
        : priority === 3
          ? between(r, 20 * MIN, 90 * MIN)
          : between(r, HOUR, 4 * HOUR);
  }

  private handling(priority: number): number {
    const r = this.ctx.random;
    return priority === 1
      ? between(r, 15 * MIN, 60 * MIN)
      : priority === 2
        ? between(r, 20 * MIN, 90 * MIN)
        : priority === 3
          ? between(r, 30 * MIN, 3 * HOUR)
          : between(r, HOUR, 6 * HOUR);
  }

  private transition(inc: Data, to: string, actor: string, text: string): Data {
    const from = inc.status as string;
    if (!canTransition(from, to)) throw new Error(`city: ${inc.id as string} cannot go from ${from} to ${to}`);
    const next = this.save(inc, { status: to });
    this.event(inc.id as string, 'status', actor, text, { from, to });
    return next;
  }

  private dispatch(inc: Data, note?: string): void {
    const plan = this.plans.get(inc.id as string);
    const kinds = plan?.def?.departments ?? ['police'];
    const district = inc.district as District;
    const units = kinds.map((k) => responsible(k, district, inc.street as string | undefined));
    const departments = [...new Set([...((inc.departments as string[]) ?? []), ...units])];
    const from = inc.status as string;
    this.save(inc, { status: 'dispatched', departments });
    this.event(
      inc.id as string,
      'dispatch',
      this.intakeActor(inc),
      note ?? `派单至${units.map((u) => department(u)?.name ?? u).join('、')}`,
      {
        from,
        departments: units,
      },
    );
  }

  private merge(inc: Data, into: string): boolean {
    const target = this.ctx.world.get('incident', into);
    if (!target || ['merged', 'cancelled'].includes(target.status as string) || !canTransition(inc.status as string, 'merged'))
      return false;
    const from = inc.status as string;
    this.save(inc, { status: 'merged', merged_into: into });
    this.event(inc.id as string, 'merge', staff(this.ctx.random, 'taker'), `重复警情，合并至 ${into}`, { into, from });
    this.ctx.stats.merged += 1;
    return true;
  }

  private scheduleEscalation(id: string, ms: number, target: Level): void {
    this.ctx.sched.after(ms, () => {
      const inc = this.ctx.world.get('incident', id);
      if (!inc || ['resolved', 'closed', 'cancelled', 'merged'].includes(inc.status as string)) return;
      const from = inc.level as Level;
      const next = LEVELS[LEVELS.indexOf(from) + 1];
      if (!next || LEVELS.indexOf(from) >= LEVELS.indexOf(target)) return;
      const unit = escalationUnit(next as 'street' | 'district' | 'city', inc.district as District, inc.street as string | undefined);
      const departments = [...new Set([...((inc.departments as string[]) ?? []), unit])];
      this.save(inc, { level: next, departments });
      const actor = next === 'city' ? staff(this.ctx.random, 'chief') : staff(this.ctx.random, 'grid');
      this.event(id, 'escalate', actor, `超出${levelName(from)}处置权限，上报${levelName(next)}`, { from, to: next, department: unit });
      this.ctx.stats.escalated += 1;
      if (next !== target) this.scheduleEscalation(id, between(this.ctx.random, 15 * MIN, 60 * MIN), target);
    });
  }

  private save(inc: Data, patch: Data): Data {
    const next = { ...inc, ...patch, updated_at: this.ctx.world.time(this.ctx.sched.now) };
    this.ctx.world.put('incident', next);
    return next;
  }

  private storePhoto(camera?: string): Data {
    const id = this.ctx.ids.nextAttachment();
    this.ctx.world.platform.attachments.set(id, photoFile(Math.floor(this.ctx.random() * 2 ** 32)));
    this.ctx.stats.attachments += 1;
    return { id, kind: 'photo', url: `${this.ctx.filesBase}/files/${id}`, mime: 'image/png', ...(camera ? { camera } : {}) };
  }

  private intakeActor(inc: Data): string {
    const r = this.ctx.random;
    switch (inc.source) {
      case '12345':
        return staff(r, 'hotline');
      case 'grid':
        return staff(r, 'grid');
      case 'city_mgmt':
        return staff(r, 'cityMgmt');
      case 'petition':
        return staff(r, 'petition');
      case 'video':
        return staff(r, 'video');
      default:
        return staff(r, 'taker');
    }
  }

  private unitActor(inc: Data): string {
    const first = (inc.departments as string[])[0];
    return (first && department(first)?.name) || '处置单位';
  }
}

function levelName(level: Level): string {
  return { community: '社区', street: '街道', district: '区', city: '市' }[level];
}
