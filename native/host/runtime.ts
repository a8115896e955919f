import { hostname } from 'node:os';
import type { CacheSummary, MapBaseConfig, Shell } from '../api/index.ts';
import { PlatformLink } from '../link/platform-link.ts';
import { openDataDir, type DataDir } from '../store/data-dir.ts';
import type { DataDirLock } from '../store/lock.ts';
import type { HostChannel, PeerInfo } from './channel.ts';
import { ConsoleHost } from './console-host.ts';
import { createLogger, type Logger } from '../common/logger.ts';
import { egretClock } from '../common/clock.ts';
import type { Timers } from '../common/timers.ts';
import { NoPlatform, type LinkService } from '../link/link-service.ts';
import { sessionHandlers } from './handlers/session.ts';
import { publishLinkEvents } from './live-topics.ts';
import { boardHandlers } from './handlers/board.ts';
import { commandHandlers } from './handlers/commands.ts';
import { detailHandlers } from './handlers/incident-detail.ts';
import { auditHandlers } from './handlers/audit.ts';
import { placeHandlers } from './handlers/places.ts';
import { mapBaseHandlers } from './handlers/map-base.ts';
import { cameraHandlers } from './handlers/cameras.ts';
import { wallHandlers } from './handlers/wall.ts';
import { workspaceHandlers } from './handlers/workspace.ts';
import { operatorDesk } from './workspace/index.ts';
import { cameraWall } from './wall/index.ts';
import { cameraDirectoryHandlers } from './handlers/camera-directory.ts';
import { trafficCameraHandlers } from './handlers/traffic-cameras.ts';
import { volunteerPanelHandlers } from './handlers/volunteer-panel.ts';
import { videoReportHandlers } from './handlers/video-report.ts';
import { PositionBook } from '../geo/position-book.ts';
import { CameraFlapping } from './map/camera-flapping.ts';
import { LivePositions } from './map/live-positions.ts';
import { followAppliedForMap } from './map/map-feed.ts';
import { mapHandlers } from './map/map-handlers.ts';
import { trackMinutesOf } from './map/track-window.ts';
import { openOffers, volunteersVerified } from '../store/queries/map.ts';
import { seesPhones } from '../api/rules.ts';
import { newP1Among, newP1Ids } from '../store/queries/new-p1.ts';
import { NewP1Alarm } from './new-p1-alarm.ts';
import { ENTITY_KINDS } from '../protocol/kinds.ts';
import { entityCheck } from '../protocol/entities.ts';
import { offerWaves } from './offer-waves/index.ts';
import { nearestThroughMethod, type NearestRow } from './offer-waves/nearest.ts';
import { earlyWarnings, ThreadedWarningEngine } from './warnings/index.ts';
import { warningHandlers } from './handlers/warnings.ts';

export interface ConsoleRuntimeOptions {
  shell: Shell;
  dataDir: string;
  /** The data dir already opened (openConsoleData); else it is opened here. The runtime closes it. */
  data?: DataDir;
  version: string;
  workstation?: string;
  logger?: Logger;
  /** The platform to link to; none means the console says so and works from its cache. */
  platform?: { url: string; token?: string | null; ca?: Buffer | null; embedded?: boolean; defaultToken?: string } | null;
  /** better-sqlite3 built for Electron (set by the utility-process entry). */
  nativeBinding?: string;
  /** The bundled cache writer thread (set by the utility-process entry). */
  writerScript?: string;
  /** The bundled early-warning thread (the utility-process entry, the CLI bundle); else the sources. */
  warningsScript?: string;
  /** What "now" is for today's figures and deadlines (default: the process's clock; tests may start it at a chosen time). */
  clock?: Timers;
  /**
   * How many minutes of each volunteer's track the host keeps (default 30,
   * or $EGRET_TRACK_MINUTES: bench:map's memory run shortens it to 2).
   */
  trackMinutes?: number;
  /** The base map windows draw (--map-tiles/--map-datum, host/map-base.ts); default the offline districts. */
  mapBase?: MapBaseConfig;
}

export interface ConsoleRuntime {
  host: ConsoleHost;
  data: DataDir;
  link: LinkService;
  connect(channel: HostChannel, peer: PeerInfo): void;
  close(): Promise<void>;
}

/**
 * Compiles each entity kind's check (protocol/entities.ts), one kind per turn
 * of the event loop, while the link connects: the first snapshot checks
 * every kind, and a check compiles on its first use (tens of ms a kind) —
 * in the middle of taking the snapshot, where it held the link back. The
 * embedded demo takes about a second to build its city meanwhile, and a
 * remote platform a round trip to answer hello. Returns the stop.
 */
