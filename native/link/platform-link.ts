import type { LinkStatus, Operator } from '../api/index.ts';
import type { Logger } from '../common/logger.ts';
import { realTimers, type Timers } from '../common/timers.ts';
import type { DataDir } from '../store/data-dir.ts';
import type { OutboxCommand } from '../store/state-store.ts';
import { Backoff } from './backoff.ts';
import { CacheFeed } from './cache-feed.ts';
import { openPlatformSocket, type PlatformSocket } from './connection.ts';
import { LinkEmitter, type LinkEvents } from './link-events.ts';
import type { LinkService } from './link-service.ts';
import { StatusLine } from './link-status.ts';
import { OutboxSender } from './outbox-sender.ts';
import { Redial, afterClose } from './reconnect.ts';
import { OnceWarnings, Session, type SessionContext } from './session.ts';

export type { LinkEvents } from './link-events.ts';
export { checkPlatformUrl } from './platform-url.ts';
export { PARTS_STAGING_MAX } from './snapshot-staging.ts';

export interface PlatformLinkOptions {
  data: DataDir;
  url: string;
  /** The console's name in `hello` (the workstation). */
  consoleId: string;
  /** A token from configuration; otherwise the one saved at the last sign-in. */
  token?: string | null;
  /** Used when neither is there (the embedded demo signs in as the duty chief). */
  defaultToken?: string;
  /** PEM CA bundle for wss:// (the platform's own CA). Verification is never turned off. */
  ca?: string | Buffer;
  timers?: Timers;
  random?: () => number;
  logger: Logger;
  /** Spec §6: no frame and no ping for this long means the link is dead. */
  idleMs?: number;
  /** Spec §4: ack at least this often while changes arrive. */
  ackIntervalMs?: number;
  /** Opens the socket to the platform: `ws` unless a test passes a fake. */
  openSocket?: (url: string, ca?: string | Buffer) => PlatformSocket;
}

/**
 * The console side of Platform Link v1: hello/welcome, atomic snapshots
 * through staging, changes in seq order (one transaction per batch of frames,
 * cursor included), gap → reconnect and replay, acks within the window, idle
 * detection, backoff with full jitter, reset, and the outbox of commands.
 *
 * This class is the link's life across connections — start, sign-in and
 * sign-out, reconnecting, closing — and composes the pieces that do the rest:
 * a `Session` per connection (session.ts: frames; connection.ts: the socket
 * and its idle timer; ack-policy.ts), the `CacheFeed` shared by them
 * (cache-feed.ts: change-sequencer.ts, snapshot-staging.ts,
 * index-scheduler.ts), the redial (reconnect.ts), the outbox
 * (outbox-sender.ts) and the status line (link-status.ts).
 *
 * Frames are parsed and checked on this thread; cache.db is written by
 * `data.writes` (a worker thread, store/writer/), in the order handed over.
 * What the link has taken on (`acceptedThrough`) runs ahead of the durable
 * cursor; only the durable cursor is ever acked or sent in hello.
 */
export class PlatformLink implements LinkService {
  private readonly redial: Redial;
  private readonly events = new LinkEmitter();
  private readonly feed: CacheFeed<Session>;
  private readonly outbox: OutboxSender;
  private readonly line: StatusLine;
  /** What every session shares with this link. */
  private readonly shared: SessionContext;
  private current: Session | null = null;
  private stopped = true;
  private token: string | null;
  private signedInAs: Operator | null;
  /** When a console's page first drew its board with the link live (`pageShown`; the link's timers), null before. */
  private firstPageAt: number | null = null;

  constructor(private readonly options: PlatformLinkOptions) {
    const { data, logger } = options;
    const timers = options.timers ?? realTimers;
    this.redial = new Redial(timers, new Backoff(options.random ?? Math.random));
    this.token = options.token ?? data.state.token() ?? options.defaultToken ?? null;
    this.signedInAs = this.token ? this.savedOperator() : null;
    this.outbox = new OutboxSender(data.state, () => timers.now());
    const sources = {
      cursor: () => data.cache.cursor(),
      progress: () => this.current?.snapshot ?? null,
      retryAt: () => this.redial.at,
      outbox: () => data.state.pendingCount(),
    };
    const initial = { state: this.token ? ('offline' as const) : ('signed_out' as const), quarantine: data.cache.quarantineCount() };
    this.line = new StatusLine({ timers, logger, events: this.events, sources }, initial);
    this.feed = new CacheFeed<Session>({
      writes: () => data.writes,
      timers,
      logger,
      current: () => this.current,
      stopped: () => this.stopped,
      firstLiveAt: () => this.line.firstLiveAt,
      firstPageAt: () => this.firstPageAt,
      committed: (session, seq, outcome, via) => session.committed(seq, outcome, via),
      writeFailed: (session, what, error) => this.writeFailed(session, what, error),
    });
    this.shared = {
      consoleId: options.consoleId,
      token: () => this.token,
      data,
      timers,
      logger,
      idleMs: options.idleMs ?? 45_000,
      ackIntervalMs: options.ackIntervalMs ?? 1000,
      feed: this.feed,
      outbox: this.outbox,
      line: this.line,
      events: this.events,
      oddities: new OnceWarnings(logger),
      isCurrent: (session) => this.current === session,
      signedIn: (operator) => {
        this.signedInAs = { id: operator.id, name: operator.name, role: operator.role };
        data.state.setSignedInOperator(this.signedInAs);
      },
      resetBackoff: () => this.redial.reset(),
      closed: (session, code, reason) => this.closed(session, code, reason),
    };
  }

