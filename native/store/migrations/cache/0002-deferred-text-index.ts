import type { Migration } from '../../migrate.ts';

/**
 * Incidents whose full-text entry is not yet (re)built. Segmenting and
 * indexing text costs about as much as the rest of applying a change, so it
 * is done after the frame's transaction, when the link is idle; searches
 * cover these rows with a plain scan meanwhile (queries/incident-board.ts).
 */
export const migration: Migration = {
  version: 2,
  name: 'deferred-text-index',
  up(db) {
    db.exec('CREATE TABLE fts_pending (rid INTEGER PRIMARY KEY)');
  },
};
