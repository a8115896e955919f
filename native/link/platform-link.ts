import WebSocket from 'ws';
import type { LinkState, LinkStatus, Operator } from '../api/index.ts';
import { realTimers, type Timers } from '../common/timers.ts';
import type { Logger } from '../common/logger.ts';
import type { LinkService } from './link-service.ts';
import type { ApplyOutcome, PreparedItem } from '../store/cache-store.ts';
import type { DataDir } from '../store/data-dir.ts';
import type { CommandOutcome, OutboxCommand } from '../store/state-store.ts';
import { Backoff } from './backoff.ts';
import { ENTITY_KINDS } from '../protocol/entities.ts';
import {
  CLOSE,
  ChangeSeq,
  Changes,
  CommandResult,
  MAX_FRAME_BYTES,
  Notice,
  PlatformError,
  Position,
  Positions,
  Reset,
  SUBPROTOCOL,
  Snapshot,
  Welcome,
} from '../protocol/frames.ts';
import { compileCheck } from '../protocol/fast-check.ts';
import { prepareChange, prepareSnapshotItem } from './prepare.ts';

/** Snapshot parts the writer may have waiting before the socket is paused (about 6 MB each at most). */
export const PARTS_STAGING_MAX = 4;

// The envelopes that arrive thousands of times a second, compiled (fast-check.ts).
const isChangesFrame = compileCheck(Changes);
const hasSeq = compileCheck(ChangeSeq);

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
}

export interface LinkEvents {
  status: (status: LinkStatus) => void;
  /** Committed cache changes (a changes frame or a whole snapshot). */
  applied: (outcome: ApplyOutcome, via: 'changes' | 'snapshot') => void;
  positions: (items: Position[]) => void;
  notice: (notice: { level: 'info' | 'warn'; message: string }) => void;
  result: (outcome: CommandOutcome) => void;
  quarantined: (count: number) => void;
  /** Any `snapshot` or `changes` frame arrived (for `sync --exit-idle`). */
  dataFrame: () => void;
  welcome: (welcome: Welcome) => void;
}

type Listeners = { [E in keyof LinkEvents]: Set<LinkEvents[E]> };

/** One WebSocket connection's worth of protocol state. */
interface Connection {
  ws: WebSocket;
  welcomed: boolean;
  window: number;
  /** Set while a snapshot's parts are arriving. */
  snapshot: { asOf: number; nextPart: number; items: number } | null;
  lastAcked: number | null;
  ackTimer: unknown;
  idleTimer: unknown;
  /** Why we are closing it ourselves (protocol error, gap, idle), for the status line. */
  closingBecause: string | null;
  unauthorized: boolean;
}

/**
 * The console side of Platform Link v1: hello/welcome, atomic snapshots
 * through staging, changes in seq order (one transaction per batch of frames,
 * cursor included), gap → reconnect and replay, acks within the window, idle
 * detection, backoff with full jitter, reset, and the outbox of commands.
 *
 * Frames are parsed and checked here; cache.db is written by `data.writes`
 * (a worker thread, store/writer/), in the order handed over. What the link
 * has taken on (`acceptedThrough`) runs ahead of the durable cursor; only the
 * durable cursor is ever acked or sent in hello.
 */
export class PlatformLink implements LinkService {
  private readonly timers: Timers;
  private readonly backoff: Backoff;
  private readonly listeners: Listeners = {
    status: new Set(),
    applied: new Set(),
    positions: new Set(),
    notice: new Set(),
    result: new Set(),
    quarantined: new Set(),
    dataFrame: new Set(),
    welcome: new Set(),
  };
  private current: Connection | null = null;
  /** Changes frames received, waiting for the next turn of the event loop. */
  private queued: { conn: Connection; items: { seq: number; item: unknown }[] }[] = [];
  private applyTimer: ReturnType<typeof setImmediate> | null = null;
  /**
   * The last seq this console has taken on: committed, being written, or
   * queued. Read from the cursor at each welcome (once earlier writes are
   * done); null before that, or when there is no cursor.
   */
  private acceptedThrough: number | null = null;
  /** Writes handed to the cache writer and not yet answered. */
  private inFlight = 0;
  /** Snapshot parts handed to the cache writer and not yet staged. */
  private partsStaging = 0;
  private indexing = false;
  private textTimer: unknown = null;
  private retryTimer: unknown = null;
  private stopped = true;
  private token: string | null;
  private signedInAs: Operator | null;
  private linkState: LinkState = 'offline';
  private head: number | null = null;
  private retryAt: number | null = null;
  private lastError: LinkStatus['lastError'] = null;
  private since: number;
  private quarantine: number;
  private readonly loggedOnce = new Set<string>();
  /** The highest `seq` named by a command result (for `sync --exit-idle`). */
  maxResultSeq = 0;
  lastWelcomeHead: number | null = null;
  lastDataFrameAt = 0;

