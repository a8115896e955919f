import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES, SUBPROTOCOL } from '../protocol/frames.ts';
import { silentLogger, type Logger } from '../common/logger.ts';
import { communityAnchors } from './city/address-base.ts';
import { DEFAULT_MAP_FILE, DistrictMap } from './city/district-map.ts';
import { Locator } from './city/locator.ts';
import { applyCommand, type CommandContext } from './commands.ts';
import {
  MALFORMED_VARIANTS,
  clearFaults,
  createFaults,
  injectMalformed,
  injectStale,
  takeCount,
  type Faults,
  type MalformedVariant,
} from './faults.ts';
import { ChangeLog } from './log.ts';
import {
  Session,
  type Answering,
  type CommandAnswer,
  type CommandFrame,
  type SessionHost,
  type SessionSettings,
  type SessionStats,
} from './session.ts';
import { formatTime, randomHex, seededRandom, systemClock } from './time.ts';
import { DEMO_TOKENS } from './tokens.ts';
import type { Change, Clock, EntityKind, Operator, Random, TokenMap } from './types.ts';

export const LINK_PATH = '/link/v1';

export interface PlatformOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How many changes back a cursor may resume by replay; older cursors get a snapshot. Default 100 000. */
  keepLog?: number;
  /** Items per snapshot part (≤ 5000 by the spec). Default 5000. */
  snapshotPartSize?: number;
  /** Most changes sent beyond the console's last ack. Default 5000. */
  window?: number;
  /** Most change items per `changes` frame. Default 500. */
  batchSize?: number;
  tz?: string;
  pingIntervalMs?: number;
  /** How long a connection may wait before its `hello`. Default 10 000. */
  helloTimeoutMs?: number;
  clock?: Clock;
  random?: Random;
  tokens?: TokenMap;
  logger?: Logger;
  /**
   * The WGS84 district boundaries `incident.create` locates points in
   * (default resources/map/xiamen-districts.wgs84.geojson, as the demo city's).
   */
  mapFile?: string;
  /**
   * When a console sends its token on the upgrade (`Authorization: Bearer T`
   * or `?token=T`) and it is unknown, answer the upgrade with HTTP 401 instead
   * of waiting for `hello`. Default false.
   */
  checkUpgradeToken?: boolean;
}

/** One entry of `commandLog`: how often a command id was received and applied (applied ≤ 1). */
export interface CommandRecord {
  id: string;
  name: string;
  operator: string;
  received: number;
  applied: number;
  /** The first result, sent again for every repeat. */
  result: { t: 'result'; id: string; ok: boolean; seq?: number; code?: string; message?: string };
}

export interface AckRecord {
  session: string;
  seq: number;
}

/**
 * Events (all carry `session` where one is involved):
 * `connection` {session}, `hello` {session, hello}, `welcome` {session, operator, resume, head},
 * `snapshot_part` {session, part, last, items, asOf}, `ack` {session, seq},
 * `command` {session, id, name, duplicate, result, dropped}, `close` {session, code, reason},
 * `ping` {session, sent} (sent false while `silent`),
 * `change` {change, effect}, `rejected` {status, reason} (refused upgrades).
 */
export class Platform extends EventEmitter {
  readonly url: string;
  readonly port: number;
  readonly faults: Faults;
  readonly log: ChangeLog;
  readonly tokens: TokenMap;
  readonly commandLog = new Map<string, CommandRecord>();
  readonly acks: AckRecord[] = [];
  /** Every session this platform has had, open or closed, by id. */
  readonly sessionStats = new Map<string, SessionStats>();
  /** Bytes of attachments sent with `incident.attach`, served at GET /files/ID. */
  readonly attachments = new Map<string, { mime: string; bytes: Buffer }>();

  private readonly sessions = new Map<string, Session>();
  private readonly settings: SessionSettings;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly logger: Logger;
  private incidentCounter = 0;
  private eventCounter = 0;
  private readonly sessionHost: SessionHost;
  private readonly commandContext: CommandContext;
  private readonly reservations = new Set<(kind: EntityKind, id: string) => boolean>();
  /** Built on the first incident to locate: a platform that never locates one never reads the map. */
  private locator: Locator | null = null;
  private injecting = false;
  private malformedCursor = 0;
  private closed = false;
  private answering: Answering = 'everything';
  /** Hellos and commands that wait for what the platform cannot answer yet, in the order they came (answerOnly). */
  private readonly waiting: (() => boolean)[] = [];

