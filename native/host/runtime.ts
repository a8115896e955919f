import { hostname } from 'node:os';
import type { Shell } from '../api/index.ts';
import type { HostChannel, PeerInfo } from './channel.ts';
import { ConsoleHost } from './console-host.ts';
import { createLogger, type Logger } from './logger.ts';
import { NoPlatform, type LinkService } from './link-service.ts';
import { sessionHandlers } from './handlers/session.ts';

export interface ConsoleRuntimeOptions {
  shell: Shell;
  dataDir: string;
  version: string;
  workstation?: string;
  logger?: Logger;
  /** The platform link; `NoPlatform` when none is configured. */
  link?: LinkService;
  platform?: { url: string | null; embedded: boolean };
}

export interface ConsoleRuntime {
  host: ConsoleHost;
  connect(channel: HostChannel, peer: PeerInfo): void;
  close(): Promise<void>;
}

/**
 * Assembles the console's core for one data dir: the link, the host and its
 * handlers. Both shells (Electron's utility process, the browser shell's Node
 * process) start exactly this.
 */
export async function createConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
  const logger = options.logger ?? createLogger();
  const link = options.link ?? new NoPlatform();
  const workstation = options.workstation ?? hostname();
  const platform = options.platform ?? { url: null, embedded: false };

  const session = sessionHandlers({ shell: options.shell, version: options.version, workstation, platform, link });
  const host: ConsoleHost = new ConsoleHost({
    role: () => link.operator()?.role ?? null,
    logger,
    handlers: {
      ...session.handlers,
      'diag.echo': ({ text }): { delivered: number } => {
        host.publish('diag.echo', [{ text, at: new Date().toISOString() }]);
        return { delivered: host.connectionCount };
      },
    },
    snapshots: {
      'link.status': () => link.status(),
      'session.info': () => session.info(),
    },
  });

  const stopStatus = link.onStatus((status) => {
    host.publish('link.status', status);
    host.publish('session.info', session.info());
  });

  return {
    host,
    connect: (channel, peer) => host.connect(channel, peer),
    close: async () => {
      stopStatus();
      host.closeAll();
      await link.close();
    },
  };
}
