import type { Migration } from '../../migrate.ts';

/**
 * The operators who have signed in at this workstation, by the id and name
 * the platform's `welcome` gave them. The audit log records the operator's
 * id (what the platform knows them by); a duty chief reads it by name, also
 * for an operator signed in earlier in the shift and gone since. Seeded with
 * the operator signed in now, so an existing log gets their name at once.
 */
export const migration: Migration = {
  version: 2,
  name: 'operators',
  up(db) {
    db.exec(`
      CREATE TABLE operator (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        seen_ms INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- The setting holds the last welcome's operator as JSON; anything else in it is left to signedInOperator() to refuse.
      INSERT INTO operator (id, name, role, seen_ms)
        SELECT json_extract(value, '$.id'), json_extract(value, '$.name'), json_extract(value, '$.role'), CAST(unixepoch('subsec') * 1000 AS INTEGER)
        FROM setting
        WHERE key = 'platform.operator' AND json_valid(value)
          AND json_type(value, '$.id') = 'text' AND json_type(value, '$.name') = 'text' AND json_type(value, '$.role') = 'text';
    `);
  },
};
