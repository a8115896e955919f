import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../../common/logger.ts';
import { rememberPort, rememberedPort } from '../../common/remembered-port.ts';
import { realTimers } from '../../common/timers.ts';
import { untilSignal } from '../until-signal.ts';
import { browserArgs, mediaTrustArgs } from '../launchers.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { demoMediaCertFile } from '../../host/embedded-demo.ts';
import { CdpPipe } from './cdp-pipe.ts';
import { PageKeeper } from './page-keeper.ts';
import { serveArguments, type ServeOptions } from './serve-arguments.ts';
import { ListenSocket } from './listen-socket.ts';
import { SERVE_HANDED_ENV, SERVE_TOKEN_ENV } from './serve-messages.ts';
import { ServeSupervisor, type ServeChild, type SuperviseEvent } from './serve-supervisor.ts';

/**
 * `egret start` in the browser shell: the console's core runs in a
 * supervised `egret serve` child (restarted when it dies, on the same port
 * with the same token), and the browser runs with a DevTools pipe through
 * which its pages are kept (page-keeper.ts). This process loads neither the
 * core nor the store's databases: it binds the listening socket itself and
 * hands it to each child (listen-socket.ts), so the URL goes out, and the
 * browser starts, before the child has booted (bench:start).
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

/** The socket to serve on: the port given, else the remembered one if it is free now, else any free one. */
function bindSocket(given: number, portFile: string): ListenSocket {
  if (given !== 0) return ListenSocket.bind(given);
  const remembered = rememberedPort(portFile);
  if (remembered !== 0) {
    try {
      return ListenSocket.bind(remembered);
    } catch {
      // Taken since (another program): any port will do, and is remembered instead.
    }
  }
  return ListenSocket.bind(0);
}

/**
 * The SPKI pin of the demo's kept media certificate, read as the serve child
 * will read it (certificate-file.ts): [] when no demo runs, null when there
 * is no usable one yet (a first start: the child makes it and says its pin).
 */
async function keptMediaSpki(serve: ServeOptions): Promise<string[] | null> {
  if (!serve.demo || serve.platform !== undefined) return [];
  let pem: string;
  try {
    pem = readFileSync(demoMediaCertFile(serve.dataDir), 'utf8');
  } catch {
    return null;
  }
  const { checkKeptCertificate } = await import('../../simulator/media/certificate-file.ts');
  const kept = checkKeptCertificate(pem, Date.now());
  return 'problem' in kept ? null : [kept.spki];
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
  const { dataDir } = options.serve;
  mkdirSync(dataDir, { recursive: true });
  const portFile = join(dataDir, 'browser-shell.json');
  // Bound here, not by the child, so the URL is known at once: the browser (what a start waits for most)
  // starts while the child boots, and every child serves on this socket (listen-socket.ts).
  const socket = bindSocket(options.serve.port, portFile);
  if (options.serve.port === 0) rememberPort(portFile, socket.port);
  // One token for every child: a page reconnecting to a restarted serve presents the one it was given.
  const token = randomBytes(24).toString('base64url');
  const url = `http://127.0.0.1:${socket.port}/?token=${token}`;
  const launch = (): ServeChild => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, join(PACKAGE_ROOT, 'bin', 'egret.mjs'), ...serveArguments({ ...options.serve, port: socket.port })],
      {
        env: { ...process.env, [SERVE_TOKEN_ENV]: token, [SERVE_HANDED_ENV]: '1' },
        // stdout: the child prints its URL, which this process prints once. Its own process group: the
        // terminal's Ctrl+C reaches this process, which stops the child in order (never a restart).
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        detached: true,
      },
    );
    child.once('exit', () => socket.lost(child));
    return socket.handTo(child);
  };
  const supervisor = new ServeSupervisor({
    launch,
    timers: realTimers,
    report: (event) => (event.kind === 'died' || event.kind === 'gave-up' ? options.logger.warn(describe(event)) : options.out(describe(event))),
  });

  let browser: ChildProcess | null = null;
  let pipe: CdpPipe | null = null;
  try {
    // A first child that fails (the UI not built, the data dir held by another console) fails the start
    // (supervisor.failed), and the browser opened meanwhile is closed (below).
    supervisor.start().catch(() => undefined);
    if (options.browser) {
      // The browser starts trusting exactly the demo's media certificate (and the --ca bundle's): on a warm
      // start the kept one's, read here; on a first start the child makes it, and the browser waits for its pin.
      const mediaSpki = (await keptMediaSpki(options.serve)) ?? (await Promise.race([supervisor.mediaSpki, supervisor.failed]));
      options.out(`shell: browser in ${options.browser} — ${options.whyNotElectron}`);
      ({ browser, pipe } = openBrowser(options.browser, url, join(dataDir, 'browser-profile'), mediaTrustArgs([...mediaSpki, ...options.caSpki]), options.logger));
      const keeper = new PageKeeper({ cdp: pipe, origin: new URL(url).origin, token, logger: options.logger });
      keeper.start().catch((error: Error) => options.logger.warn('the browser gave no DevTools pipe: its pages are not kept', { error: error.message }));
      void supervisor.mediaSpki.then((said) => {
        if (said.some((pin) => !mediaSpki.includes(pin))) {
          options.logger.warn("the demo's media certificate changed as it started: its cameras will not play until egret start is run again");
        }
      });
    } else {
      options.out(`shell: browser — ${options.whyNotElectron}; no Chromium, Chrome or Edge found (set EGRET_BROWSER): open this URL`);
    }
    options.out(url);
    await Promise.race([untilSignal(), supervisor.failed]);
  } finally {
    await supervisor.stop();
    socket.close();
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
