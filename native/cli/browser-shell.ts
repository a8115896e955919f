import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleRuntime, type ConsoleRuntime } from '../host/runtime.ts';
import { startBrowserServer, type BrowserServer } from '../host/transports/browser-server.ts';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { RENDERER_DIR, cacheWriterScript, consoleVersion } from './paths.ts';
import type { PlatformConfig } from './link-options.ts';
import { choosePlatform } from '../host/embedded-demo.ts';

export interface BrowserShell {
  server: BrowserServer;
  runtime: ConsoleRuntime;
  close(): Promise<void>;
}

/** Starts the core for a data dir and serves it to browsers on 127.0.0.1. */
export async function startBrowserShell(options: {
  port: number;
  dataDir: string;
  logger: Logger;
  platform: PlatformConfig | null;
  /** Start the embedded demo platform when none is configured (default true). */
  demo?: boolean;
  /** The demo city's load multiplier (1 ≈ 4,000 calls a day). */
  demoRate?: number;
  /** The demo platform's and the console's clock (default: the process's). */
  clock?: Timers;
}): Promise<BrowserShell> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the console's UI is not built (${RENDERER_DIR} is missing): run "npm run build"`);
  }
  const choice = await choosePlatform(options.platform, options.dataDir, {
    demo: options.demo ?? true,
    logger: options.logger,
    ...(options.demoRate !== undefined ? { demoRate: options.demoRate } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  mkdirSync(choice.dataDir, { recursive: true });
  const runtime = await createConsoleRuntime({
    shell: 'browser',
    dataDir: choice.dataDir,
    version: consoleVersion(),
    logger: options.logger,
    platform: choice.platform,
    ...cacheWriterScript(),
    ...(options.clock ? { clock: options.clock } : {}),
  }).catch(async (error: unknown) => {
    await choice.demo?.close();
    throw error;
  });
  const server = await startBrowserServer({
    port: options.port,
    staticDir: RENDERER_DIR,
    logger: options.logger,
    connect: (channel, peer) => runtime.connect(channel, peer),
    mediaOrigins: choice.mediaOrigins,
  }).catch(async (error: unknown) => {
    await runtime.close();
    await choice.demo?.close();
    throw error;
  });
  return {
    server,
    runtime,
    close: async () => {
      await runtime.close();
      await server.close();
      await choice.demo?.close();
    },
  };
}

/** Resolves when SIGINT or SIGTERM arrives. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
