import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { ENTITY_KINDS } from '../protocol/entities.ts';
import { precompiledCheck } from '../protocol/fast-check.ts';
import { Changes, CommandResult, Notice, PlatformError, Reset, Snapshot, Welcome, type Position } from '../protocol/frames.ts';
import type { ApplyOutcome } from '../store/cache-store.ts';
import type { DataDir } from '../store/data-dir.ts';
import { AckPolicy } from './ack-policy.ts';
import type { CacheFeed } from './cache-feed.ts';
import { Connection, type PlatformSocket } from './connection.ts';
import type { LinkEmitter } from './link-events.ts';
import type { StatusLine } from './link-status.ts';
import type { OutboxSender } from './outbox-sender.ts';
import type { SnapshotProgress } from './snapshot-staging.ts';

// The envelopes that arrive thousands of times a second, compiled (fast-check.ts).
const isChangesFrame = precompiledCheck('changesFrame');
const isPositionsFrame = precompiledCheck('positionsFrame');
const isPosition = precompiledCheck('position');

/** Warns about each kind of oddity once, however often the platform repeats it. */
export class OnceWarnings {
  private readonly seen = new Set<string>();
  constructor(private readonly logger: Logger) {}
  warn(key: string, message: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.logger.warn(message);
  }
}

/** What a session shares with the link it belongs to. */
export interface SessionContext {
  consoleId: string;
  token(): string | null;
  data: DataDir;
  timers: Timers;
  logger: Logger;
  idleMs: number;
  ackIntervalMs: number;
  feed: CacheFeed<Session>;
  outbox: OutboxSender;
  line: StatusLine;
  events: LinkEmitter;
  oddities: OnceWarnings;
  /** This session is the link's connection of the moment. */
  isCurrent(session: Session): boolean;
  /** The platform said who the token belongs to (spec §2.2). */
  signedIn(operator: Welcome['operator']): void;
  /** A welcome or a reset: the next failure waits the first backoff step again. */
  resetBackoff(): void;
  closed(session: Session, code: number, reason: string): void;
}

/**
 * One connection's worth of the protocol (spec §2–§7): hello once the socket
 * is open, then each frame to where it goes — the welcome, snapshot parts and
 * changes to the cache feed, results to the outbox, positions and notices to
 * listeners. A frame the spec says to refuse closes the connection; the link
 * then reconnects and the platform replays.
 */
export class Session {
  readonly conn: Connection;
  welcomed = false;
  readonly acks: AckPolicy;
  /** Set while a snapshot's parts are arriving. */
  snapshot: SnapshotProgress | null = null;

  constructor(
    socket: PlatformSocket,
    private readonly ctx: SessionContext,
  ) {
    this.acks = new AckPolicy({
      timers: ctx.timers,
      intervalMs: ctx.ackIntervalMs,
      durableCursor: () => ctx.data.cache.cursor(),
      send: (seq) => this.conn.send({ t: 'ack', seq }),
    });
    this.conn = new Connection(
      socket,
      {
        open: () => this.hello(),
        text: (text) => this.receive(text),
        binary: () => ctx.oddities.warn('binary', 'ignoring a binary frame from the platform'),
        failed: (code, message) => ctx.line.fail(code, message),
        closed: (code, reason) => ctx.closed(this, code, reason),
      },
      { timers: ctx.timers, idleMs: ctx.idleMs, logger: ctx.logger },
    );
  }

  /** The writer committed what came on this connection: the head, the quarantine count, the ack and the state move on. */
  committed(seq: number, outcome: ApplyOutcome, via: 'changes' | 'snapshot'): void {
    const { line, events } = this.ctx;
    line.reached(seq);
    line.quarantined(outcome.quarantined);
    if (via === 'changes') {
      if (this.ctx.isCurrent(this)) this.acks.committed(seq);
      line.emit();
    } else if (this.ctx.isCurrent(this)) {
      this.acks.snapshotCommitted(seq);
      line.setState('live');
    }
    events.emit('applied', outcome, via);
  }

  private hello(): void {
    const { data } = this.ctx;
    // The cursor in hello must be the durable one: let the writes of the
    // last connection finish first (milliseconds; hello is due within 10 s).
    void data.writes
      .idle()
      .catch(() => undefined)
      .then(() => {
        if (!this.ctx.isCurrent(this)) return;
        this.conn.send({ t: 'hello', v: 1, console: this.ctx.consoleId, token: this.ctx.token(), cursor: data.cache.cursor(), topics: ENTITY_KINDS });
      });
  }

