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
  logger: Logger;
}

/**
 * Builds the text and spatial (R*Tree) entries of fresh incidents in small
 * steps once changes stop arriving for a moment, so neither slows ingest:
 * each call to `schedule` pushes the next step back, a busy writer postpones
 * it again, and steps follow one another while entries still wait. The
 * pinyin of places and cameras waits until the first page is live (a step
 * before then leaves it, and plans one for when it may come).
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

  /** Runs a step once nothing has asked for one for `afterMs` and the writer is free. */
  schedule(afterMs: number): void {
    const { timers } = this.options;
    if (this.timer !== null) timers.clearTimeout(this.timer);
    this.timer = timers.setTimeout(() => {
      this.timer = null;
      if (this.options.stopped()) return;
      if (this.options.busy() || this.building) return this.schedule(afterMs);
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
    }, afterMs);
  }

  /** Drops the step waiting to run (a step already running finishes). */
  cancel(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
