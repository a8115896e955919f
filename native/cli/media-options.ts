import type { Command } from 'commander';
import { readCaBundle, type LinkArgs } from './link-options.ts';
import { UsageError } from './usage.ts';

/**
 * A real deployment's camera gateways: the origins its cameras stream from,
 * when they are not the platform's own (the cached cameras' stream URLs name
 * them too, once the console has its snapshot; these are allowed from the
 * first start) and the CA its certificates chain to (`--ca`, the same bundle
 * the link trusts).
 */
export interface MediaArgs {
  mediaOrigin?: string[];
}

export interface MediaGateways {
  /** Bare http(s) origins, each once. */
  origins: string[];
  /** The `--ca` bundle (PEM), or null. */
  ca: Buffer | null;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds `--media-origin <url>` (repeatable) to a command. */
export function withMediaOptions(command: Command): Command {
  return command.option(
    '--media-origin <url>',
    "a camera gateway's origin (https://host:port) the console may play streams from; repeat for more. With --ca, its certificates are trusted through that bundle",
    collect,
  );
}

/** A bare http(s) origin, or a usage error that says what was expected. */
export function parseMediaOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--media-origin "${value}" is not a URL; expected e.g. https://cameras.example.gov:8443`);
  }
  // Only a bare origin: a path, query or credentials would be dropped from the CSP without a word, or widen it.
  // A host name or address only: `*` is a valid URL host but a wildcard in a CSP.
  const plainHost = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i.test(url.hostname);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !plainHost || url.origin !== value.replace(/\/$/, '')) {
    throw new UsageError(`--media-origin "${value}" must be a bare http(s) origin such as https://cameras.example.gov:8443`);
  }
  return url.origin;
}

/** The gateways from the options; a mistake is a usage error (exit 2), before anything starts. */
export function mediaGatewaysFrom(args: MediaArgs & LinkArgs): MediaGateways {
  const origins = [...new Set((args.mediaOrigin ?? []).map(parseMediaOrigin))];
  return { origins, ca: args.ca ? readCaBundle(args.ca) : null };
}
