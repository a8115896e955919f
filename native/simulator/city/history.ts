import type { Timers } from '../../common/timers.ts';
import { seededRandom } from '../time.ts';
import type { ArchiveDelivery } from './archive-delivery.ts';
import { Calls, backfillCalls } from './calls.ts';
import type { Cameras } from './cameras.ts';
import type { CityContext } from './context.ts';
import { Incidents } from './incidents.ts';
import { Places } from './place.ts';
import { Reports } from './reports.ts';
import type { Roads } from './roads.ts';
import { Scheduler } from './scheduler.ts';
import type { Volunteers } from './volunteers.ts';
import { World, type WriteGuard } from './world.ts';

/**
 * The day before the city went live, caught up in the background.
 *
 * The city serves with only its last hour simulated; the rest of today and
 * yesterday's calls come afterwards, in slices of the event loop, as
 * ordinary changes that linked consoles receive like any other (a bulk load
 * would restart the platform's log and send every console back for a new
 * snapshot). Yesterday's calls come first: they are few (at most an ordinary
 * day's) and complete the duty chief's hourly chart. Then today's earlier
 * hours, newest first, each simulated on its own agenda with its own dice —
 * so an hour is the same whenever its turn comes — until the clock, then
 * handed over (each entity once, in its state now) and joined to the live
 * city, whose agenda runs whatever is still under way in it.
 *
 * It begins once a console follows the changes (the embedded console links
 * within a second or two) or after FIRST_CONSOLE_MS without one, and between
 * slices it waits while a console is still taking its snapshot or has more
 * than LAG_LIMIT changes unacknowledged: it never delays a console's first
 * live board nor pushes a console past what the log keeps. A console that
 * acknowledges nothing for STALL_MS stops holding it (it would come back
 * with a snapshot).
 */

const HOUR_MS = 3_600_000;
/** Work per slice before the event loop gets its turn back: the platform keeps answering within about this. */
const SLICE_MS = 8;
/**
 * Unacknowledged changes a console may have before the history waits for it.
 * Small, so a live change (a new P1) never queues behind much history; just
 * above half the platform's default window of 5,000, where a console acks at
 * once (link/ack-policy.ts) — below it, acks come once a second and the
 * history would crawl.
 */
const LAG_LIMIT = 3_000;
/** How often a waiting history looks again. */
const WAIT_MS = 20;
const STALL_MS = 10_000;
/** How often a history whose next job is an archive day not yet due looks again. */
const ARCHIVE_WAIT_MS = 250;
/** How long the history waits for a first console to take its snapshot before it begins anyway. */
const FIRST_CONSOLE_MS = 3_000;

export interface HistoryParts {
  clock: Timers;
  /** The live city: its agenda adopts an earlier hour once it is handed over. */
  main: CityContext;
  guard: WriteGuard;
  volunteers: Volunteers;
  cameras: Cameras;
  roads: Roads;
  /** The live city's incident models; an earlier hour's joins them (a console may dispatch its incidents). */
  models: Incidents[];
  seed: number;
  /** The weeks before (archive-delivery.ts), delivered after today's hours: the newest day in place of yesterday's calls. */
  archive?: ArchiveDelivery;
}

export interface HistoryPlan {
  /** Today's earlier hours [from, to): simulated in full, each range an hour at a time from its end. */
  today: [number, number][];
  /** Yesterday [from, to): calls only (their incidents are long closed). */
  yesterday: [number, number] | null;
  /** The number of the first hour (its dice): a kept city's hours take others than its first run's. Default 1. */
  firstHour?: number;
  /**
   * How long a console that follows the changes goes on alone before the
   * history begins (default 0). A kept city's console resumes with its
   * cache and draws its first page from it: the hours the earlier run had
   * not made, and the time it was away, wait until that page is live.
   */
  settleMs?: number;
}

/** One step of work: true once it is done; it stops early when `stop()` says the slice is used up or `budget.room` (changes it may add) runs out. */
type Job = (stop: () => boolean, budget: { room: number }) => boolean;

