import { dayBounds } from '../../common/day.ts';
import type { EntityKind } from '../types.ts';
import { archiveHours, type ArchiveDayOptions } from './archive.ts';
import type { CityPlatform, WriteGuard } from './world.ts';

/**
 * The archive (archive.ts) handed to a running demo's platform: each day as
 * ordinary changes, an hour's incidents then its calls, paced by the
 * history (history.ts) like today's earlier hours. Days come newest first:
 * yesterday completes the duty chief's hourly chart (it takes the place of
 * yesterday's calls), and the weeks nearest today are the ones a warning's
 * baseline misses most while the rest is still on its way. The older days
 * wait until the first console's page is live (mayBegin).
 *
 * Nothing of it needs keeping: a day is made again from the seed. A kept
 * city records which days were delivered, and how far into a day it had
 * got; a restart regenerates those entities into the platform's state (a
 * snapshot holds them again) and delivers the rest (archive entities no
 * console touched are left out of the kept file: kept/platform-state.ts).
 */

export interface KeptArchive {
  /** Every archive day (local midnights), in delivery order: newest first. */
  days: number[];
  /** Days wholly on the platform. */
  delivered: number[];
  /** A day begun: its first `sent` entities (in delivery order) are on the platform. */
  partial: { day: number; sent: number } | null;
}

export interface ArchiveShape {
  seed: number;
  tz: string;
  /** The city's load multiplier; an archive day is at most an ordinary one (a day at rate 20 would cost twenty). */
  rate: number;
}

/** The `count` days before the one starting at `midnight` (local midnights, newest first; a day is 23 or 25 h around a change of offset). */
export function archiveDays(midnight: number, count: number, tz: string): number[] {
  const days: number[] = [];
  for (let k = 0, start = midnight; k < count; k++) days.push((start = dayBounds(start - 12 * 3_600_000, tz).start));
  return days;
}

/** A day's entities in delivery order. */
function* dayEntities(shape: ArchiveShape, day: number): Generator<{ kind: EntityKind; data: Record<string, unknown> }[]> {
  const o: ArchiveDayOptions = { seed: shape.seed, dayStart: day, tz: shape.tz, rate: Math.min(1, shape.rate) };
  for (const hour of archiveHours(o)) {
    yield [
      ...hour.incidents.map((data) => ({ kind: 'incident' as const, data: data as Record<string, unknown> })),
      ...hour.calls.map((data) => ({ kind: 'call' as const, data: data as Record<string, unknown> })),
    ];
  }
}

/** One step of the history's work (history.ts Job). */
export type ArchiveJob = (stop: () => boolean, budget: { room: number }) => boolean;

/**
 * How long the first console to follow the changes (its snapshot or replay
 * in) goes on alone before the older days begin: its page is drawn and
 * live by then. Delivered at its start, the older days took the demo's
 * thread, the console's link and its cache writer while the browser and the
 * page started on the same two cores (issue 10; 27 days are ~165,000 changes).
 */
export const ARCHIVE_SETTLE_MS = 10_000;
/** With no console following, the older days begin this long after the history first asks (`egret simulate` alone). */
export const ARCHIVE_ALONE_MS = 30_000;

export class ArchiveDelivery {
  private readonly delivered: number[];
  private partial: KeptArchive['partial'];
  /** When the history first asked (mayBegin), and when a console was first seen following with no snapshot under way. */
  private askedFrom: number | null = null;
  private followedFrom: number | null = null;
  private olderBegun = false;

  constructor(
    private readonly shape: ArchiveShape,
    private readonly platform: CityPlatform,
    private readonly guard: WriteGuard,
    readonly plan: Readonly<KeptArchive>,
  ) {
    this.delivered = [...plan.delivered];
    this.partial = plan.partial ? { ...plan.partial } : null;
  }

  /** The days still to deliver, in order (a begun one first). */
  remaining(): number[] {
    return this.plan.days.filter((d) => !this.delivered.includes(d));
  }

  get complete(): boolean {
    return this.remaining().length === 0;
  }

  /**
   * Whether `day` may be delivered now. The newest (yesterday, in place of
   * its calls) comes in its turn; the older days wait until a console has
   * followed for ARCHIVE_SETTLE_MS, or for ARCHIVE_ALONE_MS with none —
   * once begun they go on (a console that comes later gets them as changes).
   */
  mayBegin(day: number, now: number): boolean {
    if (day === this.plan.days[0] || this.olderBegun) return true;
    this.askedFrom ??= now;
    if (this.followedFrom === null) {
      const lag = this.platform.consoleLag();
      if (lag.following > 0 && lag.snapshots === 0) this.followedFrom = now;
    }
    this.olderBegun =
      (this.followedFrom !== null && now - this.followedFrom >= ARCHIVE_SETTLE_MS) ||
      (this.followedFrom === null && now - this.askedFrom >= ARCHIVE_ALONE_MS);
    return this.olderBegun;
  }

  keep(): KeptArchive {
    return { days: [...this.plan.days], delivered: [...this.delivered], partial: this.partial ? { ...this.partial } : null };
  }

  /** Delivers `day` (from where a kept run left it): true once it is all on the platform. */
  job(day: number): ArchiveJob {
    let hours: ReturnType<typeof dayEntities> | null = null;
    let pending: { kind: EntityKind; data: Record<string, unknown> }[] = [];
    let next = 0;
    let skip = this.partial?.day === day ? this.partial.sent : 0;
    return (stop, budget) => {
      hours ??= dayEntities(this.shape, day);
      this.partial ??= { day, sent: 0 };
      let n = 0;
      for (;;) {
        while (next < pending.length) {
          if (skip > 0) {
            skip--;
            next++;
            continue;
          }
          if (budget.room <= 0 || (++n % 64 === 0 && stop())) return false;
          const { kind, data } = pending[next]!;
          const { rev: _rev, ...rest } = data;
          this.guard.writing = true;
          try {
            this.platform.upsert(kind, rest);
          } finally {
            this.guard.writing = false;
          }
          budget.room -= 1;
          next++;
          this.partial.sent++;
        }
        if (n > 0 && stop()) return false;
        const hour = hours.next();
        if (hour.done) break;
        pending = hour.value;
        next = 0;
      }
      this.delivered.push(day);
      this.partial = null;
      return true;
    };
  }
}

/**
 * A kept city's delivered archive, made again into the platform's state
 * (no log entries: consoles had them as changes): every delivered day, and
 * the first entities of a begun one. An entity the platform already holds (a
 * console changed it, so it was kept) is left as it is. A day at a time, for
 * the caller to give the event loop its turn between two.
 */
export function* restoreArchive(
  platform: Pick<CityPlatform, 'log'> & { log: { restoreEntities(kind: EntityKind, items: readonly Record<string, unknown>[]): void } },
  shape: ArchiveShape,
  kept: KeptArchive,
): Generator<number> {
  const days = [...kept.delivered, ...(kept.partial ? [kept.partial.day] : [])];
  for (const day of days) {
    let left = kept.partial?.day === day ? kept.partial.sent : Infinity;
    const byKind: Record<'incident' | 'call', Record<string, unknown>[]> = { incident: [], call: [] };
    let count = 0;
    for (const hour of dayEntities(shape, day)) {
      for (const { kind, data } of hour) {
        if (left-- <= 0) break;
        if (platform.log.get(kind, data.id as string)) continue;
        byKind[kind as 'incident' | 'call'].push(data);
        count++;
      }
      if (left <= 0) break;
    }
    platform.log.restoreEntities('incident', byKind.incident);
    platform.log.restoreEntities('call', byKind.call);
    yield count;
  }
}
