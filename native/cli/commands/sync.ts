import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../common/logger.ts';
import { PlatformLink } from '../../link/platform-link.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { untilSignal } from '../browser-shell.ts';
import { cacheWriterScript } from '../paths.ts';
import { platformConfig, withLinkOptions, type LinkArgs } from '../link-options.ts';
import { UsageError } from '../usage.ts';

interface SyncArgs extends LinkArgs {
  data: string;
  exitIdle?: number;
}

function parseIdle(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value)) throw new UsageError(`--exit-idle must be a whole number of milliseconds, got "${value}"`);
  return ms;
}

export function registerSync(program: Command): void {
  const command = program
    .command('sync')
    .description('run the link and the cache without windows')
    .requiredOption('--data <dir>', 'data directory')
    .option('--exit-idle <ms>', 'exit 0 once caught up, every command answered, and no data for MS ms', parseIdle);
  withLinkOptions(command, true).action(async (args: SyncArgs) => {
    const config = platformConfig(args)!;
    const logger = createLogger();
    const data = await openDataDir(resolve(args.data), { command: 'egret sync', ...cacheWriterScript() });
    if (data.rebuilt) {
      process.stderr.write(
        `egret: cache.db was damaged (${data.rebuilt.reason}); moved to ${data.rebuilt.movedTo}; rebuilding from the platform\n`,
      );
    }
    const link = new PlatformLink({
      data,
      url: config.url,
      token: config.token,
      ca: config.ca ?? undefined,
      consoleId: hostname(),
      logger,
    });
    if (!config.token && !data.state.setting('platform.token')) {
      await data.close();
      throw new UsageError('no token: give --token (no earlier sign-in is saved in this data dir)');
    }
    try {
      link.start();
      const watch = stopsOrIdles(link, data, args.exitIdle);
      const outcome = await Promise.race([untilSignal().then(() => 'signal'), watch.outcome]);
      watch.cancel();
      if (outcome !== 'signal' && outcome !== 'idle') throw new Error(outcome);
    } finally {
      await link.close();
      await data.close();
    }
  });
}

/** Resolves 'idle' per spec §9's --exit-idle rule, or a message when the link cannot go on. */
function stopsOrIdles(
  link: PlatformLink,
  data: Awaited<ReturnType<typeof openDataDir>>,
  exitIdle: number | undefined,
): { outcome: Promise<string>; cancel: () => void } {
  let cancel = () => {};
  const outcome = new Promise<string>((resolve) => {
    const check = () => {
      const status = link.status();
      if (status.state === 'unauthorized') return finish(`unauthorized: ${status.lastError?.message ?? 'the platform refused the token'}`);
      if (status.state === 'update_required') return finish(`the platform requires a newer console: ${status.lastError?.message ?? ''}`);
      if (exitIdle === undefined) return;
      const cursor = data.cache.cursor();
      const caughtUp =
        cursor !== null &&
        link.lastWelcomeHead !== null &&
        cursor >= link.lastWelcomeHead &&
        cursor >= link.maxResultSeq &&
        data.state.pendingCount() === 0 &&
        status.state === 'live';
      if (caughtUp && Date.now() - link.lastDataFrameAt >= exitIdle) finish('idle');
    };
    const timer = setInterval(check, Math.max(10, Math.min(100, Math.floor((exitIdle ?? 400) / 4))));
    const stop = link.onStatus(check);
    const finish = (outcome: string) => {
      cancel();
      resolve(outcome);
    };
    cancel = () => {
      clearInterval(timer);
      stop();
    };
  });
  return { outcome, cancel };
}
