import type {
  AlarmEvent,
  ClientFrame,
  HostFrame,
  LinkStatus,
  MethodName,
  Params,
  Result,
  SessionInfo,
  TopicName,
  TopicPayload,
} from '../../../native/api/index.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import type { OpenTransport, Transport } from '../api/transport.ts';

/** One end of a fake connection; the test plays the host. */
export class FakeTransport implements Transport {
  readonly sent: ClientFrame[] = [];
  closed = false;
  private readonly frameListeners: ((frame: HostFrame) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  onSend: ((frame: ClientFrame) => void) | null = null;

  send(frame: ClientFrame): void {
    if (this.closed) throw new Error('send on a closed transport');
    // Frames cross a process boundary: the host never shares the caller's objects.
    const copy = structuredClone(frame);
    this.sent.push(copy);
    this.onSend?.(copy);
  }

  onFrame(cb: (frame: HostFrame) => void): void {
    this.frameListeners.push(cb);
  }

  onClose(cb: () => void): void {
    this.closeListeners.push(cb);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cb of this.closeListeners) cb();
  }

  /** The host sends a frame to the window. */
  push(frame: HostFrame): void {
    for (const cb of this.frameListeners) cb(structuredClone(frame));
  }

  frames<T extends ClientFrame['type']>(type: T): Extract<ClientFrame, { type: T }>[] {
    return this.sent.filter((f): f is Extract<ClientFrame, { type: T }> => f.type === type);
  }
}

/**
 * Hands out fake transports to a ConsoleClient. `failNext` makes the next
 * attempts fail, as an unreachable host would.
 */
export class FakeShell {
  readonly transports: FakeTransport[] = [];
  attempts = 0;
  private failures = 0;
  onOpen: ((transport: FakeTransport) => void) | null = null;

  readonly open: OpenTransport = async () => {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connection refused');
    }
    const transport = new FakeTransport();
    this.transports.push(transport);
    this.onOpen?.(transport);
    return transport;
  };

  failNext(count: number): void {
    this.failures = count;
  }

  get current(): FakeTransport {
    const last = this.transports.at(-1);
    if (!last) throw new Error('no transport opened yet');
    return last;
  }
}

/** A handler may answer later (a Promise), so a test can hold a call in flight. */
type FakeHandlers = { [M in MethodName]?: (params: Params<M>) => Result<M> | Promise<Result<M>> };

/**
 * A scripted console host behind a FakeShell: answers calls from handlers,
 * sends state snapshots on subscribe, and can publish topics.
 */
export class FakeHost {
  readonly shell = new FakeShell();
  readonly handlers: FakeHandlers;
  readonly state: { session: SessionInfo; link: LinkStatus };
  /** What the host's new-P1 alarm sends a window that subscribes (empty: armed). */
  alarmState: AlarmEvent[] = [];

  constructor(state: { session: SessionInfo; link: LinkStatus }, handlers: FakeHandlers = {}) {
    this.state = state;
    this.handlers = {
      'session.info': () => this.state.session,
      'link.status': () => this.state.link,
      ...handlers,
    };
    this.shell.onOpen = (transport) => {
      transport.onSend = (frame) => queueMicrotask(() => this.answer(transport, frame));
    };
  }

  publish<T extends TopicName>(topic: T, payload: TopicPayload<T>): void {
    for (const t of this.shell.transports) {
      if (t.closed) continue;
      const subscribed = t.sent.some((f) => f.type === 'subscribe' && f.topic === topic);
      if (subscribed) t.push({ type: 'event', topic, data: payload });
    }
  }

  private answer(transport: FakeTransport, frame: ClientFrame): void {
    if (transport.closed) return;
    if (frame.type === 'subscribe') {
      if (frame.topic === 'session.info') transport.push({ type: 'event', topic: frame.topic, data: this.state.session });
      if (frame.topic === 'link.status') transport.push({ type: 'event', topic: frame.topic, data: this.state.link });
      if (frame.topic === 'incidents.alarm') transport.push({ type: 'event', topic: frame.topic, data: this.alarmState });
      return;
    }
    if (frame.type !== 'request') return;
    const handler = this.handlers[frame.method as MethodName] as ((params: unknown) => unknown) | undefined;
    if (!handler) {
      transport.push({ type: 'response', id: frame.id, ok: false, error: { code: 'unknown_method', message: `no method "${frame.method}"` } });
      return;
    }
    const id = frame.id;
    const fail = (error: unknown) => {
      if (transport.closed) return;
      const e = error instanceof ApiCallError ? error : new ApiCallError('internal', String(error));
      transport.push({ type: 'response', id, ok: false, error: { code: e.code, message: e.message, issues: e.issues } });
    };
    let result: unknown;
    try {
      result = handler(frame.params);
    } catch (error) {
      return fail(error);
    }
    if (result instanceof Promise) {
      result.then((value: unknown) => {
        if (!transport.closed) transport.push({ type: 'response', id, ok: true, result: value });
      }, fail);
      return;
    }
    transport.push({ type: 'response', id, ok: true, result });
  }
}

export function sessionInfo(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    shell: 'browser',
    version: '0.1.0',
    workstation: 'desk-07',
    operator: null,
    role: null,
    platform: { configured: false, url: null, embedded: false },
    signedIn: false,
    ...overrides,
  };
}

export function linkStatus(overrides: Partial<LinkStatus> = {}): LinkStatus {
  return {
    state: 'unconfigured',
    cursor: null,
    head: null,
    lag: null,
    progress: null,
    retryAt: null,
    outbox: 0,
    quarantine: 0,
    lastError: null,
    since: '2025-01-01T00:00:00.000Z',
    platformClock: null,
    ...overrides,
  };
}

/** Lets queued microtasks and promise chains settle (no time passes). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
