import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../../common/logger.ts';
import { rememberPort, rememberedPort } from '../../common/remembered-port.ts';
import { realTimers } from '../../common/timers.ts';
import { untilSignal } from '../until-signal.ts';
import { browserArgs, mediaTrustArgs } from '../launchers.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { CdpPipe } from './cdp-pipe.ts';
import { PageKeeper } from './page-keeper.ts';
import { serveArguments, type ServeOptions } from './serve-arguments.ts';
import { SERVE_TOKEN_ENV } from './serve-messages.ts';
import { ServeSupervisor, type ServeChild, type SuperviseEvent } from './serve-supervisor.ts';

/**
 * `egret start` in the browser shell: the console's core runs in a
 * supervised `egret serve` child (restarted when it dies, on the same port
 * with the same token), and the browser runs with a DevTools pipe through
 * which its pages are kept (page-keeper.ts). This process loads neither the
 * core nor the store's databases: the URL goes out as soon as the child
 * listens (bench:start).
 */

export interface BrowserShellStart {
  /** egret start's options, as egret serve takes them (`port` 0: the one the last start used if free, else any). */
  serve: ServeOptions;
  /** The browser to open the console in, or null (the URL is printed for the operator to open). */
  browser: string | null;
  /** Why not Electron (printed with the shell line). */
  whyNotElectron: string;
  /** SPKI hashes of the --ca bundle's certificates, for the browser's trust. */
  caSpki: string[];
  logger: Logger;
  out: (line: string) => void;
}

/** The port to serve on: the one given, else the remembered one if it is free now, else 0 (the child takes any). */
async function choosePort(given: number, portFile: string): Promise<number> {
  if (given !== 0) return given;
  const remembered = rememberedPort(portFile);
  if (remembered === 0) return 0;
  const server = createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(remembered, '127.0.0.1', () => resolve(true));
  });
  if (free) await new Promise<void>((resolve) => server.close(() => resolve()));
  return free ? remembered : 0;
}

function describe(event: SuperviseEvent): string {
  switch (event.kind) {
    case 'started':
      return `serve: pid ${event.pid}${event.restart > 0 ? ` (restart ${event.restart})` : ''}`;
    case 'ready':
      return `serve: ready (pid ${event.pid})`;
    case 'died':
      return `serve: pid ${event.pid} ${event.how}; restarting it in ${(event.restartInMs / 1000).toFixed(1)} s`;
    case 'gave-up':
      return `serve: pid ${event.pid} ${event.how}, its ${event.deaths}th death within ${event.withinMs / 1000} s: giving up`;
  }
}

export async function startBrowserShellSupervised(options: BrowserShellStart): Promise<void> {
  // What fails on the spot (the UI not built, the data dir held by another console) fails the first
  // child before it listens, so the start fails before anyone is given the URL (ServeStartError).
  const { dataDir } = options.serve;
  mkdirSync(dataDir, { recursive: true });
  const portFile = join(dataDir, 'browser-shell.json');
  let port = await choosePort(options.serve.port, portFile);
  // One token for every child: a page reconnecting to a restarted serve presents the one it was given.
  const token = randomBytes(24).toString('base64url');
  const launch = (): ServeChild =>
    spawn(process.execPath, [...process.execArgv, join(PACKAGE_ROOT, 'bin', 'egret.mjs'), ...serveArguments({ ...options.serve, port })], {
      env: { ...process.env, [SERVE_TOKEN_ENV]: token },
      // stdout: the child prints its URL, which this process prints once. Its own process group: the
      // terminal's Ctrl+C reaches this process, which stops the child in order (never a restart).
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      detached: true,
    });
  const supervisor = new ServeSupervisor({
    launch,
    timers: realTimers,
    report: (event) => (event.kind === 'died' || event.kind === 'gave-up' ? options.logger.warn(describe(event)) : options.out(describe(event))),
  });

  let browser: ChildProcess | null = null;
  let pipe: CdpPipe | null = null;
  try {
    const listening = await supervisor.start();
    if (options.serve.port === 0) rememberPort(portFile, listening.port);
    port = listening.port;
    if (options.browser) {
      // The browser starts trusting exactly the demo's media certificate (and the --ca bundle's), as it did in-process.
      const mediaSpki = await Promise.race([supervisor.mediaSpki, supervisor.failed]);
      options.out(`shell: browser in ${options.browser} — ${options.whyNotElectron}`);
      ({ browser, pipe } = openBrowser(options.browser, listening.url, join(dataDir, 'browser-profile'), mediaTrustArgs([...mediaSpki, ...options.caSpki]), options.logger));
      const keeper = new PageKeeper({ cdp: pipe, origin: new URL(listening.url).origin, token, logger: options.logger });
      keeper.start().catch((error: Error) => options.logger.warn('the browser gave no DevTools pipe: its pages are not kept', { error: error.message }));
    } else {
      options.out(`shell: browser — ${options.whyNotElectron}; no Chromium, Chrome or Edge found (set EGRET_BROWSER): open this URL`);
    }
    options.out(listening.url);
    await Promise.race([untilSignal(), supervisor.failed]);
  } finally {
    await supervisor.stop();
    // Egret's windows cannot do anything without it; the browser closes when its DevTools pipe does.
    pipe?.close();
    browser?.unref();
  }
}

function openBrowser(binary: string, url: string, profile: string, extraArgs: string[], logger: Logger): { browser: ChildProcess; pipe: CdpPipe } {
  const browser = spawn(binary, [...browserArgs(url, profile), ...extraArgs, '--remote-debugging-pipe'], {
    // fd 3: what Chromium reads (DevTools commands), fd 4: what it writes.
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  browser.on('error', (error) => logger.error(`could not open ${binary}`, { error: error.message }));
  return { browser, pipe: new CdpPipe(browser.stdio[3] as Writable, browser.stdio[4] as Readable) };
}