  /** @internal use startPlatform */
  constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    port: number,
    host: string,
    private readonly options: PlatformOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.port = port;
    this.url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}${LINK_PATH}`;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? seededRandom(1);
    this.logger = options.logger ?? silentLogger;
    this.tokens = options.tokens ?? DEMO_TOKENS;
    this.settings = {
      window: options.window ?? 5000,
      snapshotPartSize: Math.min(options.snapshotPartSize ?? 5000, 5000),
      batchSize: options.batchSize ?? 500,
      maxFrameBytes: MAX_FRAME_BYTES - 64 * 1024,
      tz: options.tz ?? 'Asia/Shanghai',
      pingIntervalMs: options.pingIntervalMs ?? 15_000,
      helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
    };
    this.log = new ChangeLog(options.keepLog ?? 100_000);
    this.faults = createFaults(() => this.kickAll());
    this.log.onAppend((entry) => {
      this.emit('change', { change: entry.change, effect: entry.effect });
      if (entry.effect === 'applied' && !this.injecting) this.injectAfter(entry.change);
      this.kickAll();
    });
    this.sessionHost = {
      log: this.log,
      faults: this.faults,
      tokens: this.tokens,
      logger: this.logger,
      settings: this.settings,
      now: () => this.now(),
      command: (session, frame) => this.onCommand(session, frame),
      answering: () => this.answering,
      whenAnswerable: (step) => {
        if (!step()) this.waiting.push(step);
      },
      emit: (event, payload) => {
        if (event === 'ack') this.acks.push(payload as AckRecord);
        this.emit(event, payload);
      },
    };
    this.commandContext = {
      log: this.log,
      now: () => this.now(),
      locate: (lat, lng, known) => {
        if (!this.locator) {
          const map = new DistrictMap(options.mapFile ?? DEFAULT_MAP_FILE);
          this.locator = new Locator(map, communityAnchors(map));
        }
        return this.locator.locate([lat, lng], known);
      },
      nextIncidentId: () => {
        const year = this.now().slice(0, 4);
        let id: string;
        do {
          this.incidentCounter += 1;
          id = `inc-${year}-${String(this.incidentCounter).padStart(6, '0')}`;
        } while (this.idTaken('incident', id));
        return id;
      },
      nextEventId: () => {
        let id: string;
        do {
          this.eventCounter += 1;
          id = `ev-${String(this.eventCounter).padStart(8, '0')}`;
        } while (this.idTaken('incident_event', id));
        return id;
      },
      storeAttachment: (bytes, mime) => {
        const id = `att-${randomHex(this.random, 10)}`;
        this.attachments.set(id, { mime, bytes });
        return { id, url: `${this.url.replace(/^ws:/, 'http:').slice(0, -LINK_PATH.length)}/files/${id}` };
      },
    };
  }

  // ---- state and log (the mutation API for tests) -------------------------

  get head(): number {
    return this.log.head;
  }

  /** Upserts an entity (rev = previous + 1 unless `data.rev` is given); returns the change. */
  upsert(kind: EntityKind, data: Record<string, unknown>): Change {
    return this.log.upsert(kind, data);
  }

  /** Deletes an entity; the delete carries rev = previous + 1. */
  remove(kind: EntityKind, id: string): Change {
    return this.log.remove(kind, id);
  }

  /** Sets state without log entries; `head` moves on by one and the log restarts (see ChangeLog.bulkLoad). */
  bulkLoad(kind: EntityKind, items: Record<string, unknown>[], options?: { validate?: boolean }): void {
    this.log.bulkLoad(kind, items, options);
    this.kickAll();
  }

  /**
   * Ids someone is about to write (the demo city's history, still being
   * generated): the platform's own id sequences (`incident.create`, events)
   * skip them as they skip ids that exist. Returns the release.
   */
  reserveIds(taken: (kind: EntityKind, id: string) => boolean): () => void {
    this.reservations.add(taken);
    return () => void this.reservations.delete(taken);
  }

  /** The entities of `kind` sorted by the UTF-8 bytes of their id — what `egret export KIND` must print. */
  exportState(kind: EntityKind): Record<string, unknown>[] {
    return this.log.exportState(kind);
  }

  /**
   * The log was rebuilt: drops every entry (state stays), optionally restarts
   * seq at `options.seq`, and sends `{t:'reset'}` to every welcomed console.
   */
  resetLog(reason: string, options: { seq?: number } = {}): void {
    this.log.clear(options.seq);
    for (const s of this.sessions.values()) s.reset(reason);
  }

  /**
   * What the platform answers from now on (session.ts Answering); default
   * everything. A demo reading its kept city answers nothing until the log
   * is in, then consoles resuming by replay while the entities load; a hello
   * that needs a snapshot and every command wait, and are answered in the
   * order they came as soon as the platform can — none lost, none applied
   * twice, none reordered.
   */
  answerOnly(answering: Answering): void {
    this.answering = answering;
    for (const step of this.waiting.splice(0)) if (!step()) this.waiting.push(step);
  }

  /** Appends a stale upsert of an entity (see faults.ts injectStale). */
  injectStale(kind: EntityKind, id: string): Change | null {
    return this.withInjection(() => injectStale(this.log, kind, id));
  }

  /** Appends an entry whose data breaks §8 (see faults.ts injectMalformed). */
  injectMalformed(variant: MalformedVariant = 'wrong_type', base?: Change): Change {
    return this.withInjection(() => injectMalformed(this.log, variant, base));
  }

  // ---- broadcasts ----------------------------------------------------------

  /** §5: sends volunteer positions to every welcomed console (dropped while `silent`). */
  publishPositions(items: object[]): void {
    for (let i = 0; i < items.length; i += 2000) {
      const frame = { t: 'positions', items: items.slice(i, i + 2000) };
      for (const s of this.sessions.values()) if (s.welcomed) s.send(frame, true);
    }
  }

  notice(level: 'info' | 'warn', message: string): void {
    for (const s of this.sessions.values()) if (s.welcomed) s.send({ t: 'notice', level, message });
  }

  /** Sends raw data to every welcomed console, as is (a string as text, a Buffer as binary). */
  sendRaw(data: string | Buffer): void {
    for (const s of this.sessions.values()) if (s.welcomed) s.sendRaw(data);
  }

  // ---- observation ---------------------------------------------------------

  /** Open connections. */
  get connections(): number {
    return this.sessions.size;
  }

  /** Stats of the open sessions. */
  get openSessions(): SessionStats[] {
    return [...this.sessions.values()].map((s) => s.stats);
  }

  /**
   * Where the linked consoles are: how many are still taking their snapshot
   * (not yet acked), how many follow the changes, and the most changes one
   * has not acknowledged. Whoever writes much at once (the demo city's
   * history) waits on it, so no console's first picture is delayed and none
   * is left behind what the log keeps.
   */
  consoleLag(): { snapshots: number; following: number; unacked: number } {
    let snapshots = 0;
    let following = 0;
    let unacked = 0;
    for (const session of this.sessions.values()) {
      const streaming = session.streaming;
      if (streaming === 'snapshot') snapshots += 1;
      if (streaming === 'changes') following += 1;
      if (streaming) unacked = Math.max(unacked, this.head - session.stats.ackedSeq);
    }
    return { snapshots, following, unacked };
  }

  /** The highest seq any console has acked. */
  get maxAck(): number {
    return this.acks.reduce((m, a) => Math.max(m, a.seq), 0);
  }

  /** Terminates every open connection abruptly (as a network cut would). */
  dropAll(): void {
    for (const s of this.sessions.values()) s.terminate();
  }

  /**
   * Resolves with the first `event` payload that passes `predicate`; rejects
   * after `timeoutMs`. Subscribe before the action that causes the event.
   */
  waitFor<T = Record<string, unknown>>(event: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onEvent = (payload: T) => {
        if (!predicate(payload)) return;
        cleanup();
        resolve(payload);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off(event, onEvent);
      };
      this.on(event, onEvent);
    });
  }

  /** Resolves once some console has acked `seq` (default: the current head) or beyond. */
  async waitForAck(seq: number = this.head, timeoutMs = 10_000): Promise<void> {
    if (this.maxAck >= seq) return;
    await this.waitFor<AckRecord>('ack', (a) => a.seq >= seq, timeoutMs);
  }

  // ---- lifecycle ---------------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.waiting.length = 0;
    for (const s of this.sessions.values()) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.removeAllListeners();
  }

  /** Turns every fault switch off. */
  clearFaults(): void {
    clearFaults(this.faults);
  }

  // ---- internals ---------------------------------------------------------------

  /** @internal */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LINK_PATH) return this.reject(socket, 404, 'Not Found', `no link at ${url.pathname}`);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(SUBPROTOCOL)) return this.reject(socket, 400, 'Bad Request', `subprotocol ${SUBPROTOCOL} required`);
    if (this.faults.rejectUpgrade401) return this.reject(socket, 401, 'Unauthorized', 'fault: rejectUpgrade401');
    if (this.options.checkUpgradeToken) {
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? url.searchParams.get('token');
      if (bearer && !Object.hasOwn(this.tokens, bearer)) return this.reject(socket, 401, 'Unauthorized', 'unknown token');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  /** @internal serves attachments and a small status page. */
  handleRequest(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = /^\/files\/([^/]+)$/.exec(url.pathname);
    if (file && this.attachments.has(file[1]!)) {
      const a = this.attachments.get(file[1]!)!;
      res.writeHead(200, { 'content-type': a.mime, 'content-length': a.bytes.length });
      res.end(a.bytes);
      return;
    }
    if (url.pathname === '/' || url.pathname === '/status') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ platform: 'egret-simulator', link: LINK_PATH, head: this.head, connections: this.connections }));
      return;
    }
    if (url.pathname === LINK_PATH) {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
      res.end('WebSocket upgrade required');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private reject(socket: Duplex, status: number, text: string, reason: string): void {
    this.emit('rejected', { status, reason });
    const body = `${reason}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  private onConnection(ws: WebSocket): void {
    const id = `s-${randomHex(this.random, 6)}`;
    const session = new Session(id, ws, this.sessionHost);
    this.sessions.set(id, session);
    this.sessionStats.set(id, session.stats);
    ws.on('close', () => this.sessions.delete(id));
    this.emit('connection', { session: id });
  }

  private idTaken(kind: EntityKind, id: string): boolean {
    if (this.log.get(kind, id) || this.log.tombstone(kind, id) !== undefined) return true;
    for (const taken of this.reservations) if (taken(kind, id)) return true;
    return false;
  }

  private now(): string {
    return formatTime(this.clock.now(), this.settings.tz);
  }

  private onCommand(session: Session, frame: CommandFrame): CommandAnswer | null {
    const answerable = () => this.answering === 'everything' || this.answering === 'all but snapshots';
    if (answerable()) return this.applyCommand(session, frame);
    // Received, so applied once the platform can (answered then, if the console is still there to hear it).
    this.waiting.push(() => {
      if (!answerable()) return false;
      session.answerCommand(this.applyCommand(session, frame));
      return true;
    });
    return null;
  }

  private applyCommand(session: Session, frame: CommandFrame): CommandAnswer {
    const operator = session.operator as Operator;
    const known = this.commandLog.get(frame.id);
    let record: CommandRecord;
    let duplicate = false;
    if (known) {
      known.received += 1;
      record = known;
      duplicate = true;
    } else {
      const outcome = applyCommand(this.commandContext, operator, frame.name, frame.args);
      const result: CommandRecord['result'] = outcome.ok
        ? { t: 'result', id: frame.id, ok: true, seq: outcome.seq }
        : { t: 'result', id: frame.id, ok: false, code: outcome.code, message: outcome.message };
      record = { id: frame.id, name: frame.name, operator: operator.id, received: 1, applied: outcome.ok ? 1 : 0, result };
      this.commandLog.set(frame.id, record);
    }
    const dropBeforeResult = this.faults.dropBeforeResult;
    if (dropBeforeResult) this.faults.dropBeforeResult = false;
    this.emit('command', {
      session: session.id,
      id: frame.id,
      name: frame.name,
      duplicate,
      result: record.result,
      dropped: dropBeforeResult,
    });
    return { result: record.result, dropBeforeResult };
  }

  /** Fault switches that ride along real changes (staleUpserts, malformedItems). */
  private injectAfter(change: Change): void {
    const kind = change.kind as EntityKind;
    const id = change.op === 'upsert' ? String((change.data as { id?: unknown }).id) : change.id;
    if (takeCount(this.faults, 'staleUpserts')) this.withInjection(() => injectStale(this.log, kind, id));
    if (takeCount(this.faults, 'malformedItems')) {
      const variant = MALFORMED_VARIANTS[this.malformedCursor++ % MALFORMED_VARIANTS.length]!;
      this.withInjection(() => injectMalformed(this.log, variant, change));
    }
  }

  private withInjection<T>(fn: () => T): T {
    const was = this.injecting;
    this.injecting = true;
    try {
      return fn();
    } finally {
      this.injecting = was;
    }
  }

  private kickAll(): void {
    for (const s of this.sessions.values()) s.kick();
  }
}

/** Starts a platform on `host:port` (127.0.0.1, a free port by default). */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const host = options.host ?? '127.0.0.1';
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  let platform: Platform | null = null;
  const http = createServer((req, res) => platform!.handleRequest(req, res));
  http.on('upgrade', (req, socket, head) => platform!.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  platform = new Platform(http, wss, port, host, options);
  return platform;
}
