import type { Migration } from '../../migrate.ts';

/**
 * What early warning (issue 14, queries/warning-inputs.ts) reads: the last
 * 29 days of incidents, calls and reopenings, and the marker notes that
 * share a warning's handling between consoles.
 *
 * - `call.district` (Platform Link v1.1: where the platform located the
 *   caller): a call surge is counted per district, so it is a column, filled
 *   from the JSON each row already holds (entity-rows.ts writes it from now
 *   on). Its snapshot stage gets it too: a stage becomes the live table.
 * - `call_warning`: calls by received time with what the surge test counts
 *   (line, district, the incident filed, its id), read from the index alone — four
 *   weeks are about 112,000 calls, each a table lookup otherwise.
 *   Incidents by reported time use `incident_reported` (0013).
 * - `incident_event_reopened`: status events taking a resolved incident back
 *   to dispatched (rules.ts LIFECYCLE: resolved → dispatched), by time. Status
 *   events are most of the timeline; the reopenings are few.
 * - `incident_event_warning_marks`: notes carrying a warning's marker
 *   (`#egret-warning`, native/warning/marker.ts), by incident: another
 *   console's chief acknowledged or dismissed a warning. Only those notes
 *   are in it, so looking up a warning's incidents costs what they hold.
 */
export const migration: Migration = {
  version: 14,
  name: 'warning-inputs',
  up(db) {
    db.exec(`
      ALTER TABLE call ADD COLUMN district TEXT;
      ALTER TABLE stage_call ADD COLUMN district TEXT;
      UPDATE call SET district = json_extract(data, '$.district') WHERE json_extract(data, '$.district') IS NOT NULL;
      CREATE INDEX call_warning ON call (received_ms, line, district, incident, id);
      CREATE INDEX incident_event_reopened ON incident_event (at_ms)
        WHERE kind = 'status' AND json_extract(data, '$.data.from') = 'resolved' AND json_extract(data, '$.data.to') = 'dispatched';
      CREATE INDEX incident_event_warning_marks ON incident_event (incident, at_ms)
        WHERE kind = 'note' AND instr(data, '#egret-warning') > 0;
    `);
  },
};
