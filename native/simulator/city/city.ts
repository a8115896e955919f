import { realTimers, type Timers } from '../../common/timers.ts';
import { LINK_PATH } from '../server.ts';
import { seededRandom } from '../time.ts';
import type { Random } from '../types.ts';
import { ARCHIVE_SETTLE_MS, ArchiveDelivery, archiveDays, type KeptArchive } from './archive-delivery.ts';
import { Calls } from './calls.ts';
import { Cameras } from './cameras.ts';
import { buildAddressBase } from './address-base.ts';
import { emptyStats, Ids, type CityContext, type CityStats, type KeptIds } from './context.ts';
import { localMidnight } from './day-curve.ts';
import { DEPARTMENTS, departmentStation } from './departments.ts';
import { DEFAULT_MAP_FILE, DistrictMap } from './district-map.ts';
import { Incidents, type KeptPlan } from './incidents.ts';
import { History } from './history.ts';
import { Places } from './place.ts';
import { Reports } from './reports.ts';
import { Roads } from './roads.ts';
import { planScenario, type Scenario } from './scenario.ts';
import { Scheduler } from './scheduler.ts';
import { Volunteers, type KeptTask, type VolunteerAnswers } from './volunteers.ts';
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
  /**
   * A city kept from an earlier run (simulator/kept/), whose entities the
   * platform already holds (restored with its log): the city goes on from
   * it instead of building a new day. See `startCity`.
   */
  kept?: KeptCity;
  /**
   * Days of archive before today (archive.ts: calls and closed incidents, a
   * baseline for the early warnings), delivered after today's history
   * (archive-delivery.ts); the newest, yesterday, in place of yesterday's
   * calls. Default 0; only with the history in the background (no `historyHours`).
   * A kept city goes on with the archive it was made with.
   */
  archiveDays?: number;
  /** Scenario switches planted in the live city (scenario.ts): their calls and incidents from the live hour on. */
  scenarios?: Scenario[];
}

/**
 * What a city keeps between runs of the demo beside the platform's state
 * (which holds every entity): where its sequences and figures stand, the
 * plans of its open incidents, the history still to make, blocked roads.
 */
export interface KeptCity {
  /** The simulated time it was kept at (epoch ms). */
  time: number;
  historyFrom: number;
  ids: KeptIds;
  stats: CityStats;
  plans: KeptPlan[];
  history: { yesterday: [number, number] | null; today: [number, number][] };
  blockedRoads: [string, number][];
  /** Tasks volunteers on duty had taken. */
  tasks: KeptTask[];
  /** The archive's days and how far they are delivered (null: none). */
  archive: KeptArchive | null;
}

export interface CityFigures extends CityStats {
  /** Simulated time the city has reached (epoch ms). */
  now: number;
  /** Where today's history starts (local midnight, or the start of the city's first hour if earlier). */
  historyFrom: number;
  /** Whether all of it (and yesterday's calls) has been handed to the platform. */
  historyComplete: boolean;
  volunteersOnDuty: number;
  /** The archive's days, and how many are on the platform. */
  archive: { days: number; delivered: number };
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
  /** Resolves once the archive's days are on the platform too. */
  readonly archiveLoaded: Promise<void>;
  /** @internal for tests: the volunteers' model. */
  readonly volunteers: Volunteers;
  /** What to keep of the city now, beside the platform's state (simulator/kept/). */
  keep(): KeptCity;
}

