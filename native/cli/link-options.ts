import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkPlatformUrl } from '../link/platform-url.ts';
import { UsageError } from './usage.ts';

export interface LinkArgs {
  platform?: string;
  token?: string;
  ca?: string;
}

export interface PlatformConfig {
  url: string;
  token: string | null;
  ca: Buffer | null;
}

/** Adds --platform/--token/--ca (spec §9) to a command. */
export function withLinkOptions(command: Command, required: boolean): Command {
  const platform = '--platform <url>';
  const description = 'the platform link URL (wss://…; ws:// only to loopback)';
  (required ? command.requiredOption(platform, description) : command.option(platform, description))
    .option('--token <token>', 'the operator token (default: the one saved at the last sign-in)')
    .option('--ca <file>', "the platform's CA bundle (PEM); NODE_EXTRA_CA_CERTS works too");
  return command;
}

/** Checks the link options; a mistake is a usage error (exit 2), before anything is opened. */
export function platformConfig(args: LinkArgs): PlatformConfig | null {
  if (!args.platform) {
    if (args.token || args.ca) throw new UsageError('--token and --ca need --platform');
    return null;
  }
  const problem = checkPlatformUrl(args.platform);
  if (problem) throw new UsageError(problem);
  let ca: Buffer | null = null;
  if (args.ca) {
    try {
      ca = readFileSync(args.ca);
    } catch (error) {
      throw new UsageError(`cannot read the CA bundle ${args.ca}: ${(error as Error).message}`);
    }
    if (!ca.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`${args.ca} is not a PEM CA bundle`);
  }
  return { url: args.platform, token: args.token ?? null, ca };
}
