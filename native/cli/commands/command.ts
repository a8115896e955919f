import { resolve } from 'node:path';
import type { Command } from 'commander';
import { COMMAND_NAMES, type CommandName } from '../../protocol/frames.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { UsageError } from '../usage.ts';

const OPERATOR_SETTING = 'platform.operator';

export function registerCommand(program: Command): void {
  program
    .command('command')
    .description('queue a platform command in the outbox (sent at the next sync); prints its id')
    .argument('<name>', `one of ${COMMAND_NAMES.join(', ')}`)
    .requiredOption('--args <json>', 'the command arguments as a JSON object')
    .requiredOption('--data <dir>', 'data directory')
    .action(async (name: string, opts: { args: string; data: string }) => {
      if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
        throw new UsageError(`unknown command "${name}"; one of ${COMMAND_NAMES.join(', ')}`);
      }
      let args: unknown;
      try {
        args = JSON.parse(opts.args);
      } catch (error) {
        throw new UsageError(`--args is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError('--args must be a JSON object');
      // Only state.db is written: no cache writer thread.
      const data = await openDataDir(resolve(opts.data), { command: 'egret command', waitForLockMs: 10_000, cacheWriter: 'inline' });
      try {
        const saved = data.state.setting(OPERATOR_SETTING);
        const operator = saved ? (JSON.parse(saved) as { id: string }).id : null;
        const queued = data.state.queue(name as CommandName, args, { operator, workstation: 'cli' });
        process.stdout.write(queued.id + '\n');
      } finally {
        await data.close();
      }
    });
}
