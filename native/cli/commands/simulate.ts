import type { Command } from 'commander';
import { resolve } from 'node:path';
import { egretClock } from '../../common/clock.ts';
import { createLogger } from '../../common/logger.ts';
import { untilSignal } from '../browser-shell.ts';
import { parsePort, UsageError } from '../usage.ts';
import { ARCHIVE_DAYS_HELP, SCENARIO_HELP, parseArchiveDays } from '../demo-options.ts';
import { DEMO_TOKENS } from '../../simulator/tokens.ts';
import { startDemoPlatform } from '../../simulator/demo.ts';
import { parseScenario } from '../../simulator/city/scenario.ts';

interface SimulateArgs {
  port: number;
  seed: number;
  rate: number;
  volunteers?: number;
  load?: boolean;
  mediaPort: number;
  mediaTls?: boolean;
  mediaBase?: string;
  historyHours?: number;
  archiveDays?: number;
  scenario: string[];
  state?: string;
}

/** --scenario, repeatable: each checked now (its time read against the clock now; the demo reads it again at its start). */
function collectScenario(value: string, previous: string[]): string[] {
  try {
    parseScenario(value, Date.now(), 'Asia/Shanghai');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return [...previous, value];
}

function parseNumber(name: string, min: number, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
      throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${value}"`);
    }
    return n;
  };
}

/**
 * `egret simulate`: the embedded demo platform with a living Xiamen — calls,
 * incidents, cameras (with HLS streams from the built-in media server),
 * roads and volunteers on patrol. First stdout line: the link URL; second:
 * the demo tokens. Runs until SIGINT/SIGTERM.
 */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'run the demo platform with a living city on 127.0.0.1 (first stdout line: the link URL; second: the demo tokens; third, once the day’s history is built: history: loaded)',
    )
    .requiredOption('--port <port>', 'TCP port of the platform on 127.0.0.1; 0 picks a free one', parsePort)
    .option('--seed <n>', 'random seed: the same seed gives the same city', parseNumber('seed', 0, true), 1)
    .option('--rate <x>', 'load multiplier on calls and incidents (1 ≈ 4,000 calls a day)', parseNumber('rate', 0, false), 1)
    .option('--volunteers <n>', 'volunteers on duty (default 2000; 10000 with --load)', parseNumber('volunteers', 0, true))
    .option('--load', 'load mode: 10,000 volunteers on duty, about 1,000 position updates a second')
    .option(
      '--history-hours <h>',
      'hours of history to pre-generate (default: since local midnight)',
      parseNumber('history-hours', 0, false),
    )
    .option('--archive-days <n>', ARCHIVE_DAYS_HELP, parseArchiveDays)
    .option('--scenario <switch>', SCENARIO_HELP, collectScenario, [])
    .option('--media-port <port>', 'port of the HLS media server; 0 picks a free one', parsePort, 0)
    .option('--media-tls', 'serve camera streams over HTTPS/HTTP2 (walls of more than 6 tiles); self-signed')
    .option('--media-base <url>', 'use an external HLS server at this base URL instead of the built-in one')
    .option(
      '--state <dir>',
      'keep the city in this folder (at a clean stop and every minute) and go on with it at the next start, as `egret start` keeps its demo',
    )
    .action(async (opts: SimulateArgs) => {
      if (opts.mediaBase && !/^https?:\/\//.test(opts.mediaBase))
        throw new UsageError(`--media-base must be an http(s) URL, got "${opts.mediaBase}"`);
      const demo = await startDemoPlatform({
        clock: egretClock(),
        port: opts.port,
        seed: opts.seed,
        rate: opts.rate,
        ...(opts.volunteers !== undefined ? { volunteersOnDuty: opts.volunteers } : {}),
        load: opts.load ?? false,
        ...(opts.historyHours !== undefined ? { historyHours: opts.historyHours } : {}),
        ...(opts.archiveDays !== undefined ? { archiveDays: opts.archiveDays } : {}),
        ...(opts.scenario.length ? { scenarios: opts.scenario } : {}),
        mediaPort: opts.mediaPort,
        mediaTls: opts.mediaTls ?? false,
        // Tests only: the media server takes POST /_fault (README, "Camera streams").
        mediaFaults: process.env.EGRET_DEMO_MEDIA_FAULTS === '1',
        ...(opts.mediaBase ? { mediaBase: opts.mediaBase } : {}),
        // Its log lines (a kept city set aside, and why) go to stderr.
        ...(opts.state ? { stateDir: resolve(opts.state), logger: createLogger() } : {}),
      });
      const { platform, city, media } = demo;
      // Listening for the signal before the URL goes out: whoever reads it may stop us at once.
      const stopped = untilSignal();
      process.stdout.write(platform.url + '\n');
      process.stdout.write(
        `tokens: ${Object.entries(DEMO_TOKENS)
          .map(([token, op]) => `${token} (${op.role})`)
          .join(', ')}\n`,
      );
      const s = city.stats();
      process.stderr.write(
        `egret simulate: seed ${opts.seed}, rate ${opts.rate}; ${s.calls} calls and ${s.incidents} incidents ${s.historyComplete ? `since ${new Date(s.historyFrom).toISOString()}` : "in the last hour (the rest of today and yesterday's calls follow)"}; ` +
          `${s.volunteersOnDuty} volunteers on duty (~${s.positionsPerSecond} positions/s); media ${opts.mediaBase ?? media!.origin}` +
          `${media?.spkiSha256 ? ` (spki ${media.spkiSha256})` : ''}\n`,
      );
      // Third stdout line, once the day's earlier hours and yesterday's calls are on the platform:
      // a benchmark waits for it so that what it times is the console, not the city still being built.
      void city.historyLoaded.then(() => process.stdout.write('history: loaded\n'));
      await stopped;
      await demo.close();
    });
}
