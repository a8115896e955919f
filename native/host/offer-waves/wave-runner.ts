import { ApiError, isOpenStatus, type OfferWave, type WaveSettings, type WaveState } from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import type { OfferWaveStore, WaveRun } from '../../store/offer-waves.ts';

/** What the runner needs to know of an incident, from the cache. */
export interface WaveIncident {
  status: string;
  lat: number | null;
  lng: number | null;
  district: string | null;
  /** Volunteers the incident already has (they took an earlier offer): never offered again. */
  volunteers: readonly string[];
}

export interface WaveRunnerDeps {
  runs: OfferWaveStore;
  settings: () => WaveSettings;
  timers: Timers;
  incident(id: string): WaveIncident | null;
  /** The volunteer among `offered` who took an offer of the incident (its `accept` events, its volunteers); null if none has. */
  acceptedAmong(incident: string, offered: readonly string[]): string | null;
  /** Available, verified volunteers within `radiusM` of a point, nearest first, none of `exclude`, at most `k`. */
  nearest(query: { lat: number; lng: number; k: number; radiusM: number; exclude: readonly string[] }): string[];
  /**
   * Sends `incident.offer` the way every command goes (command-queue.ts:
   * role rules, audit, outbox — offline it waits there); returns the
   * command's id. Throws an ApiError when refused.
   */
  offer(args: { incident: string; volunteers: string[]; expires_in_s: number }): string;
  /** Records an operator action in the audit log. */
  audit(entry: { operator: string | null; action: string; target: string; result: string; detail?: unknown }): void;
  /** Every run the list shows, after any change. */
  publish(states: WaveState[]): void;
  logger?: Logger;
}

export interface WaveStart {
  incident: string;
  n?: number;
  radiusM?: number;
  expiresInS?: number;
  maxWaves?: number;
  maxRadiusM?: number;
}

/** How long a finished run stays in the list. */
const FINISHED_SHOWN_MS = 6 * 3600_000;
/** How long after running out of waves an acceptance (on its way when the last offer expired) still marks the run taken. */
const LATE_ACCEPT_MS = 5 * 60_000;

/**
 * 派单 in waves (issue 11). A run offers an incident to the `n` nearest
 * available, verified volunteers within a radius; when that offer expires
 * with nobody having taken it, the next wave goes to the next nearest within
 * twice the radius (up to `maxRadiusM`), never to anyone offered before.
 * It ends when a volunteer accepts (as the cache learns it from the
 * platform: the platform decides who wins), after `maxWaves` waves, when the
 * operator stops it, or when the incident is no longer open.
 *
 * A wave with nobody in range counts as a wave, says so (no volunteers, no
 * command), and the next one goes at once: there is no offer to wait for.
 *
 * Every step is written to state.db before its timer is set, so a console
 * restarted mid-run picks up where it was (`resume`): a wave that fell due
 * while it was down goes at once, if the incident is still open and nobody
 * took it meanwhile. The clock and timers are injected.
 */
export class WaveRunner {
  private readonly timers = new Map<string, unknown>();
  private disposed = false;

  constructor(private readonly deps: WaveRunnerDeps) {}

  /** Reads the running runs back (after a restart) and sets their timers; a wave already due goes now. */
  resume(): void {
    for (const run of this.deps.runs.running()) {
      if (run instanceof Error) {
        this.deps.logger?.warn('offer waves: a stored run is unreadable and is not resumed', { error: run.message });
        continue;
      }
      // Taken or closed while the console was down: over now. Due meanwhile: the wave goes now.
      if (this.settled(run)) continue;
      if (run.nextWaveMs !== null && run.nextWaveMs <= this.deps.timers.now()) this.advance(run);
      else this.schedule(run);
    }
    this.publish();
  }