  constructor(private readonly options: PlatformLinkOptions) {
    this.timers = options.timers ?? realTimers;
    this.backoff = new Backoff(options.random ?? Math.random);
    this.token = options.token ?? options.data.state.token() ?? options.defaultToken ?? null;
    this.signedInAs = this.token ? this.savedOperator() : null;
    this.since = this.timers.now();
    this.quarantine = options.data.cache.quarantineCount();
    this.linkState = this.token ? 'offline' : 'signed_out';
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

  // ── LinkService ─────────────────────────────────────────────────────

  on<E extends keyof LinkEvents>(event: E, listener: LinkEvents[E]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  onStatus(listener: (status: LinkStatus) => void): () => void {
    return this.on('status', listener);
  }

  operator(): Operator | null {
    return this.signedInAs;
  }

  status(): LinkStatus {
    const cursor = this.options.data.cache.cursor();
    return {
      state: this.linkState,
      cursor,
      head: this.head,
      lag: this.head !== null && cursor !== null ? Math.max(0, this.head - cursor) : null,
      progress: this.current?.snapshot ? { parts: this.current.snapshot.nextPart, items: this.current.snapshot.items } : null,
      retryAt: this.retryAt !== null ? new Date(this.retryAt).toISOString() : null,
      outbox: this.options.data.state.pendingCount(),
      quarantine: this.quarantine,
      lastError: this.lastError,
      since: new Date(this.since).toISOString(),
    };
  }

  /** Starts (or restarts) the link; without a token it waits for sign-in. */
  start(): void {
    this.stopped = false;
    if (!this.token) return this.setState('signed_out');
    if (!this.current && this.retryTimer === null) this.connect();
  }

  async signIn(token: string): Promise<void> {
    this.token = token;
    this.options.data.state.setToken(token);
    this.lastError = null;
    this.backoff.reset();
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
    this.setState('signed_out');
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.textTimer !== null) this.timers.clearTimeout(this.textTimer);
    this.textTimer = null;
    const conn = this.current;
    this.disconnect('console closing');
    await this.settled();
    if (conn && conn.ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const done = this.timers.setTimeout(() => resolve(), 2000);
        conn.ws.once('close', () => {
          this.timers.clearTimeout(done);
          resolve();
        });
      });
    }
  }

  // ── Commands (spec §7) ──────────────────────────────────────────────

  /** Writes a command to the outbox (durably) and sends it if the link is up. */
  queueCommand(name: string, args: unknown, by: { operator?: string | null; workstation?: string | null } = {}): OutboxCommand {
    const command = this.options.data.state.queue(name, args, by, this.timers.now());
    if (this.current?.welcomed) this.sendCommand(this.current, command);
    this.emitStatus();
    return command;
  }

  private sendCommand(conn: Connection, command: OutboxCommand): void {
    this.options.data.state.markSent(command.id, this.timers.now());
    this.send(conn, { t: 'command', id: command.id, name: command.name, args: command.args });
  }

  // ── Connection ──────────────────────────────────────────────────────

  private connect(): void {
    this.retryTimer = null;
    this.retryAt = null;
    if (this.stopped || !this.token) return;
    this.setState('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url, SUBPROTOCOL, {
        maxPayload: MAX_FRAME_BYTES,
        handshakeTimeout: 10_000,
        perMessageDeflate: false,
        ...(this.options.ca ? { ca: this.options.ca } : {}),
      });
    } catch (error) {
      this.fail('connect', (error as Error).message);
      return this.scheduleReconnect();
    }
    const conn: Connection = {
      ws,
      welcomed: false,
      window: 1,
      snapshot: null,
      lastAcked: null,
      ackTimer: null,
      idleTimer: null,
      closingBecause: null,
      unauthorized: false,
    };
    this.current = conn;
    this.touch(conn);

    ws.on('open', () => {
      // The cursor in hello must be the durable one: let the writes of the
      // last connection finish first (milliseconds; hello is due within 10 s).
      void this.options.data.writes
        .idle()
        .catch(() => undefined)
        .then(() => {
          if (this.current !== conn) return;
          this.send(conn, {
            t: 'hello',
            v: 1,
            console: this.options.consoleId,
            token: this.token,
            cursor: this.options.data.cache.cursor(),
            topics: ENTITY_KINDS,
          });
        });
    });
    ws.on('message', (data, isBinary) => {
      if (this.current !== conn) return;
      this.touch(conn);
      if (isBinary) return this.logOnce('binary', 'ignoring a binary frame from the platform');
      try {
        this.receive(conn, data.toString());
      } catch (error) {
        // Whatever a frame does, it must not escape the socket's handler and end the process.
        this.options.logger.error('frame handling failed', { error: String((error as Error)?.stack ?? error) });
        this.abandon(conn, `a frame could not be handled: ${(error as Error)?.message ?? error}`);
      }
    });
    ws.on('ping', () => this.current === conn && this.touch(conn));
    ws.on('unexpected-response', (_req, res) => {
      if (res.statusCode === 401) {
        conn.unauthorized = true;
        this.fail('unauthorized', 'the platform refused the token (HTTP 401): sign in again');
      } else {
        this.fail('http', `the platform answered the upgrade with HTTP ${res.statusCode}`);
      }
      ws.terminate();
    });
    ws.on('error', (error) => {
      // 'close' follows; the error only explains it.
      if (!conn.closingBecause) this.fail(/payload/i.test(error.message) ? 'too_big' : 'socket', error.message);
    });
    ws.on('close', (code, reason) => this.closed(conn, code, reason.toString()));
  }

  private closed(conn: Connection, code: number, reason: string): void {
    this.clearConnectionTimers(conn);
    this.forget(conn);
    if (this.current !== conn) return;
    this.current = null;
    if (this.stopped) return this.setState(this.token ? 'offline' : 'signed_out');

    if (code === CLOSE.unauthorized || conn.unauthorized) {
      // Spec §2.3: never retry with the same token; ask for sign-in.
      if (!conn.unauthorized) this.fail('unauthorized', reason || 'the platform refused the token: sign in again');
      this.signedInAs = null;
      this.options.data.state.setSignedInOperator(null);
      return this.setState('unauthorized');
    }
    if (code === CLOSE.version) {
      this.fail('version', reason || 'the platform requires a newer console: update Egret');
      return this.setState('update_required');
    }
    if (conn.closingBecause) this.fail('protocol', conn.closingBecause);
    else if (code === CLOSE.tooBig) this.fail('too_big', 'the platform sent a frame over 4 MiB; it was refused');
    else if (code !== CLOSE.normal && !this.lastError) this.fail('closed', `connection closed (${code}${reason ? `: ${reason}` : ''})`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer !== null) return;
    const delay = this.backoff.next();
    this.retryAt = this.timers.now() + delay;
    this.retryTimer = this.timers.setTimeout(() => this.connect(), delay);
    this.setState('offline');
  }

  /** Closes the current connection on purpose (gap, protocol error, idle) and reconnects. */
  private abandon(conn: Connection, because: string): void {
    if (conn.closingBecause) return;
    conn.closingBecause = because;
    this.options.logger.warn('reconnecting', { because });
    conn.ws.terminate();
  }

  private disconnect(because: string): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
    const conn = this.current;
    if (!conn) return;
    this.current = null;
    conn.closingBecause = because;
    this.clearConnectionTimers(conn);
    this.forget(conn);
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.close(CLOSE.normal, because);
    else conn.ws.terminate();
  }

  /** A connection is over: its partial snapshot goes (spec §3), and so do its frames not yet handed over. */
  private forget(conn: Connection): void {
    if (conn.snapshot) {
      conn.snapshot = null;
      this.write('discard the partial snapshot', this.options.data.writes.discardSnapshot());
    }
    this.queued = this.queued.filter((frame) => frame.conn !== conn);
  }

  /** A write nobody waits for: if it fails, the connection of the moment is given up like for any failed write. */
  private write(what: string, done: Promise<unknown>): void {
    done.catch((error: Error) => this.writeFailed(this.current, what, error));
  }

  private touch(conn: Connection): void {
    if (conn.idleTimer !== null) this.timers.clearTimeout(conn.idleTimer);
    conn.idleTimer = this.timers.setTimeout(
      () => this.abandon(conn, 'no frame or ping from the platform for 45 s'),
      this.options.idleMs ?? 45_000,
    );
  }

  private clearConnectionTimers(conn: Connection): void {
    if (conn.idleTimer !== null) this.timers.clearTimeout(conn.idleTimer);
    if (conn.ackTimer !== null) this.timers.clearTimeout(conn.ackTimer);
    conn.idleTimer = conn.ackTimer = null;
  }

  private send(conn: Connection, frame: object): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(frame));
  }

  // ── Frames ──────────────────────────────────────────────────────────

  private receive(conn: Connection, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return this.logOnce('bad-json', 'ignoring a frame that is not JSON');
    }
    const t = (frame as { t?: unknown } | null)?.t;
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame) || typeof t !== 'string') {
      return this.logOnce('no-t', 'ignoring a frame without a string "t"');
    }
    // Keep the platform's order: queued changes go in before anything else is handled.
    if (t !== 'changes' && this.queued.length > 0) this.applyQueued();
    switch (t) {
      case 'welcome':
        return this.onWelcome(conn, frame);
      case 'snapshot':
        return this.onSnapshot(conn, frame);
      case 'changes':
        return this.onChanges(conn, frame);
      case 'positions':
        return this.onPositions(frame);
      case 'result':
        return this.onResult(frame);
      case 'reset':
        return this.onReset(conn, frame);
      case 'notice':
        return this.onNotice(frame);
      case 'error':
        return this.onError(conn, frame);
      default:
        return this.logOnce(`t:${t}`, `ignoring unknown frame type "${t}"`);
    }
  }

  private onWelcome(conn: Connection, frame: unknown): void {
    const welcome = Welcome.safeParse(frame);
    if (!welcome.success) return this.abandon(conn, 'the platform sent an invalid welcome');
    const w = welcome.data;
    conn.welcomed = true;
    conn.window = w.window;
    conn.lastAcked = this.options.data.cache.cursor();
    this.acceptedThrough = conn.lastAcked;
    this.head = w.head;
    this.lastWelcomeHead = w.head;
    this.lastDataFrameAt = this.timers.now();
    this.backoff.reset();
    this.lastError = null;
    this.signedInAs = { id: w.operator.id, name: w.operator.name, role: w.operator.role };
    this.options.data.state.setSignedInOperator(this.signedInAs);
    this.write('store the time zone', this.options.data.writes.setMeta('tz', w.tz));
    this.setState(w.resume === 'snapshot' ? 'snapshot' : 'live');
    for (const l of this.listeners.welcome) l(w);
    // Spec §7: after a reconnect, every command without a result goes again, in order.
    for (const command of this.options.data.state.pending()) this.sendCommand(conn, command);
  }

  private onSnapshot(conn: Connection, frame: unknown): void {
    const parsed = Snapshot.safeParse(frame);
    if (!parsed.success || !conn.welcomed) return this.abandon(conn, 'the platform sent an invalid snapshot frame');
    const part = parsed.data;
    this.markDataFrame();
    if (!conn.snapshot) {
      if (part.part !== 0) return this.abandon(conn, `snapshot started at part ${part.part}, not 0`);
      this.write('start a snapshot', this.options.data.writes.beginSnapshot(part.as_of));
      conn.snapshot = { asOf: part.as_of, nextPart: 0, items: 0 };
    }
    const snap = conn.snapshot;
    if (part.part !== snap.nextPart || part.as_of !== snap.asOf) {
      return this.abandon(conn, `snapshot part ${part.part} (as_of ${part.as_of}) out of order`);
    }
    const items = part.items.map(prepareSnapshotItem);
    this.stageBounded(conn, items);
    snap.nextPart++;
    snap.items += items.length;
    if (!part.last) return this.emitStatus();

    // The last part: the commit is handed over, and changes from as_of+1 may follow at once.
    conn.snapshot = null;
    this.acceptedThrough = snap.asOf;
    this.inFlight++;
    this.options.data.writes.commitSnapshot(snap.asOf).then(
      (outcome) => {
        this.inFlight--;
        if (this.head === null || this.head < snap.asOf) this.head = snap.asOf;
        this.noteQuarantined(outcome.quarantined);
        if (this.current === conn) {
          this.send(conn, { t: 'ack', seq: snap.asOf });
          conn.lastAcked = snap.asOf;
          this.setState('live');
        }
        for (const l of this.listeners.applied) l(outcome, 'snapshot');
        this.scheduleIndexing(50);
      },
      (error: Error) => {
        this.inFlight--;
        this.writeFailed(conn, 'commit the snapshot', error);
      },
    );
  }

  private onChanges(conn: Connection, frame: unknown): void {
    if (!isChangesFrame(frame)) return this.abandonAfterQueued(conn, 'the platform sent an invalid changes frame');
    this.markDataFrame();
    if (conn.snapshot || this.acceptedThrough === null || !conn.welcomed) {
      // Spec §3: changes before the snapshot's last part, or with no cursor, is a protocol error.
      return this.abandonAfterQueued(conn, 'changes arrived before the snapshot was complete');
    }
    // Spec §4: an item without an integer seq makes the whole frame invalid.
    const items: { seq: number; item: unknown }[] = [];
    for (const item of (frame as Changes).items) {
      if (!hasSeq(item)) return this.abandonAfterQueued(conn, 'a change without an integer seq: frame refused, replaying');
      items.push({ seq: (item as ChangeSeq).seq, item });
    }
    items.sort((a, b) => a.seq - b.seq);
    // A gap is found now, not when the frame is applied, so the link refuses
    // at once: what came before the gap is applied, nothing after it (§4).
    let expected = this.acceptedThrough + 1;
    let gapAt: number | null = null;
    const contiguous: typeof items = [];
    for (const entry of items) {
      if (entry.seq < expected) continue; // duplicate
      if (entry.seq > expected) {
        gapAt = expected - 1;
        break;
      }
      contiguous.push(entry);
      expected++;
    }
    // Frames that arrive together are applied together on the next turn of the
    // event loop: one transaction for the lot instead of one per frame.
    if (contiguous.length > 0) {
      this.queued.push({ conn, items: contiguous });
      this.acceptedThrough = expected - 1;
      this.applyTimer ??= setImmediate(() => this.applyQueued());
    }
    if (gapAt !== null) this.abandonAfterQueued(conn, `a gap after seq ${gapAt}: reconnecting to replay`);
  }

  /**
   * Resolves once every frame received so far has done its writing: changes
   * committed, snapshot parts staged, a reset's cursor dropped (tests observe
   * the cache through this).
   */
  async settled(): Promise<void> {
    do {
      if (this.queued.length > 0) this.applyQueued();
      await this.options.data.writes.idle().catch(() => undefined);
    } while (this.queued.length > 0 || this.inFlight > 0);
  }

  private abandonAfterQueued(conn: Connection, because: string): void {
    this.applyQueued();
    this.abandon(conn, because);
  }

  /**
   * Hands the queued changes frames to the cache writer as one transaction
   * with the cursor. They are contiguous and free of duplicates already
   * (onChanges checks each against what was taken on before); the ack goes
   * once the writer says they are committed (spec §4).
   */
  private applyQueued(): void {
    if (this.applyTimer) clearImmediate(this.applyTimer);
    this.applyTimer = null;
    const batch = this.queued;
    this.queued = [];
    const conn = this.current;
    if (!conn) return;

    const prepared: PreparedItem[] = [];
    let lastSeq = -1;
    for (const frame of batch) {
      if (frame.conn !== conn) continue;
      for (const { seq, item } of frame.items) {
        prepared.push(prepareChange(item, seq));
        lastSeq = seq;
      }
    }
    if (prepared.length === 0) return;
    this.inFlight++;
    this.options.data.writes.applyChanges(prepared, lastSeq, this.timers.now()).then(
      (outcome) => {
        this.inFlight--;
        if (this.head === null || this.head < lastSeq) this.head = lastSeq;
        this.noteQuarantined(outcome.quarantined);
        if (this.current === conn) this.scheduleAck(conn, lastSeq);
        this.emitStatus();
        for (const l of this.listeners.applied) l(outcome, 'changes');
        this.scheduleIndexing(50);
      },
      (error: Error) => {
        this.inFlight--;
        this.writeFailed(conn, 'apply changes', error);
      },
    );
  }

  /**
   * Hands a snapshot part to the writer. Parts are not limited by the
   * platform's window, so when the writer falls behind (a slow disk) the
   * socket is paused until it catches up: otherwise a million-item snapshot
   * could wait in memory for the writer.
   */
  private stageBounded(conn: Connection, items: PreparedItem[]): void {
    const staged = this.options.data.writes.stageSnapshotPart(items, this.timers.now());
    this.write('stage a snapshot part', staged);
    if (++this.partsStaging >= PARTS_STAGING_MAX) conn.ws.pause();
    const done = () => {
      if (--this.partsStaging < PARTS_STAGING_MAX && this.current === conn) conn.ws.resume();
    };
    staged.then(done, done);
  }

  /** Nothing of a failed write is half-applied; reconnecting replays it from the durable cursor. */
  private writeFailed(conn: Connection | null, what: string, error: Error): void {
    this.options.logger.error('cache write failed', { what, error: error.message });
    this.fail('cache', `could not ${what}: ${error.message}`);
    if (conn && this.current === conn) this.abandon(conn, `the cache could not be written: ${error.message}`);
  }

  /**
   * Builds the text and spatial entries of fresh incidents in small steps once
   * changes stop arriving for a moment, so neither slows ingest.
   */
  private scheduleIndexing(afterMs: number): void {
    if (this.textTimer !== null) this.timers.clearTimeout(this.textTimer);
    this.textTimer = this.timers.setTimeout(() => {
      this.textTimer = null;
      if (this.stopped) return;
      if (this.queued.length > 0 || this.inFlight > 0 || this.indexing) return this.scheduleIndexing(afterMs);
      this.indexing = true;
      this.options.data.writes.indexPending(2000).then(
        (more) => {
          this.indexing = false;
          if (more) this.scheduleIndexing(0);
        },
        (error: Error) => {
          this.indexing = false;
          this.options.logger.warn('building text and spatial entries failed', { error: error.message });
        },
      );
    }, afterMs);
  }

  /** Spec §4: ack at least every second, and at once when half the window is used. */
  private scheduleAck(conn: Connection, seq: number): void {
    const unacked = seq - (conn.lastAcked ?? 0);
    if (unacked >= Math.max(1, Math.floor(conn.window / 2))) return this.ack(conn);
    if (conn.ackTimer === null) conn.ackTimer = this.timers.setTimeout(() => this.ack(conn), this.options.ackIntervalMs ?? 1000);
  }

  private ack(conn: Connection): void {
    if (conn.ackTimer !== null) this.timers.clearTimeout(conn.ackTimer);
    conn.ackTimer = null;
    const cursor = this.options.data.cache.cursor();
    if (cursor === null || cursor === conn.lastAcked) return;
    this.send(conn, { t: 'ack', seq: cursor });
    conn.lastAcked = cursor;
  }

  private onPositions(frame: unknown): void {
    const parsed = Positions.safeParse(frame);
    if (!parsed.success) return this.logOnce('positions', 'ignoring an invalid positions frame');
    const items: Position[] = [];
    for (const item of parsed.data.items) {
      const p = Position.safeParse(item);
      if (p.success) items.push(p.data);
      else this.logOnce('position-item', 'ignoring invalid position items');
    }
    if (items.length) for (const l of this.listeners.positions) l(items);
  }

  private onResult(frame: unknown): void {
    const parsed = CommandResult.safeParse(frame);
    if (!parsed.success) return this.logOnce('result', 'ignoring an invalid result frame');
    const r = parsed.data;
    const outcome = this.options.data.state.settle(
      {
        id: r.id,
        ok: r.ok,
        code: r.ok ? null : String(r.code),
        message: typeof r.message === 'string' ? r.message : null,
        seq: typeof r.seq === 'number' ? r.seq : null,
      },
      this.timers.now(),
    );
    if (typeof r.seq === 'number') this.maxResultSeq = Math.max(this.maxResultSeq, r.seq);
    if (!outcome) return;
    this.emitStatus();
    for (const l of this.listeners.result) l(outcome);
  }

  private onReset(conn: Connection, frame: unknown): void {
    const reason = Reset.safeParse(frame).data?.reason ?? 'the platform rebuilt its log';
    // Spec §6: drop the cursor (not the cache, not the outbox) and start over.
    this.acceptedThrough = null;
    this.write('drop the cursor', this.options.data.writes.dropCursor());
    for (const l of this.listeners.notice) l({ level: 'warn', message: `platform reset: ${reason}` });
    this.backoff.reset();
    this.abandon(conn, `reset: ${reason}`);
  }

  private onNotice(frame: unknown): void {
    const parsed = Notice.safeParse(frame);
    if (!parsed.success) return this.logOnce('notice', 'ignoring an invalid notice');
    for (const l of this.listeners.notice) l({ level: parsed.data.level, message: parsed.data.message });
  }

  private onError(conn: Connection, frame: unknown): void {
    const parsed = PlatformError.safeParse(frame);
    if (!parsed.success) return this.logOnce('error', 'ignoring an invalid error frame');
    // The close that follows decides: 4401 means sign in again (spec §2.3).
    this.fail(parsed.data.code, parsed.data.message ?? parsed.data.code);
  }

  // ── Status ──────────────────────────────────────────────────────────

  private markDataFrame(): void {
    this.lastDataFrameAt = this.timers.now();
    for (const l of this.listeners.dataFrame) l();
  }

  private noteQuarantined(count: number): void {
    if (count === 0) return;
    this.quarantine += count;
    this.options.logger.warn('platform items quarantined', { count, total: this.quarantine });
    for (const l of this.listeners.quarantined) l(count);
  }

  private fail(code: string, message: string): void {
    this.lastError = { code, message, at: new Date(this.timers.now()).toISOString() };
    this.options.logger.warn('link error', { code, message });
  }

  private logOnce(key: string, message: string): void {
    if (this.loggedOnce.has(key)) return;
    this.loggedOnce.add(key);
    this.options.logger.warn(message);
  }

  private setState(state: LinkState): void {
    if (state !== this.linkState) {
      this.linkState = state;
      this.since = this.timers.now();
    }
    this.emitStatus();
  }

  private emitStatus(): void {
    if (this.listeners.status.size === 0) return;
    const status = this.status();
    for (const l of this.listeners.status) l(status);
  }
}

/** Spec §1: `ws://` only to loopback; anything but ws/wss is refused. */
export function checkPlatformUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol === 'wss:') return null;
  if (parsed.protocol !== 'ws:') return `the platform URL must start with wss:// (or ws:// to loopback), got ${parsed.protocol}`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  return loopback ? null : `ws:// is allowed only to loopback; use wss:// for ${host}`;
}

