import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiError, COMMAND_NAMES, isCommandName } from '../../api/index.ts';
import { queueCommand } from '../../host/command-queue.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { UsageError } from '../usage.ts';

export function registerCommand(program: Command): void {
  program
    .command('command')
    .description('queue a platform command in the outbox (sent at the next sync); prints its id')
    .argument('<name>', `one of ${COMMAND_NAMES.join(', ')}`)
    .requiredOption('--args <json>', 'the command arguments as a JSON object')
    .requiredOption('--data <dir>', 'data directory')
    .action(async (name: string, opts: { args: string; data: string }) => {
      if (!isCommandName(name)) throw new UsageError(`unknown command "${name}"; one of ${COMMAND_NAMES.join(', ')}`);
      let args: unknown;
      try {
        args = JSON.parse(opts.args);
      } catch (error) {
        throw new UsageError(`--args is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError('--args must be a JSON object');
      // Only state.db is written: no cache writer thread (the cache is read for a dispatch's units).
      const data = await openDataDir(resolve(opts.data), { command: 'egret command', waitForLockMs: 10_000, cacheWriter: 'inline' });
      try {
        // The same path as a window's command.send: schema, role rules, audit, outbox.
        const queued = queueCommand({ name, args }, { state: data.state, cache: data.cache.db, workstation: 'cli' });
        if (!queued.roleVerified) {
          process.stderr.write('egret: nobody has signed in on this data dir: queued without a role check; the platform decides\n');
        }
        process.stdout.write(queued.id + '\n');
      } catch (error) {
        // A refusal is a failure (exit 1), not a usage mistake: the command line was well formed.
        if (error instanceof ApiError) throw new Error(`${name} refused (${error.code}): ${error.message}`);
        throw error;
      } finally {
        await data.close();
      }
    });
}
