import type { WebSocket, RawData } from 'ws';
import { z } from 'zod';
import { ENTITY_KINDS, type EntityKind } from '../protocol/kinds.ts';
import { CLOSE } from '../protocol/frames.ts';
import type { Logger } from '../common/logger.ts';
import { EXTRA_FRAME_SWITCHES, extraFrame, type Faults, type RawFrame } from './faults.ts';
import type { ChangeLog, SnapshotItem } from './log.ts';
import type { Operator, TokenMap } from './types.ts';

/** What a session needs from the platform that owns it. */
export interface SessionHost {
  log: ChangeLog;
  faults: Faults;
  tokens: TokenMap;
  logger: Logger;
  settings: SessionSettings;
  /** `server_time` and the like: now as the spec's `Time`. */
  now(): string;
  /**
   * Handles a `command` frame; returns the result frame and whether to drop
   * the link before sending it, or null when the command waits (`answering`)
   * and is answered later through `session.answerCommand`.
   */
  command(session: Session, frame: CommandFrame): CommandAnswer | null;
  /** What the platform can answer now (server.ts Platform.answerOnly). */
  answering(): Answering;
  /** Runs `step` now and again each time `answering` widens, until it returns true (it has done its work). */
  whenAnswerable(step: () => boolean): void;
  emit(event: string, payload: unknown): void;
}

/**
 * What a platform can answer: everything, or — while a kept demo city is
 * read (simulator/kept/) — nothing until its log is in, then only what its
 * log can (a console resuming by replay) while its entities load, then all
 * but snapshots while its archive is made again (after the first page is live).
 */
export type Answering = 'nothing' | 'log' | 'all but snapshots' | 'everything';

export interface CommandAnswer {
  result: object;
  dropBeforeResult: boolean;
}

export interface SessionSettings {
  window: number;
  snapshotPartSize: number;
  batchSize: number;
  /** No frame built by a session exceeds this (a 4 MiB limit minus headroom). */
  maxFrameBytes: number;
  tz: string;
  pingIntervalMs: number;
  helloTimeoutMs: number;
}

/** What tests can see of a session, kept after it closes. */
export interface SessionStats {
  id: string;
  console: string | null;
  operator: Operator | null;
  cursor: number | null;
  resume: 'replay' | 'snapshot' | null;
  asOf: number | null;
  /** The highest seq sent (or skipped by `gapOnce`). */
  sentSeq: number;
  /** The highest seq the console acked (starts at its cursor / the snapshot's as_of). */
  ackedSeq: number;
  /** The most changes ever outstanding beyond the last ack (≤ window). */
  maxUnacked: number;
  /** How many times the session had changes to send but the window was full. */
  windowStalls: number;
  framesSent: number;
  snapshotParts: number;
  open: boolean;
  closeCode: number | null;
  closeReason: string | null;
  /** Frames from the console that broke the protocol (ignored). */
  protocolErrors: string[];
}

const Hello = z.looseObject({
  t: z.literal('hello'),
  v: z.literal(1),
  console: z.string().nullish(),
  token: z.string(),
  cursor: z.number().int().nonnegative().nullable(),
  topics: z.array(z.string()).nullish(),
});

/**
 * Kinds a console gets only by naming them in `hello.topics` (§8: "a console
 * asks for it by naming `place`"). A console that names no topics gets the
 * v1 kinds, as before, not thousands of places it would quarantine.
 */
const ASKED_FOR_ONLY: readonly EntityKind[] = ['place'];
const DEFAULT_TOPICS: readonly EntityKind[] = ENTITY_KINDS.filter((k) => !ASKED_FOR_ONLY.includes(k));

const Ack = z.looseObject({ t: z.literal('ack'), seq: z.number().int().nonnegative() });

export const CommandFrame = z.looseObject({ t: z.literal('command'), id: z.string().min(1), name: z.string(), args: z.unknown() });
export type CommandFrame = z.infer<typeof CommandFrame>;

