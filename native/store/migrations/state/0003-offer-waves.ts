import type { Migration } from '../../migrate.ts';

/**
 * 派单 waves (issue 11): an offer to the nearest volunteers that widens by
 * itself — wave after wave, each to volunteers not offered before — until
 * one accepts, the waves run out or the operator stops it. The waves run in
 * this console's host, so they are kept here and not in the platform's copy:
 * a console restarted mid-run reads its running rows back and sends a wave
 * that fell due while it was down at once.
 */
export const migration: Migration = {
  version: 3,
  name: 'offer-waves',
  up(db) {
    db.exec(`
      -- One run of waves per incident (a new start replaces a finished run).
      CREATE TABLE offer_wave (
        incident TEXT PRIMARY KEY,
        state TEXT NOT NULL,            -- running | accepted | exhausted | stopped | failed
        started_by TEXT NOT NULL,       -- the operator's id
        started_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        n INTEGER NOT NULL,
        expires_in_s INTEGER NOT NULL,
        max_waves INTEGER NOT NULL,
        first_radius_m REAL NOT NULL,
        max_radius_m REAL NOT NULL,
        waves TEXT NOT NULL,            -- JSON: the waves sent so far, oldest first
        next_wave_ms INTEGER,           -- when the next wave goes; NULL when none will
        accepted_by TEXT,
        reason TEXT                     -- why it ended when not by acceptance or exhaustion
      ) WITHOUT ROWID;
      -- Restart: the running rows; the list: the newest first.
      CREATE INDEX offer_wave_by_state ON offer_wave (state, updated_ms);
    `);
  },
};