  start(params: WaveStart, operator: string): WaveState {
    const settings = this.deps.settings();
    const incident = this.deps.incident(params.incident);
    if (incident === null) throw new ApiError('not_found', `no incident ${params.incident} in the cache`);
    if (!isOpenStatus(incident.status))
      throw new ApiError('conflict', `incident ${params.incident} is ${incident.status}: only an open incident is offered`);
    if (incident.lat === null || incident.lng === null) {
      throw new ApiError('invalid_params', `incident ${params.incident} has no location: nobody can be found near it`);
    }
    const current = this.deps.runs.get(params.incident);
    if (current?.state === 'running')
      throw new ApiError('conflict', `offers of ${params.incident} are already going out (wave ${current.waves.length})`);

    const urban = incident.district !== null && settings.urbanDistricts.includes(incident.district);
    const firstRadiusM = params.radiusM ?? (urban ? settings.urbanRadiusM : settings.otherRadiusM);
    const maxRadiusM = params.maxRadiusM ?? Math.max(settings.maxRadiusM, firstRadiusM);
    if (maxRadiusM < firstRadiusM) {
      throw new ApiError('invalid_params', `the largest radius (${maxRadiusM} m) is smaller than the first (${firstRadiusM} m)`);
    }
    const now = this.deps.timers.now();
    const run: WaveRun = {
      incident: params.incident,
      state: 'running',
      startedBy: operator,
      startedMs: now,
      updatedMs: now,
      n: params.n ?? settings.n,
      expiresInS: params.expiresInS ?? settings.expiresInS,
      maxWaves: params.maxWaves ?? settings.maxWaves,
      firstRadiusM,
      maxRadiusM,
      waves: [],
      nextWaveMs: now,
      acceptedBy: null,
      reason: null,
    };
    this.deps.runs.put(run);
    this.deps.audit({
      operator,
      action: 'offers.start',
      target: run.incident,
      result: 'started',
      detail: { n: run.n, radiusM: firstRadiusM, maxRadiusM, expiresInS: run.expiresInS, maxWaves: run.maxWaves },
    });
    const after = this.advance(run);
    this.publish();
    return toState(after);
  }

  /** Stops a running run: no further wave goes (offers already out stay open until they expire on the platform). */
  stop(incident: string, operator: string): WaveState {
    const run = this.deps.runs.get(incident);
    if (run === null) throw new ApiError('not_found', `no offer waves for ${incident}`);
    if (run.state !== 'running') return toState(run);
    const stopped = this.end(run, 'stopped', { reason: 'operator' });
    this.deps.audit({ operator, action: 'offers.stop', target: incident, result: 'stopped', detail: { wave: run.waves.length } });
    this.publish();
    return toState(stopped);
  }

  /** Running runs and those finished in the last hours, newest first. */
  list(): WaveState[] {
    return this.deps.runs.recent(this.deps.timers.now() - FINISHED_SHOWN_MS).map(toState);
  }

  /**
   * The cache changed (incidents or their events): a running run whose offer
   * was taken, or whose incident closed, ends now rather than at its next
   * wave. A run that ran out of waves in the last minutes is still shown
   * taken when the platform's acceptance arrives after the console's
   * deadline (the platform decides who wins; an answer may be on its way
   * when the offer expires).
   * Runs are few: each is looked at, whichever incident changed.
   */
  cacheChanged(): void {
    let changed = false;
    for (const run of this.deps.runs.recent(this.deps.timers.now() - FINISHED_SHOWN_MS)) {
      if (run.state === 'running') {
        if (this.settled(run)) changed = true;
      } else if (run.state === 'exhausted' && run.updatedMs >= this.deps.timers.now() - LATE_ACCEPT_MS) {
        const taker = this.deps.acceptedAmong(run.incident, offeredIn(run));
        if (taker !== null) {
          this.deps.runs.put({ ...run, state: 'accepted', acceptedBy: taker, updatedMs: this.deps.timers.now() });
          changed = true;
        }
      }
    }
    if (changed) this.publish();
  }

  dispose(): void {
    this.disposed = true;
    for (const handle of this.timers.values()) this.deps.timers.clearTimeout(handle);
    this.timers.clear();
  }

  // ── Steps ────────────────────────────────────────────────────────────────

  private schedule(run: WaveRun): void {
    this.clearTimer(run.incident);
    if (this.disposed || run.state !== 'running' || run.nextWaveMs === null) return;
    const wait = Math.max(0, run.nextWaveMs - this.deps.timers.now());
    this.timers.set(
      run.incident,
      this.deps.timers.setTimeout(() => {
        this.timers.delete(run.incident);
        this.due(run.incident);
      }, wait),
    );
  }

  private due(incident: string): void {
    if (this.disposed) return;
    // state.db is the truth: the run may have been stopped or replaced since the timer was set.
    const run = this.deps.runs.get(incident);
    if (run?.state !== 'running') return;
    this.advance(run);
    this.publish();
  }

