import { z } from 'zod';
import { OfferWave, WaveState } from '../api/contract.ts';
import type { Db } from './open.ts';

/**
 * One run of 派单 waves as state.db keeps it (migration 0003): what the run
 * was asked (n, expiry, radii, waves) and what it did so far. The host's
 * wave runner is the only writer; a restart reads the running rows back.
 */
export interface WaveRun {
  incident: string;
  state: WaveState['state'];
  startedBy: string;
  startedMs: number;
  updatedMs: number;
  n: number;
  expiresInS: number;
  maxWaves: number;
  firstRadiusM: number;
  maxRadiusM: number;
  waves: OfferWave[];
  nextWaveMs: number | null;
  acceptedBy: string | null;
  reason: string | null;
}

/** The wave runs' statements; exported so their query plans are tested as run. */
export const OFFER_WAVE_SQL = {
  get: 'SELECT * FROM offer_wave WHERE incident = ?',
  put: `INSERT OR REPLACE INTO offer_wave
    (incident, state, started_by, started_ms, updated_ms, n, expires_in_s, max_waves, first_radius_m, max_radius_m, waves, next_wave_ms, accepted_by, reason)
    VALUES (@incident, @state, @started_by, @started_ms, @updated_ms, @n, @expires_in_s, @max_waves, @first_radius_m, @max_radius_m, @waves, @next_wave_ms, @accepted_by, @reason)`,
  running: "SELECT * FROM offer_wave WHERE state = 'running' ORDER BY updated_ms",
  /** Running runs, and those finished since a moment (a handful of rows: a console has few runs at a time). */
  recent:
    "SELECT * FROM offer_wave WHERE state = 'running' OR (state IN ('accepted', 'exhausted', 'stopped', 'failed') AND updated_ms >= ?) ORDER BY started_ms DESC LIMIT ?",
} as const;

interface WaveRow {
  incident: string;
  state: string;
  started_by: string;
  started_ms: number;
  updated_ms: number;
  n: number;
  expires_in_s: number;
  max_waves: number;
  first_radius_m: number;
  max_radius_m: number;
  waves: string;
  next_wave_ms: number | null;
  accepted_by: string | null;
  reason: string | null;
}

const Waves = z.array(OfferWave);

/** A run row that does not read back as one (a hand-edited or damaged state.db): never resumed as if valid. */
export class StoredWaveRunError extends Error {
  constructor(
    readonly incident: string,
    reason: string,
  ) {
    super(`state.db holds an invalid offer wave run for ${incident} (${reason})`);
    this.name = 'StoredWaveRunError';
  }
}

export class OfferWaveStore {
  constructor(private readonly db: Db) {}

  get(incident: string): WaveRun | null {
    const row = this.db.prepare(OFFER_WAVE_SQL.get).get(incident) as WaveRow | undefined;
    return row ? fromRow(row) : null;
  }

  put(run: WaveRun): void {
    this.db.prepare(OFFER_WAVE_SQL.put).run({
      incident: run.incident,
      state: run.state,
      started_by: run.startedBy,
      started_ms: run.startedMs,
      updated_ms: run.updatedMs,
      n: run.n,
      expires_in_s: run.expiresInS,
      max_waves: run.maxWaves,
      first_radius_m: run.firstRadiusM,
      max_radius_m: run.maxRadiusM,
      waves: JSON.stringify(run.waves),
      next_wave_ms: run.nextWaveMs,
      accepted_by: run.acceptedBy,
      reason: run.reason,
    });
  }

  /** The runs still going, oldest change first. A row that does not read back is returned as an error, not skipped. */
  running(): (WaveRun | StoredWaveRunError)[] {
    return (this.db.prepare(OFFER_WAVE_SQL.running).all() as WaveRow[]).map((row) => {
      try {
        return fromRow(row);
      } catch (error) {
        if (error instanceof StoredWaveRunError) return error;
        throw error;
      }
    });
  }

  /** Running runs and those finished since `sinceMs`, newest started first; unreadable rows left out (running() reports them). */
  recent(sinceMs: number, limit = 100): WaveRun[] {
    return (this.db.prepare(OFFER_WAVE_SQL.recent).all(sinceMs, limit) as WaveRow[]).flatMap((row) => {
      try {
        return [fromRow(row)];
      } catch (error) {
        if (error instanceof StoredWaveRunError) return [];
        throw error;
      }
    });
  }
}

const STATES = WaveState.shape.state;

function fromRow(r: WaveRow): WaveRun {
  const state = STATES.safeParse(r.state);
  if (!state.success) throw new StoredWaveRunError(r.incident, `state ${JSON.stringify(r.state)}`);
  let json: unknown;
  try {
    json = JSON.parse(r.waves);
  } catch {
    throw new StoredWaveRunError(r.incident, 'waves are not JSON');
  }
  const waves = Waves.safeParse(json);
  if (!waves.success) throw new StoredWaveRunError(r.incident, `waves: ${waves.error.issues[0]?.message ?? 'not waves'}`);
  return {
    incident: r.incident,
    state: state.data,
    startedBy: r.started_by,
    startedMs: r.started_ms,
    updatedMs: r.updated_ms,
    n: r.n,
    expiresInS: r.expires_in_s,
    maxWaves: r.max_waves,
    firstRadiusM: r.first_radius_m,
    maxRadiusM: r.max_radius_m,
    waves: waves.data,
    nextWaveMs: r.next_wave_ms,
    acceptedBy: r.accepted_by,
    reason: r.reason,
  };
}
