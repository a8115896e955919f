import WebSocket from 'ws';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { CLOSE, MAX_FRAME_BYTES, SUBPROTOCOL } from '../protocol/frames.ts';

/** The part of a `ws` WebSocket a connection uses; tests pass a fake. */
export interface PlatformSocket {
  readonly readyState: number;
  send(text: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  on(event: 'open' | 'ping', listener: () => void): unknown;
  on(event: 'message', listener: (data: { toString(): string }, isBinary: boolean) => void): unknown;
  on(event: 'unexpected-response', listener: (request: unknown, response: { statusCode?: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: (code: number, reason: { toString(): string }) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/** Spec §1: the subprotocol, the 4 MiB limit (close 1009), and the platform's own CA — checks never off. */
export function openPlatformSocket(url: string, ca?: string | Buffer): PlatformSocket {
  return new WebSocket(url, SUBPROTOCOL, {
    maxPayload: MAX_FRAME_BYTES,
    handshakeTimeout: 10_000,
    perMessageDeflate: false,
    ...(ca ? { ca } : {}),
  });
}

/** What a connection tells the link. */
export interface ConnectionEvents {
  /** The socket is open: time for hello. */
  open(): void;
  /** A text frame (may throw: the connection is then given up, the process goes on). */
  text(text: string): void;
  /** A binary frame, which the platform must not send (spec §1: ignored). */
  binary(): void;
  /** Why the close that follows happens (a refused upgrade, a socket error). */
  failed(code: string, message: string): void;
  closed(code: number, reason: string): void;
}

export interface ConnectionOptions {
  timers: Timers;
  /** Spec §6: no frame and no ping for this long means the link is dead. */
  idleMs: number;
  logger: Logger;
}

/**
 * One WebSocket to the platform: its idle timer (spec §6), why it closes,
 * and frames out. From the moment it ends — the link closes it, or the socket
 * closes — nothing it receives reaches the link any more.
 */
export class Connection {
  /** Why we are closing it ourselves (protocol error, gap, idle), for the status line. */
  closingBecause: string | null = null;
  /** The platform refused the token on the upgrade (HTTP 401). */
  unauthorized = false;
  private idleTimer: unknown = null;
  private ended = false;

  constructor(
    private readonly socket: PlatformSocket,
    events: ConnectionEvents,
    private readonly options: ConnectionOptions,
  ) {
    this.touch();
    socket.on('open', () => events.open());
    socket.on('message', (data, isBinary) => {
      if (this.ended) return;
      this.touch();
      if (isBinary) return events.binary();
      try {
        events.text(data.toString());
      } catch (error) {
        // Whatever a frame does, it must not escape the socket's handler and end the process.
        options.logger.error('frame handling failed', { error: String((error as Error)?.stack ?? error) });
        this.abandon(`a frame could not be handled: ${(error as Error)?.message ?? error}`);
      }
    });
    socket.on('ping', () => {
      if (!this.ended) this.touch();
    });
    socket.on('unexpected-response', (_request, response) => {
      if (response.statusCode === 401) {
        this.unauthorized = true;
        events.failed('unauthorized', 'the platform refused the token (HTTP 401): sign in again');
      } else {
        events.failed('http', `the platform answered the upgrade with HTTP ${response.statusCode}`);
      }
      socket.terminate();
    });
    socket.on('error', (error) => {
      // 'close' follows; the error only explains it.
      if (!this.closingBecause) events.failed(/payload/i.test(error.message) ? 'too_big' : 'socket', error.message);
    });
    socket.on('close', (code, reason) => {
      this.stopIdleTimer();
      this.ended = true;
      events.closed(code, reason.toString());
    });
  }

  /** Sends a frame if the socket is open; one that is not will close and be replaced. */
  send(frame: object): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Closes it on purpose (gap, protocol error, idle); the link reconnects once it has closed. */
  abandon(because: string): void {
    if (this.closingBecause) return;
    this.closingBecause = because;
    this.options.logger.warn('reconnecting', { because });
    this.socket.terminate();
  }

  /** The link lets it go (sign-in, sign-out, closing): a clean close if it is open. */
  end(because: string): void {
    this.closingBecause = because;
    this.stopIdleTimer();
    this.ended = true;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(CLOSE.normal, because);
    else this.socket.terminate();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Resolves once the socket has closed, or after `ms` if it does not. */
  async closedWithin(ms: number): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const { timers } = this.options;
    await new Promise<void>((resolve) => {
      const done = timers.setTimeout(() => resolve(), ms);
      this.socket.once('close', () => {
        timers.clearTimeout(done);
        resolve();
      });
    });
  }

  private touch(): void {
    this.stopIdleTimer();
    this.idleTimer = this.options.timers.setTimeout(() => this.abandon('no frame or ping from the platform for 45 s'), this.options.idleMs);
  }

  private stopIdleTimer(): void {
    if (this.idleTimer !== null) this.options.timers.clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
