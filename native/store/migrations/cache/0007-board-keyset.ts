import type { Migration } from '../../migrate.ts';

/**
 * Keyset paging for the board's default order (priority, newest first): a
 * page starts after the last row of the page before it, `(priority,
 * newest_first, id) > (?, ?, ?)`, instead of an OFFSET that walks every row
 * above it. SQLite seeks a row-value range only on an index of plain columns
 * in one direction, so "newest first" is a virtual column (−reported_ms, no
 * storage) and `id` breaks ties (reports share a second). Measured on
 * 100,000 open incidents: the page at row 60,000 took 18 ms with OFFSET and
 * 1.9 ms with the key. The index replaces incident_priority_order (same
 * columns plus id) and still covers `status`, so the board's filter is
 * checked in the index. The stage table gets the column too: a snapshot's
 * stage becomes the live table (cache-store.ts promoteStage).
 */
export const migration: Migration = {
  version: 7,
  name: 'board-keyset',
  up(db) {
    db.exec(`
      ALTER TABLE incident ADD COLUMN newest_first INTEGER GENERATED ALWAYS AS (-reported_ms) VIRTUAL;
      ALTER TABLE stage_incident ADD COLUMN newest_first INTEGER GENERATED ALWAYS AS (-reported_ms) VIRTUAL;
      DROP INDEX incident_priority_order;
      CREATE INDEX incident_board_order ON incident (priority, newest_first, id, status);
    `);
  },
};
