import type { Migration } from '../../migrate.ts';

/**
 * The city's standard address base (标准地址库), Platform Link v1.1's `place`
 * kind: what typed addresses are geocoded against (geo/geocode.ts,
 * queries/places.ts).
 *
 * - Typed columns for what a lookup reads, and the text a place is found by
 *   (store/place-text.ts: segmented names and aliases, their pinyin, its area),
 *   so the full-text index is kept in step by plain SQL triggers: places
 *   change rarely, and a few thousand of them index in milliseconds.
 * - `pinyin` is NULL until built when the link is idle (CacheStore.indexPending),
 *   like an incident's text entry (0004): the pinyin library takes about half
 *   a second to load and warm up, and 5,000 places as long again to convert —
 *   time a first start's snapshot must not wait for, on the host's thread
 *   least of all. Setting it re-indexes the row by the update trigger.
 * - `place_fts` reads its text from `place` (external content): when a
 *   snapshot's stage becomes the live table, CacheStore.commitSnapshot
 *   rebuilds it. A name counts most, then its pinyin, then the area (bm25
 *   weights): "思明区" finds the district before the 2,000 places inside it.
 * - A console before this migration quarantined every `place` item (an
 *   unknown kind) and moved its cursor past them; the platform will not send
 *   them again. So the cursor goes: the next `hello` asks for a snapshot,
 *   which brings every place (and replaces the rest of the cache, as after a
 *   `reset`). The quarantined places go too: the snapshot brings them back.
 *   The outbox is in state.db and is not touched.
 */
const PLACE_COLUMNS = `
  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  district TEXT NOT NULL, street TEXT, community TEXT, lat REAL NOT NULL, lng REAL NOT NULL,
  names TEXT NOT NULL, pinyin TEXT, area TEXT NOT NULL,
  data TEXT NOT NULL`;

export const migration: Migration = {
  version: 9,
  name: 'places',
  up(db) {
    db.exec(`
      CREATE TABLE place (${PLACE_COLUMNS});
      CREATE TABLE stage_place (${PLACE_COLUMNS});

      CREATE VIRTUAL TABLE place_fts USING fts5(
        names, pinyin, area, content='place', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
      );
      INSERT INTO place_fts (place_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
      CREATE INDEX place_pinyin_pending ON place (id) WHERE pinyin IS NULL;

      CREATE TRIGGER place_fts_new AFTER INSERT ON place BEGIN
        INSERT INTO place_fts (rowid, names, pinyin, area) VALUES (new.rowid, new.names, new.pinyin, new.area);
      END;
      CREATE TRIGGER place_fts_changed AFTER UPDATE OF names, pinyin, area ON place BEGIN
        INSERT INTO place_fts (place_fts, rowid, names, pinyin, area) VALUES ('delete', old.rowid, old.names, old.pinyin, old.area);
        INSERT INTO place_fts (rowid, names, pinyin, area) VALUES (new.rowid, new.names, new.pinyin, new.area);
      END;
      CREATE TRIGGER place_fts_gone AFTER DELETE ON place BEGIN
        INSERT INTO place_fts (place_fts, rowid, names, pinyin, area) VALUES ('delete', old.rowid, old.names, old.pinyin, old.area);
      END;

      DELETE FROM quarantine WHERE kind = 'place';
      DELETE FROM stage_quarantine WHERE kind = 'place';
      DELETE FROM meta WHERE key = 'cursor';
    `);
  },
};
