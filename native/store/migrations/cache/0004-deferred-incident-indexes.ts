import type { Migration } from '../../migrate.ts';

/**
 * An incident's R*Tree entry joins its full-text entry in being built when
 * the link is idle, and the queue of incidents waiting for them becomes a
 * flag on the row.
 *
 * - Inserting a random point into an R*Tree cost about as much as the rest of
 *   an incident upsert together (about 9 µs), so it waits with the text entry.
 *   Queries cover the waiting rows with a plain check of their columns
 *   (queries/duplicates.ts, queries/incident-board.ts): nothing is missed or stale.
 * - `unindexed` is 1 while the entries wait (set by the upsert itself when
 *   the text or place changed, see CacheStore) and NULL once built. A flag in
 *   the row being written anyway, with a partial index that only grows at its
 *   end, costs almost nothing; a separate queue table written by a trigger
 *   cost 3–5 µs a change (the trigger also makes SQLite keep a statement journal).
 * - Cameras are few and rarely move: triggers keep their R*Tree entry in step.
 *
 * `CacheStore.promoteStage` recreates indexes and triggers when a snapshot's
 * table replaces the live one; the stage table gets the column too, so both
 * keep the same shape.
 */
export const migration: Migration = {
  version: 4,
  name: 'deferred-incident-indexes',
  up(db) {
    db.exec(`
      ALTER TABLE incident ADD COLUMN unindexed INTEGER;
      ALTER TABLE stage_incident ADD COLUMN unindexed INTEGER;
      UPDATE incident SET unindexed = 1 WHERE rowid IN (SELECT rid FROM fts_pending);
      DROP TABLE fts_pending;
      CREATE INDEX incident_unindexed ON incident (unindexed) WHERE unindexed IS NOT NULL;

      CREATE TRIGGER camera_geo_new AFTER INSERT ON camera BEGIN
        INSERT INTO camera_geo (rid, min_lat, max_lat, min_lng, max_lng) VALUES (new.rowid, new.lat, new.lat, new.lng, new.lng);
      END;
      CREATE TRIGGER camera_geo_moved AFTER UPDATE OF lat, lng ON camera
        WHEN old.lat IS NOT new.lat OR old.lng IS NOT new.lng
      BEGIN
        UPDATE camera_geo SET min_lat = new.lat, max_lat = new.lat, min_lng = new.lng, max_lng = new.lng WHERE rid = new.rowid;
      END;
      CREATE TRIGGER camera_geo_gone AFTER DELETE ON camera BEGIN
        DELETE FROM camera_geo WHERE rid = old.rowid;
      END;
    `);
  },
};
