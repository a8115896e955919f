import type { ClientFrame, ErrorCode, HostFrame, MethodName, Params, Result, TopicName, TopicPayload } from '../../native/api/index.ts';
import type { WindowEndpoint } from './ports.ts';

/**
 * The main process's own line to the host, for what only the window owner
 * does (issue 13): open and save the operator's workspace, follow the
 * session and the live workspace. It gets a port from the host supervisor
 * exactly as a window does (`hostClientEndpoint`), a fresh one after every
 * host restart, and then subscribes again to what it followed.
 *
 * Not the renderer's ConsoleClient: electron/ does not import the renderer
 * (eslint.config.js), and the main process needs far less — no backoff (the
 * supervisor brings the port), no offline queue (a save that fails is made
 * again on the next change).
 */

/** Electron's `MessagePortMain`, as far as the client uses it. */
export interface HostPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export interface ClientTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A call the host refused (its contract error code), or that never got an answer (`unavailable`). */
export class HostCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}

/** What the workspace owner uses of the client (its tests give a fake). */
export interface HostApi {
  readonly connected: boolean;
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  subscribe<T extends TopicName>(topic: T, listener: (payload: TopicPayload<T>) => void): () => void;
  /** Told true on every new port (first start, host restart), false when the port is gone. */
  onConnection(listener: (connected: boolean) => void): () => void;
}

interface Pending {
  method: string;
  timer: unknown;
  resolve(result: unknown): void;
  reject(error: HostCallError): void;
}

export interface HostClientOptions {
  timers: ClientTimers;
  /** A call with no answer after this long fails with `unavailable`. */
  requestTimeoutMs?: number;
  /** Errors the host sent with no call to pin them on (a refused subscribe). */
  onHostError?: (code: ErrorCode, message: string) => void;
}

export class HostClient implements HostApi {
  private port: HostPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly topics = new Map<string, Set<(payload: unknown) => void>>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: HostClientOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  get connected(): boolean {
    return this.port !== null;
  }

  /** A port to a (new) host: the old one, if any, is closed and its unanswered calls fail. */
  connect(port: HostPort): void {
    this.disconnect('the console host restarted');
    this.port = port;
    port.on('message', (event) => {
      if (this.port === port) this.receive(event.data);
    });
    // Electron emits 'close' when the other end goes: the host exited.
    port.on('close', () => {
      if (this.port === port) this.disconnect('the connection to the console host closed');
    });
    port.start();
    // A new host knows none of our subscriptions.
    for (const topic of this.topics.keys()) this.send({ type: 'subscribe', topic });
    for (const listener of [...this.connectionListeners]) listener(true);
  }

  /** Closes the port; calls fail and nothing more arrives. */
  close(): void {
    this.disconnect('the console is closing');
  }

  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const port = this.port;
    if (port === null) return Promise.reject(new HostCallError('unavailable', `not connected to the console host; ${method} was not sent`));
    return new Promise<Result<M>>((resolve, reject) => {
      const id = this.nextId++;
      const timer = this.options.timers.setTimeout(() => {
        this.pending.delete(id);
        reject(new HostCallError('unavailable', `the console host did not answer ${method} within ${Math.round(this.requestTimeoutMs / 1000)} s`));
      }, this.requestTimeoutMs);
      this.pending.set(id, { method, timer, resolve: resolve as (result: unknown) => void, reject });
      this.send({ type: 'request', id, method, params });
    });
  }

  /** The host is asked once per topic; the last listener leaving unsubscribes. */
  subscribe<T extends TopicName>(topic: T, listener: (payload: TopicPayload<T>) => void): () => void {
    let listeners = this.topics.get(topic);
    if (!listeners) {
      this.topics.set(topic, (listeners = new Set()));
      this.send({ type: 'subscribe', topic });
    }
    const entry = listener as (payload: unknown) => void;
    listeners.add(entry);
    return () => {
      if (!listeners.delete(entry) || listeners.size > 0 || this.topics.get(topic) !== listeners) return;
      this.topics.delete(topic);
      this.send({ type: 'unsubscribe', topic });
    };
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  private send(frame: ClientFrame): void {
    this.port?.postMessage(frame);
  }

  private disconnect(reason: string): void {
    const port = this.port;
    if (port === null) return;
    this.port = null;
    port.close();
    for (const [id, call] of this.pending) {
      this.options.timers.clearTimeout(call.timer);
      this.pending.delete(id);
      call.reject(new HostCallError('unavailable', `${reason} before it answered ${call.method}`));
    }
    for (const listener of [...this.connectionListeners]) listener(false);
  }

  private receive(data: unknown): void {
    const frame = data as HostFrame | null;
    if (frame?.type === 'event') {
      for (const listener of [...(this.topics.get(frame.topic) ?? [])]) listener(frame.data);
      return;
    }
    if (frame?.type !== 'response') return;
    if (frame.id === null) {
      if (!frame.ok) this.options.onHostError?.(frame.error.code, frame.error.message);
      return;
    }
    const call = this.pending.get(frame.id);
    if (!call) return; // answered after its timeout
    this.pending.delete(frame.id);
    this.options.timers.clearTimeout(call.timer);
    if (frame.ok) call.resolve(frame.result);
    else call.reject(new HostCallError(frame.error.code, frame.error.message));
  }
}

/**
 * Not a window, but wired like one: BrowserWindow ids start at 1, so 0 never
 * collides with a window's entry in the supervisor.
 */
export const MAIN_PROCESS_ENDPOINT_ID = 0;

/** The supervisor's view of the client: an endpoint whose "page" is the client itself. */
export function hostClientEndpoint<P extends HostPort>(client: HostClient): WindowEndpoint<P> {
  return {
    id: MAIN_PROCESS_ENDPOINT_ID,
    label: 'main process',
    webContents: {
      isDestroyed: () => false,
      postMessage: (_channel, _message, [port]) => {
        if (port) client.connect(port);
      },
    },
  };
}
