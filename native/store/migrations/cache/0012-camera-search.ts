import type { Migration } from '../../migrate.ts';
import { cameraText, stringsOf } from '../../camera-text.ts';

/**
 * The camera directory (issue 12): the wall's 3,060 cameras found by what a
 * video patroller types — a name, a road, Chinese or its pinyin initials —
 * and listed district → road → name.
 *
 * - Like places (0009): columns with the text a camera is found by
 *   (store/camera-text.ts), and `camera_fts` reading it as external content,
 *   kept in step by triggers. The update trigger fires only when the text
 *   changed: most camera changes are a status (a flapping camera's every few
 *   minutes), which must not re-index it.
 * - `pinyin` is NULL until built when the link is idle (CacheStore.indexPending),
 *   as a place's is: loading the pinyin library costs half a second, which a
 *   snapshot or a start must not wait for. The camera upsert keeps a built
 *   pinyin when the text is unchanged (cache-store.ts).
 * - Cameras already cached get their name and area text here (a regex over a
 *   few thousand names: milliseconds) and wait for their pinyin like new ones.
 * - `camera_directory` holds what the directory lists in its order, so the
 *   list is a walk of one index with no sort and no row read.
 */
const TEXT_COLUMNS = ['names', 'pinyin', 'area'] as const;

export const migration: Migration = {
  version: 12,
  name: 'camera-search',
  up(db) {
    for (const table of ['camera', 'stage_camera']) {
      for (const column of TEXT_COLUMNS) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT`);
    }
    const cached = db.prepare("SELECT rowid, name, district, road, json_extract(data, '$.tags') AS tags FROM camera").all() as {
      rowid: number;
      name: string;
      district: string;
      road: string | null;
      tags: string | null;
    }[];
    const put = db.prepare('UPDATE camera SET names = ?, area = ? WHERE rowid = ?');
    for (const c of cached) {
      const text = cameraText({ name: c.name, district: c.district, road: c.road, tags: stringsOf(c.tags === null ? [] : (JSON.parse(c.tags) as unknown[])) });
      put.run(text.names, text.area, c.rowid);
    }
    db.exec(`
      CREATE VIRTUAL TABLE camera_fts USING fts5(
        names, pinyin, area, content='camera', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
      );
      INSERT INTO camera_fts (camera_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
      INSERT INTO camera_fts (camera_fts) VALUES ('rebuild');
      CREATE INDEX camera_pinyin_pending ON camera (id) WHERE pinyin IS NULL;
      CREATE INDEX camera_directory ON camera (district, road, name, id, kind, status);

      CREATE TRIGGER camera_fts_new AFTER INSERT ON camera BEGIN
        INSERT INTO camera_fts (rowid, names, pinyin, area) VALUES (new.rowid, new.names, new.pinyin, new.area);
      END;
      CREATE TRIGGER camera_fts_changed AFTER UPDATE OF names, pinyin, area ON camera
        WHEN old.names IS NOT new.names OR old.pinyin IS NOT new.pinyin OR old.area IS NOT new.area BEGIN
        INSERT INTO camera_fts (camera_fts, rowid, names, pinyin, area) VALUES ('delete', old.rowid, old.names, old.pinyin, old.area);
        INSERT INTO camera_fts (rowid, names, pinyin, area) VALUES (new.rowid, new.names, new.pinyin, new.area);
      END;
      CREATE TRIGGER camera_fts_gone AFTER DELETE ON camera BEGIN
        INSERT INTO camera_fts (camera_fts, rowid, names, pinyin, area) VALUES ('delete', old.rowid, old.names, old.pinyin, old.area);
      END;
    `);
  },
};
