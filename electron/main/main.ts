import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, MessageChannelMain, protocol, screen, session, utilityProcess, type MessagePortMain } from 'electron';
import { createLogger } from '../../native/common/logger.ts';
import { mapBaseConfig, mapImageOrigins } from '../../native/host/map-base.ts';
import type { MapBaseConfig } from '../../native/api/index.ts';
import { CONSOLE_WINDOW_ID } from '../../native/api/workspace.ts';
import { PORT_REQUEST_CHANNEL } from '../channels.ts';
import { APP_ENTRY_URL, workspaceWindowUrl } from './app-origin.ts';
import { registerAppScheme, serveAppFiles } from './app-protocol.ts';
import { HostClient, hostClientEndpoint } from './host-client.ts';
import { HostSupervisor, hostArguments } from './host-supervisor.ts';
import { validatedHandle } from './ipc.ts';
import { installMediaTrust } from './media-trust.ts';
import type { WindowEndpoint } from './ports.ts';
import { contentSecurityPolicy, installSecurityHooks, mediaOriginsFrom } from './security.ts';
import { mediaOriginsGate } from './media-origins-gate.ts';
import { createConsoleWindow } from './windows.ts';
import { recoverRenderer } from './workspace/recovery.ts';
import { workspaceWindowOpener } from './workspace/workspace-window.ts';
import type { WindowSpec } from './workspace/window-manager.ts';
import { WorkspaceOwner } from './workspace/workspace-owner.ts';

/**
 * The Electron entry (bundled to dist/electron/main.cjs). It only wires
 * things together; each piece lives, and is tested, in its own file.
 * Layout beside this bundle: preload.cjs, host.cjs, ../renderer/.
 */

const logger = createLogger();
const bundleDir = __dirname;
/** How long the first window waits for the host's camera origins before it opens anyway (media-origins-gate.ts). */
const MEDIA_ORIGINS_WAIT_MS = 5_000;

// Both must happen before `ready`: privileged schemes cannot be registered
// later, and enableSandbox covers every renderer, including ones we forget.
registerAppScheme(protocol);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // One console per data dir: the first instance owns the databases and will
  // come to the front (see 'second-instance').
  app.quit();
} else {
  runConsole();
}

/**
 * `egret start` launches Electron with `--egret-data=<dir>` so both shells use
 * the same data dir; launched on its own, the console uses Electron's userData.
 */
function consoleDataDir(): string {
  const fromCli = app.commandLine.getSwitchValue('egret-data');
  return fromCli ? path.resolve(fromCli) : app.getPath('userData');
}

/** `egret start --platform URL --token T --ca FILE` passes these on as switches. */
function configuredPlatform(): { url: string; token: string | null; caFile: string | null } | null {
  const url = app.commandLine.getSwitchValue('egret-platform');
  if (!url) return null;
  return {
    url,
    token: app.commandLine.getSwitchValue('egret-token') || null,
    caFile: app.commandLine.getSwitchValue('egret-ca') || null,
  };
}

/**
 * The base map's tile server: `$EGRET_MAP_TILES` and `$EGRET_MAP_DATUM`
 * (egret start --map-tiles/--map-datum sets them). A bad value stops the
 * console before anything starts, with the reason, as the CLI does.
 */
function configuredMapBase(): MapBaseConfig | null {
  try {
    return mapBaseConfig({ tiles: process.env.EGRET_MAP_TILES, datum: process.env.EGRET_MAP_DATUM });
  } catch (error) {
    const message = (error as Error).message;
    logger.error('bad map configuration', { error: message });
    dialog.showErrorBox('Egret', `EGRET_MAP_TILES / EGRET_MAP_DATUM: ${message}`);
    app.exit(2);
    return null;
  }
}

