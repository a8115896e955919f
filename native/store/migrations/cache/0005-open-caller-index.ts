import type { Migration } from '../../migrate.ts';

/**
 * `incident_call` served no query and cost every incident write; the query
 * that did lack an index was "open incidents from this caller", asked on
 * every keystroke of the intake form's phone field (queries/duplicates.ts),
 * which walked every open incident. This index holds open incidents with a
 * caller only, so it stays small however long the history grows.
 */
export const migration: Migration = {
  version: 5,
  name: 'open-caller-index',
  up(db) {
    db.exec(`
      DROP INDEX incident_call;
      CREATE INDEX incident_open_caller ON incident (caller_phone, reported_ms DESC)
        WHERE caller_phone IS NOT NULL AND status IN ('new', 'verified', 'dispatched', 'accepted', 'on_scene');
    `);
  },
};
