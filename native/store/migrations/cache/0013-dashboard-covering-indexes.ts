import type { Migration } from '../../migrate.ts';

/**
 * The dashboard's figures (queries/today.ts, queries/breakdowns.ts) from
 * indexes alone. A window asks for them as it opens and again after changes;
 * at a busy hour each read looked up every incident and call of the day in
 * the table for one column (district, source, category, answered), and the
 * city-level escalations walked every open incident for its level: 120 ms of
 * the host's thread per window opened on a 09:00 rate-20 cache (bench:start
 * --profile, a warm start; on the loaded 2-core machine, half a second ahead
 * of the board's first page). With those columns in the index, 60 ms, the
 * escalations 0.1 ms.
 *
 * The names stay: the wider index serves every read the narrow one did.
 */
export const migration: Migration = {
  version: 13,
  name: 'dashboard-covering-indexes',
  up(db) {
    db.exec(`
      DROP INDEX incident_reported;
      CREATE INDEX incident_reported ON incident (reported_ms, district, source, category);
      DROP INDEX call_received;
      CREATE INDEX call_received ON call (received_ms, answered_ms);
      CREATE INDEX incident_city_open ON incident (status, reported_ms) WHERE level = 'city';
    `);
  },
};
