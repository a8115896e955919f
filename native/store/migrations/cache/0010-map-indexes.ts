import type { Migration } from '../../migrate.ts';

/**
 * What the city map (issue 11) reads, without walking the whole history:
 *
 * - `incident_ended`: incidents resolved, closed or cancelled, by their last
 *   change. The map shows those of the last 24 h beside the open ones; the
 *   status index alone holds every incident ever ended, all of which the
 *   window's check would visit. Partial, so open incidents (most writes)
 *   never touch it; the query names the same statuses (queries/map.ts).
 * - `incident_event_offers`: offer events by time. Which volunteers are in
 *   an open offer right now (the map's "offered" state) starts from the
 *   offers of the last hour (an offer runs at most 3,600 s), then reads
 *   each one's incident timeline for its answers; a volunteer's profile
 *   counts the offers made to them.
 * - `incident_event_answers`: accept and decline events by the volunteer
 *   who answered, for the profile's acceptance rate.
 *
 * The camera positions' R*Tree (`cameras.nearest`) needs no migration: 0001
 * made `camera_geo`, 0004's triggers keep it in step with every change, and
 * a snapshot's commit refills it.
 */
export const migration: Migration = {
  version: 10,
  name: 'map-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX incident_ended ON incident (updated_ms) WHERE status IN ('resolved', 'closed', 'cancelled');
      CREATE INDEX incident_event_offers ON incident_event (at_ms) WHERE kind = 'offer';
      CREATE INDEX incident_event_answers ON incident_event (json_extract(data, '$.data.volunteer'), kind) WHERE kind IN ('accept', 'decline');
    `);
  },
};
