import type {
  HostFrame,
  MethodName,
  Params,
  Result,
  TopicName,
  TopicPayload,
  Topics,
} from '../../../native/api/index.ts';
import { ApiCallError, UNAVAILABLE } from './api-call-error.ts';
import type { OpenTransport, Transport } from './transport.ts';
import { browserTimers, type Timers } from './timers.ts';

/**
 * `connecting`: the first attempt is under way. `connected`: frames flow.
 * `lost`: an attempt failed or an open connection dropped; a retry is
 * scheduled (`retryAt`). `closed`: the client was closed on purpose.
 */
export type ConnectionState = 'connecting' | 'connected' | 'lost' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Epoch ms of the next attempt while `lost`. */
  retryAt: number | null;
  /** Consecutive failed attempts since the last good connection. */
  failures: number;
  /** Why the last attempt failed or the connection dropped, for the operator. */
  lastFailure: string | null;
}

export interface ConsoleClientOptions {
  openTransport: OpenTransport;
  timers?: Timers;
  /** A call with no answer after this long fails with `unavailable`. */
  requestTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** 0..1, for backoff jitter; injected so tests are deterministic. */
  random?: () => number;
}

/**
 * Mirrors the contract's coalescing rule per topic. `latest` topics are states,
 * so a listener that joins late is handed the last payload; `batch` topics are
 * streams of items and are never replayed. Typed against the contract so a new
 * topic there fails the build here until it is classified.
 */
const TOPIC_COALESCE: { [T in TopicName]: Topics[T]['coalesce'] } = {
  'link.status': 'latest',
  'session.info': 'latest',
  'incidents.alarm': 'batch',
  'entities.changed': 'batch',
  'positions.packed': 'slots',
  'link.notice': 'batch',
  'command.result': 'batch',
  'offers.waves': 'latest',
  'wall.state': 'latest',
  'wall.collections': 'latest',
  workspace: 'latest',
  selection: 'latest',
  warnings: 'latest',
  'diag.echo': 'batch',
};

/**
 * Mirrors the contract's role rule per topic: the host refuses a `signed_in`
 * topic before sign-in, so the client asks for it only while signed in (and
 * asks again on sign-in, for a window that was open before it).
 */
const TOPIC_ACCESS: { [T in TopicName]: 'any' | 'signed_in' } = {
  'link.status': 'any',
  'session.info': 'any',
  'incidents.alarm': 'signed_in',
  'entities.changed': 'signed_in',
  'positions.packed': 'signed_in',
  'link.notice': 'any',
  'command.result': 'signed_in',
  'offers.waves': 'signed_in',
  'wall.state': 'signed_in',
  'wall.collections': 'signed_in',
  workspace: 'signed_in',
  selection: 'signed_in',
  warnings: 'signed_in',
  'diag.echo': 'any',
};

interface PendingCall {
  id: number;
  method: MethodName;
  params: unknown;
  sent: boolean;
  timer: unknown;
  resolve(result: unknown): void;
  reject(error: ApiCallError): void;
}

interface TopicListener {
  deliver(payload: unknown): void;
}

/**
 * The renderer's one door to the console host: typed calls and topic
 * subscriptions over whichever transport the shell provides, with request
 * timeouts, reconnect with backoff and re-subscription after a reconnect.
 */
export class ConsoleClient {
  private readonly timers: Timers;
  private readonly requestTimeoutMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly random: () => number;

  private transport: Transport | null = null;
  private started = false;
  private retryTimer: unknown = null;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly listeners = new Map<TopicName, Set<TopicListener>>();
  private readonly latest = new Map<TopicName, unknown>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly hostErrorListeners = new Set<(error: ApiCallError) => void>();
  private current: ConnectionStatus = { state: 'connecting', retryAt: null, failures: 0, lastFailure: null };
  private signedIn = false;

  constructor(private readonly options: ConsoleClientOptions) {
    this.timers = options.timers ?? browserTimers;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 };
    this.random = options.random ?? Math.random;
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  get connected(): boolean {
    return this.current.state === 'connected';
  }

  /** Opens the first connection; calls made before it opens wait for it. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connect();
  }

  close(): void {
    if (this.current.state === 'closed') return;
    this.setStatus({ state: 'closed', retryAt: null });
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const transport = this.transport;
    this.transport = null;
    transport?.close();
    this.failPending('the console window is closing');
  }

  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const state = this.current.state;
    // Fail fast while the host is unreachable: an operator must see at once
    // that an action did not go through, not after a 15 s timeout.
    if (state === 'closed' || state === 'lost') {
      return Promise.reject(new ApiCallError(UNAVAILABLE, `not connected to the console host; ${method} was not sent`));
    }
    return new Promise<Result<M>>((resolve, reject) => {
      const call: PendingCall = {
        id: this.nextId++,
        method,
        params,
        sent: false,
        timer: null,
        resolve: resolve as (result: unknown) => void,
        reject,
      };
      call.timer = this.timers.setTimeout(() => {
        this.pending.delete(call.id);
        const seconds = Math.round(this.requestTimeoutMs / 1000);
        reject(
          new ApiCallError(
            UNAVAILABLE,
            call.sent
              ? `the console host did not answer ${method} within ${seconds} s; it may still have been applied`
              : `could not reach the console host within ${seconds} s; ${method} was not sent`,
          ),
        );
      }, this.requestTimeoutMs);
      this.pending.set(call.id, call);
      if (this.transport) this.sendCall(this.transport, call);
    });
  }

  /**
   * Listens to a topic. The host is asked once per topic, however many
   * listeners; the last listener leaving unsubscribes. Returns the disposer.
   */
  subscribe<T extends TopicName>(topic: T, cb: (payload: TopicPayload<T>) => void): () => void {
    const listener: TopicListener = { deliver: cb as (payload: unknown) => void };
    let set = this.listeners.get(topic);
    const first = set === undefined;
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    if (first) {
      if (this.transport && this.mayAsk(topic)) this.transport.send({ type: 'subscribe', topic });
    } else if (this.latest.has(topic)) {
      // The host only sends a state topic's snapshot on the first subscribe.
      queueMicrotask(() => {
        if (set.has(listener) && this.latest.has(topic)) this.deliver(listener, this.latest.get(topic));
      });
    }
    let disposed = false;
    return () => {
      if (disposed) return;
      disposed = true;
      set.delete(listener);
      if (set.size > 0 || this.listeners.get(topic) !== set) return;
      this.listeners.delete(topic);
      this.latest.delete(topic);
      if (this.transport && this.mayAsk(topic)) this.transport.send({ type: 'unsubscribe', topic });
    };
  }

