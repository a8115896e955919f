import type { Migration } from '../../migrate.ts';

/**
 * The volunteer panel's reads (store/queries/volunteer-stats.ts) that had no
 * index to go by:
 *
 * - The points leaderboard (积分): the platform has hundreds of thousands of
 *   registered volunteers; with this index the top 100 are its first 100
 *   entries, not a sort of the whole table.
 * - Volunteers' photo reports waiting for verification (source `volunteer`,
 *   status `new`), the longest waiting first: a handful among all the
 *   incidents, and this index holds only them. Through the status index the
 *   read visited every new incident of every source.
 *
 * Offers and their answers need nothing new: offers by time come from
 * 0010's `incident_event_offers`, their answers from each incident's
 * timeline (`incident_event_by_incident`).
 */
export const migration: Migration = {
  version: 11,
  name: 'volunteer-panel-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX volunteer_points ON volunteer (points DESC, id);
      CREATE INDEX incident_volunteer_reports ON incident (reported_ms, id) WHERE source = 'volunteer' AND status = 'new';
    `);
  },
};
