import { join } from 'node:path';
import { egretClock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import { startCity, type City } from './city/index.ts';
import type { VolunteerAnswers } from './city/volunteers.ts';
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
   * The seq the log counts on from (default: from the wall clock, see logEpoch).
   * Each run of the demo is a new city with a new log: a console that kept
   * its cursor from an earlier run must get a snapshot, never a "replay" of
   * this city's changes onto the last city's cache.
   */
  firstSeq?: number;
  /**
   * Called once the platform and media servers listen, before the city is
   * built (the longest part), so a console's page may load meanwhile. The
   * city is built right after, in the same turn of the event loop: the
   * platform answers no console before its city is live.
   */
  listening?: (where: { url: string; mediaOrigin: string; filesOrigin: string }) => void;
}

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
  const clock = options.clock ?? egretClock();
  const mapFile = options.resourcesDir ? join(options.resourcesDir, 'map', 'xiamen-districts.wgs84.geojson') : undefined;
  const platform = await startPlatform({
    port: options.port ?? 0,
    clock,
    ...(mapFile ? { mapFile } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  platform.log.clear(options.firstSeq ?? logEpoch(Date.now()));
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
    options.listening?.({ url: platform.url, mediaOrigin: new URL(mediaOrigin).origin, filesOrigin });
    const city = startCity(platform, {
      clock,
      seed: options.seed ?? 1,
      rate: options.rate ?? 1,
      ...(options.volunteersOnDuty !== undefined ? { volunteersOnDuty: options.volunteersOnDuty } : {}),
      ...(options.volunteerAnswers ? { volunteerAnswers: options.volunteerAnswers } : {}),
      load: options.load ?? false,
      ...(options.historyHours !== undefined ? { historyHours: options.historyHours } : {}),
      mediaBase: mediaOrigin,
      ...(options.cityTz ? { tz: options.cityTz } : {}),
      ...(mapFile ? { mapFile } : {}),
    });
    return {
      platform,
      city,
      media,
      mediaOrigin: new URL(mediaOrigin).origin,
      filesOrigin,
      close: async () => {
        city.stop();
        await media?.close();
        await platform.close();
      },
    };
  } catch (error) {
    await media?.close();
    await platform.close();
    throw error;
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
