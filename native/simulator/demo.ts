import { join } from 'node:path';
import { egretClock } from '../common/clock.ts';
import { silentLogger, type Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { startCity, type City, type CityOptions } from './city/index.ts';
import { parseScenario } from './city/scenario.ts';
import type { VolunteerAnswers } from './city/volunteers.ts';
import {
  ArchiveRestore,
  CityKeeper,
  KEPT_FORMAT,
  KEPT_VERSION,
  keepPlatform,
  readKeptState,
  restoreEntities,
  restorePlatform,
  setKeptAside,
  type CityShape,
  type KeptReading,
  type KeptState,
} from './kept/index.ts';
import { startMediaServer, type MediaServer } from './media/index.ts';
import { startPlatform, type Platform } from './server.ts';

export interface DemoOptions {
  port?: number;
  seed?: number;
  rate?: number;
  volunteersOnDuty?: number;
  /** How the city's volunteers answer offers (tests only: certain answers, short tasks). */
  volunteerAnswers?: VolunteerAnswers;
  load?: boolean;
  historyHours?: number;
  /**
   * Days of archive before today (calls and closed incidents: the early
   * warnings' baseline), delivered after today's history. Default 28; 0 none.
   */
  archiveDays?: number;
  /**
   * Scenario switches as `egret simulate --scenario` takes them (`normal`,
   * `cluster[:<family>][@HH:MM]`, `surge:<district>[:<line>][@HH:MM]`; city/scenario.ts):
   * without a time, a minute after the demo starts. Default none (normal).
   */
  scenarios?: string[];
  mediaPort?: number;
  mediaTls?: boolean;
  /** The key and certificate the media server serves with `mediaTls` (the one kept in the data dir); default a fresh one. */
  mediaCertificate?: { key: string; cert: string };
  /** The media server takes test faults (`POST /_fault`; EGRET_DEMO_MEDIA_FAULTS=1). */
  mediaFaults?: boolean;
  /** An external HLS server instead of the built-in one. */
  mediaBase?: string;
  logger?: Logger;
  /** The city's time zone (default Asia/Shanghai); benchmarks move it to place the run at a busy hour. */
  cityTz?: string;
  /** The folder holding map/ and video/ (default: resources/ of this checkout; bundles pass theirs). */
  resourcesDir?: string;
  /** The platform's and the city's clock (default: the process's, which tests may start at a chosen time). */
  clock?: Timers;
  /**
   * The seq a new city's log counts on from (default: from the wall clock,
   * see logEpoch). A new city has a new log: a console that kept its cursor
   * from an earlier city must get a snapshot, never a "replay" of this
   * city's changes onto the last city's cache.
   */
  firstSeq?: number;
  /**
   * The folder the city is kept in between runs (`<data dir>/demo/` for the
   * embedded demo): a kept city this run may continue goes on — the same
   * entities, the log and its seqs, the command ledger — instead of a new
   * one being made (simulator/kept/). Default: none, every run a new city.
   */
  stateDir?: string;
  /**
   * Called once the platform and media servers listen, before the city is
   * built (the longest part), so a console's page may load meanwhile. A new
   * city is built right after, in the same turn of the event loop: the
   * platform answers no console before its city is live. A kept city answers
   * consoles resuming by replay once its log is read, while its entities
   * load; the others, and commands, once it is live (Platform.answerOnly).
   */
  listening?: (where: { url: string; mediaOrigin: string; filesOrigin: string }) => void;
  /**
   * Awaited between two lines of a kept city's entities, with the platform
   * they go to (default: the next turn of the event loop, so the platform
   * answers frames meanwhile). Tests hold it to see what the platform
   * answers while the entities load.
   */
  keptEntitiesPace?: (platform: Platform) => Promise<void>;
}

/** Four weeks: the early warnings' baseline is the same hour and weekday over the previous four (issue 14). */
export const DEFAULT_ARCHIVE_DAYS = 28;

export interface DemoPlatform {
  platform: Platform;
  city: City;
  media: MediaServer | null;
  /** Where camera streams come from (for the console's CSP). */
  mediaOrigin: string;
  /** Where attachments (/files/ID) come from. */
  filesOrigin: string;
  close(): Promise<void>;
}

/**
 * The demo platform: Platform Link v1 on 127.0.0.1, a living Xiamen driving
 * it, and HLS camera streams. `egret simulate` runs it standalone; `egret
 * start`/`serve` run it in-process when no platform is configured.
 */
export async function startDemoPlatform(options: DemoOptions = {}): Promise<DemoPlatform> {
  const began = performance.now();
  const clock = options.clock ?? egretClock();
  const logger = options.logger ?? silentLogger;
  const mapFile = options.resourcesDir ? join(options.resourcesDir, 'map', 'xiamen-districts.wgs84.geojson') : undefined;
  const shape: CityShape = {
    seed: options.seed ?? 1,
    rate: options.rate ?? 1,
    load: options.load ?? false,
    tz: options.cityTz ?? 'Asia/Shanghai',
    volunteersOnDuty: options.volunteersOnDuty ?? null,
  };
  const tz = options.cityTz ?? 'Asia/Shanghai';
  // Read before anything starts: a switch that cannot be planted is the caller's error, not a half-started demo.
  const scenarios = (options.scenarios ?? []).map((text) => parseScenario(text, clock.now(), tz));
  const platform = await startPlatform({
    port: options.port ?? 0,
    clock,
    ...(mapFile ? { mapFile } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  let media: MediaServer | null = null;
  try {
    const mediaOptions = (port: number): Parameters<typeof startMediaServer>[0] => ({
      clock,
      port,
      tls: options.mediaTls ?? false,
      ...(options.mediaCertificate ? { certificate: options.mediaCertificate } : {}),
      faults: options.mediaFaults ?? false,
      ...(options.resourcesDir ? { clips: join(options.resourcesDir, 'video') } : {}),
      // The camera's current status decides whether it streams: a flapping camera goes dark on the wall too.
      cameras: (id) => {
        const camera = platform.log.get('camera', id)?.data;
        if (!camera) return null;
        return { look: Number(id.replace(/\D/g, '')) || 0, online: camera.status === 'online', name: String(camera.name) };
      },
    });
    // The port asked for (the one the last start used) when free, else any: a taken port costs only the stream URLs' continuity.
    media = options.mediaBase
      ? null
      : await startMediaServer(mediaOptions(options.mediaPort ?? 0)).catch((error: NodeJS.ErrnoException) => {
          if (!options.mediaPort || error.code !== 'EADDRINUSE') throw error;
          return startMediaServer(mediaOptions(0));
        });
    const mediaOrigin = options.mediaBase?.replace(/\/$/, '') ?? media!.origin;
    const filesOrigin = `http://127.0.0.1:${platform.port}`;
    // Nothing is answered until what is kept is read (below) or a new city is built.
    platform.answerOnly('nothing');
    const pace = options.keptEntitiesPace ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    // A kept city's archive is made again after the first page is live; it watches the hellos from now on.
    const archiveRestore = options.stateDir ? new ArchiveRestore(platform, { clock, pace, logger }) : null;
    options.listening?.({ url: platform.url, mediaOrigin: new URL(mediaOrigin).origin, filesOrigin });
    const cityOptions: CityOptions = {
      clock,
      seed: shape.seed,
      rate: shape.rate,
      ...(options.volunteersOnDuty !== undefined ? { volunteersOnDuty: options.volunteersOnDuty } : {}),
      ...(options.volunteerAnswers ? { volunteerAnswers: options.volunteerAnswers } : {}),
      load: shape.load,
      ...(options.historyHours !== undefined ? { historyHours: options.historyHours } : {}),
      archiveDays: options.archiveDays ?? DEFAULT_ARCHIVE_DAYS,
      ...(scenarios.length ? { scenarios } : {}),
      mediaBase: mediaOrigin,
      ...(options.cityTz ? { tz: options.cityTz } : {}),
      ...(mapFile ? { mapFile } : {}),
    };
    const kept = options.stateDir ? await readKeptState(options.stateDir, { shape, now: clock.now(), logger }) : null;
    let city: City;
    if (kept) {
      city = await goOnWithKeptCity(platform, kept, {
        cityOptions,
        stateDir: options.stateDir!,
        logger,
        newSeq: () => options.firstSeq ?? logEpoch(Date.now()),
        began,
        pace,
        archiveRestore: archiveRestore!,
      });
    } else {
      archiveRestore?.stop();
      platform.log.clear(options.firstSeq ?? logEpoch(Date.now()));
      city = startCity(platform, cityOptions);
    }
    const keeper = options.stateDir
      ? new CityKeeper(
          options.stateDir,
          (clean): KeptState => ({
            format: KEPT_FORMAT,
            version: KEPT_VERSION,
            shape,
            clean,
            savedAt: new Date().toISOString(),
            platform: keepPlatform(platform),
            city: city.keep(),
          }),
          clock,
          logger,
        )
      : null;
    keeper?.start();
    // A snapshot waits for a kept archive being made again (ArchiveRestore); the rest is answered now.
    let closing = false;
    platform.answerOnly(archiveRestore ? 'all but snapshots' : 'everything');
    void archiveRestore?.done.then(() => {
      if (!closing) platform.answerOnly('everything');
    });
    return {
      platform,
      city,
      media,
      mediaOrigin: new URL(mediaOrigin).origin,
      filesOrigin,
      close: async () => {
        closing = true;
        archiveRestore?.stop();
        city.stop();
        // Kept in this turn, and the platform closed in it too: no change, command or console comes after.
        const keeping = keeper?.close();
        const closed = platform.close();
        await keeping;
        await media?.close();
        await closed;
      },
    };
  } catch (error) {
    await media?.close();
    await platform.close();
    throw error;
  }
}

/**
 * Goes on with a kept city: its head first (consoles resuming by replay are
 * answered from then on), then its entities a line at a time, the platform
 * answering frames between two; then the city, live from now (it makes no
 * change before its entities are all in). Kept by the minutely save, the run
 * went on after it, and a console may have applied changes past the kept
 * head that this run will never make — or make other ones under the same
 * seqs: a new log (the entities stay) sends every console for a snapshot,
 * and none replays this run's changes onto that lost run's. After a clean
 * close the kept head is the last seq anyone was sent: consoles resume by
 * replay. A kept city whose entities cannot be read or that cannot go on is
 * set aside like an unreadable one, and a new city is made on an empty
 * platform; consoles that had resumed from its log are reset (spec §6).
 */
async function goOnWithKeptCity(
  platform: Platform,
  kept: KeptReading,
  how: {
    cityOptions: CityOptions;
    stateDir: string;
    logger: Logger;
    /** Where a new city's log counts from. */
    newSeq: () => number;
    /** performance.now() when the demo began to start (for the log's timeline). */
    began: number;
    pace: (platform: Platform) => Promise<void>;
    /** Makes the archive it had delivered again, once the first page is live (kept/archive-restore.ts). */
    archiveRestore: ArchiveRestore;
  },
): Promise<City> {
  const { cityOptions, logger, pace } = how;
  const headReadMs = performance.now() - how.began;
  restorePlatform(platform, kept.head.platform);
  if (!kept.head.clean) platform.log.clear(logEpoch(Date.now()));
  platform.answerOnly('log');
  const answeringMs = performance.now() - how.began;
  try {
    let entities = 0;
    for await (const group of kept.entities()) {
      restoreEntities(platform, group);
      entities += group.items.length;
      await pace(platform);
    }
    await kept.close();
    const loadedMs = performance.now() - how.began;
    const city = startCity(platform, { ...cityOptions, kept: kept.head.city });
    const liveMs = performance.now() - how.began;
    // The archive days it had delivered are made again from the seed (they are not in the file) once the
    // first page is live: consoles resuming by replay and commands are answered meanwhile, a snapshot waits.
    const shape = kept.head.shape;
    how.archiveRestore.begin({ seed: shape.seed, tz: shape.tz, rate: shape.rate }, kept.head.city.archive);
    // Since the demo began to start: its head read, consoles resuming answered, its entities in, the city live.
    logger.info('demo: the kept city goes on', {
      keptAt: new Date(kept.head.city.time).toISOString(),
      head: platform.head,
      clean: kept.head.clean,
      entities,
      headReadMs: Math.round(headReadMs),
      answeringMs: Math.round(answeringMs),
      loadedMs: Math.round(loadedMs),
      liveMs: Math.round(liveMs),
    });
    return city;
  } catch (error) {
    await kept.close().catch(() => undefined);
    how.archiveRestore.stop();
    setKeptAside(how.stateDir, `it could not go on: ${(error as Error).message}`, logger);
    restorePlatform(platform, { head: 0, tombstones: [], log: [], commands: [], attachments: [] });
    platform.resetLog('the demo city was made anew', { seq: how.newSeq() });
    return startCity(platform, cityOptions);
  }
}

/**
 * Where a new demo log starts counting: a thousand seqs per wall-clock
 * millisecond since 1970 (about 1.8e15, below 2^53). An earlier run's cursor
 * is below it unless that run wrote more than a million changes a second, so the
 * platform cannot replay to it (spec §2: cursor older than the log → snapshot).
 * The wall clock, not the simulated one: EGRET_CLOCK_START gives every run of
 * a test the same simulated start.
 */
export function logEpoch(wallMs: number): number {
  return Math.floor(wallMs) * 1_000;
}
