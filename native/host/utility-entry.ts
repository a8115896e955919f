import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createLogger } from '../common/logger.ts';
import { choosePlatform, type PlatformChoice } from './embedded-demo.ts';
import { checkPlatformUrl } from '../link/platform-link.ts';
import { createConsoleRuntime, type ConsoleRuntime } from './runtime.ts';
import { mapBaseConfig } from './map-base.ts';
import { cameraStreamOrigins } from '../store/queries/camera-origins.ts';
import { messagePortChannel, type MessagePortLike } from './transports/message-port.ts';

/**
 * The host as it runs inside Electron's utility process (bundled to
 * dist/electron/host.cjs). The main process sends one `connect` message per
 * window, carrying that window's port, and `shutdown` when the app quits.
 */

/** Electron's `process.parentPort`, described by shape: native/ never imports electron. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

const ParentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connect'), window: z.number().int(), label: z.string() }),
  z.object({ type: z.literal('shutdown') }),
]);

const logger = createLogger();
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  logger.error('utility-entry must run inside an Electron utility process (no process.parentPort)');
  process.exit(2);
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'data-dir': { type: 'string' },
    'app-version': { type: 'string' },
    platform: { type: 'string' },
    token: { type: 'string' },
    ca: { type: 'string' },
    'map-tiles': { type: 'string' },
    'map-datum': { type: 'string' },
  },
  strict: false,
});
const dataDir = values['data-dir'];
const version = values['app-version'];
if (typeof dataDir !== 'string' || typeof version !== 'string') {
  logger.error('the host needs --data-dir and --app-version', { argv: process.argv.slice(2) });
  process.exit(2);
}

// Listen before the runtime exists: ports that arrive while the databases
// open wait here rather than being lost.
let runtime: ConsoleRuntime | null = null;
let demo: PlatformChoice['demo'] = null;
const waiting: { port: MessagePortLike; label: string }[] = [];

parentPort.on('message', (event) => {
  const parsed = ParentMessage.safeParse(event.data);
  if (!parsed.success) {
    const type = (event.data as { type?: unknown } | null)?.type;
    logger.warn('ignoring a malformed message from the main process', { type: String(type) });
    return;
  }
  const message = parsed.data;
  if (message.type === 'shutdown') {
    void shutdown();
    return;
  }
  const port = event.ports[0];
  if (!port) {
    logger.warn('connect message without a port', { window: message.window });
    return;
  }
  if (runtime) runtime.connect(messagePortChannel(port), { label: message.label });
  else waiting.push({ port, label: message.label });
});

async function shutdown(): Promise<void> {
  try {
    await runtime?.close();
    await demo?.close();
    process.exit(0);
  } catch (error) {
    logger.error('host shutdown failed', { error: String((error as Error)?.stack ?? error) });
    process.exit(1);
  }
}

/**
 * better-sqlite3 compiled for Electron's ABI sits beside this bundle in
 * development builds (build/rebuild-native.mjs); packaged apps get it rebuilt
 * in node_modules by electron-builder, so nothing is passed then.
 */
function electronSqliteBinding(): string | undefined {
  if (!process.versions.electron) return undefined;
  const file = join(__dirname, '..', 'electron-native', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

/** Map and demo video: beside the app in a package (extraResources), in the repository otherwise. */
function resourcesDir(): string {
  const packaged = (process as unknown as { resourcesPath?: string }).resourcesPath;
  const inPackage = packaged ? join(packaged, 'resources') : null;
  return inPackage && existsSync(inPackage) ? inPackage : join(__dirname, '..', '..', 'resources');
}

async function start(): Promise<ConsoleRuntime> {
  const url = typeof values.platform === 'string' ? values.platform : null;
  if (url) {
    const problem = checkPlatformUrl(url);
    if (problem) throw new Error(problem);
  }
  const configured = url
    ? {
        url,
        token: typeof values.token === 'string' ? values.token : null,
        ca: typeof values.ca === 'string' ? readFileSync(values.ca) : null,
      }
    : null;
  // With no platform configured, the embedded demo platform runs here, in the host.
  const choice = await choosePlatform(configured, String(dataDir), { demo: true, logger, resourcesDir: resourcesDir() });
  demo = choice.demo;
  // The main process allows these in the page's CSP, and trusts the demo's media certificate at its origin (media-trust.ts).
  parentPort!.postMessage({ type: 'media-origins', origins: choice.mediaOrigins, demoMedia: choice.demoMedia });
  const created = await createConsoleRuntime({
    shell: 'electron',
    dataDir: choice.dataDir,
    version: String(version),
    logger,
    nativeBinding: electronSqliteBinding(),
    // Bundled beside host.cjs by electron/build.mjs; unpacked from the asar, as a worker loads it from disk.
    writerScript: join(__dirname, 'cache-writer.cjs').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'),
    warningsScript: join(__dirname, 'warnings-worker.cjs').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'),
    platform: choice.platform,
    // The main process checked these ($EGRET_MAP_TILES) before it started us; checked again, a bad one fails the start.
    mapBase: mapBaseConfig({
      tiles: typeof values['map-tiles'] === 'string' ? values['map-tiles'] : undefined,
      datum: typeof values['map-datum'] === 'string' ? values['map-datum'] : undefined,
    }),
  });
  // A real platform's cameras may stream from gateways of their own: the cache names them (the demo's name its earlier runs').
  if (configured) {
    try {
      const cached = cameraStreamOrigins(created.data.cache.db);
      if (cached.length > 0) {
        parentPort!.postMessage({ type: 'media-origins', origins: [...new Set([...choice.mediaOrigins, ...cached])], demoMedia: null });
      }
    } catch (error) {
      logger.warn("could not read the cameras' stream origins from the cache", { error: String(error) });
    }
  }
  return created;
}

start()
  .then((created) => {
    runtime = created;
    for (const { port, label } of waiting.splice(0)) created.connect(messagePortChannel(port), { label });
    logger.info('host ready', { dataDir, version });
  })
  .catch((error: unknown) => {
    // The supervisor restarts us with backoff; say why before going.
    logger.error('host failed to start', { error: String((error as Error)?.stack ?? error) });
    process.exit(1);
  });