  private receive(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return this.ctx.oddities.warn('bad-json', 'ignoring a frame that is not JSON');
    }
    const t = (frame as { t?: unknown } | null)?.t;
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame) || typeof t !== 'string') {
      return this.ctx.oddities.warn('no-t', 'ignoring a frame without a string "t"');
    }
    // Keep the platform's order: queued changes go in before anything else is handled.
    if (t !== 'changes' && this.ctx.feed.waiting) this.ctx.feed.flush();
    switch (t) {
      case 'welcome':
        return this.onWelcome(frame);
      case 'snapshot':
        return this.onSnapshot(frame);
      case 'changes':
        return this.onChanges(frame);
      case 'positions':
        return this.onPositions(frame);
      case 'result':
        return this.onResult(frame);
      case 'reset':
        return this.onReset(frame);
      case 'notice':
        return this.onNotice(frame);
      case 'error':
        return this.onError(frame);
      default:
        return this.ctx.oddities.warn(`t:${t}`, `ignoring unknown frame type "${t}"`);
    }
  }

  private onWelcome(frame: unknown): void {
    const welcome = Welcome.safeParse(frame);
    if (!welcome.success) return this.conn.abandon('the platform sent an invalid welcome');
    const w = welcome.data;
    const { ctx } = this;
    const cursor = ctx.data.cache.cursor();
    this.welcomed = true;
    this.acks.welcomed(w.window, cursor);
    ctx.feed.welcome(cursor, w.tz);
    ctx.line.welcomed(w.head, { tz: w.tz, serverTime: w.server_time });
    ctx.resetBackoff();
    ctx.signedIn(w.operator);
    ctx.line.setState(w.resume === 'snapshot' ? 'snapshot' : 'live');
    ctx.events.emit('welcome', w);
    // Spec §7: after a reconnect, every command without a result goes again, in order.
    ctx.outbox.resendPending((f) => this.conn.send(f));
  }

  private onSnapshot(frame: unknown): void {
    const parsed = Snapshot.safeParse(frame);
    if (!parsed.success || !this.welcomed) return this.conn.abandon('the platform sent an invalid snapshot frame');
    this.ctx.line.dataFrame();
    const taken = this.ctx.feed.snapshotPart(this, parsed.data, {
      pause: () => this.conn.pause(),
      resume: () => {
        if (this.ctx.isCurrent(this)) this.conn.resume();
      },
    });
    if ('refused' in taken) return this.conn.abandon(taken.refused);
    if (!taken.last) this.ctx.line.emit(); // progress; the last part's status follows its commit
  }

  private onChanges(frame: unknown): void {
    if (!isChangesFrame(frame)) return this.refuseAfterQueued('the platform sent an invalid changes frame');
    this.ctx.line.dataFrame();
    if (this.snapshot || !this.welcomed) {
      // Spec §3: changes before the snapshot's last part are a protocol error.
      return this.refuseAfterQueued('changes arrived before the snapshot was complete');
    }
    const refused = this.ctx.feed.changes(this, (frame as Changes).items);
    if (refused !== null) this.refuseAfterQueued(refused);
  }

  /** What came before a refused frame is applied (spec §4: up to a gap); then the connection goes. */
  private refuseAfterQueued(because: string): void {
    this.ctx.feed.flush();
    this.conn.abandon(because);
  }

  private onPositions(frame: unknown): void {
    // Checks compiled at build time (fast-check.ts): the same verdicts as Positions/Position, without zod's copies.
    if (!isPositionsFrame(frame)) return this.ctx.oddities.warn('positions', 'ignoring an invalid positions frame');
    const items: Position[] = [];
    for (const item of (frame as { items: unknown[] }).items) {
      if (isPosition(item)) items.push(item as Position);
      else this.ctx.oddities.warn('position-item', 'ignoring invalid position items');
    }
    if (items.length) this.ctx.events.emit('positions', items);
  }

  private onResult(frame: unknown): void {
    const parsed = CommandResult.safeParse(frame);
    if (!parsed.success) return this.ctx.oddities.warn('result', 'ignoring an invalid result frame');
    const outcome = this.ctx.outbox.settle(parsed.data);
    if (!outcome) return;
    this.ctx.line.emit();
    this.ctx.events.emit('result', outcome);
  }

  private onReset(frame: unknown): void {
    const reason = Reset.safeParse(frame).data?.reason ?? 'the platform rebuilt its log';
    // Spec §6: drop the cursor (not the cache, not the outbox) and start over.
    this.ctx.feed.reset();
    this.ctx.events.emit('notice', { level: 'warn', message: `platform reset: ${reason}` });
    this.ctx.resetBackoff();
    this.conn.abandon(`reset: ${reason}`);
  }

  private onNotice(frame: unknown): void {
    const parsed = Notice.safeParse(frame);
    if (!parsed.success) return this.ctx.oddities.warn('notice', 'ignoring an invalid notice');
    this.ctx.events.emit('notice', { level: parsed.data.level, message: parsed.data.message });
  }

  private onError(frame: unknown): void {
    const parsed = PlatformError.safeParse(frame);
    if (!parsed.success) return this.ctx.oddities.warn('error', 'ignoring an invalid error frame');
    // The close that follows decides: 4401 means sign in again (spec §2.3).
    this.ctx.line.fail(parsed.data.code, parsed.data.message ?? parsed.data.code);
  }
}
