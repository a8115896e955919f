import { Command, CommanderError } from 'commander';
import { UsageError } from './usage.ts';
import { consoleVersion } from './paths.ts';

type Register = (program: Command) => void;

/**
 * Each command's module, imported only when that command runs: `egret status`
 * must not load the link, the host or the demo city (and in the bundle each
 * import is a chunk of its own). The order is the order of `egret --help`.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  start: async () => (await import('./commands/start.ts')).registerStart,
  serve: async () => (await import('./commands/serve.ts')).registerServe,
  sync: async () => (await import('./commands/sync.ts')).registerSync,
  status: async () => (await import('./commands/status.ts')).registerStatus,
  command: async () => (await import('./commands/command.ts')).registerCommand,
  simulate: async () => (await import('./commands/simulate.ts')).registerSimulate,
};
/** Commands registered by another command's module. */
const REGISTERED_WITH: Record<string, string> = { export: 'status' };

/**
 * The modules to load for a command line: the named command's; none for
 * `--version`; every one when there is no known command name first
 * (`--help`, `help`, a typo), so commander can list them all or say which
 * is unknown.
 */
function modulesFor(argv: string[]): (() => Promise<Register>)[] {
  const first = argv[0] ?? '';
  if (first === '-V' || first === '--version') return [];
  const name = REGISTERED_WITH[first] ?? first;
  return Object.hasOwn(COMMANDS, name) ? [COMMANDS[name]!] : Object.values(COMMANDS);
}

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

  try {
    for (const register of await Promise.all(modulesFor(argv).map((load) => load()))) register(program);
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