  /** Ends the run if its offer was taken or its incident closed; the ended run, else null. */
  private settled(run: WaveRun): WaveRun | null {
    const incident = this.deps.incident(run.incident);
    const offered = offeredIn(run);
    const taker = offered.length ? this.deps.acceptedAmong(run.incident, offered) : null;
    if (taker !== null) return this.end(run, 'accepted', { acceptedBy: taker });
    if (incident === null) return this.end(run, 'stopped', { reason: 'incident_gone' });
    if (!isOpenStatus(incident.status)) return this.end(run, 'stopped', { reason: `incident_${incident.status}` });
    return null;
  }

  /** The run's next step: ended (taken, closed, out of waves) or the next wave sent. Empty waves follow one another at once. */
  private advance(start: WaveRun): WaveRun {
    let run = start;
    for (;;) {
      const ended = this.settled(run);
      if (ended) return ended;
      if (run.waves.length >= run.maxWaves) return this.end(run, 'exhausted', {});
      run = this.sendWave(run);
      const last = run.waves.at(-1);
      if (run.state !== 'running' || !last || last.volunteers.length > 0) return run;
    }
  }

  private sendWave(run: WaveRun): WaveRun {
    const incident = this.deps.incident(run.incident)!;
    const now = this.deps.timers.now();
    const previous = run.waves.at(-1);
    const radiusM = previous ? Math.min(previous.radiusM * 2, run.maxRadiusM) : run.firstRadiusM;
    const exclude = [...new Set([...offeredIn(run), ...incident.volunteers])];
    const volunteers = this.deps.nearest({ lat: incident.lat!, lng: incident.lng!, k: run.n, radiusM, exclude }).slice(0, run.n);
    const wave: OfferWave = { wave: run.waves.length + 1, radiusM, volunteers, sentAt: now, expiresAt: now, command: null };
    if (volunteers.length > 0) {
      try {
        wave.command = this.deps.offer({ incident: run.incident, volunteers, expires_in_s: run.expiresInS });
      } catch (error) {
        const reason = error instanceof ApiError ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
        return this.end({ ...run, waves: [...run.waves, { ...wave, volunteers: [] }] }, 'failed', { reason });
      }
      wave.expiresAt = now + run.expiresInS * 1000;
    }
    const next: WaveRun = { ...run, waves: [...run.waves, wave], nextWaveMs: wave.expiresAt, updatedMs: now };
    this.deps.runs.put(next);
    this.schedule(next);
    return next;
  }

  private end(run: WaveRun, state: Exclude<WaveRun['state'], 'running'>, how: { acceptedBy?: string; reason?: string }): WaveRun {
    this.clearTimer(run.incident);
    const ended: WaveRun = {
      ...run,
      state,
      nextWaveMs: null,
      acceptedBy: how.acceptedBy ?? null,
      reason: how.reason ?? null,
      updatedMs: this.deps.timers.now(),
    };
    this.deps.runs.put(ended);
    return ended;
  }

  private clearTimer(incident: string): void {
    const handle = this.timers.get(incident);
    if (handle !== undefined) this.deps.timers.clearTimeout(handle);
    this.timers.delete(incident);
  }

  private publish(): void {
    this.deps.publish(this.list());
  }
}

function offeredIn(run: WaveRun): string[] {
  return run.waves.flatMap((w) => w.volunteers);
}

/** A run as windows see it. */
export function toState(run: WaveRun): WaveState {
  const last = run.waves.at(-1);
  return {
    incident: run.incident,
    wave: run.waves.length,
    maxWaves: run.maxWaves,
    radiusM: last?.radiusM ?? run.firstRadiusM,
    volunteers: last ? [...last.volunteers] : [],
    offered: offeredIn(run),
    expiresAt: last?.expiresAt ?? run.startedMs,
    // The last wave's expiry is checked too (taken, or exhausted), but no wave follows it.
    nextWaveAt: run.state === 'running' && run.waves.length < run.maxWaves ? run.nextWaveMs : null,
    state: run.state,
    acceptedBy: run.acceptedBy,
    startedBy: run.startedBy,
    waves: run.waves,
    reason: run.reason,
  };
}
