import { resolve } from 'node:path';
import type { Command } from 'commander';
import { egretClock } from '../../common/clock.ts';
import { createLogger } from '../../common/logger.ts';
import { serveUntilSignal, startBrowserShell } from '../browser-shell.ts';
import { defaultDataDir } from '../paths.ts';
import { parsePort, parseRate } from '../usage.ts';
import { ARCHIVE_DAYS_HELP, SCENARIO_HELP, collectScenarioForm, parseArchiveDays } from '../demo-options.ts';
import { platformConfig, withLinkOptions, type LinkArgs } from '../link-options.ts';
import { mapBaseFrom, withMapOptions, type MapArgs } from '../map-options.ts';
import { mediaGatewaysFrom, withMediaOptions, type MediaArgs } from '../media-options.ts';
import { supervisorChannel, takeServeToken } from '../supervise/serve-messages.ts';

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('serve the console to a browser on 127.0.0.1 (first stdout line: the URL, token included)')
    .requiredOption('--port <port>', 'TCP port on 127.0.0.1; 0 picks a free one', parsePort)
    .option('--data <dir>', 'data directory (default: $EGRET_DATA or ~/.egret)')
    .option('--demo', 'with no --platform: start the embedded demo platform and link to it')
    .option('--demo-rate <x>', "the demo city's load multiplier (1 ≈ 4,000 calls a day)", parseRate)
    .option('--demo-archive-days <n>', ARCHIVE_DAYS_HELP, parseArchiveDays)
    .option('--demo-scenario <switch>', SCENARIO_HELP, collectScenarioForm, []);
  withMediaOptions(withMapOptions(withLinkOptions(command, false))).action(
    async (
      opts: LinkArgs &
        MapArgs &
        MediaArgs & { port: number; data?: string; demo?: boolean; demoRate?: number; demoArchiveDays?: number; demoScenario: string[] },
    ) => {
      const platform = platformConfig(opts);
      const mapBase = mapBaseFrom(opts);
      const gateways = mediaGatewaysFrom(opts);
      // Run by `egret start`: its token (kept across restarts, so the pages reconnect), and a channel to say how far it got.
      const token = takeServeToken();
      const supervisor = supervisorChannel();
      // egret start bound the socket itself (its URL already given): this serve listens on it, binds nothing.
      const handle = supervisor?.listenHandle ? await Promise.race([supervisor.listenHandle, supervisor.gone.then(() => null)]) : null;
      if (supervisor?.listenHandle && !handle) return; // the supervisor went before it handed the socket: nothing to serve
      const shell = await startBrowserShell({
        ...(handle ? { listen: { handle } } : {}),
        ...(token !== undefined ? { token } : {}),
        mediaGateways: gateways.origins,
        clock: egretClock(),
        platform,
        mapBase,
        demo: opts.demo ?? false,
        ...(opts.demoRate !== undefined ? { demoRate: opts.demoRate } : {}),
        ...(opts.demoArchiveDays !== undefined ? { demoArchiveDays: opts.demoArchiveDays } : {}),
        ...(opts.demoScenario.length ? { demoScenarios: opts.demoScenario } : {}),
        port: opts.port,
        dataDir: opts.data ? resolve(opts.data) : defaultDataDir(),
        logger: createLogger(),
      });
      process.stdout.write(shell.server.url + '\n');
      if (supervisor) {
        supervisor.onConnection((connection) => shell.server.adopt(connection));
        const { url, port } = shell.server;
        supervisor.tell({ type: 'egret-serve', state: 'listening', url, port });
        void shell.mediaSpki.catch(() => []).then((mediaSpki) => supervisor.tell({ type: 'egret-serve', state: 'trust', mediaSpki }));
        shell.ready.then(
          () => supervisor.tell({ type: 'egret-serve', state: 'ready' }),
          () => undefined,
        );
      }
      // A supervisor that is gone (killed) takes its serve with it: nobody would stop it, and it holds the data dir.
      await serveUntilSignal(shell, supervisor?.gone);
    },
  );
}
