import type { Readable, Writable } from 'node:stream';

/**
 * The Chrome DevTools Protocol over `--remote-debugging-pipe`: Chromium reads
 * commands from its fd 3 and writes answers and events to its fd 4, each
 * message one JSON text ended by a NUL byte. No TCP port is opened, so no
 * other program on the machine can drive the operator's browser. Small
 * enough to write here (a command's id, its answer, events by name, the
 * flat sessions of attached targets); a WebSocket client would not help,
 * and Playwright or Puppeteer would bring a whole browser driver to `egret
 * start` for three commands.
 */

export class CdpError extends Error {
  constructor(method: string, message: string) {
    super(`${method}: ${message}`);
    this.name = 'CdpError';
  }
}

type EventListener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/** What the page keeper needs of a CDP connection (tests give a fake). */
export interface Cdp {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<T>;
  on(method: string, listener: EventListener): void;
}

export class CdpPipe implements Cdp {
  private nextId = 1;
  private readonly waiting = new Map<number, { method: string; resolve: (result: never) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Map<string, EventListener[]>();
  private pending: Buffer[] = [];
  private isClosed = false;
  /** Resolves when the browser's end of the pipe closes (the browser exited). */
  readonly closed: Promise<void>;

  constructor(
    private readonly toBrowser: Writable,
    private readonly fromBrowser: Readable,
  ) {
    this.closed = new Promise((resolve) => {
      const close = () => {
        if (this.isClosed) return;
        this.isClosed = true;
        for (const { method, reject } of this.waiting.values()) reject(new CdpError(method, 'the browser closed its DevTools pipe'));
        this.waiting.clear();
        resolve();
      };
      fromBrowser.on('end', close);
      fromBrowser.on('close', close);
      fromBrowser.on('error', close);
      toBrowser.on('error', close);
    });
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    if (this.isClosed) return Promise.reject(new CdpError(method, 'the browser closed its DevTools pipe'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { method, resolve: resolve as (result: never) => void, reject });
      this.toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  /** Lets go of the browser: Chromium quits when its DevTools pipe closes. */
  close(): void {
    this.toBrowser.destroy();
    this.fromBrowser.destroy();
  }

  on(method: string, listener: EventListener): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener]);
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, end));
      const text = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      start = end + 1;
      this.dispatch(text);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  private dispatch(text: string): void {
    let message: { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: unknown; error?: { message?: string } };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return; // Nothing Chromium sends is not JSON; a broken message cannot be answered anyway.
    }
    if (typeof message.id === 'number') {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.error) waiter.reject(new CdpError(waiter.method, message.error.message ?? 'failed'));
      else waiter.resolve((message.result ?? {}) as never);
      return;
    }
    if (typeof message.method === 'string') {
      for (const listener of this.listeners.get(message.method) ?? []) listener(message.params ?? {}, message.sessionId);
    }
  }
}
