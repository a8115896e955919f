import { join } from 'node:path';
import { startDemoPlatform, type DemoPlatform } from '../simulator/demo.ts';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';

export interface PlatformChoice {
  platform: { url: string; token?: string | null; ca?: Buffer | null; embedded?: boolean; defaultToken?: string } | null;
  dataDir: string;
  /** Origins windows may load camera streams and attachments from (CSP). */
  mediaOrigins: string[];
  demo: DemoPlatform | null;
}

/**
 * With a platform configured, the console links to it. Without one it starts
 * the embedded demo platform in-process and signs in as the duty chief (the
 * role can be switched from the sign-in screen), keeping the demo's cache in
 * its own folder so it never mixes with a real platform's.
 */
export async function choosePlatform(
  configured: PlatformChoice['platform'],
  dataDir: string,
  options: {
    demo: boolean;
    logger: Logger;
    resourcesDir?: string;
    demoRate?: number;
    /** The demo platform's clock (default: the process's; tests may start it at a chosen time). */
    clock?: Timers;
  },
): Promise<PlatformChoice> {
  if (configured || !options.demo) {
    return { platform: configured, dataDir, mediaOrigins: configured ? [platformHttpOrigin(configured.url)] : [], demo: null };
  }
  const demo = await startDemoPlatform({
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
    ...(options.demoRate !== undefined ? { rate: options.demoRate } : {}),
  });
  return {
    platform: { url: demo.platform.url, token: null, embedded: true, defaultToken: 'demo-chief' },
    dataDir: join(dataDir, 'demo'),
    mediaOrigins: [...new Set([demo.mediaOrigin, demo.filesOrigin])],
    demo,
  };
}

/** Attachments (photos) are served by the platform itself: its http(s) origin, for the CSP. */
export function platformHttpOrigin(linkUrl: string): string {
  const url = new URL(linkUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}
