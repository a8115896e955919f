import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkState, MapBaseConfig } from '../api/index.ts';
import type { ConsoleRuntime } from '../host/runtime.ts';
import type { LinkService } from '../link/link-service.ts';
import { startBrowserServer, type BrowserServer } from '../host/transports/browser-server.ts';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { lockDataDir, type DataDirLock } from '../store/lock.ts';
import { RENDERER_DIR, cacheWriterScript, consoleVersion, demoThreadScript, warningsThreadScript } from './paths.ts';
import type { PlatformConfig } from './link-options.ts';
import { rememberPort, rememberedPort } from '../common/remembered-port.ts';
import { startChosenPlatform } from '../host/embedded-demo.ts';
import { mapImageOrigins } from '../host/map-base.ts';
import { untilSignal } from './until-signal.ts';

export { untilSignal };

/**
 * How long a window that connects while the link takes its first snapshot is
 * held in its handshake. Let in at once it rendered the cache (or, on a first
 * start, nothing) and then all of it again when the snapshot committed: on
 * the 2-core machine that second render put "live" 0.3–0.5 s later and cost
 * the browser half a CPU-second (bench:start, run against each other). Past
 * this a window is let in anyway, to the cache and the link's progress: a
 * slow or silent platform must not keep the console blank.
 */
const HOLD_WINDOWS_MS = 4_000;

/** Resolves once the link is anything but on its way to live (connecting, taking a snapshot), or after `maxMs`. */
function linkSettled(link: LinkService, maxMs: number): Promise<void> {
  const onItsWay = (state: LinkState) => state === 'connecting' || state === 'snapshot';
  if (!onItsWay(link.status().state)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    const stop = link.onStatus((status) => {
      if (!onItsWay(status.state)) done();
    });
  });
}

/** Who holds the data dir, as the lock file says (host/runtime.ts names the shells' holders alike). */
const SHELL_LOCK_HOLDER = 'egret browser shell';

export interface BrowserShell {
  server: BrowserServer;
  /**
   * SPKI hashes of the media certificates the console's browser must accept
   * (the embedded demo's, launchers.ts mediaTrustArgs): known from the kept
   * certificate, before the demo listens.
   */
  mediaSpki: Promise<string[]>;
  /** The console's core, once it and the platform are whole; rejects if either could not start (the demo failed). */
  ready: Promise<ConsoleRuntime>;
  close(): Promise<void>;
}

/**
 * Starts the core for a data dir and serves it to browsers on 127.0.0.1.
 *
 * It resolves as soon as the page can be served, before the core is whole,
 * so that what a start waits for overlaps (bench:start, issue 10): the
 * browser starts and loads the page while this thread loads the core and
 * opens the data dir, and the embedded demo builds its city on a thread of
 * its own. A window that connects meanwhile waits in its handshake until the
 * link is live (or cannot be soon: HOLD_WINDOWS_MS), so it renders live data
 * once. What can fail on the spot — the UI not built, the data dir held by
 * another process — fails here, before anyone is given the URL.
 *
 * Where a start's time goes (bench:start --profile: npm start, demo rate 20
 * at 09:00, a warm start, the 2-core machine; CPU-seconds until live):
 * - egret ≈ 5: this thread 0.3 to the URL (the bundle, commander, the
 *   server), then 0.45 loading the core (the link compiles its frame checks),
 *   0.2 the warm cache's integrity check, 0.3 compiling the entity checks
 *   while it waits, 1.2 taking the snapshot (decoding the frames 15 %,
 *   parsing 11 %, cloning rows to the writer 12 %, serialising them 10 %,
 *   checks 7 %, GC 17 %); the demo's thread 0.5 to load, 1.2–1.6 to build the
 *   city, 0.6 to send 29,000 snapshot items; the writer 0.9 to stage and
 *   commit them. Without a browser beside it, live at 3.3–3.9 s.
 * - the browser ≈ 6: Chromium alone takes ~5 to start here (to about:blank:
 *   its browser process 1.7, a renderer 2.2), the page ~1.5 (scripts, the
 *   dashboard's charts).
 * Eleven CPU-seconds on two cores cannot be live much before 5.5 s, however
 * they are ordered: bench:start reports both sums beside its times. Before,
 * the URL came after the demo had built its city and the data dir was open,
 * on one thread (1.6–1.8 s); the demo also loaded the TLS certificate
 * libraries (~0.3) and checked its whole city again (0.3–0.6).
 */