  /** Who signed in last time; a stored value that is not an operator is dropped (the next welcome says who). */
  private savedOperator(): Operator | null {
    try {
      return this.options.data.state.signedInOperator();
    } catch (error) {
      this.options.logger.warn('ignoring the saved operator', { error: (error as Error).message });
      return null;
    }
  }

  // ── For `sync --exit-idle` ──────────────────────────────────────────

  /** The highest `seq` named by a command result. */
  get maxResultSeq(): number {
    return this.outbox.maxResultSeq;
  }

  /** The `head` of the last welcome. */
  get lastWelcomeHead(): number | null {
    return this.line.lastWelcomeHead;
  }

  /** When the last welcome, `snapshot` or `changes` frame arrived. */
  get lastDataFrameAt(): number {
    return this.line.lastDataFrameAt;
  }

  // ── LinkService ─────────────────────────────────────────────────────

  on<E extends keyof LinkEvents>(event: E, listener: LinkEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  onStatus(listener: (status: LinkStatus) => void): () => void {
    return this.on('status', listener);
  }

  /**
   * A console's page drew its board (the host answered its `incidents.page`):
   * the index backlog a start left waits for the first one drawn while the
   * link is live (index-scheduler.ts) — one drawn during a first start's
   * snapshot is not the page the operator waits for.
   */
  pageShown(): void {
    if (this.line.status().state === 'live') this.firstPageAt ??= this.shared.timers.now();
  }

  operator(): Operator | null {
    return this.signedInAs;
  }

  status(): LinkStatus {
    return this.line.status();
  }

  /** Starts (or restarts) the link; without a token it waits for sign-in. */
  start(): void {
    this.stopped = false;
    if (!this.token) return this.line.setState('signed_out');
    if (!this.current && !this.redial.pending) this.connect();
  }

  async signIn(token: string): Promise<void> {
    this.token = token;
    this.options.data.state.setToken(token);
    this.line.clearError();
    this.redial.reset();
    this.disconnect('signing in again');
    this.stopped = false;
    this.connect();
  }

  async signOut(): Promise<void> {
    this.token = null;
    this.signedInAs = null;
    this.options.data.state.setToken(null);
    this.options.data.state.setSignedInOperator(null);
    this.disconnect('signed out');
    this.line.setState('signed_out');
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.feed.stop();
    const session = this.current;
    this.disconnect('console closing');
    await this.settled();
    await session?.conn.closedWithin(2000);
  }

  /**
   * Resolves once every frame received so far has done its writing: changes
   * committed, snapshot parts staged, a reset's cursor dropped (tests observe
   * the cache through this).
   */
  settled(): Promise<void> {
    return this.feed.settled();
  }

  /** Writes a command to the outbox (durably) and sends it if the link is up (spec §7). */
  queueCommand(name: string, args: unknown, by: { operator?: string | null; workstation?: string | null } = {}): OutboxCommand {
    const session = this.current?.welcomed ? this.current : null;
    const command = this.outbox.queue(name, args, by, session ? (frame) => session.conn.send(frame) : null);
    this.line.emit();
    return command;
  }

  /** Writes commands to the outbox in one transaction (with `alongside`'s writes), then sends them if the link is up. */
  queueCommands(
    commands: readonly { name: string; args: unknown }[],
    by: { operator?: string | null; workstation?: string | null } = {},
    alongside?: (queued: readonly { id: string; madeMs: number }[]) => void,
  ): OutboxCommand[] {
    const session = this.current?.welcomed ? this.current : null;
    const queued = this.outbox.queueAll(commands, by, session ? (frame) => session.conn.send(frame) : null, alongside);
    this.line.emit();
    return queued;
  }

  // ── Connections ─────────────────────────────────────────────────────

  private connect(): void {
    this.redial.cancel();
    if (this.stopped || !this.token) return;
    this.line.setState('connecting');
    let socket: PlatformSocket;
    try {
      socket = (this.options.openSocket ?? openPlatformSocket)(this.options.url, this.options.ca);
    } catch (error) {
      this.line.fail('connect', (error as Error).message);
      return this.scheduleReconnect();
    }
    this.current = new Session(socket, this.shared);
  }

  private closed(session: Session, code: number, reason: string): void {
    session.acks.stop();
    this.feed.forget(session);
    if (this.current !== session) return;
    this.current = null;
    if (this.stopped) return this.line.setState(this.token ? 'offline' : 'signed_out');
    const { conn } = session;
    const after = afterClose({ code, reason, closingBecause: conn.closingBecause, unauthorized: conn.unauthorized, errorShown: this.line.hasError });
    if (after.error) this.line.fail(after.error.code, after.error.message);
    if (after.next === 'unauthorized') {
      this.signedInAs = null;
      this.options.data.state.setSignedInOperator(null);
      return this.line.setState('unauthorized');
    }
    if (after.next === 'update_required') return this.line.setState('update_required');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || !this.redial.schedule(() => this.connect())) return;
    this.line.setState('offline');
  }

  /** Lets the current connection go on purpose (sign-in, sign-out, closing); no reconnect follows. */
  private disconnect(because: string): void {
    this.redial.cancel();
    const session = this.current;
    if (!session) return;
    this.current = null;
    session.acks.stop();
    this.feed.forget(session);
    session.conn.end(because);
  }

  /** Nothing of a failed write is half-applied; reconnecting replays it from the durable cursor. */
  private writeFailed(session: Session | null, what: string, error: Error): void {
    this.options.logger.error('cache write failed', { what, error: error.message });
    this.line.fail('cache', `could not ${what}: ${error.message}`);
    if (session && this.current === session) session.conn.abandon(`the cache could not be written: ${error.message}`);
  }
}
