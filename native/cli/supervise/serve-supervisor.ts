import type { Timers } from '../../common/timers.ts';
import { isServeMessage, type ServeListening } from './serve-messages.ts';

/**
 * `egret start` (browser shell) keeps `egret serve` running in a child
 * process: a crash of the core (or someone's `kill -9`) must not leave the
 * operator's windows facing a dead page. A child that dies is started again
 * on the same port with the same token, so the pages reconnect by
 * themselves (the renderer's client retries with backoff) and what the
 * outbox held in state.db is sent once the new link is live. A child that
 * keeps dying is given up on with a message, rather than restarted forever.
 */

/** The part of a `ChildProcess` (spawned with an IPC channel) the supervisor uses. */
export interface ServeChild {
  readonly pid?: number | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  kill(signal?: NodeJS.Signals): boolean;
}

export interface RestartPolicy {
  /** This many deaths within `withinMs` and the supervisor gives up. */
  deaths: number;
  withinMs: number;
  /** The wait before the first restart of a series; doubled for each further death within `withinMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const RESTART_POLICY: RestartPolicy = { deaths: 5, withinMs: 60_000, firstDelayMs: 250, maxDelayMs: 4_000 };

/** How long a child asked to stop (SIGTERM) gets before it is killed: the embedded demo takes up to 6 s to keep its city. */
export const STOP_GRACE_MS = 15_000;

export type SuperviseEvent =
  | { kind: 'started'; pid: number | undefined; restart: number }
  | { kind: 'ready'; pid: number | undefined }
  | { kind: 'died'; pid: number | undefined; how: string; restartInMs: number }
  | { kind: 'gave-up'; pid: number | undefined; how: string; deaths: number; withinMs: number };

export interface ServeSupervisorOptions {
  /** Starts one `egret serve` child (the same arguments and token every time). */
  launch: () => ServeChild;
  timers: Timers;
  report: (event: SuperviseEvent) => void;
  policy?: RestartPolicy;
  stopGraceMs?: number;
}

/** A child that exited before it could serve the first time: the start fails, as it did in-process. */
export class ServeStartError extends Error {
  constructor(how: string) {
    super(`egret serve ${how} before the console was up (its message is above)`);
    this.name = 'ServeStartError';
  }
}

/** The supervisor gave up: the child died too often. */
export class ServeGaveUpError extends Error {
  constructor(deaths: number, withinMs: number, how: string) {
    super(
      `egret serve died ${deaths} times within ${Math.round(withinMs / 1000)} s (the last one ${how}): not restarting it again. ` +
        "The console's windows cannot reach it; fix what its messages above say and run egret start again",
    );
    this.name = 'ServeGaveUpError';
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export class ServeSupervisor {
  private child: ServeChild | null = null;
  private restarts = 0;
  private readonly deaths: number[] = [];
  private restartTimer: unknown = null;
  private stopping: Promise<void> | null = null;
  private everReady = false;
  private readonly policy: RestartPolicy;
  private firstListening: { resolve: (l: ServeListening) => void; reject: (e: Error) => void } | null = null;
  private trusted: ((mediaSpki: string[]) => void) | null = null;
  /** The certificates the first child said the browser must trust (ServeTrust). */
  readonly mediaSpki: Promise<string[]> = new Promise((resolve) => (this.trusted = resolve));
  private failure: { promise: Promise<never>; reject: (e: Error) => void };

  constructor(private readonly options: ServeSupervisorOptions) {
    this.policy = options.policy ?? RESTART_POLICY;
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => undefined);
    this.failure = { promise, reject };
  }

  /** The pid of the child serving now (null between a death and its restart). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /**
   * Starts the first child; resolves once it listens (its URL known), rejects
   * if it exits before. Later children are started by the supervisor itself.
   */
  start(): Promise<ServeListening> {
    return new Promise((resolve, reject) => {
      this.firstListening = { resolve, reject };
      this.launch();
    });
  }

  /**
   * Rejects when the supervision ends on its own: the first child exited
   * before the console was whole (ServeStartError), or children died too
   * often (ServeGaveUpError). Never resolves.
   */
  get failed(): Promise<never> {
    return this.failure.promise;
  }

  /** Stops supervising: the child gets SIGTERM (SIGKILL after the grace), and is not restarted. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.restartTimer !== null) this.options.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) return (this.stopping = Promise.resolve());
    this.stopping = new Promise<void>((resolve) => {
      const kill = this.options.timers.setTimeout(() => child.kill('SIGKILL'), this.options.stopGraceMs ?? STOP_GRACE_MS);
      child.once('exit', () => {
        this.options.timers.clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
    return this.stopping;
  }

  private launch(): void {
    this.restartTimer = null;
    const child = this.options.launch();
    this.child = child;
    this.options.report({ kind: 'started', pid: child.pid, restart: this.restarts });
    child.on('message', (message) => {
      if (this.child !== child || !isServeMessage(message)) return;
      if (message.state === 'listening') {
        this.firstListening?.resolve(message);
        this.firstListening = null;
      } else if (message.state === 'trust') {
        this.trusted?.(message.mediaSpki);
        this.trusted = null;
      } else {
        this.everReady = true;
        this.options.report({ kind: 'ready', pid: child.pid });
      }
    });
    child.once('exit', (code, signal) => this.exited(child, describeExit(code, signal)));
  }

  private exited(child: ServeChild, how: string): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopping) return;
    if (!this.everReady) {
      // As when the core ran in-process: a console that could not start the first time fails the start.
      const error = new ServeStartError(how);
      this.firstListening?.reject(error);
      this.firstListening = null;
      this.failure.reject(error);
      return;
    }
    const now = this.options.timers.now();
    this.deaths.push(now);
    while (this.deaths.length > 0 && this.deaths[0]! <= now - this.policy.withinMs) this.deaths.shift();
    if (this.deaths.length >= this.policy.deaths) {
      this.options.report({ kind: 'gave-up', pid: child.pid, how, deaths: this.deaths.length, withinMs: this.policy.withinMs });
      this.failure.reject(new ServeGaveUpError(this.deaths.length, this.policy.withinMs, how));
      return;
    }
    const delay = Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** (this.deaths.length - 1));
    this.options.report({ kind: 'died', pid: child.pid, how, restartInMs: delay });
    this.restarts++;
    this.restartTimer = this.options.timers.setTimeout(() => this.launch(), delay);
  }
}
