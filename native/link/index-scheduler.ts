import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';

/** Incidents indexed per step: a step is short enough not to hold up the next changes. */
export const INDEX_STEP = 2000;

export interface IndexSchedulerOptions {
  timers: Timers;
  /** Changes are queued or being written: indexing waits until they are done. */
  busy(): boolean;
  /** The link is closed: nothing more is built. */
  stopped(): boolean;
  /** Builds at most `max` waiting entries; resolves to whether any still wait. */
  indexPending(max: number): Promise<boolean>;
  logger: Logger;
}

/**
 * Builds the text and spatial (R*Tree) entries of fresh incidents in small
 * steps once changes stop arriving for a moment, so neither slows ingest:
 * each call to `schedule` pushes the next step back, a busy writer postpones
 * it again, and steps follow one another while entries still wait.
 */
export class IndexScheduler {
  private timer: unknown = null;
  private building = false;

  constructor(private readonly options: IndexSchedulerOptions) {}

  /** Runs a step once nothing has asked for one for `afterMs` and the writer is free. */
  schedule(afterMs: number): void {
    const { timers } = this.options;
    if (this.timer !== null) timers.clearTimeout(this.timer);
    this.timer = timers.setTimeout(() => {
      this.timer = null;
      if (this.options.stopped()) return;
      if (this.options.busy() || this.building) return this.schedule(afterMs);
      this.building = true;
      this.options.indexPending(INDEX_STEP).then(
        (more) => {
          this.building = false;
          if (more) this.schedule(0);
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