  /**
   * Tells the client whether the session is signed in (the session store
   * follows the host's `session.info`). Signing in subscribes the `signed_in`
   * topics someone already listens to; signing out drops them on the host.
   */
  setSignedIn(signedIn: boolean): void {
    if (this.signedIn === signedIn) return;
    this.signedIn = signedIn;
    const transport = this.transport;
    if (!transport) return; // the next connection subscribes what is allowed then
    for (const topic of this.listeners.keys()) {
      if (TOPIC_ACCESS[topic] !== 'signed_in') continue;
      transport.send({ type: signedIn ? 'subscribe' : 'unsubscribe', topic });
    }
  }

  onStatusChange(cb: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(cb);
    return () => this.statusListeners.delete(cb);
  }

  /** Errors the host sent with no request to pin them on (a refused subscribe, a bad frame). */
  onHostError(cb: (error: ApiCallError) => void): () => void {
    this.hostErrorListeners.add(cb);
    return () => this.hostErrorListeners.delete(cb);
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    let transport: Transport;
    try {
      transport = await this.options.openTransport();
    } catch (error) {
      if (this.current.state !== 'closed') this.connectionLost(describe(error));
      return;
    }
    if (this.current.state === 'closed') {
      transport.close();
      return;
    }
    this.transport = transport;
    transport.onFrame((frame) => {
      if (this.transport === transport) this.receive(frame);
    });
    transport.onClose(() => {
      if (this.transport === transport) this.connectionLost('the connection to the console host closed');
    });
    this.setStatus({ state: 'connected', retryAt: null, failures: 0, lastFailure: null });
    // A new connection starts with no subscriptions on the host side.
    for (const topic of this.listeners.keys()) if (this.mayAsk(topic)) transport.send({ type: 'subscribe', topic });
    for (const call of this.pending.values()) if (!call.sent) this.sendCall(transport, call);
  }

  private connectionLost(reason: string): void {
    this.transport = null;
    // Answers to calls sent on the old connection can never arrive on a new one.
    this.failPending('the connection to the console host was lost');
    const failures = this.current.failures + 1;
    const base = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (failures - 1));
    // ±20% jitter so many windows do not reconnect in lockstep after a core restart.
    const delay = Math.round(base * (0.8 + 0.4 * this.random()));
    this.setStatus({ state: 'lost', retryAt: this.timers.now() + delay, failures, lastFailure: reason });
    this.retryTimer = this.timers.setTimeout(() => void this.connect(), delay);
  }

  /** Whether the host would accept a subscription to `topic` now. */
  private mayAsk(topic: TopicName): boolean {
    return TOPIC_ACCESS[topic] === 'any' || this.signedIn;
  }

  private failPending(reason: string): void {
    for (const call of this.pending.values()) {
      this.timers.clearTimeout(call.timer);
      call.reject(
        new ApiCallError(
          UNAVAILABLE,
          call.sent
            ? `${reason} before it answered ${call.method}; it may still have been applied`
            : `${reason}; ${call.method} was not sent`,
        ),
      );
    }
    this.pending.clear();
  }

  private sendCall(transport: Transport, call: PendingCall): void {
    try {
      transport.send({ type: 'request', id: call.id, method: call.method, params: call.params });
      call.sent = true;
    } catch {
      // The transport is breaking; its close handler fails or resends the call.
    }
  }

  private receive(frame: HostFrame): void {
    if (frame.type === 'event') {
      const topic = frame.topic as TopicName;
      const set = this.listeners.get(topic);
      if (!set) return;
      if (TOPIC_COALESCE[topic] === 'latest') this.latest.set(topic, frame.data);
      for (const listener of [...set]) this.deliver(listener, frame.data);
      return;
    }
    if (frame.id === null) {
      if (!frame.ok) {
        const error = ApiCallError.fromBody(frame.error);
        for (const cb of [...this.hostErrorListeners]) cb(error);
      }
      return;
    }
    const call = this.pending.get(frame.id);
    if (!call) return; // answered after its timeout: the caller has moved on
    this.pending.delete(frame.id);
    this.timers.clearTimeout(call.timer);
    if (frame.ok) call.resolve(frame.result);
    else call.reject(ApiCallError.fromBody(frame.error));
  }

  private deliver(listener: TopicListener, payload: unknown): void {
    try {
      listener.deliver(payload);
    } catch (error) {
      // One broken listener must not starve the others of live data.
      console.error('topic listener failed', error);
    }
  }

  private setStatus(patch: Partial<ConnectionStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const cb of [...this.statusListeners]) cb(this.current);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
