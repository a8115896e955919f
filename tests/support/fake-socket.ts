import { EventEmitter } from 'node:events';
import type { PlatformSocket } from '../../native/link/connection.ts';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A platform socket without a network: the test plays the platform by
 * calling `open`, `frame`, `ping` and `closeFromPlatform`, and reads what the
 * console sent in `sent`. Closing is asynchronous, as with `ws`: 'close'
 * follows on a later turn.
 */
export class FakeSocket extends EventEmitter implements PlatformSocket {
  readyState: number = CONNECTING;
  readonly sent: unknown[] = [];
  paused = false;
  terminated = false;
  closedWith: { code: number; reason: string } | null = null;

  send(text: string): void {
    if (this.readyState !== OPEN) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(text));
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.finish(code, reason);
  }

  terminate(): void {
    this.terminated = true;
    this.finish(1006, '');
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  // ── The platform's side ─────────────────────────────────────────────

  open(): void {
    this.readyState = OPEN;
    this.emit('open');
  }

  frame(frame: object | string): void {
    this.emit('message', Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame)), false);
  }

  binary(): void {
    this.emit('message', Buffer.from([1, 2, 3]), true);
  }

  ping(): void {
    this.emit('ping', Buffer.alloc(0));
  }

  closeFromPlatform(code: number, reason = ''): void {
    this.readyState = CLOSED;
    this.emit('close', code, Buffer.from(reason));
  }

  /** The frames the console sent of type `t`. */
  sentOf(t: string): Record<string, unknown>[] {
    return this.sent.filter((f) => (f as { t?: string }).t === t) as Record<string, unknown>[];
  }

  private finish(code: number, reason: string): void {
    if (this.readyState === CLOSED || this.readyState === CLOSING) return;
    this.readyState = CLOSING;
    setImmediate(() => {
      this.readyState = CLOSED;
      this.emit('close', code, Buffer.from(reason));
    });
  }
}