export function startCity(platform: CityPlatform, options: CityOptions = {}): City {
  const clock = options.clock ?? realTimers;
  const random = options.random ?? seededRandom(options.seed ?? 1);
  const tz = options.tz ?? 'Asia/Shanghai';
  const httpBase = platform.url.replace(/^ws/, 'http').slice(0, -LINK_PATH.length);
  const now = clock.now();
  const kept = options.kept ?? null;
  const background = options.historyHours === undefined;
  // A kept city is live from now: its day so far is on the platform already.
  const liveFrom = kept ? now : background ? now - LIVE_HOUR_MS : now - options.historyHours! * 3_600_000;
  const midnight = localMidnight(now, tz);
  const historyFrom = kept ? kept.historyFrom : background ? Math.min(midnight, liveFrom) : liveFrom;

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

  if (kept) {
    // Nothing to buffer: the platform holds the kept city, and whatever the city writes from now on is a change
    // that consoles resuming from their cursor replay (a bulk load would send them all back for a snapshot).
    world.goLive();
    ctx.ids.restore(kept.ids);
    Object.assign(ctx.stats, structuredClone(kept.stats));
    // The standing city is rebuilt from the seed with the same ids; what moved (points, camera status) is the kept one.
    for (const d of DEPARTMENTS) {
      if (world.get('department', d.id)) continue;
      const [lat, lng] = departmentStation(d, map, addressBase.locator.communities);
      world.put('department', { ...d, lat, lng });
    }
    for (const place of addressBase.places) if (!world.get('place', place.id)) world.put('place', { ...place });
    volunteers.adoptKept();
    cameras.adoptKept();
    roads.restoreBlocked(kept.blockedRoads);
  } else {
    // The standing city and its last hour (into the buffer), then live.
    for (const d of DEPARTMENTS) {
      const [lat, lng] = departmentStation(d, map, addressBase.locator.communities);
      world.put('department', { ...d, lat, lng });
    }
    for (const place of addressBase.places) world.put('place', { ...place });
    volunteers.publishRegistry();
    cameras.publish();
  }
  roads.start();
  const calls = new Calls(ctx, incidents);
  calls.start();
  // Planted scenarios: what falls in the live hour is made with it, what comes later when its time comes.
  // A cluster due a minute from now has its earlier incidents in the live hour (planScenario's `earliest`).
  for (const scenario of options.scenarios ?? []) {
    for (const planted of planScenario(scenario, options.seed ?? 1, { tz, rate: ctx.rate, earliest: liveFrom + 60_000 })) {
      if (planted.at >= liveFrom) sched.at(planted.at, () => calls.receivePlanted(planted));
    }
  }
  new Reports(ctx, incidents, volunteers, cameras).start();
  cameras.startFlapping();
  // The kept day's open incidents: those whose plan was kept go on with it (incidents.ts takeOver); the
  // others (a console's, or an earlier hour's whose model was not kept) wait for a console, whose dispatch
  // gives them to the departments as any console's incident (onChange below) and whose offer rings volunteers.
  if (kept) incidents.takeOver(kept.plans);
  sched.runUntil(now);
  world.goLive();
  volunteers.startDuty();
  if (kept) volunteers.resumeTasks(kept.tasks);
  // Offers still open when the city was kept ring again (or run out at once if their time is up).
  if (kept) resumeOffers(platform, now, (offer) => volunteers.onOffer(offer.id, offer.incident, offer.volunteers, offer.until));

  // The rest of today, and yesterday's calls for the hourly chart's "yesterday" line, in the background.
  // A kept city: what its earlier run had not made yet, and the time it was away (newest first), made the
  // same way; with `historyHours` (tests) that time stays empty.
  const models = [incidents];
  const archivePlan: KeptArchive | null = kept
    ? kept.archive
    : background && (options.archiveDays ?? 0) > 0
      ? { days: archiveDays(midnight, options.archiveDays!, tz), delivered: [], partial: null }
      : null;
  const archive = archivePlan
    ? new ArchiveDelivery({ seed: options.seed ?? 1, tz, rate: ctx.rate }, platform, guard, archivePlan)
    : undefined;
  const history = new History(
    { clock, main: ctx, guard, volunteers, cameras, roads, models, seed: options.seed ?? 1, ...(archive ? { archive } : {}) },
    kept
      ? {
          today: [...(background && kept.time < now ? [[kept.time, now] as [number, number]] : []), ...kept.history.today],
          yesterday: kept.history.yesterday,
          // Dice of their own (by the minute this run began), not those of the first run's earlier hours.
          firstHour: Math.floor(now / 60_000),
          // Its console draws its first page from its cache: what is left waits until that page is live.
          settleMs: ARCHIVE_SETTLE_MS,
        }
      : {
          today: background && midnight < liveFrom ? [[midnight, liveFrom]] : [],
          // The archive's newest day is yesterday, incidents and all.
          yesterday: background && !archive ? [midnight - 86_400_000, Math.min(midnight, liveFrom)] : null,
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
    historyLoaded: history.dayDone,
    archiveLoaded: history.done,
    stop() {
      stopped = true;
      if (handle !== null) clock.clearTimeout(handle);
      history.stop();
      platform.off('change', onChange);
    },
    keep() {
      return {
        time: sched.now,
        historyFrom,
        ids: ctx.ids.keep(),
        stats: structuredClone(ctx.stats),
        plans: models.flatMap((m) => m.keepPlans()),
        history: history.remaining(),
        blockedRoads: roads.keepBlocked(),
        tasks: volunteers.keepTasks(),
        archive: archive?.keep() ?? null,
      };
    },
    stats() {
      const [lo, hi] = options.reportEveryS ?? (options.load ? [6, 14] : [2, 10]);
      return {
        ...structuredClone(ctx.stats),
        now: sched.now,
        historyFrom,
        historyComplete: history.complete,
        volunteersOnDuty: volunteers.onDutyCount,
        archive: { days: archive?.plan.days.length ?? 0, delivered: archive?.keep().delivered.length ?? 0 },
        positionsPerSecond: Math.round(volunteers.onDutyCount / ((lo + hi) / 2)),
      };
    },
  };
}

/**
 * Offers a kept city had open: an `offer` event that no `accept` or
 * `expire` has ended yet (spec §7 v1.1), with its volunteers and deadline.
 */
function resumeOffers(
  platform: CityPlatform,
  now: number,
  ring: (offer: { id: string; incident: string; volunteers: string[]; until: number }) => void,
): void {
  const offers = new Map<string, { id: string; incident: string; volunteers: string[]; until: number }>();
  const ended = new Set<string>();
  for (const { data } of platform.log.snapshotItems(['incident_event'])) {
    const ev = data as {
      id: string;
      incident: string;
      kind: string;
      data?: { volunteers?: unknown; expires_at?: unknown; offer?: unknown };
    };
    if (ev.kind === 'offer' && Array.isArray(ev.data?.volunteers)) {
      const until = Date.parse(String(ev.data.expires_at ?? ''));
      offers.set(ev.id, {
        id: ev.id,
        incident: ev.incident,
        volunteers: ev.data.volunteers as string[],
        until: Number.isFinite(until) ? until : now,
      });
    } else if ((ev.kind === 'accept' || ev.kind === 'expire') && typeof ev.data?.offer === 'string') ended.add(ev.data.offer);
  }
  for (const offer of offers.values()) if (!ended.has(offer.id)) ring(offer);
}