export async function startBrowserShell(options: {
  /** 0: a free one (or the remembered one, with `portFile`). */
  port: number;
  /** A listening socket handed over by `egret start` (supervise/listen-socket.ts): served instead of binding `port`. */
  listen?: { handle: object };
  /** With port 0: serve on the port kept in this file by the last start, if it is free, and keep the one used (remembered-port.ts). */
  portFile?: string;
  dataDir: string;
  logger: Logger;
  platform: PlatformConfig | null;
  /** Start the embedded demo platform when none is configured (default true). */
  demo?: boolean;
  /** The demo city's load multiplier (1 ≈ 4,000 calls a day). */
  demoRate?: number;
  /** Days of archive behind the demo city's day (default 28; 0 none). */
  demoArchiveDays?: number;
  /** Scenario switches planted in the demo city (simulator/city/scenario.ts). */
  demoScenarios?: string[];
  /** The demo platform's and the console's clock (default: the process's). */
  clock?: Timers;
  /** The built UI (default dist/renderer). */
  staticDir?: string;
  /** The API token the pages must present; a fresh random one when not given (`egret start` gives one its restarts keep). */
  token?: string;
  /** How long a window may wait for the link's first snapshot before it is shown the cache (default HOLD_WINDOWS_MS). */
  holdWindowsMs?: number;
  /** The base map windows draw (map-options.ts); its tile server's origin joins the page's img-src. Default: the offline districts. */
  mapBase?: MapBaseConfig;
  /** Camera gateways' origins configured with --media-origin (media-options.ts): the page may play streams from them. */
  mediaGateways?: string[];
}): Promise<BrowserShell> {
  const mapBase = options.mapBase ?? { tiles: null };
  const staticDir = options.staticDir ?? RENDERER_DIR;
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`the console's UI is not built (${staticDir} is missing): run "npm run build"`);
  }
  const platform = startChosenPlatform(options.platform, options.dataDir, {
    demo: options.demo ?? true,
    logger: options.logger,
    ...(options.demoRate !== undefined ? { demoRate: options.demoRate } : {}),
    ...(options.demoArchiveDays !== undefined ? { demoArchiveDays: options.demoArchiveDays } : {}),
    ...(options.demoScenarios?.length ? { demoScenarios: options.demoScenarios } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...demoThreadScript(),
  });
  let lock: DataDirLock | null = null;
  let server: BrowserServer | null = null;
  try {
    mkdirSync(platform.dataDir, { recursive: true });
    lock = lockDataDir(platform.dataDir, SHELL_LOCK_HOLDER);
    const held = lock;
    // The core's modules load and its data dir opens once the caller has
    // given out the URL (they would hold it back: loading the link compiles
    // its frame checks; opening runs the integrity check and migrations): a
    // turn of the event loop after this function's promise settles.
    const core = new Promise<void>((resolve) => setImmediate(resolve)).then(() => import('../host/runtime.ts'));
    const opening = core.then(({ openConsoleData }) =>
      openConsoleData({ shell: 'browser', dataDir: platform.dataDir, lock: held, ...cacheWriterScript() }),
    );
    // The core is whole as soon as the data dir is open and the platform's
    // address is known: windows are answered from the cache while the demo
    // still builds its city (the link says `connecting` meanwhile).
    const created = Promise.all([core, opening, platform.where]).then(([{ createConsoleRuntime }, data, where]) =>
      createConsoleRuntime({
        shell: 'browser',
        dataDir: platform.dataDir,
        data,
        version: consoleVersion(),
        logger: options.logger,
        platform: where.platform,
        mapBase,
        ...warningsThreadScript(),
        ...(options.clock ? { clock: options.clock } : {}),
      }),
    );
    // A demo that fails to build its city fails the start too (serveUntilSignal).
    const ready = Promise.all([created, platform.started]).then(([runtime]) => runtime);
    ready.catch(() => undefined);
    let settled = false;
    created.then(
      () => (settled = true),
      () => (settled = true),
    );
    let runtime: ConsoleRuntime | null = null;
    const serve = (port: number) =>
      startBrowserServer({
        port,
        ...(options.listen ? { listen: options.listen } : {}),
        staticDir,
        logger: options.logger,
        ...(options.token !== undefined ? { token: options.token } : {}),
        ready: created.then((made) => linkSettled((runtime = made).link, options.holdWindowsMs ?? HOLD_WINDOWS_MS)),
        connect: (channel, peer) => runtime!.connect(channel, peer),
        mediaOrigins: async () => {
          const where = await platform.where;
          const known = [...where.mediaOrigins, ...(options.mediaGateways ?? [])];
          // A real platform's cameras may stream from gateways of their own: the cache names them.
          // (The demo's cached cameras name the media servers of its earlier runs: nothing to allow.)
          if (!where.platform || where.platform.embedded) return [...new Set(known)];
          const data = await opening.catch(() => null);
          try {
            // Loaded here, not with the CLI: the URL goes out before the store's code loads (cli-bundle.test.ts).
            if (data) known.push(...(await import('../store/queries/camera-origins.ts')).cameraStreamOrigins(data.cache.db));
          } catch (error) {
            options.logger.warn("could not read the cameras' stream origins from the cache", { error: String(error) });
          }
          return [...new Set(known)];
        },
        imageOrigins: mapImageOrigins(mapBase),
      });
    const remembered = options.port === 0 && options.portFile ? rememberedPort(options.portFile) : 0;
    server = await (remembered ? serve(remembered).catch(() => serve(0)) : serve(options.port));
    if (options.portFile && options.port === 0) rememberPort(options.portFile, server.port);
    const served = server;
    let closing: Promise<void> | null = null;
    return {
      server: served,
      mediaSpki: platform.mediaSpki,
      ready,
      close: () =>
        (closing ??= (async () => {
          // Closed before the demo said where it is: stopping it ends the wait for the core.
          if (!settled) await platform.close();
          // The runtime closes the data dir; if it never came, whatever of it was opened is closed here.
          const core = await created.catch(() => null);
          if (core) await core.close();
          else {
            const data = await opening.catch(() => null);
            if (data) await data.close();
            else held.release();
          }
          await served.close();
          await platform.close();
        })()),
    };
  } catch (error) {
    await server?.close();
    lock?.release();
    await platform.close();
    throw error;
  }
}

/**
 * Serves until SIGINT or SIGTERM (or `until` settles: a supervising `egret
 * start` gone), then closes the shell. If the core cannot start after the URL
 * was given (the demo platform failed), that error is thrown once the shell
 * is closed.
 */
export async function serveUntilSignal(shell: BrowserShell, until?: Promise<unknown>): Promise<void> {
  const never = new Promise<never>(() => {});
  try {
    await Promise.race([untilSignal(), shell.ready.then(() => never), ...(until ? [until] : [])]);
  } finally {
    await shell.close();
  }
}
