import { join } from 'node:path';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { startDemoThread } from './demo-thread.ts';

export interface PlatformChoice {
  platform: { url: string; token?: string | null; ca?: Buffer | null; embedded?: boolean; defaultToken?: string } | null;
  dataDir: string;
  /** Origins windows may load camera streams and attachments from (CSP). */
  mediaOrigins: string[];
  demo: { close(): Promise<void> } | null;
}

/** The platform chosen, in stages (startChosenPlatform). */
export interface PlatformStarting {
  /** The console's data dir: known at once. */
  dataDir: string;
  /**
   * Where the platform is and the origins windows may load media from (CSP):
   * for the demo, known once its servers listen, before its city is built. A
   * console may link at once: the demo answers it once its city is live.
   */
  where: Promise<{ platform: PlatformChoice['platform']; mediaOrigins: string[] }>;
  /** Settles once the platform is whole (the demo's city live); rejects if the demo could not start or stopped. */
  started: Promise<void>;
  /** Stops the demo, whatever stage it is at. */
  close(): Promise<void>;
}

type DemoChoiceOptions = {
  demo: boolean;
  logger: Logger;
  resourcesDir?: string;
  demoRate?: number;
  /** The demo platform's clock (default: the process's; tests may start it at a chosen time). */
  clock?: Timers;
};

/** The demo's cache is kept in a folder of its own, so it never mixes with a real platform's. */
const demoDataDir = (dataDir: string) => join(dataDir, 'demo');
const demoPlatform = (url: string) => ({ url, token: null, embedded: true, defaultToken: 'demo-chief' });

/**
 * With a platform configured, the console links to it. Without one it starts
 * the embedded demo platform in-process and signs in as the duty chief (the
 * role can be switched from the sign-in screen), keeping the demo's cache in
 * its own folder so it never mixes with a real platform's.
 */
export async function choosePlatform(
  configured: PlatformChoice['platform'],
  dataDir: string,
  options: DemoChoiceOptions,
): Promise<PlatformChoice> {
  if (configured || !options.demo) {
    return { platform: configured, dataDir, mediaOrigins: configured ? [platformHttpOrigin(configured.url)] : [], demo: null };
  }
  // Loaded only here: the browser shell runs the demo on a thread and need not load the city at all.
  const { startDemoPlatform } = await import('../simulator/demo.ts');
  const demo = await startDemoPlatform({
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
    ...(options.demoRate !== undefined ? { rate: options.demoRate } : {}),
  });
  return {
    platform: demoPlatform(demo.platform.url),
    dataDir: demoDataDir(dataDir),
    mediaOrigins: [...new Set([demo.mediaOrigin, demo.filesOrigin])],
    demo,
  };
}

/**
 * As `choosePlatform`, but the demo runs on a thread of its own
 * (demo-thread.ts) and the choice comes in stages, so the caller can open
 * the data dir, serve the page and answer it from the cache while the demo's
 * city is built.
 */
export function startChosenPlatform(
  configured: PlatformChoice['platform'],
  dataDir: string,
  options: DemoChoiceOptions & { demoScript?: string | URL },
): PlatformStarting {
  if (configured || !options.demo) {
    return {
      dataDir,
      where: Promise.resolve({ platform: configured, mediaOrigins: configured ? [platformHttpOrigin(configured.url)] : [] }),
      started: Promise.resolve(),
      close: async () => {},
    };
  }
  const demo = startDemoThread({
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
    ...(options.demoRate !== undefined ? { rate: options.demoRate } : {}),
    ...(options.demoScript ? { script: options.demoScript } : {}),
  });
  return {
    dataDir: demoDataDir(dataDir),
    where: demo.listening.then((where) => ({
      platform: demoPlatform(where.url),
      mediaOrigins: [...new Set([where.mediaOrigin, where.filesOrigin])],
    })),
    started: demo.ready.then(() => undefined),
    close: () => demo.close(),
  };
}

/** Attachments (photos) are served by the platform itself: its http(s) origin, for the CSP. */
export function platformHttpOrigin(linkUrl: string): string {
  const url = new URL(linkUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}