function compileEntityChecksMeanwhile(): () => void {
  const kinds = [...ENTITY_KINDS];
  let handle: NodeJS.Immediate | null = null;
  const next = () => {
    const kind = kinds.shift();
    if (kind === undefined) return;
    entityCheck(kind);
    handle = setImmediate(next);
  };
  handle = setImmediate(next);
  return () => {
    if (handle) clearImmediate(handle);
    kinds.length = 0;
  };
}

/** Opens the data dir as the console's core does: the writer lock (unless taken already), both databases, the cache writer thread. */
export function openConsoleData(
  options: Pick<ConsoleRuntimeOptions, 'shell' | 'dataDir' | 'nativeBinding' | 'writerScript'> & { lock?: DataDirLock },
): Promise<DataDir> {
  return openDataDir(options.dataDir, {
    command: `egret ${options.shell} shell`,
    nativeBinding: options.nativeBinding,
    writerScript: options.writerScript,
    ...(options.lock ? { lock: options.lock } : {}),
  });
}

/**
 * Assembles the console's core for one data dir: the stores (taking the
 * writer lock), the link, the host and its handlers. Both shells (Electron's
 * utility process, the browser shell's Node process) start exactly this.
 */
export async function createConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? egretClock();
  const now = () => clock.now();
  const workstation = options.workstation ?? hostname();
  const data = options.data ?? (await openConsoleData(options));
  const platformLink = options.platform
    ? new PlatformLink({
        data,
        url: options.platform.url,
        token: options.platform.token ?? null,
        ...(options.platform.defaultToken ? { defaultToken: options.platform.defaultToken } : {}),
        ca: options.platform.ca ?? undefined,
        consoleId: workstation,
        logger,
      })
    : null;
  const link: LinkService = platformLink ?? new NoPlatform();
  const platform = { url: options.platform?.url ?? null, embedded: options.platform?.embedded ?? false };

  const flapping = new CameraFlapping(now);
  const positions: LivePositions = new LivePositions({
    book: new PositionBook({ trackMs: trackMinutesOf(options.trackMinutes, process.env) * 60_000 }),
    facts: { verified: (ids) => volunteersVerified(data.cache.db, ids), openOffers: (at) => openOffers(data.cache.db, at) },
    publish: (update) => host.publish('positions.packed', update),
    timers: clock,
    now,
  });
  // Workspaces and the shared selection (issue 13): the signed-in operator's, ended by their sign-out.
  const desk = operatorDesk({
    data,
    timers: clock,
    logger,
    signedIn: () => {
      const operator = link.operator();
      return operator ? { operator: operator.id, role: operator.role } : null;
    },
    publishWorkspace: (live) => host.publish('workspace', live),
    publishSelection: (selection) => host.publish('selection', selection),
  });
  const session = sessionHandlers({
    shell: options.shell,
    version: options.version,
    workstation,
    platform,
    link,
    timers: clock,
    signingOut: () => desk.signedOut(),
  });
  const summary = (): CacheSummary => ({
    cursor: data.cache.cursor(),
    counts: data.cache.counts(),
    outbox: data.state.pendingCount(),
    quarantine: data.cache.quarantineCount(),
    rebuilt: data.rebuilt,
  });
  const alarm = new NewP1Alarm(
    {
      among: (ids) => newP1Among(data.cache.db, ids, now(), seesPhones(link.operator()?.role)),
      all: () => newP1Ids(data.cache.db),
    },
    (events) => host.publish('incidents.alarm', events),
    now,
  );
  const map = mapHandlers({ data, live: positions, flapping, now });
  // 派单 waves run here, in the host of the console that started them (issue 11).
  const waves = offerWaves({
    data,
    link,
    workstation,
    timers: clock,
    logger,
    nearest: nearestThroughMethod((params) => map['volunteers.nearest'](params as never, { role: null, peer: { label: 'offer waves' } }) as readonly NearestRow[]),
    publish: (states) => host.publish('offers.waves', states),
  });
  // The camera wall (issue 12): per operator in state.db; tours step on the host's clock.
  const wall = cameraWall({
    data,
    timers: clock,
    logger,
    signedIn: () => link.operator()?.id ?? null,
    publish: (state) => host.publish('wall.state', state),
    publishCollections: (collections) => host.publish('wall.collections', collections),
  });
  // Early warning (issue 14): computed on a thread of its own, started at the first run.
  const warnings = earlyWarnings({
    data,
    link,
    workstation,
    timers: clock,
    logger,
    engine: () =>
      ThreadedWarningEngine.start({
        dir: data.dir,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        ...(options.warningsScript ? { script: options.warningsScript } : {}),
      }),
    role: () => link.operator()?.role ?? null,
    publish: (state) => host.publish('warnings', state),
  });
  const host: ConsoleHost = new ConsoleHost({
    role: () => link.operator()?.role ?? null,
    logger,
    handlers: {
      ...session.handlers,
      ...boardHandlers(data, now, () => platformLink?.pageShown()),
      ...commandHandlers({ link, state: data.state, cache: data.cache.db, workstation }),
      ...detailHandlers(data, now),
      ...map,
      ...waves.handlers,
      ...auditHandlers(data.state, now),
      ...placeHandlers(data, now),
      ...mapBaseHandlers(options.mapBase ?? { tiles: null }),
      ...cameraHandlers(data),
      ...wallHandlers(wall.wall, wall.collections, () => link.operator()?.id ?? null),
      ...workspaceHandlers(desk.workspace, desk.selection),
      ...cameraDirectoryHandlers(data, flapping),
      ...trafficCameraHandlers(data, flapping),
      ...volunteerPanelHandlers(data, positions.book, platform.url, now),
      ...videoReportHandlers({ data, link, workstation, now }),
      ...warningHandlers(warnings),
      'cache.summary': () => summary(),
      'diag.echo': ({ text }): { delivered: number } => {
        host.publish('diag.echo', [{ text, at: new Date(now()).toISOString() }]);
        return { delivered: host.subscriberCount('diag.echo') };
      },
    },
    snapshots: {
      'link.status': () => link.status(),
      'session.info': () => session.info(),
      'incidents.alarm': () => alarm.state(),
      'offers.waves': () => waves.snapshot(),
      'wall.state': () => wall.snapshot(),
      'wall.collections': () => wall.collectionsSnapshot(),
      'workspace': () => desk.workspaceSnapshot(),
      'selection': () => desk.selectionSnapshot(),
      'warnings': () => warnings.snapshot(),
    },
  });
  alarm.baseline();
  // Tours that ran before a restart go on (a step due meanwhile comes now).
  wall.resume();
  // Runs found in state.db go on once the link has brought the cache up to date (or it does not come).
  const stopWaveResume = waves.resumeWhenCaughtUp(link);
  // An acceptance (or a closed incident) ends a run as soon as the cache has it, not at the next wave.
  const stopWaveWatch =
    platformLink?.on('applied', (outcome, via) => {
      if (via === 'snapshot' || outcome.changed.has('incident') || outcome.changed.has('incident_event')) waves.cacheChanged();
    }) ?? (() => {});

  // Computed once the cache has caught up (a first start's snapshot in), then on its changes and every minute.
  const stopWarningsStart = warnings.startWhenCaughtUp(link);
  const stopWarningsWatch = platformLink?.on('applied', (outcome, via) => warnings.applied(outcome, via)) ?? (() => {});

  let wallOperator = link.operator()?.id ?? null;
  const stopStatus = link.onStatus((status) => {
    host.publish('link.status', status);
    host.publish('session.info', session.info());
    // Another operator signed in: windows show their wall and their collections.
    const operator = link.operator()?.id ?? null;
    if (operator !== wallOperator) {
      wallOperator = operator;
      wall.signedInChanged();
      // Signed in as someone else, or refused (unauthorized) without a sign-out: the last operator's desk is not theirs.
      desk.signedOut();
    }
  });
  const stopEvents = platformLink
    ? publishLinkEvents(platformLink, host, positions, alarm, (changed) => followAppliedForMap(data.cache.db, positions, flapping, changed))
    : () => {};
  const stopAudit =
    platformLink?.on('result', (r) =>
      data.state.audit({
        operator: r.operator,
        role: link.operator()?.role ?? null,
        workstation,
        action: r.name,
        target: null,
        result: r.ok ? 'applied' : `failed: ${r.code}`,
        detail: { id: r.id, seq: r.seq, message: r.message },
      }),
    ) ?? (() => {});
  if (data.rebuilt) {
    host.publish('link.notice', [
      { level: 'warn', message: `cache.db was damaged (${data.rebuilt.reason}) and is being rebuilt from the platform`, at: new Date(now()).toISOString() },
    ]);
  }
  platformLink?.start();
  const stopWarming = platformLink ? compileEntityChecksMeanwhile() : () => {};

  return {
    host,
    data,
    link,
    connect: (channel, peer) => host.connect(channel, peer),
    close: async () => {
      stopWarming();
      stopWaveWatch();
      stopWaveResume();
      stopWarningsStart();
      // No new early-warning runs; the changes the link still applies while it closes are still told, so the span
      // the thread keeps (after the link, below) stands for the cache at its final cursor.
      warnings.stopRuns();
      waves.dispose();
      wall.dispose();
      stopStatus();
      stopEvents();
      positions.dispose();
      stopAudit();
      host.closeAll();
      await link.close();
      stopWarningsWatch();
      await warnings.dispose();
      await data.close();
    },
  };
}
