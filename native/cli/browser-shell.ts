import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleRuntime, type ConsoleRuntime } from '../host/runtime.ts';
import { startBrowserServer, type BrowserServer } from '../host/transports/browser-server.ts';
import type { Logger } from '../host/logger.ts';
import { RENDERER_DIR, consoleVersion } from './paths.ts';
import type { PlatformConfig } from './link-options.ts';

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
  platform: (PlatformConfig & { embedded?: boolean }) | null;
  mediaOrigins?: string[];
}): Promise<BrowserShell> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the console's UI is not built (${RENDERER_DIR} is missing): run "npm run build"`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const runtime = await createConsoleRuntime({
    shell: 'browser',
    dataDir: options.dataDir,
    version: consoleVersion(),
    logger: options.logger,
    platform: options.platform,
  });
  const server = await startBrowserServer({
    port: options.port,
    staticDir: RENDERER_DIR,
    logger: options.logger,
    connect: (channel, peer) => runtime.connect(channel, peer),
    mediaOrigins: options.mediaOrigins,
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  return {
    server,
    runtime,
    close: async () => {
      await runtime.close();
      await server.close();
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
