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

/**
 * Checks the link options; a mistake is a usage error (exit 2), before
 * anything is opened. `--ca` without `--platform` is allowed only with a
 * camera gateway (`--media-origin`, media-options.ts) for it to trust.
 */
export function platformConfig(args: LinkArgs & { mediaOrigin?: string[] }): PlatformConfig | null {
  if (!args.platform) {
    if (args.token) throw new UsageError('--token needs --platform');
    if (args.ca && !args.mediaOrigin?.length) throw new UsageError('--ca needs --platform or --media-origin');
    return null;
  }
  const problem = checkPlatformUrl(args.platform);
  if (problem) throw new UsageError(problem);
  return { url: args.platform, token: args.token ?? null, ca: args.ca ? readCaBundle(args.ca) : null };
}

/** A PEM CA bundle file, read; a usage error when it cannot be read or holds no certificate. */
export function readCaBundle(file: string): Buffer {
  let ca: Buffer;
  try {
    ca = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read the CA bundle ${file}: ${(error as Error).message}`);
  }
  if (!ca.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`${file} is not a PEM CA bundle`);
  return ca;
}
