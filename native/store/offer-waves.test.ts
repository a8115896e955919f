import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { planOf } from '../../tests/support/query-plan.ts';
import { migrate } from './migrate.ts';
import { stateMigrations } from './migrations/state/index.ts';
import { OFFER_WAVE_SQL, OfferWaveStore, StoredWaveRunError, type WaveRun } from './offer-waves.ts';

const run: WaveRun = {
  incident: 'inc-1',
  state: 'running',
  startedBy: 'op-1',
  startedMs: 1_000,
  updatedMs: 1_000,
  n: 3,
  expiresInS: 60,
  maxWaves: 3,
  firstRadiusM: 500,
  maxRadiusM: 3000,
  waves: [{ wave: 1, radiusM: 500, volunteers: ['vol-1'], sentAt: 1_000, expiresAt: 61_000, command: 'cmd-1' }],
  nextWaveMs: 61_000,
  acceptedBy: null,
  reason: null,
};

describe('state 0003: offer wave runs', () => {
  it('keeps a run per incident as written; a new run replaces a finished one', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations);
    const runs = new OfferWaveStore(db);
    runs.put(run);
    expect(runs.get('inc-1')).toEqual(run);
    runs.put({ ...run, incident: 'inc-2', state: 'exhausted', nextWaveMs: null, updatedMs: 5_000 });
    expect(runs.running()).toEqual([run]);
    expect(
      runs
        .recent(4_000)
        .map((r) => r.incident)
        .sort(),
    ).toEqual(['inc-1', 'inc-2']);
    expect(runs.recent(6_000).map((r) => r.incident)).toEqual(['inc-1']);
    runs.put({ ...run, startedMs: 9_000 });
    expect(runs.get('inc-1')?.startedMs).toBe(9_000);
  });

  it('a damaged row is refused by name, never resumed', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations);
    const runs = new OfferWaveStore(db);
    runs.put(run);
    db.prepare('UPDATE offer_wave SET waves = \'[{"wave": "one"}]\'').run();
    expect(runs.running()[0]).toBeInstanceOf(StoredWaveRunError);
    expect(runs.recent(0)).toEqual([]);
    expect(() => runs.get('inc-1')).toThrow(/invalid offer wave run for inc-1/);
  });

  it('finds the running runs (a restart) by the state index', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations);
    expect(planOf(db, OFFER_WAVE_SQL.running)).toMatch(/SEARCH offer_wave USING INDEX offer_wave_by_state \(state=\?\)/);
    expect(planOf(db, OFFER_WAVE_SQL.get, 'inc-1')).toMatch(/SEARCH offer_wave USING PRIMARY KEY \(incident=\?\)/);
  });
});