/** A job and what it makes; `begun` once it has run at all. */
interface PlannedJob {
  run: Job;
  span: { yesterday: boolean; from: number; to: number; archive?: true };
  begun: boolean;
}

export class History {
  /** Resolves once every earlier hour and the archive have been handed over (or the history was stopped). */
  readonly done: Promise<void>;
  /** Resolves once today's earlier hours and yesterday are handed over (the archive's older days may follow). */
  readonly dayDone: Promise<void>;
  private finish!: () => void;
  private finishDay!: () => void;
  private readonly jobs: PlannedJob[] = [];
  private handle: unknown = null;
  private stopped = false;
  private startedAt = 0;
  private begun = false;
  private waitingSince: number | null = null;
  private lastLag = 0;
  private followedFrom: number | null = null;
  private readonly settleMs: number;

  constructor(
    private readonly parts: HistoryParts,
    plan: HistoryPlan,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.dayDone = new Promise((resolve) => (this.finishDay = resolve));
    this.settleMs = plan.settleMs ?? 0;
    if (plan.yesterday) {
      const [from, to] = plan.yesterday;
      this.jobs.push({ run: this.yesterdaysCalls(from, to), span: { yesterday: true, from, to }, begun: false });
    }
    const archive = parts.archive;
    const archiveDays = archive?.remaining() ?? [];
    const archiveJob = (day: number): PlannedJob => ({
      run: archive!.job(day),
      span: { yesterday: false, from: day, to: day, archive: true },
      begun: false,
    });
    // The archive's newest day is yesterday, calls and incidents: where yesterday's calls would come.
    if (!plan.yesterday && archive && archiveDays[0] === archive.plan.days[0]) this.jobs.push(archiveJob(archiveDays.shift()!));
    let k = plan.firstHour ?? 1;
    for (const [from, to] of plan.today) {
      for (let end = to; end > from; k++, end -= HOUR_MS) {
        const start = Math.max(from, end - HOUR_MS);
        this.jobs.push({ run: this.earlierHour(start, end, k), span: { yesterday: false, from: start, to: end }, begun: false });
      }
    }
    for (const day of archiveDays) this.jobs.push(archiveJob(day));
  }

  /**
   * What is still to make, for a kept city (simulator/kept/): the jobs not
   * begun. One begun counts as made — part of it is on the platform, and
   * made again it would come with new ids beside the part already there;
   * the rest of it is lost (at most an hour of the day, or yesterday's calls).
   */
  remaining(): { yesterday: [number, number] | null; today: [number, number][] } {
    // The archive keeps its own progress (archive-delivery.ts): a day begun goes on where it was.
    const left = this.jobs.filter((j) => !j.begun && !j.span.archive);
    const yesterday = left.find((j) => j.span.yesterday);
    return {
      yesterday: yesterday ? [yesterday.span.from, yesterday.span.to] : null,
      today: left.filter((j) => !j.span.yesterday).map((j): [number, number] => [j.span.from, j.span.to]),
    };
  }

  get complete(): boolean {
    return this.jobs.length === 0;
  }

