import type { Migration } from '../../migrate.ts';

/**
 * Index upkeep moves into SQLite, and the incident R*Tree joins the full-text
 * index in being built when the link is idle.
 *
 * - Inserting a random point into an R*Tree costs about as much as the rest
 *   of an incident upsert together (about 9 µs), so, like the text entry, an
 *   incident's spatial entry waits in `index_pending` (the renamed
 *   `fts_pending`) until `CacheStore.indexPending` runs. Queries cover the
 *   waiting rows with a plain check of their columns (queries/duplicates.ts,
 *   queries/incident-board.ts), so nothing is ever missed or stale.
 * - Triggers mark what must be (re)indexed, so applying a change is one
 *   statement from JavaScript instead of three. An update that leaves the
 *   text and the place alone (a status change, the usual case) marks nothing.
 * - A trigger's own `OR IGNORE` is overridden by the conflict policy of the
 *   statement that fired it (https://sqlite.org/lang_createtrigger.html), so
 *   the queue is written with `WHERE NOT EXISTS` instead.
 * - Cameras are few and rarely move: their R*Tree entry is kept in step at once.
 *
 * `CacheStore.promoteStage` recreates these triggers with the indexes when a
 * snapshot's table replaces the live one.
 */
export const migration: Migration = {
  version: 4,
  name: 'index-maintenance-triggers',
  up(db) {
    db.exec(`
      ALTER TABLE fts_pending RENAME TO index_pending;

      CREATE TRIGGER incident_indexes_new AFTER INSERT ON incident BEGIN
        INSERT INTO index_pending (rid) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM index_pending WHERE rid = new.rowid);
      END;
      CREATE TRIGGER incident_indexes_moved AFTER UPDATE OF title, description, address, lat, lng ON incident
        WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.address IS NOT new.address
          OR old.lat IS NOT new.lat OR old.lng IS NOT new.lng
      BEGIN
        INSERT INTO index_pending (rid) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM index_pending WHERE rid = new.rowid);
      END;
      CREATE TRIGGER incident_indexes_gone AFTER DELETE ON incident BEGIN
        DELETE FROM incident_fts WHERE rowid = old.rowid;
        DELETE FROM incident_geo WHERE rid = old.rowid;
        DELETE FROM index_pending WHERE rid = old.rowid;
      END;

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
