import type { Migration } from '../../migrate.ts';

/**
 * The camera wall (issue 12), per operator: the wall as it is now (layout,
 * a camera per tile, the tour running), the views saved by name, the tours,
 * the favourite cameras and the named groups. It lives in the host, not in
 * one window, so every window shows the same wall and issue 10's workspaces
 * can reference saved views; a console restarted mid-tour (or an operator
 * signing in again) reads the running tour back and goes on. Lists of cameras are JSON arrays read back through
 * the contract's schemas (store/wall-state.ts).
 */
export const migration: Migration = {
  version: 4,
  name: 'wall',
  up(db) {
    db.exec(`
      -- One row per operator who has used the wall here.
      CREATE TABLE wall (
        operator TEXT PRIMARY KEY,      -- the operator's id
        layout TEXT NOT NULL,           -- rules.ts WALL_LAYOUTS
        tiles TEXT NOT NULL,            -- JSON: a camera id or null per tile
        maximised INTEGER,
        view TEXT,                      -- the saved view last applied; NULL once changed by hand
        tour TEXT,                      -- JSON TourRun (its next step's time included), NULL when no tour runs
        rev INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE wall_view (
        operator TEXT NOT NULL,
        name TEXT NOT NULL,
        layout TEXT NOT NULL,
        tiles TEXT NOT NULL,            -- JSON
        saved_ms INTEGER NOT NULL,
        PRIMARY KEY (operator, name)
      ) WITHOUT ROWID;
      CREATE TABLE wall_tour (
        operator TEXT NOT NULL,
        name TEXT NOT NULL,
        cameras TEXT NOT NULL,          -- JSON: camera ids in the order shown
        dwell_s INTEGER NOT NULL,
        saved_ms INTEGER NOT NULL,
        PRIMARY KEY (operator, name)
      ) WITHOUT ROWID;
      CREATE TABLE camera_favourite (
        operator TEXT NOT NULL,
        camera TEXT NOT NULL,
        marked_ms INTEGER NOT NULL,
        PRIMARY KEY (operator, camera)
      ) WITHOUT ROWID;
      CREATE TABLE camera_group (
        operator TEXT NOT NULL,
        name TEXT NOT NULL,
        cameras TEXT NOT NULL,          -- JSON
        saved_ms INTEGER NOT NULL,
        PRIMARY KEY (operator, name)
      ) WITHOUT ROWID;
    `);
  },
};
