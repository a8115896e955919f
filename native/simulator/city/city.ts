import { realTimers, type Timers } from '../../common/timers.ts';
import { LINK_PATH } from '../server.ts';
import { seededRandom } from '../time.ts';
import type { Random } from '../types.ts';
import { Calls } from './calls.ts';
import { Cameras } from './cameras.ts';
import { buildAddressBase } from './address-base.ts';
import { emptyStats, Ids, type CityContext, type CityStats } from './context.ts';
import { localMidnight } from './day-curve.ts';
import { DEPARTMENTS, departmentStation } from './departments.ts';
import { DEFAULT_MAP_FILE, DistrictMap } from './district-map.ts';
import { Incidents } from './incidents.ts';
import { History } from './history.ts';
import { Places } from './place.ts';
import { Reports } from './reports.ts';
import { Roads } from './roads.ts';
import { Scheduler } from './scheduler.ts';
import { Volunteers, type VolunteerAnswers } from './volunteers.ts';
import { World, type CityPlatform, type WriteGuard } from './world.ts';

/**
 * The living city: Xiamen's public-safety activity driving the platform
 * side of Platform Link v1 — calls, incidents moving through their
 * lifecycle, cameras, roads, volunteers on patrol taking offered tasks — and
 * its standard address base (v1.1 `place`, address-base.ts).
 *
 * Deterministic: everything is drawn from `random` (seeded from `seed`) in
 * simulated time. The injected `clock` only says how far the simulation may
 * run; tests pass `FakeTimers` and advance it (or call `tick()`).
 *
 * Start-up does not grow with the hour: before `startCity` returns, only the
 * standing city (departments, cameras, volunteers, roads, places) and the last hour
 * are simulated — what is open and moving now, most open incidents among it.
 * Once a whole day since midnight was generated first, and the demo took
 * 0.6 s to start at 00:05 and 12 s at 23:55 (rate 20, this machine), before
 * its console had even taken its snapshot. The rest of the day and
 * yesterday's calls follow in the background (history.ts).
 */

/** The last stretch before the start, simulated before the platform serves. */
const LIVE_HOUR_MS = 3_600_000;

export interface CityOptions {
  seed?: number;
  /** Load multiplier on calls and incidents; 1 is an ordinary day (≈4,000 calls). */
  rate?: number;
  /** Volunteers on duty (default 2,000; load mode 10,000). */
  volunteersOnDuty?: number;
  /** How volunteers answer offers, for tests that need it certain (volunteers.ts VolunteerAnswers). */
  volunteerAnswers?: VolunteerAnswers;
  /** Registered volunteers (default 10,000). */
  volunteersRegistered?: number;
  /** Load mode: 10,000 on duty reporting every 6–14 s, about 1,000 positions a second. */
  load?: boolean;
  /** Seconds between one volunteer's position reports (default 2–10). */
  reportEveryS?: [number, number];
  /** HLS server base for camera streams, e.g. `http://127.0.0.1:8081` (default: the platform's own HTTP address). */
  mediaBase?: string;
  /** Base of attachment URLs (default: the platform's HTTP address, which serves GET /files/ID). */
  filesBase?: string;
  /** Real timers in production; FakeTimers in tests. */
  clock?: Timers;
  random?: Random;
  tz?: string;
  /**
   * Hours of history to generate before `startCity` returns, and no more
   * (tests, `egret simulate --history-hours`). Default: the last hour at once,
   * then the rest of the day since local midnight and yesterday's calls in
   * the background (`City.historyLoaded`).
   */
  historyHours?: number;
  /** How often the city catches up with the clock and sends positions. Default 250 ms. */
  tickMs?: number;
  /** The WGS84 district boundaries (default resources/map/xiamen-districts.wgs84.geojson). */
  mapFile?: string;
  roadCameras?: number;
  communityCameras?: number;
}

export interface CityFigures extends CityStats {
  /** Simulated time the city has reached (epoch ms). */
  now: number;
  /** Where today's history starts (local midnight, or the start of the city's first hour if earlier). */
  historyFrom: number;
  /** Whether all of it (and yesterday's calls) has been handed to the platform. */
  historyComplete: boolean;
  volunteersOnDuty: number;
  /** Expected position updates a second from those on duty. */
  positionsPerSecond: number;
}

export interface City {
  /** Catches the simulation up with the clock and publishes due positions (the heartbeat calls it). */
  tick(): void;
  stop(): void;
  stats(): CityFigures;
  /** Resolves once the day's earlier hours and yesterday's calls are on the platform (at once with `historyHours`). */
  readonly historyLoaded: Promise<void>;
  /** @internal for tests: the volunteers' model. */
  readonly volunteers: Volunteers;
}

