import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { rememberPort, rememberedPort } from '../common/remembered-port.ts';
import { startDemoThread } from './demo-thread.ts';

export interface PlatformChoice {
  platform: { url: string; token?: string | null; ca?: Buffer | null; embedded?: boolean; defaultToken?: string } | null;
  dataDir: string;
  /** Origins windows may load camera streams and attachments from (CSP). */
  mediaOrigins: string[];
  /** The embedded demo's media server over TLS: its origin and the SPKI hash of its certificate, for the shell to trust exactly that. */
  demoMedia: DemoMediaTrust | null;
  demo: { close(): Promise<void> } | null;
}

/** What a shell trusts of the demo's media server: that certificate (by its SPKI hash), at that origin. */
export interface DemoMediaTrust {
  origin: string;
  spki: string;
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
  /**
   * The SPKI hashes of the media certificates the console's browser must
   * accept (the embedded demo's, kept in the data dir; none for a configured
   * platform): known before `where`, from the kept file, so a browser can be
   * launched with them at once.
   */
  mediaSpki: Promise<string[]>;
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
  /** Days of archive behind the demo city's day (default 28; 0 none). */
  demoArchiveDays?: number;
  /** Scenario switches planted in the demo city (simulator/city/scenario.ts). */
  demoScenarios?: string[];
  /** The demo platform's clock (default: the process's; tests may start it at a chosen time). */
  clock?: Timers;
  /**
   * Serve the demo's camera streams over HTTPS/HTTP2 with the certificate kept
   * in `<data dir>/demo/media-cert.pem` (default true): a wall of more than
   * six tiles starves over HTTP/1.1 (simulator/media/server.ts says why).
   */
  mediaTls?: boolean;
  /** The demo's media server takes test faults (default: EGRET_DEMO_MEDIA_FAULTS=1). */
  mediaFaults?: boolean;
};

/**
 * The demo's cache is kept in a folder of its own, so it never mixes with a
 * real platform's; so is the demo city itself (simulator/kept/), which the
 * next start goes on with: nothing an operator did in the demo is lost.
 */
const demoDataDir = (dataDir: string) => join(dataDir, 'demo');
const demoPlatform = (url: string) => ({ url, token: null, embedded: true, defaultToken: 'demo-chief' });

/**
 * Where the demo's media server's port is kept (remembered-port.ts): the cache
 * keeps the cameras' stream URLs, and on a new port every start a warm start's
 * wall played from a dead port until the demo's snapshot replaced them.
 */
const demoMediaPortFile = (dataDir: string) => join(demoDataDir(dataDir), 'media-port.json');
/** Keeps the port of the media origin the demo serves on, for the next start. */
function keepMediaPort(dataDir: string, mediaOrigin: string): void {
  const port = Number(new URL(mediaOrigin).port);
  if (port > 0) {
    mkdirSync(demoDataDir(dataDir), { recursive: true });
    rememberPort(demoMediaPortFile(dataDir), port);
  }
}

/** Where the demo's media key and certificate are kept, in the demo's data dir. */
export const demoMediaCertFile = (dataDir: string) => join(demoDataDir(dataDir), 'media-cert.pem');

/** The demo media certificate (made at the first start), or null when the demo serves its media over plain HTTP. */
async function demoCertificate(dataDir: string, options: DemoChoiceOptions) {
  if (options.mediaTls === false) return null;
  // Loaded only here, and the certificate library under it only when a certificate must be made.
  const { keptCertificate } = await import('../simulator/media/certificate-file.ts');
  return keptCertificate(demoMediaCertFile(dataDir), { logger: options.logger });
}

const mediaFaults = (options: DemoChoiceOptions) => options.mediaFaults ?? process.env.EGRET_DEMO_MEDIA_FAULTS === '1';

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
    return {
      platform: configured,
      dataDir,
      mediaOrigins: configured ? [platformHttpOrigin(configured.url)] : [],
      demoMedia: null,
      demo: null,
    };
  }
  const certificate = await demoCertificate(dataDir, options);
  // Loaded only here: the browser shell runs the demo on a thread and need not load the city at all.
  const { startDemoPlatform } = await import('../simulator/demo.ts');
  const demo = await startDemoPlatform({
    logger: options.logger,
    ...(certificate ? { mediaTls: true, mediaCertificate: { key: certificate.key, cert: certificate.cert } } : {}),
    mediaFaults: mediaFaults(options),
    mediaPort: rememberedPort(demoMediaPortFile(dataDir)),
    stateDir: demoDataDir(dataDir),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
    ...(options.demoRate !== undefined ? { rate: options.demoRate } : {}),
    ...(options.demoArchiveDays !== undefined ? { archiveDays: options.demoArchiveDays } : {}),
    ...(options.demoScenarios?.length ? { scenarios: options.demoScenarios } : {}),
  });
  keepMediaPort(dataDir, demo.mediaOrigin);
  return {
    platform: demoPlatform(demo.platform.url),
    dataDir: demoDataDir(dataDir),
    mediaOrigins: [...new Set([demo.mediaOrigin, demo.filesOrigin])],
    demoMedia: certificate ? { origin: demo.mediaOrigin, spki: certificate.spki } : null,
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
      mediaSpki: Promise.resolve([]),
      started: Promise.resolve(),
      close: async () => {},
    };
  }
  // The certificate is read (or made) before the thread starts, so the SPKI
  // pin is known as soon as the kept file is read, whatever the demo does.
  const certificate = demoCertificate(dataDir, options);
  const thread = certificate.then((cert) =>
    startDemoThread({
      logger: options.logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
      ...(options.demoRate !== undefined ? { rate: options.demoRate } : {}),
      ...(options.demoArchiveDays !== undefined ? { archiveDays: options.demoArchiveDays } : {}),
      ...(options.demoScenarios?.length ? { scenarios: options.demoScenarios } : {}),
      ...(options.demoScript ? { script: options.demoScript } : {}),
      ...(cert ? { mediaCertificate: { key: cert.key, cert: cert.cert } } : {}),
      mediaFaults: mediaFaults(options),
      mediaPort: rememberedPort(demoMediaPortFile(dataDir)),
      stateDir: demoDataDir(dataDir),
    }),
  );
  const where = thread
    .then((demo) => demo.listening)
    .then((at) => {
      keepMediaPort(dataDir, at.mediaOrigin);
      return at;
    });
  const started = thread.then((demo) => demo.ready).then(() => undefined);
  const mediaSpki = certificate.then((cert) => (cert ? [cert.spki] : []));
  // Nobody need wait on these (a failure reaches whoever does); unheard, they are not errors.
  for (const promise of [where, started, mediaSpki]) promise.catch(() => undefined);
  return {
    dataDir: demoDataDir(dataDir),
    where: where.then((at) => ({
      platform: demoPlatform(at.url),
      mediaOrigins: [...new Set([at.mediaOrigin, at.filesOrigin])],
    })),
    mediaSpki,
    started,
    close: () =>
      thread.then(
        (demo) => demo.close(),
        () => undefined,
      ),
  };
}

/** Attachments (photos) are served by the platform itself: its http(s) origin, for the CSP. */
export function platformHttpOrigin(linkUrl: string): string {
  const url = new URL(linkUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}
