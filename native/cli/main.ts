import { Command, CommanderError } from 'commander';
import { UsageError } from './usage.ts';
import { registerServe } from './commands/serve.ts';
import { registerStart } from './commands/start.ts';
import { registerSync } from './commands/sync.ts';
import { registerStatus } from './commands/status.ts';
import { registerCommand } from './commands/command.ts';
import { registerSimulate } from './commands/simulate.ts';
import { consoleVersion } from './paths.ts';

/**
 * `egret` — the console's command line. Exit codes (platform-link §9):
 * 0 done, 1 failed (message on stderr), 2 usage.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('egret')
    .description('Egret — command console for the city public-safety platform')
    .version(consoleVersion(), '-V, --version')
    .showHelpAfterError('(run egret --help for usage)')
    .exitOverride();
  registerStart(program);
  registerServe(program);
  registerSync(program);
  registerStatus(program);
  registerCommand(program);
  registerSimulate(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`egret: ${error.message}\n(run egret --help for usage)\n`);
      return 2;
    }
    process.stderr.write(`egret: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}
