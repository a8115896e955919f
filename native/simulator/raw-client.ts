import WebSocket from 'ws';
import { MAX_FRAME_BYTES, SUBPROTOCOL } from '../protocol/frames.ts';

/** A frame as the raw client saw it: parsed JSON, or a marker for what was not. */
export type SeenFrame = Record<string, unknown> & { t?: unknown };

export interface ConnectOptions {
  protocols?: string[];
  headers?: Record<string, string>;
  /** Frames larger than this close the connection with 1009 (as a console must). Default 4 MiB. */
  maxPayload?: number;
}

/**
 * A bare WebSocket client for tests: records every frame, waits on
 * predicates with timeouts (no sleeps), sends frames as given.
 * Non-JSON text frames are recorded as `{t:'__not_json', data}`, binary ones
 * as `{t:'__binary', bytes}`.
 */
export class RawClient {
  readonly frames: SeenFrame[] = [];
  /** Socket errors, e.g. WS_ERR_UNSUPPORTED_MESSAGE_LENGTH for a frame over maxPayload. */
  readonly errors: (Error & { code?: string })[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters = new Set<() => void>();
  private closeInfo: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      let frame: SeenFrame;
      if (isBinary) frame = { t: '__binary', bytes: (data as Buffer).length };
      else {
        const text = data.toString();
        try {
          frame = JSON.parse(text) as SeenFrame;
        } catch {
          frame = { t: '__not_json', data: text.slice(0, 200) };
        }
      }
      this.frames.push(frame);
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        this.notify();
        resolve(this.closeInfo);
      });
    });
    ws.on('error', (err) => this.errors.push(err));
  }

  /** Opens a connection; rejects with `{status}` when the upgrade is refused. */
  static connect(url: string, options: ConnectOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options.protocols ?? [SUBPROTOCOL], {
        headers: options.headers,
        maxPayload: options.maxPayload ?? MAX_FRAME_BYTES,
        perMessageDeflate: false,
      });
      const client = new RawClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: HTTP ${res.statusCode}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once('error', (err) => reject(err));
    });
  }

  get isClosed(): boolean {
    return this.closeInfo !== null;
  }

  send(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  hello(token: string, cursor: number | null, extra: Record<string, unknown> = {}): void {
    this.send({ t: 'hello', v: 1, console: 'test', token, cursor, ...extra });
  }

  ack(seq: number): void {
    this.send({ t: 'ack', seq });
  }

  command(id: string, name: string, args: unknown): void {
    this.send({ t: 'command', id, name, args });
  }

  /**
   * The first frame at index ≥ `from` that passes `predicate`, waiting for it
   * up to `timeoutMs`. Rejects when the connection closes first.
   */
  waitFor(predicate: (f: SeenFrame) => boolean, options: { from?: number; timeoutMs?: number } = {}): Promise<SeenFrame> {
    const from = options.from ?? 0;
    const timeoutMs = options.timeoutMs ?? 5000;
    return this.until(() => {
      for (let i = from; i < this.frames.length; i++) if (predicate(this.frames[i]!)) return this.frames[i]!;
      if (this.closeInfo) throw new Error(`closed (${this.closeInfo.code} ${this.closeInfo.reason}) before the frame came`);
      return undefined;
    }, timeoutMs);
  }

  /** The first frame of type `t` at index ≥ `from`. */
  waitForType(t: string, options: { from?: number; timeoutMs?: number } = {}): Promise<SeenFrame> {
    return this.waitFor((f) => f.t === t, options);
  }

  /** Resolves with the close code and reason, or rejects after `timeoutMs`. */
  waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closeInfo ?? undefined, timeoutMs);
  }

  /** Resolves once `check` returns something other than undefined (re-checked on every frame). */
  until<T>(check: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (err) {
          done();
          reject(err as Error);
          return;
        }
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** All change items received so far (from changes frames), in order. */
  changeItems(): Record<string, unknown>[] {
    return this.frames.filter((f) => f.t === 'changes').flatMap((f) => f.items as Record<string, unknown>[]);
  }

  close(): Promise<{ code: number; reason: string }> {
    if (!this.closeInfo) this.ws.close(1000, 'bye');
    return this.closed;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

export const connectRaw = RawClient.connect;
