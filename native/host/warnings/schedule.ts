import type { Timers } from '../../common/timers.ts';
import type { ChangedIds } from './computer.ts';

/**
 * Changes come in bursts (a busy minute is hundreds of changes frames); one
 * run every ~2 s at most keeps the warnings a couple of seconds behind the
 * cache and the thread mostly idle.
 */
export const MIN_GAP_MS = 2_000;
/**
 * The largest share of a core the runs may take: the next run starts no
 * sooner than its predecessor's duration divided by this after that one
 * started (its rest at most MAX_REST_MS). A run of the method's goal
 * (< 200 ms) is never held back; on a loaded machine, or while a snapshot's
 * or the demo's archive's changes pour in, a run of seconds is followed by a
 * rest three times as long, instead of the thread keeping a core busy for
 * minutes (bench:start --profile saw it take a whole core through a warm
 * start).
 */
export const MAX_BUSY_SHARE = 0.25;
/**
 * The longest rest after a run, however long it took: what a warning waits
 * for at worst beyond the runs themselves. Only runs longer than
 * MAX_REST_MS × MAX_BUSY_SHARE / (1 − MAX_BUSY_SHARE) (20 s) reach it — a
 * machine so loaded that a quarter of a core would leave the duty chief
 * minutes behind the cache.
 */
export const MAX_REST_MS = 60_000;
/** Time alone moves surges (the hour goes on) and deadlines (overdue) along. */
export const EVERY_MS = 60_000;

/** What one run is asked to do: read everything again, or refresh what changed since the last. */
export interface RunWork {
  reload: boolean;
  changed: ChangedIds;
}

/**
 * When early warning recomputes: nothing before `start` (the cache caught
 * up), then once at once; after that on changes (coalesced: at most one run
 * per MIN_GAP_MS, and a long run rests the thread (MAX_BUSY_SHARE, at most
 * MAX_REST_MS); one at a time, changes during a run go into the next), every
 * EVERY_MS, and whenever asked (settings changed). Runs never overlap.
 */
export class RecomputeSchedule {
  private started = false;
  private disposed = false;
  private running = false;
  private due = false;
  private reload = true;
  private incidents = new Set<string>();
  private calls = new Set<string>();
  private events = new Set<string>();
  private timer: unknown = null;
  private minuteTimer: unknown = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private lastRunMs = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly timers: Timers,
    /** Never rejects; false when the run failed: the next (at the minute, or on changes) reads everything again. */
    private readonly run: (work: RunWork) => Promise<boolean>,
  ) {}

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.request();
  }

  /** The cache was replaced by a snapshot: the next run reads it whole. */
  snapshot(): void {
    this.reload = true;
    this.request();
  }

  /** Kept before the start too: a first run that resumes from a kept span needs every change since the host opened. */
  changed(ids: Partial<ChangedIds>): void {
    for (const id of ids.incidents ?? []) this.incidents.add(id);
    for (const id of ids.calls ?? []) this.calls.add(id);
    for (const id of ids.events ?? []) this.events.add(id);
    this.request();
  }

  /** A run as soon as the gap allows (settings changed, the minute came). */
  request(): void {
    this.due = true;
    if (!this.started || this.disposed || this.running || this.timer !== null) return;
    const rest = Math.min(MAX_REST_MS, this.lastRunMs * (1 / MAX_BUSY_SHARE - 1));
    const gap = Math.max(MIN_GAP_MS, this.lastRunMs + rest);
    const wait = Math.max(0, this.lastStart + gap - this.timers.now());
    this.timer = this.timers.setTimeout(() => this.fire(), wait);
  }

  /** The changes no run has taken yet (a clean close keeps the span with them). */
  pending(): ChangedIds {
    return { incidents: [...this.incidents], calls: [...this.calls], events: [...this.events] };
  }

  /** Resolves when the run under way (if any) has finished and its follow-up is scheduled. */
  settled(): Promise<void> {
    return this.inFlight;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    if (this.minuteTimer !== null) this.timers.clearTimeout(this.minuteTimer);
    this.timer = this.minuteTimer = null;
  }

  private fire(): void {
    this.timer = null;
    if (this.disposed) return;
    const work: RunWork = {
      reload: this.reload,
      changed: { incidents: [...this.incidents], calls: [...this.calls], events: [...this.events] },
    };
    this.reload = false;
    this.due = false;
    this.incidents = new Set();
    this.calls = new Set();
    this.events = new Set();
    this.running = true;
    this.lastStart = this.timers.now();
    if (this.minuteTimer !== null) this.timers.clearTimeout(this.minuteTimer);
    this.minuteTimer = this.timers.setTimeout(() => {
      this.minuteTimer = null;
      this.request();
    }, EVERY_MS);
    const started = this.lastStart;
    this.inFlight = this.run(work).then((ok) => {
      this.running = false;
      this.lastRunMs = this.timers.now() - started;
      if (!ok) this.reload = true;
      else if (this.due) this.request();
    });
  }
}