  start(): void {
    this.dayMaybeDone();
    if (this.complete) return this.finish();
    this.startedAt = this.parts.clock.now();
    this.later(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.parts.clock.clearTimeout(this.handle);
    this.handle = null;
    this.finishDay();
    this.finish();
  }

  private dayMaybeDone(): void {
    if (!this.jobs.some((j) => !j.span.archive || j.span.from === this.parts.archive?.plan.days[0])) this.finishDay();
  }

  private later(ms: number): void {
    this.handle = this.parts.clock.setTimeout(() => this.slice(), ms);
  }

  private slice(): void {
    this.handle = null;
    if (this.stopped) return;
    const budget = { room: this.room() };
    if (budget.room <= 0) return this.later(WAIT_MS);
    const sliceEnd = performance.now() + SLICE_MS;
    const stop = () => performance.now() >= sliceEnd;
    while (this.jobs.length && !stop() && budget.room > 0) {
      const job = this.jobs[0]!;
      // The archive's older days wait until the first console's page is live (archive-delivery.ts).
      if (job.span.archive && !this.parts.archive!.mayBegin(job.span.from, this.parts.clock.now())) return this.later(ARCHIVE_WAIT_MS);
      job.begun = true;
      if (job.run(stop, budget)) {
        this.jobs.shift();
        this.dayMaybeDone();
      } else break;
    }
    if (this.jobs.length) return this.later(0);
    this.finish();
  }

  /** How many changes the history may add now: none while a console takes its snapshot or lags a window behind. */
  private room(): number {
    const lag = this.parts.main.world.platform.consoleLag();
    const now = this.parts.clock.now();
    if (!this.begun) {
      if (lag.following === 0 && now - this.startedAt < FIRST_CONSOLE_MS) return 0;
      if (lag.following > 0 && now - (this.followedFrom ??= now) < this.settleMs) return 0;
      this.begun = true;
    }
    if (lag.snapshots === 0 && lag.unacked < LAG_LIMIT) {
      this.waitingSince = null;
      return LAG_LIMIT - lag.unacked;
    }
    // Waiting: but a console that acknowledges nothing at all does not hold the city's day for ever.
    if (this.waitingSince === null || lag.unacked < this.lastLag) this.waitingSince = now;
    this.lastLag = lag.unacked;
    return now - this.waitingSince >= STALL_MS ? LAG_LIMIT : 0;
  }

  private yesterdaysCalls(from: number, to: number): Job {
    const { main, guard } = this.parts;
    const world = new World(main.world.platform, main.tz, guard);
    // Yesterday's own stream, so a seed gives the same calls.
    const random = seededRandom(this.parts.seed * 31 + 7);
    let next = from;
    return (stop, budget) => {
      while (next < to) {
        if (stop()) return false;
        const end = Math.min(to, next + HOUR_MS);
        backfillCalls({ ...main, world }, next, end, random);
        next = end;
      }
      return world.flush(budget, stop);
    };
  }

  /** Today's hour [from, to), the `k`-th before the live city's own. */
  private earlierHour(from: number, to: number, k: number): Job {
    let hour: ReturnType<History['simulateHour']> | null = null;
    return (stop, budget) => {
      hour ??= this.simulateHour(from, to, k);
      if (!hour.world.live) {
        if (!hour.ctx.sched.runUntil(this.parts.clock.now(), stop)) return false;
        if (!hour.world.flush(budget, stop)) return false;
      }
      // Handed over: the live city runs what is still under way in this hour (steps, follow-ups).
      const { main } = this.parts;
      main.sched.adopt(hour.ctx.sched);
      hour.ctx.sched = main.sched;
      return true;
    };
  }

  private simulateHour(from: number, to: number, k: number) {
    const { main, guard, volunteers, cameras, roads } = this.parts;
    const random = seededRandom((Math.imul(this.parts.seed, 0x9e3779b1) ^ Math.imul(k, 0x85ebca6b)) >>> 0);
    const world = new World(main.world.platform, main.tz, guard);
    const ctx: CityContext = { ...main, sched: new Scheduler(from), world, random, places: new Places(main.places.locator, random) };
    // A crash earlier today still blocks its road if it is not cleared yet; the points volunteers earned
    // for earlier reports are already in the registry's, so the hour awards none.
    const incidents = new Incidents(ctx, { roadBlocked: (road, until) => roads.block(road, until) });
    // A console may dispatch one of its incidents as soon as it is handed over: this model's plan carries on.
    this.parts.models.push(incidents);
    new Calls(ctx, incidents).start(to);
    new Reports(ctx, incidents, volunteers, cameras, { history: true }).start(to);
    return { ctx, world, incidents };
  }
}
