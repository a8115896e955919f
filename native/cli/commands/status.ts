import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportKind, summarizeDataDir } from '../../store/inspect.ts';
import { ENTITY_KINDS, isEntityKind } from '../../protocol/kinds.ts';
import { UsageError } from '../usage.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('print the cache cursor, counts per kind, outbox and quarantine sizes as one JSON object')
    .requiredOption('--data <dir>', 'data directory')
    .action((args: { data: string }) => {
      process.stdout.write(JSON.stringify(summarizeDataDir(resolve(args.data))) + '\n');
    });

  program
    .command('export')
    .description(`print the cached entities of KIND (${ENTITY_KINDS.join(', ')}) as NDJSON, sorted by id`)
    .argument('<kind>', 'entity kind')
    .requiredOption('--data <dir>', 'data directory')
    .action(async (kind: string, args: { data: string }) => {
      if (!isEntityKind(kind)) throw new UsageError(`unknown kind "${kind}"; one of ${ENTITY_KINDS.join(', ')}`);
      let chunk = '';
      for (const line of exportKind(resolve(args.data), kind)) {
        chunk += line + '\n';
        if (chunk.length > 1 << 16) {
          if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
          chunk = '';
        }
      }
      if (chunk) await new Promise((r) => process.stdout.write(chunk, r));
    });
}
