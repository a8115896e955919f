import type { Migration } from '../../migrate.ts';

/**
 * Early warning (issue 14): the warnings this console computed, so a
 * restart keeps their keys (a finding overlapping a kept warning takes its
 * key, native/warning assignKeys) and how the duty chief handled them. The
 * warning is the contract's `Warning` as JSON text, checked when read back
 * (store/warning-state.ts); a row that no longer reads is left out, never
 * half-trusted. The thresholds are a `setting` row (`warnings.settings`).
 */
export const migration: Migration = {
  version: 6,
  name: 'warnings',
  up(db) {
    db.exec(`
      CREATE TABLE warning (
        key TEXT PRIMARY KEY,
        warning TEXT NOT NULL,          -- JSON: the Warning as last computed (its handling included)
        updated_ms INTEGER NOT NULL,    -- last found by a computation, or handled
        handled_ms INTEGER              -- when acknowledged or dismissed; NULL while open
      ) WITHOUT ROWID;
      -- What a restart reads back, and what is pruned: by when last found.
      CREATE INDEX warning_by_update ON warning (updated_ms);
    `);
  },
};
