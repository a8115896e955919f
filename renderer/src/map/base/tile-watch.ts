import type { Timers } from '../../api/timers.ts';

/**
 * Decides whether a configured tile server works, from the first tiles it is
 * asked for. Until one tile has loaded the server is on probation: a few
 * errors in a row, or no tile within `timeoutMs` of the first request, fail it
 * and the map falls back to the offline base (never a grey map). Once a tile
 * has loaded, later errors (a missing tile at the sea's edge) change nothing.
 * The clock starts at the first request, not at creation: a map in a hidden
 * panel asks for no tiles and must not be failed for it.
 */
export class TileWatch {
  private proven = false;
  private failed = false;
  private errors = 0;
  private timer: unknown = null;

  constructor(
    private readonly options: {
      timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
      /** No tile loaded this long after the first request: the server failed. */
      timeoutMs: number;
      /** This many tile errors before any tile loaded: the server failed. */
      maxErrors: number;
      onFail: (why: 'errors' | 'timeout') => void;
      onProven: () => void;
    },
  ) {}

  /** The tile layer started requesting tiles. */
  requested(): void {
    if (this.proven || this.failed || this.timer !== null) return;
    this.timer = this.options.timers.setTimeout(() => this.fail('timeout'), this.options.timeoutMs);
  }

  loaded(): void {
    if (this.proven || this.failed) return;
    this.proven = true;
    this.stopTimer();
    this.options.onProven();
  }

  errored(): void {
    if (this.proven || this.failed) return;
    this.errors += 1;
    if (this.errors >= this.options.maxErrors) this.fail('errors');
  }

  dispose(): void {
    this.stopTimer();
    this.failed = true;
  }

  private fail(why: 'errors' | 'timeout'): void {
    this.stopTimer();
    this.failed = true;
    this.options.onFail(why);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
