import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import { markRunning, markStopped, writeKeptState, type KeptState } from './state-file.ts';

/** How often a running demo keeps its city, besides at its close. */
export const KEEP_EVERY_MS = 60_000;
/**
 * A save takes the demo's thread while it copies and serialises the city (a
 * full day at rate 20 is 300,000 entities, 90 MB): the next waits at least
 * this many times as long as the last took, so saving never takes more than
 * a small share of the thread that answers the consoles.
 */
const SAVE_SHARE_INVERSE = 20;

/**
 * Keeps the demo city in its folder: every KEEP_EVERY_MS and once more at a
 * clean close. What is kept is taken in one synchronous turn (`capture`),
 * so the platform's log and the city agree; the writing that follows runs
 * while the platform goes on, one write at a time, each whole or not at all
 * (state-file.ts).
 */
export class CityKeeper {
  private handle: unknown = null;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastSaveMs = 0;

  constructor(
    private readonly dir: string,
    private readonly capture: (clean: boolean) => KeptState,
    private readonly clock: Timers,
    private readonly logger: Logger,
    private readonly everyMs = KEEP_EVERY_MS,
  ) {}

  /** From now on the run is running (state-file.ts runningFile), and keeps its city every `everyMs`. */
  start(): void {
    markRunning(this.dir);
    this.later();
  }

  private later(): void {
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      if (this.stopped) return;
      void this.save(false).then(() => {
        if (!this.stopped) this.later();
      });
    }, Math.max(this.everyMs, this.lastSaveMs * SAVE_SHARE_INVERSE));
  }

  /** Takes the state now and writes it after any write under way; resolves once it is written (or failed: logged). */
  save(clean: boolean): Promise<void> {
    const started = performance.now();
    const state = this.capture(clean);
    const capturedMs = performance.now() - started;
    this.writing = this.writing.then(() =>
      writeKeptState(this.dir, state).then(
        (bytes) => {
          this.lastSaveMs = performance.now() - started;
          // Only a clean close's state, written whole, says the run ended cleanly.
          if (clean) markStopped(this.dir);
          this.logger.info('demo: city kept', {
            clean,
            bytes,
            captureMs: Math.round(capturedMs),
            ms: Math.round(performance.now() - started),
            entities: state.platform.entities.reduce((n, g) => n + g.items.length, 0),
          });
        },
        (error: unknown) => this.logger.warn('demo: the city could not be kept', { error: String(error) }),
      ),
    );
    return this.writing;
  }

  /**
   * The clean close's save: takes the state at once (the caller has stopped
   * the city and closes the platform in the same turn, so nothing changes
   * after it) and resolves once it is written.
   */
  close(): Promise<void> {
    this.stopped = true;
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
    return this.save(true);
  }
}