function runConsole(): void {
  const mapBase = configuredMapBase();
  if (!mapBase) return;
  /** Open console windows by their webContents id, which is what IPC events carry. */
  const windows = new Map<number, BrowserWindow>();

  // Camera gateways configured (egret start --media-origin), and those the host reports (the platform's, the demo's, the cache's).
  let configuredMedia: string[] = [];
  try {
    configuredMedia = mediaOriginsFrom(process.env.EGRET_MEDIA_ORIGINS);
  } catch (error) {
    logger.error('ignoring EGRET_MEDIA_ORIGINS', { error: (error as Error).message });
  }
  let reportedMedia: string[] = [];
  let demoMedia: { origin: string; spki: string } | null = null;
  const mediaOrigins = () => [...new Set([...configuredMedia, ...reportedMedia])];
  const policy = () => contentSecurityPolicy(mediaOrigins(), mapImageOrigins(mapBase));
  // The --ca bundle trusts camera gateways too (media-trust.ts), not only the link.
  let gatewayCa: string | null = null;
  const caFile = app.commandLine.getSwitchValue('egret-ca');
  if (caFile) {
    try {
      gatewayCa = readFileSync(caFile, 'utf8');
    } catch (error) {
      logger.error('cannot read the CA bundle for camera gateways', { file: caFile, error: (error as Error).message });
    }
  }

  const timers = {
    now: () => Date.now(),
    setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  };
  const mediaGate = mediaOriginsGate(timers, MEDIA_ORIGINS_WAIT_MS);

  const supervisor = new HostSupervisor<MessagePortMain>({
    launcher: utilityProcess,
    entryPath: path.join(bundleDir, 'host.cjs'),
    args: hostArguments({
      dataDir: consoleDataDir(),
      version: app.getVersion(),
      platform: configuredPlatform(),
      mapTiles: mapBase.tiles ? { url: mapBase.tiles.url, datum: mapBase.tiles.datum } : null,
    }),
    // The embedded demo platform's media origin is known only once the host runs it.
    onHostMessage: (message) => {
      const m = message as { type?: unknown; origins?: unknown; demoMedia?: { origin?: unknown; spki?: unknown } | null };
      if (m?.type !== 'media-origins' || !Array.isArray(m.origins)) return;
      const before = policy();
      try {
        reportedMedia = mediaOriginsFrom(m.origins.map(String).join(','));
      } catch (error) {
        logger.warn('ignoring media origins from the host', { error: (error as Error).message });
      }
      const demo = m.demoMedia;
      if (demo && typeof demo.origin === 'string' && typeof demo.spki === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(demo.spki)) {
        demoMedia = { origin: demo.origin, spki: demo.spki };
      }
      // Pages loaded before the report carry a policy without these origins: reload them.
      if (mediaGate.reported() && policy() !== before) {
        logger.info('camera origins changed: reloading the console windows so their policy allows them');
        for (const window of windows.values()) window.webContents.reload();
      }
    },
    newChannel: () => new MessageChannelMain(),
    clock: timers,
    logger,
  });

  const endpointOf = (window: BrowserWindow): WindowEndpoint<MessagePortMain> => ({
    id: window.id,
    label: `window ${window.id}`,
    webContents: window.webContents,
  });

  /**
   * Every window of the console, the first and the workspace's: it may ask
   * for a port (IPC), and a page that crashes or hangs is loaded again.
   */
  /** `id`: its workspace window id ('main' for the console window). */
  const registerWindow = (window: BrowserWindow, id: string, homeUrl: string): BrowserWindow => {
    const contentsId = window.webContents.id;
    const windowId = window.id;
    windows.set(contentsId, window);
    window.on('closed', () => {
      windows.delete(contentsId);
      supervisor.detach(windowId);
    });
    // One that keeps crashing is closed for good: docked, not opened again.
    recoverRenderer(window, { clock: timers, homeUrl, label: id, logger, onGaveUp: () => workspaceOwner?.giveUp(id) });
    return window;
  };

  const windowOptions = {
    preloadPath: path.join(bundleDir, 'preload.cjs'),
    devTools: !app.isPackaged,
    onLoadFailed: (error: unknown) => logger.error('console window failed to load', { error: String(error) }),
  };

  /**
   * The console window: open from the start (sign-in), the workspace's
   * window 'main' once signed in (opened again in its place when it goes in
   * or out of wall mode).
   */
  let consoleWindow: BrowserWindow | null = null;
  const isConsoleWindow = (window: BrowserWindow): BrowserWindow => {
    consoleWindow = window;
    window.on('closed', () => {
      if (consoleWindow === window) consoleWindow = null;
    });
    return window;
  };
  const openConsoleWindow = (): BrowserWindow =>
    isConsoleWindow(registerWindow(createConsoleWindow(BrowserWindow, windowOptions), CONSOLE_WINDOW_ID, APP_ENTRY_URL));
  const openWorkspaceWindow = workspaceWindowOpener(BrowserWindow, windowOptions);
  const openWindowOf = (spec: WindowSpec): BrowserWindow => {
    const { id } = spec.window;
    const window = registerWindow(openWorkspaceWindow(spec), id, workspaceWindowUrl(id));
    return id === CONSOLE_WINDOW_ID ? isConsoleWindow(window) : window;
  };

  // The main process's own line to the host: the workspace's windows are its business (workspace-owner.ts).
  const hostClient = new HostClient({
    timers,
    onHostError: (code, message) => logger.warn('the host refused a request of the main process', { code, message }),
  });
  supervisor.attach(hostClientEndpoint<MessagePortMain>(hostClient));
  let workspaceOwner: WorkspaceOwner<BrowserWindow> | null = null;

  app.on('second-instance', () => {
    const first = consoleWindow ?? windows.values().next().value;
    if (!first) return;
    if (first.isMinimized()) first.restore();
    first.focus();
  });

  app.on('window-all-closed', () => app.quit());

  // Give the host its grace period to close the databases before Electron
  // exits; the second 'before-quit' (from our own app.quit()) goes through.
  // The workspace owner saves the last layout first, while the host still runs.
  let hostStopped = false;
  app.on('before-quit', (event) => {
    if (hostStopped) return;
    event.preventDefault();
    void (workspaceOwner?.stop() ?? Promise.resolve())
      .catch((error: unknown) => logger.warn('the workspace owner did not stop cleanly', { error: String(error) }))
      .then(() => supervisor.stop())
      .finally(() => {
        hostStopped = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      installMediaTrust(session.defaultSession, () => ({ demo: demoMedia, gatewayOrigins: mediaOrigins(), ca: gatewayCa }), {
        onAccepted: (hostname) => logger.debug('accepted a camera stream certificate', { hostname }),
      });
      installSecurityHooks(session.defaultSession, app, {
        policy,
        onRefused: (what, fields) => logger.warn(`refused ${what}`, fields),
      });
      serveAppFiles(protocol, { rootDir: path.join(bundleDir, '..', 'renderer'), policy });
      validatedHandle(
        ipcMain,
        PORT_REQUEST_CHANNEL,
        (event) => {
          const window = windows.get(event.sender.id);
          if (window) supervisor.attach(endpointOf(window));
        },
        (error) => logger.warn(error.message),
      );
      // `screen` exists once the app is ready.
      workspaceOwner = new WorkspaceOwner<BrowserWindow>({
        host: hostClient,
        screen,
        consoleWindow: () => consoleWindow,
        openWindow: openWindowOf,
        timers,
        logger,
        onConsoleClosed: () => app.quit(),
      });
      supervisor.start();
      // The page's policy is fixed as it loads: the first window waits for the camera origins (media-origins-gate.ts).
      return mediaGate.opened.then(() => {
        openConsoleWindow();
        // Signed in already (a kept session, the embedded demo): the workspace opens with the console window in it.
        workspaceOwner?.start();
      });
    })
    .catch((error: unknown) => {
      logger.error('console failed to start', { error: String((error as Error)?.stack ?? error) });
      app.exit(1);
    });
}
