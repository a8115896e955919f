import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';

/** Incidents indexed per step: a step is short enough not to hold up the next changes. */
export const INDEX_STEP = 2000;
/**
 * How long after the link is first live the pinyin of places and cameras
 * waits: a first start leaves thousands to build (3–4 CPU-s, the library's
 * loading with it), and a console stopped soon after leaves them to its next
 * start — at a start they took the writer's core while the browser and the
 * first page started on the same two (issue 10). Search by Chinese text
 * works meanwhile; pinyin initials find nothing yet.
 */
export const PINYIN_AFTER_LIVE_MS = 10_000;
/** The pinyin is built this long after the scheduler was made even if the link was never live (an offline console). */
export const PINYIN_LATEST_MS = 30_000;
/**
 * How long after a console's first page drew its board (the host answered
 * its first `incidents.page`) the text and R*Tree entries of incidents wait:
 * the backlog a start leaves (the changes a warm start replays, a first
 * start's snapshot) took the writer's core for 0.4 CPU-s while the browser
 * loaded the page (issue 10). Queries meanwhile read the waiting incidents
 * by their columns (`unindexed`, migration 0004): search and duplicates find
 * them all, a little slower. No page (`egret sync`, `serve` with no window
 * open): as the pinyin, PINYIN_AFTER_LIVE_MS after the link was first live,
 * and PINYIN_LATEST_MS after the start for an offline console.
 */
export const INCIDENTS_AFTER_PAGE_MS = 1_000;
/** How often a step waiting for the incidents' time looks again (the page's and the link's moments are not known before). */
const LOOK_AGAIN_MS = 1_000;

export interface IndexSchedulerOptions {
  timers: Timers;
  /** Changes are queued or being written: indexing waits until they are done. */
  busy(): boolean;
  /** The link is closed: nothing more is built. */
  stopped(): boolean;
  /** Builds at most `max` waiting entries (pinyin only if `pinyin`); resolves to whether any still wait (incidents only, without pinyin). */
  indexPending(max: number, pinyin: boolean): Promise<boolean>;
  /** When the link was first live (null: not yet): the pinyin waits PINYIN_AFTER_LIVE_MS after. Default: the pinyin does not wait. */
  firstLiveAt?(): number | null;
  /** When a console's first page drew its board (null: not yet): the incidents wait INCIDENTS_AFTER_PAGE_MS after. Default: they do not wait. */
  firstPageAt?(): number | null;
  logger: Logger;
}

/**
 * Builds the text and spatial (R*Tree) entries of fresh incidents in small
 * steps once changes stop arriving for a moment, so neither slows ingest:
 * each call to `schedule` pushes the next step back, a busy writer postpones
 * it again, and steps follow one another while entries still wait. The
 * incidents' entries wait until the first page is live, and the pinyin of
 * places and cameras until the link has been live a while (a step before
 * then leaves the pinyin, and plans one for when it may come; before the
 * incidents' time no step runs, one is planned for it).
 */
export class IndexScheduler {
  private timer: unknown = null;
  private building = false;
  private readonly madeAt: number;

  constructor(private readonly options: IndexSchedulerOptions) {
    this.madeAt = options.timers.now();
  }

  /** When the pinyin may be built (timers' clock). */
  private pinyinFrom(): number {
    if (!this.options.firstLiveAt) return -Infinity;
    const live = this.options.firstLiveAt();
    return Math.min(this.madeAt + PINYIN_LATEST_MS, live === null ? Infinity : live + PINYIN_AFTER_LIVE_MS);
  }

  /** When the incidents' entries may be built (timers' clock): after the first page, or when the pinyin may, if no page came. */
  private incidentsFrom(): number {
    if (!this.options.firstPageAt) return -Infinity;
    const page = this.options.firstPageAt();
    return Math.min(page === null ? Infinity : page + INCIDENTS_AFTER_PAGE_MS, this.pinyinFrom());
  }

  /** Runs a step once nothing has asked for one for `afterMs` and the writer is free. */
  schedule(afterMs: number): void {
    this.plan(afterMs, afterMs);
  }

  /** `schedule`, looking first in `inMs` (a step waiting for the incidents' time keeps its quiet time). */
  private plan(afterMs: number, inMs: number): void {
    const { timers } = this.options;
    if (this.timer !== null) timers.clearTimeout(this.timer);
    this.timer = timers.setTimeout(() => {
      this.timer = null;
      if (this.options.stopped()) return;
      if (this.options.busy() || this.building) return this.schedule(afterMs);
      // Not yet the incidents' time: a step planned for it, looked at again each LOOK_AGAIN_MS until it is known
      // (a quiet platform sends no changes that would plan it again).
      const incidentsIn = this.incidentsFrom() - timers.now();
      if (incidentsIn > 0) return this.plan(afterMs, Math.min(incidentsIn, LOOK_AGAIN_MS));
      this.building = true;
      const pinyinIn = this.pinyinFrom() - timers.now();
      this.options.indexPending(INDEX_STEP, pinyinIn <= 0).then(
        (more) => {
          this.building = false;
          if (more) this.schedule(0);
          // Left for later: a step then (the next changes' steps plan it again, from the link's state then).
          else if (pinyinIn > 0) this.schedule(Math.max(afterMs, this.pinyinFrom() - timers.now()));
        },
        (error: Error) => {
          this.building = false;
          this.options.logger.warn('building text and spatial entries failed', { error: error.message });
        },
      );
    }, inMs);
  }

  /** Drops the step waiting to run (a step already running finishes). */
  cancel(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