export function startCity(platform: CityPlatform, options: CityOptions = {}): City {
  const clock = options.clock ?? realTimers;
  const random = options.random ?? seededRandom(options.seed ?? 1);
  const tz = options.tz ?? 'Asia/Shanghai';
  const httpBase = platform.url.replace(/^ws/, 'http').slice(0, -LINK_PATH.length);
  const now = clock.now();
  const background = options.historyHours === undefined;
  const liveFrom = background ? now - LIVE_HOUR_MS : now - options.historyHours! * 3_600_000;
  const midnight = localMidnight(now, tz);
  const historyFrom = background ? Math.min(midnight, liveFrom) : liveFrom;

  const sched = new Scheduler(liveFrom);
  const guard: WriteGuard = { writing: false };
  const world = new World(platform, tz, guard);
  const map = new DistrictMap(options.mapFile ?? DEFAULT_MAP_FILE);
  const addressBase = buildAddressBase(map);
  const ctx: CityContext = {
    sched,
    world,
    random,
    places: new Places(addressBase.locator, random),
    tz,
    rate: options.rate ?? 1,
    filesBase: options.filesBase ?? httpBase,
    stats: emptyStats(),
    ids: new Ids(world),
  };

  const onDuty = options.volunteersOnDuty ?? (options.load ? 10_000 : 2_000);
  const volunteers = new Volunteers(ctx, {
    registered: Math.max(options.volunteersRegistered ?? 10_000, onDuty),
    onDuty,
    reportEveryS: options.reportEveryS ?? (options.load ? [6, 14] : [2, 10]),
    ...(options.volunteerAnswers ? { answers: options.volunteerAnswers } : {}),
  });
  const cameras = new Cameras(ctx, {
    mediaBase: options.mediaBase ?? httpBase,
    roadCameras: options.roadCameras ?? 1_800,
    communityCameras: options.communityCameras ?? 1_400,
  });
  const roads = new Roads(ctx);
  const incidents = new Incidents(ctx, {
    resolved: (inc) => {
      if (inc.source === 'volunteer' && typeof inc.reporter === 'string') volunteers.award(inc.reporter);
    },
    roadBlocked: (road, until) => roads.block(road, until),
  });

  // The standing city and its last hour (into the buffer), then live.
  for (const d of DEPARTMENTS) {
    const [lat, lng] = departmentStation(d, map, addressBase.locator.communities);
    world.put('department', { ...d, lat, lng });
  }
  for (const place of addressBase.places) world.put('place', { ...place });
  volunteers.publishRegistry();
  cameras.publish();
  roads.start();
  new Calls(ctx, incidents).start();
  new Reports(ctx, incidents, volunteers, cameras).start();
  cameras.startFlapping();
  sched.runUntil(now);
  world.goLive();
  volunteers.startDuty();

  // The rest of today, and yesterday's calls for the hourly chart's "yesterday" line, in the background.
  const models = [incidents];
  const history = new History(
    { clock, main: ctx, guard, volunteers, cameras, roads, models, seed: options.seed ?? 1 },
    {
      today: background && midnight < liveFrom ? [midnight, liveFrom] : null,
      yesterday: background ? [midnight - 86_400_000, Math.min(midnight, liveFrom)] : null,
    },
  );
  history.start();

  // Consoles' commands the city answers: offers (volunteers grab them) and dispatches (departments respond).
  // Handled as tasks at the command's time, not inside the platform's write.
  const onChange = ({ change, effect }: { change: { op: string; kind: string; data?: unknown }; effect: string }) => {
    if (world.writing || effect !== 'applied' || change.op !== 'upsert' || change.kind !== 'incident_event') return;
    const ev = change.data as { id: string; incident: string; kind: string; data?: { volunteers?: string[]; expires_at?: string } };
    const at = Math.max(sched.now, clock.now());
    if (ev.kind === 'offer' && Array.isArray(ev.data?.volunteers)) {
      // v1.1: the offer carries its deadline (commands.ts); one without a readable one is open a minute.
      const expiresAt = Date.parse(ev.data.expires_at ?? '');
      const until = Number.isFinite(expiresAt) ? expiresAt : at + 60_000;
      sched.at(at, () => volunteers.onOffer(ev.id, ev.incident, ev.data!.volunteers!, until));
    } else if (ev.kind === 'dispatch') {
      // An incident of an earlier hour carries on with that hour's plan for it.
      const owner = models.find((m) => m.knows(ev.incident)) ?? incidents;
      sched.at(at, () => owner.onDispatched(ev.incident));
    }
  };
  platform.on('change', onChange);

  const tickMs = options.tickMs ?? 250;
  let stopped = false;
  let handle: unknown = null;
  const tick = () => {
    if (stopped) return;
    const t = clock.now();
    sched.runUntil(t);
    const positions = volunteers.collectPositions(t);
    if (positions.length) platform.publishPositions(positions);
  };
  const beat = () => {
    tick();
    if (!stopped) handle = clock.setTimeout(beat, tickMs);
  };
  handle = clock.setTimeout(beat, tickMs);

  return {
    tick,
    volunteers,
    historyLoaded: history.done,
    stop() {
      stopped = true;
      if (handle !== null) clock.clearTimeout(handle);
      history.stop();
      platform.off('change', onChange);
    },
    stats() {
      const [lo, hi] = options.reportEveryS ?? (options.load ? [6, 14] : [2, 10]);
      return {
        ...structuredClone(ctx.stats),
        now: sched.now,
        historyFrom,
        historyComplete: history.complete,
        volunteersOnDuty: volunteers.onDutyCount,
        positionsPerSecond: Math.round(volunteers.onDutyCount / ((lo + hi) / 2)),
      };
    },
  };
}
