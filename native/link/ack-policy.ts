import type { Timers } from '../common/timers.ts';

export interface AckPolicyOptions {
  timers: Timers;
  /** Spec §4: ack at least this often while changes arrive. */
  intervalMs: number;
  /** The cursor committed to cache.db (null when there is none): the only seq ever acked. */
  durableCursor(): number | null;
  /** Sends `{"t":"ack","seq":seq}` on the connection. */
  send(seq: number): void;
}

/**
 * When one connection acks (spec §4): at least every second while changes
 * arrive, and at once when half the window is unacknowledged — the platform
 * sends nothing beyond `window`, so a console that waits longer stalls its own
 * link. An ack names the durable cursor, never what is merely taken on, so it
 * never covers a change a crash could still lose.
 */
export class AckPolicy {
  private window = 1;
  private lastAcked: number | null = null;
  private timer: unknown = null;

  constructor(private readonly options: AckPolicyOptions) {}

  /** The welcome's window; `cursor` is what hello told the platform, so it counts as acked. */
  welcomed(window: number, cursor: number | null): void {
    this.window = window;
    this.lastAcked = cursor;
  }

  /** Changes through `seq` are committed: ack now if half the window waits, else within the interval. */
  committed(seq: number): void {
    const unacked = seq - (this.lastAcked ?? 0);
    if (unacked >= Math.max(1, Math.floor(this.window / 2))) return this.ackNow();
    if (this.timer === null) this.timer = this.options.timers.setTimeout(() => this.ackNow(), this.options.intervalMs);
  }

  /** Spec §3: the console acks `as_of` once the snapshot is committed. */
  snapshotCommitted(asOf: number): void {
    this.options.send(asOf);
    this.lastAcked = asOf;
  }

  /** The connection is over: no ack is due any more. */
  stop(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The last seq acked on this connection (or known to the platform from hello). */
  get acked(): number | null {
    return this.lastAcked;
  }

  private ackNow(): void {
    this.stop();
    const cursor = this.options.durableCursor();
    if (cursor === null || cursor === this.lastAcked) return;
    this.options.send(cursor);
    this.lastAcked = cursor;
  }
}
