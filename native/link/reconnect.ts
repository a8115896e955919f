import type { Timers } from '../common/timers.ts';
import { CLOSE } from '../protocol/frames.ts';
import type { Backoff } from './backoff.ts';

/**
 * The next try after a connection is lost (spec §6): one at a time, after
 * the backoff's delay (full jitter, backoff.ts); the delay starts from the
 * first step again after a welcome, a reset or a new sign-in.
 */
export class Redial {
  private timer: unknown = null;
  private due: number | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly backoff: Backoff,
  ) {}

  /** A try is waiting. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /** When the waiting try is due (status().retryAt), or null. */
  get at(): number | null {
    return this.due;
  }

  /** Schedules `connect` after the next delay; false (and nothing changes) if a try is waiting already. */
  schedule(connect: () => void): boolean {
    if (this.timer !== null) return false;
    const delay = this.backoff.next();
    this.due = this.timers.now() + delay;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.due = null;
      connect();
    }, delay);
    return true;
  }

  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.due = null;
  }

  /** The next failure waits the first step's delay again. */
  reset(): void {
    this.backoff.reset();
  }
}

/** What the link does after a connection closed (spec §2.3, §1). */
export interface AfterClose {
  /** Stop and ask the operator (`unauthorized`: sign in again; `update_required`: update Egret), or retry. */
  next: 'unauthorized' | 'update_required' | 'retry';
  /** The error the close brings to the status line; null leaves the line as it is. */
  error: { code: string; message: string } | null;
}

/** How a connection ended, as far as the next step goes. */
export interface Ending {
  code: number;
  reason: string;
  /** Why the link closed it itself, if it did. */
  closingBecause: string | null;
  /** The upgrade was refused with HTTP 401 (its error is shown already). */
  unauthorized: boolean;
  /** The status line already shows an error that explains the close. */
  errorShown: boolean;
}

export function afterClose(ending: Ending): AfterClose {
  const { code, reason } = ending;
  if (code === CLOSE.unauthorized || ending.unauthorized) {
    // Spec §2.3: never retry with the same token; ask for sign-in.
    const error = ending.unauthorized ? null : { code: 'unauthorized', message: reason || 'the platform refused the token: sign in again' };
    return { next: 'unauthorized', error };
  }
  if (code === CLOSE.version) {
    return { next: 'update_required', error: { code: 'version', message: reason || 'the platform requires a newer console: update Egret' } };
  }
  // After bad_request (4400) and any other close: retry with backoff.
  if (ending.closingBecause) return { next: 'retry', error: { code: 'protocol', message: ending.closingBecause } };
  if (code === CLOSE.tooBig) return { next: 'retry', error: { code: 'too_big', message: 'the platform sent a frame over 4 MiB; it was refused' } };
  if (code !== CLOSE.normal && !ending.errorShown) {
    return { next: 'retry', error: { code: 'closed', message: `connection closed (${code}${reason ? `: ${reason}` : ''})` } };
  }
  return { next: 'retry', error: null };
}