const ERROR_NAMES: Record<number, string> = { 4400: 'bad_request', 4401: 'unauthorized', 4426: 'version' };

interface OutFrame extends RawFrame {
  /** Runs right after the frame was handed to the socket. */
  after?: () => void;
  /** For `duplicateFrames`: this frame is itself a duplicate. */
  dup?: boolean;
}

/** `held`: the hello came and is accepted, its answer waits for what the platform cannot answer yet (Answering). */
type Phase = 'hello' | 'held' | 'snapshot' | 'live' | 'reset' | 'closed';

/**
 * One console connection. A single writer loop sends, in this order: a
 * pending injected frame, queued frames (welcome, results, positions,
 * notices), the next snapshot part, the next changes frame — so the loop
 * is the only place that paces output (faults `delayMs`, `silent`) and counts
 * frames (`dropAfterFrames`). Changes go out only while fewer than `window`
 * are unacknowledged.
 */
export class Session {
  readonly stats: SessionStats;
  private phase: Phase = 'hello';
  private readonly queue: OutFrame[] = [];
  private writing = false;
  private snapshot: { asOf: number; items: SnapshotItem[]; index: number; part: number } | null = null;
  /** Welcomed with a snapshot whose `as_of` the console has not acked yet. */
  private snapshotUnacked = false;
  private helloTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly loggedOnce = new Set<string>();

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    private readonly host: SessionHost,
  ) {
    this.stats = {
      id,
      console: null,
      operator: null,
      cursor: null,
      resume: null,
      asOf: null,
      sentSeq: 0,
      ackedSeq: 0,
      maxUnacked: 0,
      windowStalls: 0,
      framesSent: 0,
      snapshotParts: 0,
      open: true,
      closeCode: null,
      closeReason: null,
      protocolErrors: [],
    };
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()));
    ws.on('error', (err) => host.logger.warn('simulator: socket error', { session: id, error: String(err) }));
    this.helloTimer = setTimeout(() => {
      if (this.phase === 'hello') this.refuse(CLOSE.badRequest, `no hello within ${host.settings.helloTimeoutMs} ms`);
    }, host.settings.helloTimeoutMs);
    this.pingTimer = setInterval(() => {
      if (!this.isOpen) return;
      const sent = !host.faults.silent;
      if (sent) this.ws.ping();
      host.emit('ping', { session: id, sent });
    }, host.settings.pingIntervalMs);
  }

  get operator(): Operator | null {
    return this.stats.operator;
  }

  get isOpen(): boolean {
    return this.phase !== 'closed' && this.ws.readyState === this.ws.OPEN;
  }

  /** Welcomed and not closed: may receive broadcasts. */
  get welcomed(): boolean {
    return this.phase === 'snapshot' || this.phase === 'live' || this.phase === 'reset';
  }

  /**
   * Where the console is: taking its snapshot (until it acks `as_of`, i.e.
   * has committed it), following the log's changes, or neither (not
   * welcomed, reset, closed).
   */
  get streaming(): 'snapshot' | 'changes' | null {
    if (!this.isOpen) return null;
    if (this.phase === 'snapshot' || (this.phase === 'live' && this.snapshotUnacked)) return 'snapshot';
    return this.phase === 'live' ? 'changes' : null;
  }

  /** Queues a frame (broadcasts, results); `ephemeral` frames are dropped while silent. */
  send(frame: object, ephemeral = false): void {
    if (!this.isOpen) return;
    if (ephemeral && this.host.faults.silent) return;
    this.queue.push({ type: String((frame as { t?: unknown }).t), binary: false, data: JSON.stringify(frame) });
    this.kick();
  }

  /** Queues raw data as it is (tests of odd frames). */
  sendRaw(data: string | Buffer, binary = typeof data !== 'string'): void {
    if (!this.isOpen) return;
    this.queue.push({ type: 'raw', binary, data });
    this.kick();
  }

  /** §6 reset: tell the console the log was rebuilt; nothing more is streamed on this connection. */
  reset(reason: string): void {
    if (!this.welcomed) return;
    this.phase = 'reset';
    this.snapshot = null;
    this.send({ t: 'reset', reason });
  }

  /** Closes abruptly (no close frame), as a broken link would. */
  terminate(): void {
    if (this.phase === 'closed') return;
    this.ws.terminate();
  }

  close(code: number, reason: string): void {
    if (this.isOpen) this.ws.close(code, reason);
  }

  /**
   * Wakes the writer loop (new changes, an ack, a switch changed). It starts
   * on the next turn of the event loop, so changes made together in one turn
   * go out together in one frame.
   */
  kick(): void {
    if (this.writing || !this.isOpen) return;
    this.writing = true;
    void new Promise((resolve) => setImmediate(resolve))
      .then(() => this.writeLoop())
      .catch((err) => {
        this.host.logger.warn('simulator: write failed', { session: this.id, error: String(err) });
        this.terminate();
      })
      .finally(() => {
        this.writing = false;
      });
  }

  // ---- incoming -----------------------------------------------------------

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.phase === 'closed') return;
    let frame: unknown;
    if (!isBinary) {
      try {
        frame = JSON.parse(data.toString());
      } catch {
        frame = undefined;
      }
    }
    const t = typeof frame === 'object' && frame !== null ? (frame as { t?: unknown }).t : undefined;
    if (this.phase === 'hello') return this.onHello(frame, t);
    if (this.phase === 'held') return this.protocolError(`frame t=${String(t)} before the welcome`);
    if (t === 'ack') return this.onAck(frame);
    if (t === 'command') {
      const parsed = CommandFrame.safeParse(frame);
      if (!parsed.success) return this.protocolError(`bad command frame: ${parsed.error.issues[0]?.message}`);
      return this.onCommand(parsed.data);
    }
    this.protocolError(isBinary ? 'binary frame' : frame === undefined ? 'frame is not JSON' : `unexpected frame t=${String(t)}`);
  }

  private onHello(frame: unknown, t: unknown): void {
    if (t !== 'hello') return this.refuse(CLOSE.badRequest, 'the first frame must be hello');
    if ((frame as { v?: unknown }).v !== 1)
      return this.refuse(CLOSE.version, `protocol version ${String((frame as { v?: unknown }).v)} is not supported; v 1 is`);
    const parsed = Hello.safeParse(frame);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.refuse(CLOSE.badRequest, `bad hello: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
    }
    const hello = parsed.data;
    this.stats.console = hello.console ?? null;
    this.stats.cursor = hello.cursor;
    this.host.emit('hello', { session: this.id, hello });
    const closeWith = this.host.faults.closeWith;
    if (closeWith) {
      this.host.faults.closeWith = null;
      return this.refuse(closeWith.code, closeWith.reason);
    }
    const operator = Object.hasOwn(this.host.tokens, hello.token) ? this.host.tokens[hello.token]! : null;
    if (!operator) return this.refuse(CLOSE.unauthorized, 'unknown or expired token');
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
    this.phase = 'held';
    this.host.whenAnswerable(() => {
      if (this.phase !== 'held') return true; // closed meanwhile: nothing to answer
      const answering = this.host.answering();
      const replay = this.host.log.canReplay(hello.cursor);
      if (answering === 'nothing' || (answering !== 'everything' && !replay)) return false;
      this.welcome(hello, operator, replay);
      return true;
    });
  }

  private welcome(hello: z.infer<typeof Hello>, operator: Operator, replay: boolean): void {
    const log = this.host.log;
    const head = log.head;
    this.stats.operator = operator;
    this.stats.resume = replay ? 'replay' : 'snapshot';
    this.queue.push({
      type: 'welcome',
      binary: false,
      data: JSON.stringify({
        t: 'welcome',
        session: this.id,
        head,
        server_time: this.host.now(),
        resume: replay ? 'replay' : 'snapshot',
        window: this.host.settings.window,
        tz: this.host.settings.tz,
        operator,
      }),
    });
    if (replay) {
      this.phase = 'live';
      this.stats.sentSeq = this.stats.ackedSeq = hello.cursor!;
    } else {
      this.phase = 'snapshot';
      this.snapshot = { asOf: head, items: log.snapshotItems(hello.topics ?? DEFAULT_TOPICS), index: 0, part: 0 };
      this.stats.asOf = head;
      this.snapshotUnacked = true;
      this.stats.sentSeq = this.stats.ackedSeq = head;
    }
    this.host.emit('welcome', { session: this.id, operator, resume: this.stats.resume, head });
    this.kick();
  }

  private onAck(frame: unknown): void {
    const parsed = Ack.safeParse(frame);
    if (!parsed.success) return this.protocolError('bad ack');
    let seq = parsed.data.seq;
    if (seq > this.stats.sentSeq) {
      this.protocolError(`ack ${seq} beyond the last sent seq ${this.stats.sentSeq}`);
      seq = this.stats.sentSeq;
    }
    if (seq > this.stats.ackedSeq) this.stats.ackedSeq = seq;
    if (this.stats.asOf !== null && seq >= this.stats.asOf) this.snapshotUnacked = false;
    this.host.emit('ack', { session: this.id, seq: parsed.data.seq });
    this.kick();
  }

  private onCommand(frame: CommandFrame): void {
    const answer = this.host.command(this, frame);
    if (answer) this.answerCommand(answer);
  }

  /** Sends a command's result (or drops the link before it: fault dropBeforeResult); nothing once closed. */
  answerCommand({ result, dropBeforeResult }: CommandAnswer): void {
    if (dropBeforeResult) return this.terminate();
    this.send(result);
  }

  private protocolError(what: string): void {
    this.stats.protocolErrors.push(what);
    if (!this.loggedOnce.has(what)) {
      this.loggedOnce.add(what);
      this.host.logger.warn('simulator: ignored frame from console', { session: this.id, what });
    }
  }

  private refuse(code: number, message: string): void {
    const name = ERROR_NAMES[code];
    if (name && this.isOpen) this.ws.send(JSON.stringify({ t: 'error', code: name, message }));
    this.close(code, message.slice(0, 120));
  }

  private onClose(code: number, reason: string): void {
    this.phase = 'closed';
    this.snapshot = null;
    this.queue.length = 0;
    if (this.helloTimer) clearTimeout(this.helloTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.stats.open = false;
    this.stats.closeCode = code;
    this.stats.closeReason = reason;
    this.host.emit('close', { session: this.id, code, reason });
  }

  // ---- outgoing -----------------------------------------------------------

  private async writeLoop(): Promise<void> {
    while (this.isOpen && !this.host.faults.silent) {
      const frame = this.next();
      if (!frame) return;
      await this.write(frame);
    }
  }

  private async write(frame: OutFrame): Promise<void> {
    const delay = this.host.faults.delayMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!this.isOpen) return;
    await new Promise<void>((resolve, reject) =>
      this.ws.send(frame.data, { binary: frame.binary }, (err) => (err ? reject(err) : resolve())),
    );
    this.stats.framesSent += 1;
    frame.after?.();
    if (frame.type === 'changes' && !frame.dup && this.host.faults.duplicateFrames) {
      this.queue.unshift({ ...frame, after: undefined, dup: true });
    }
    const faults = this.host.faults;
    if (faults.dropAfterFrames !== null && faults.dropAfterFrames !== undefined) {
      const left = faults.dropAfterFrames - 1;
      if (left <= 0) {
        faults.dropAfterFrames = null;
        this.host.logger.info('simulator: fault dropAfterFrames fired', { session: this.id });
        this.terminate();
      } else {
        faults.dropAfterFrames = left;
      }
    }
  }

  private next(): OutFrame | null {
    const faults = this.host.faults;
    if (this.welcomed && this.phase !== 'reset') {
      for (const key of EXTRA_FRAME_SWITCHES) {
        if (faults[key]) {
          faults[key] = false;
          return extraFrame(key);
        }
      }
    }
    const queued = this.queue.shift();
    if (queued) return queued;
    if (this.phase === 'snapshot') return this.nextSnapshotPart();
    if (this.phase === 'live') return this.nextChanges();
    return null;
  }

  private nextSnapshotPart(): OutFrame | null {
    const snap = this.snapshot!;
    const { snapshotPartSize, maxFrameBytes } = this.host.settings;
    const header = `{"t":"snapshot","as_of":${snap.asOf},"part":${snap.part},"last":false,"items":[`;
    let bytes = header.length + 2;
    const parts: string[] = [];
    while (snap.index < snap.items.length && parts.length < snapshotPartSize) {
      const json = JSON.stringify(snap.items[snap.index]);
      const size = Buffer.byteLength(json) + 1;
      if (parts.length > 0 && bytes + size > maxFrameBytes) break;
      parts.push(json);
      bytes += size;
      snap.index += 1;
    }
    const last = snap.index >= snap.items.length;
    const faults = this.host.faults;
    if (last && faults.changesBeforeSnapshotEnd) {
      // Protocol error on purpose: a changes frame before the last part. The
      // part is put back and sent after it.
      faults.changesBeforeSnapshotEnd = false;
      snap.index -= parts.length;
      const entry = this.host.log.entry(snap.asOf + 1);
      return { type: 'changes', binary: false, data: `{"t":"changes","items":[${entry ? entry.json : ''}]}`, dup: true };
    }
    const data = `{"t":"snapshot","as_of":${snap.asOf},"part":${snap.part},"last":${last},"items":[${parts.join(',')}]}`;
    const part = snap.part;
    snap.part += 1;
    if (last) {
      this.snapshot = null;
      this.phase = 'live';
    }
    return {
      type: 'snapshot',
      binary: false,
      data,
      after: () => {
        this.stats.snapshotParts += 1;
        this.host.emit('snapshot_part', { session: this.id, part, last, items: parts.length, asOf: snap.asOf });
        if (faults.dropMidSnapshot === part) {
          faults.dropMidSnapshot = null;
          this.terminate();
        }
      },
    };
  }

  private nextChanges(): OutFrame | null {
    const log = this.host.log;
    const { window, batchSize, maxFrameBytes } = this.host.settings;
    const stats = this.stats;
    const available = log.head - stats.sentSeq;
    if (available <= 0) return null;
    const room = window - (stats.sentSeq - stats.ackedSeq);
    if (room <= 0) {
      stats.windowStalls += 1;
      return null;
    }
    if (stats.sentSeq + 1 < log.oldestSeq) {
      // The console fell behind what the log keeps: it must come back for a snapshot.
      this.close(1012, 'cursor no longer in the log; reconnect');
      return null;
    }
    const n = Math.min(batchSize, room, available);
    const items: string[] = [];
    let bytes = 32;
    let seq = stats.sentSeq;
    while (items.length < n) {
      const entry = log.entry(seq + 1)!;
      if (items.length > 0 && bytes + entry.bytes + 1 > maxFrameBytes) break;
      items.push(entry.json);
      bytes += entry.bytes + 1;
      seq += 1;
    }
    const faults = this.host.faults;
    if (faults.gapOnce) {
      faults.gapOnce = false;
      items.splice(0, 1);
      this.host.logger.info('simulator: fault gapOnce fired', { session: this.id });
    }
    if (faults.itemWithoutSeq && items.length > 0) {
      faults.itemWithoutSeq = false;
      const lastItem = JSON.parse(items[items.length - 1]!) as Record<string, unknown>;
      delete lastItem.seq;
      items[items.length - 1] = JSON.stringify(lastItem);
    }
    stats.sentSeq = seq;
    stats.maxUnacked = Math.max(stats.maxUnacked, stats.sentSeq - stats.ackedSeq);
    if (items.length === 0) return this.nextChanges();
    return { type: 'changes', binary: false, data: `{"t":"changes","items":[${items.join(',')}]}` };
  }
}
