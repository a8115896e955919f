import type { LinkState, LinkStatus } from '../api/index.ts';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import type { LinkEmitter } from './link-events.ts';

/** What the status line reads from elsewhere each time it is shown. */
export interface StatusSources {
  cursor(): number | null;
  /** The snapshot arriving on the current connection, if one is. */
  progress(): { nextPart: number; items: number } | null;
  /** When the next connection attempt is due, or null. */
  retryAt(): number | null;
  outbox(): number;
}

/**
 * The link's state as operators see it (`link.status`): state and since
 * when, the last error, the platform's head, the quarantine count — and
 * what `sync --exit-idle` reads. Listeners hear it after every change.
 */
export class StatusLine {
  private state: LinkState;
  private since: number;
  private lastError: LinkStatus['lastError'] = null;
  private head: number | null = null;
  private quarantine: number;
  private platformClock: LinkStatus['platformClock'] = null;
  /** The `head` of the last welcome (for `sync --exit-idle`). */
  lastWelcomeHead: number | null = null;
  /** When the last welcome, `snapshot` or `changes` frame arrived (for `sync --exit-idle`). */
  lastDataFrameAt = 0;
  /** When the link was first live since the console started (the index backlog's pinyin waits for it). */
  firstLiveAt: number | null = null;

  constructor(
    private readonly options: { timers: Timers; logger: Logger; events: LinkEmitter; sources: StatusSources },
    initial: { state: LinkState; quarantine: number },
  ) {
    this.state = initial.state;
    this.quarantine = initial.quarantine;
    this.since = options.timers.now();
  }

  status(): LinkStatus {
    const { sources } = this.options;
    const cursor = sources.cursor();
    const progress = sources.progress();
    const retryAt = sources.retryAt();
    return {
      state: this.state,
      cursor,
      head: this.head,
      lag: this.head !== null && cursor !== null ? Math.max(0, this.head - cursor) : null,
      progress: progress ? { parts: progress.nextPart, items: progress.items } : null,
      retryAt: retryAt !== null ? new Date(retryAt).toISOString() : null,
      outbox: sources.outbox(),
      quarantine: this.quarantine,
      lastError: this.lastError,
      since: new Date(this.since).toISOString(),
      platformClock: this.platformClock,
    };
  }

  get hasError(): boolean {
    return this.lastError !== null;
  }

  setState(state: LinkState): void {
    if (state !== this.state) {
      this.state = state;
      this.since = this.options.timers.now();
      if (state === 'live') this.firstLiveAt ??= this.since;
    }
    this.emit();
  }

  /** Tells the listeners (the status is only worked out when someone listens). */
  emit(): void {
    const { events } = this.options;
    if (events.heard('status')) events.emit('status', this.status());
  }

  fail(code: string, message: string): void {
    this.lastError = { code, message, at: new Date(this.options.timers.now()).toISOString() };
    this.options.logger.warn('link error', { code, message });
  }

  /** A new sign-in or a welcome: what went wrong before is over. */
  clearError(): void {
    this.lastError = null;
  }

  /** A welcome: the platform's head, and its clock (zone, and `server_time` against ours; an unreadable time counts as no difference). */
  welcomed(head: number, platform: { tz: string; serverTime: string }): void {
    const serverMs = Date.parse(platform.serverTime);
    this.platformClock = { tz: platform.tz, aheadMs: Number.isFinite(serverMs) ? serverMs - this.options.timers.now() : 0 };
    this.head = head;
    this.lastWelcomeHead = head;
    this.lastDataFrameAt = this.options.timers.now();
    this.lastError = null;
  }

  /** A `snapshot` or `changes` frame arrived. */
  dataFrame(): void {
    this.lastDataFrameAt = this.options.timers.now();
    this.options.events.emit('dataFrame');
  }

  /** The cache committed through `seq`: the head is at least there. */
  reached(seq: number): void {
    if (this.head === null || this.head < seq) this.head = seq;
  }

  quarantined(count: number): void {
    if (count === 0) return;
    this.quarantine += count;
    this.options.logger.warn('platform items quarantined', { count, total: this.quarantine });
    this.options.events.emit('quarantined', count);
  }
}
