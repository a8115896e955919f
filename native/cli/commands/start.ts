import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../common/logger.ts';
import { bundleSpki, findBrowser, probeElectron } from '../launchers.ts';
import { PACKAGE_ROOT, defaultDataDir } from '../paths.ts';
import { parsePort, parseRate, UsageError } from '../usage.ts';
import { platformConfig, withLinkOptions, type LinkArgs } from '../link-options.ts';
import { mapBaseEnv, mapBaseFrom, withMapOptions, type MapArgs } from '../map-options.ts';
import { mediaGatewaysFrom, withMediaOptions, type MediaArgs } from '../media-options.ts';
import { startBrowserShellSupervised } from '../supervise/browser-shell-start.ts';
import { ARCHIVE_DAYS_HELP, SCENARIO_HELP, collectScenarioForm, parseArchiveDays } from '../demo-options.ts';

export function registerStart(program: Command): void {
  const command = program
    .command('start')
    .description('open the console: Electron when installed, else the browser shell in Chromium/Chrome/Edge')
    .option('--data <dir>', 'data directory (default: $EGRET_DATA or ~/.egret)')
    .option(
      '--port <port>',
      'browser shell port on 127.0.0.1 (default: the one the last start used if free, else a free one)',
      parsePort,
      0,
    )
    .option('--browser-shell', 'use the browser shell even when Electron is installed')
    .option('--no-demo', 'with no --platform: do not start the embedded demo platform')
    .option('--demo-rate <x>', "the demo city's load multiplier (1 ≈ 4,000 calls a day)", parseRate)
    .option('--demo-archive-days <n>', ARCHIVE_DAYS_HELP, parseArchiveDays)
    .option('--demo-scenario <switch>', SCENARIO_HELP, collectScenarioForm, []);
  withMediaOptions(withMapOptions(withLinkOptions(command, false))).action(
    async (
      opts: LinkArgs &
        MapArgs &
        MediaArgs & {
          data?: string;
          port: number;
          browserShell?: boolean;
          demo: boolean;
          demoRate?: number;
          demoArchiveDays?: number;
          demoScenario: string[];
        },
    ) => {
      // Checked here, a usage error before anything starts; the serve child reads them again from its arguments.
      platformConfig(opts);
      const mapBase = mapBaseFrom(opts);
      const gateways = mediaGatewaysFrom(opts);
      let caSpki: string[] = [];
      try {
        caSpki = gateways.ca ? bundleSpki(gateways.ca.toString('utf8')) : [];
      } catch (error) {
        throw new UsageError(`--ca ${opts.ca}: ${(error as Error).message}`);
      }
      const dataDir = opts.data ? resolve(opts.data) : defaultDataDir();
      const electron = opts.browserShell ? ({ available: false, reason: '--browser-shell given' } as const) : probeElectron();
      if (electron.available) {
        process.stdout.write(`shell: electron (${electron.binary})\n`);
        const switches = [`--egret-data=${dataDir}`];
        if (opts.platform) switches.push(`--egret-platform=${opts.platform}`);
        if (opts.token) switches.push(`--egret-token=${opts.token}`);
        if (opts.ca) switches.push(`--egret-ca=${resolve(opts.ca)}`);
        const child = spawn(electron.binary, [PACKAGE_ROOT, ...switches], {
          stdio: 'inherit',
          env: {
            ...process.env,
            ...mapBaseEnv(mapBase),
            // Electron's main process allows them in the page's CSP and checks their certificates against --egret-ca.
            ...(gateways.origins.length > 0 ? { EGRET_MEDIA_ORIGINS: gateways.origins.join(',') } : {}),
          },
        });
        await new Promise<void>((done) => child.on('exit', () => done()));
        return;
      }

      // The browser shell: the core in a supervised `egret serve`, the browser's pages kept over its DevTools pipe.
      await startBrowserShellSupervised({
        serve: {
          port: opts.port,
          dataDir,
          demo: opts.demo,
          demoRate: opts.demoRate,
          demoArchiveDays: opts.demoArchiveDays,
          demoScenarios: opts.demoScenario,
          platform: opts.platform,
          platformToken: opts.token,
          ca: opts.ca === undefined ? undefined : resolve(opts.ca),
          mapTiles: opts.mapTiles,
          mapDatum: opts.mapDatum,
          mediaOrigins: gateways.origins,
        },
        browser: findBrowser(),
        whyNotElectron: electron.reason,
        caSpki,
        logger: createLogger(),
        out: (line) => process.stdout.write(line + '\n'),
      });
    },
  );
}
