import type { Logger } from '../../native/common/logger.ts';
import { connectWindowToHost, type ConnectMessage, type HostEndpoint, type PortPair, type WindowEndpoint } from './ports.ts';

/**
 * Keeps the host (native/, SQL and the platform link) running in an Electron
 * utility process, so a slow query or a crash there never freezes window
 * handling. An unexpected exit restarts it with backoff; every window that had
 * a port gets a new one from the new host, so pages reconnect by themselves.
 */

/** Asks the host to close its databases and exit. */
export interface ShutdownMessage {
  type: 'shutdown';
}

/** The part of Electron's `UtilityProcess` the supervisor uses. */
export interface HostChild<P> extends HostEndpoint<P> {
  postMessage(message: ConnectMessage | ShutdownMessage, transfer?: P[]): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  kill(): boolean;
}

/**
 * V8 flags for the host, as `egret` (bin/egret.mjs) and the benchmarks run
 * it: a larger young generation, because the link parses frames of up to
 * 4 MiB whose objects otherwise outlive a scavenge and are collected the slow
 * way (a cold snapshot took about 11% longer).
 */
export const HOST_V8_FLAGS = ['--max-semi-space-size=64'] as const;

/** Electron's `utilityProcess`. */
export interface HostLauncher<P> {
  fork(modulePath: string, args: string[], options: { serviceName: string; stdio: 'inherit'; execArgv: string[] }): HostChild<P>;
}

/**
 * The host's command line. The data dir and version travel as arguments, not
 * environment, so a packaged console cannot be pointed elsewhere by a stray
 * variable.
 */
export function hostArguments(options: {
  dataDir: string;
  version: string;
  platform?: { url: string; token?: string | null; caFile?: string | null } | null;
  /** The base map's tile server ($EGRET_MAP_TILES/$EGRET_MAP_DATUM, checked by the main process). */
  mapTiles?: { url: string; datum: string } | null;
}): string[] {
  const args = ['--data-dir', options.dataDir, '--app-version', options.version];
  if (options.platform) {
    args.push('--platform', options.platform.url);
    if (options.platform.token) args.push('--token', options.platform.token);
    if (options.platform.caFile) args.push('--ca', options.platform.caFile);
  }
  if (options.mapTiles) args.push('--map-tiles', options.mapTiles.url, '--map-datum', options.mapTiles.datum);
  return args;
}

export interface SupervisorClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RestartBackoff {
  /** Delay before the first restart. */
  initialMs: number;
  /** Doubling stops here. */
  maxMs: number;
  /** A host that ran this long before dying starts over at `initialMs`. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: RestartBackoff = { initialMs: 500, maxMs: 10_000, resetAfterMs: 60_000 };

export interface HostSupervisorOptions<P> {
  launcher: HostLauncher<P>;
  /** Absolute path of the bundled host entry (dist/electron/host.cjs). */
  entryPath: string;
  args: string[];
  newChannel: () => PortPair<P>;
  clock: SupervisorClock;
  logger: Logger;
  backoff?: RestartBackoff;
  /** How long the host gets to close its databases before it is killed. */
  shutdownGraceMs?: number;
  /** Messages the host sends up (e.g. the media origins of the embedded demo platform). */
  onHostMessage?: (message: unknown) => void;
}

export class HostSupervisor<P> {
  private child: HostChild<P> | null = null;
  private spawned = false;
  private startedAt = 0;
  private failures = 0;
  private restartTimer: unknown = null;
  private stopping: Promise<void> | null = null;
  private onStopped: (() => void) | null = null;
  private readonly windows = new Map<number, WindowEndpoint<P>>();
  private readonly backoff: RestartBackoff;

  constructor(private readonly options: HostSupervisorOptions<P>) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** True while a host process is up and accepting ports. */
  get running(): boolean {
    return this.child !== null && this.spawned;
  }

  start(): void {
    if (this.child !== null || this.restartTimer !== null || this.stopping !== null) return;
    this.launch();
  }

  /**
   * Gives `window` a port now if the host is up, and again after every
   * restart until it is detached. Attaching again (a page reload asks anew)
   * replaces the old entry and sends a fresh port.
   */
  attach(window: WindowEndpoint<P>): void {
    this.windows.set(window.id, window);
    if (this.running) this.wire(window);
  }

  detach(windowId: number): void {
    this.windows.delete(windowId);
  }

  /**
   * Intentional stop: asks the host to close its databases, kills it if it
   * has not exited within the grace period, and never restarts it.
   */
  stop(): Promise<void> {
    if (this.stopping !== null) return this.stopping;
    if (this.restartTimer !== null) this.options.clock.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (child === null) return (this.stopping = Promise.resolve());

    this.stopping = new Promise<void>((resolve) => {
      let killTimer: unknown = null;
      this.onStopped = () => {
        if (killTimer !== null) this.options.clock.clearTimeout(killTimer);
        this.onStopped = null;
        resolve();
      };
      if (!this.spawned) {
        // Nothing is open yet in a host that has not spawned.
        child.kill();
        this.onStopped();
        return;
      }
      child.postMessage({ type: 'shutdown' });
      killTimer = this.options.clock.setTimeout(() => {
        killTimer = null;
        this.options.logger.warn('host did not exit in time; killing it', { graceMs: this.graceMs });
        child.kill();
        this.onStopped?.();
      }, this.graceMs);
    });
    return this.stopping;
  }

  private get graceMs(): number {
    return this.options.shutdownGraceMs ?? 5_000;
  }

  private launch(): void {
    this.restartTimer = null;
    const child = this.options.launcher.fork(this.options.entryPath, this.options.args, {
      serviceName: 'egret-host',
      stdio: 'inherit',
      execArgv: [...HOST_V8_FLAGS],
    });
    this.child = child;
    this.spawned = false;
    this.startedAt = this.options.clock.now();
    child.on('spawn', () => {
      if (this.child !== child) return;
      this.spawned = true;
      this.options.logger.info('host started', { windows: this.windows.size });
      for (const window of [...this.windows.values()]) this.wire(window);
    });
    child.on('exit', (code) => this.exited(child, code));
    child.on('message', (message) => {
      if (this.child === child) this.options.onHostMessage?.(message);
    });
  }

  private wire(window: WindowEndpoint<P>): void {
    if (this.child === null) return;
    if (!connectWindowToHost(this.options.newChannel, this.child, window)) this.windows.delete(window.id);
  }

  private exited(child: HostChild<P>, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    this.spawned = false;
    if (this.stopping !== null) {
      this.onStopped?.();
      return;
    }

    const ranForMs = this.options.clock.now() - this.startedAt;
    if (ranForMs >= this.backoff.resetAfterMs) this.failures = 0;
    const delayMs = Math.min(this.backoff.initialMs * 2 ** this.failures, this.backoff.maxMs);
    this.failures += 1;
    this.options.logger.error('host exited unexpectedly; restarting', { code, ranForMs, restartInMs: delayMs });
    this.restartTimer = this.options.clock.setTimeout(() => this.launch(), delayMs);
  }
}
