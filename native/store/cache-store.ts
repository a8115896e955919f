import type { Statement } from 'better-sqlite3';
import { ENTITY_KINDS, type EntityKind } from '../protocol/kinds.ts';
import { TABLES, type Row } from './entity-rows.ts';
import { segment } from './fts.ts';
import { cameraPinyin, stringsOf } from './camera-text.ts';
import { placePinyin } from './place-text.ts';
import { countsOf } from './inspect.ts';
import { cacheMigrations } from './migrations/cache/index.ts';
import { cachePath, checkIntegrity, moveAside, openDatabase, type Db, type OpenOptions } from './open.ts';
import { takeCleanCloseSeal } from './clean-close.ts';

/** Places (and cameras) whose pinyin one indexing step builds: the first such step also loads the pinyin library (0.3–0.6 s). */
const PINYIN_STEP = 1000;

/** Places waiting for their pinyin, found by the partial index of 0009. */
export const PLACE_PINYIN_PENDING_SQL = "SELECT rowid, name, json_extract(data, '$.aliases') AS aliases FROM place WHERE pinyin IS NULL LIMIT ?";

/** Cameras waiting for their pinyin, found by the partial index of 0012. */
export const CAMERA_PINYIN_PENDING_SQL = "SELECT rowid, name, road, json_extract(data, '$.tags') AS tags FROM camera WHERE pinyin IS NULL LIMIT ?";

/** Incident columns whose change means its text or spatial entry must be rebuilt. */
const INDEXED_LATER = ['title', 'description', 'address', 'lat', 'lng'] as const;

/**
 * A change or snapshot item, already validated by the link, ready to write:
 * an upsert carries its table row (typed columns, then the raw JSON), so
 * the writer — possibly on another thread (writer/writes.ts) — only writes.
 */
export type PreparedItem =
  | { op: 'upsert'; seq: number | null; kind: EntityKind; id: string; rev: number; row: Row }
  | { op: 'delete'; seq: number; kind: EntityKind; id: string; rev: number }
  | { op: 'quarantine'; seq: number | null; kind: string | null; reason: string; raw: string };

export interface ApplyOutcome {
  applied: number;
  /** Duplicates by rev, stale upserts, upserts of deleted entities. */
  skipped: number;
  quarantined: number;
  /** Ids touched per kind, for live topics. */
  changed: Map<EntityKind, { upserted: string[]; deleted: string[] }>;
  /**
   * Incidents this batch left priority 1 and `new`: the new-P1 alarm's
   * candidates, read off the rows as they are written, so the alarm looks up
   * only these instead of every incident a busy batch touched.
   */
  newP1: string[];
}

export interface CacheOpenResult {
  cache: CacheStore;
  /** Set when a damaged cache.db was moved aside and a new one started. */
  rebuilt: { reason: string; movedTo: string } | null;
}

interface KindStatements {
  upsert: Statement;
  stage: Statement;
  byId: Statement;
  remove: Statement;
}

/**
 * cache.db: the console's copy of the platform (rebuildable). Writes come in
 * whole frames — one transaction per `changes` frame, the cursor moved in the
 * same transaction — so a crash at any moment leaves a cache that is exactly
 * the platform's state at the stored cursor.
 *
 * Applying an upsert is one statement: an incident's text and spatial entries
 * are built later, when the link is idle (`indexPending`, migration 0004).
 */
export class CacheStore {
  private readonly kinds = new Map<EntityKind, KindStatements>();
  private readonly tombstoneRev: Statement;
  private readonly putTombstone: Statement;
  /** Kinds with at least one tombstone: only their upserts need the lookup. */
  private readonly tombstoned = new Set<EntityKind>();
  private readonly quarantineInsert: Statement;
  private readonly stageQuarantineInsert: Statement;
  private readonly metaGet: Statement;
  private readonly metaPut: Statement;
  private readonly ftsPut: Statement;
  private readonly ftsDelete: Statement;
  private readonly geoPut: Statement;
  private readonly geoDelete: Statement;
  private readonly indexed: Statement;
  private readonly anyUnindexed: Statement;
  private readonly pinyinPending: Statement;
  private readonly pinyinPut: Statement;
  private readonly cameraPinyinPending: Statement;
  private readonly cameraPinyinPut: Statement;

  /** `checked`: the caller (the data dir, for the writer thread) already checked and migrated the file. */
  static open(dir: string, options: OpenOptions & { now?: () => Date; checked?: boolean } = {}): CacheOpenResult {
    const file = cachePath(dir);
    let rebuilt: CacheOpenResult['rebuilt'] = null;
    // Checked unless its last writer closed it cleanly and nothing touched it since (clean-close.ts).
    if (!options.readonly && !options.checked && !takeCleanCloseSeal(file)) {
      const integrity = checkIntegrity(file, options.nativeBinding);
      if (!integrity.ok) rebuilt = { reason: integrity.reason, movedTo: moveAside(file, options.now?.()) };
    }
    let db: Db;
    try {
      db = openDatabase(file, cacheMigrations, { ...options, durable: false });
    } catch (error) {
      // Damage quick_check could not see until the schema was read.
      if (options.readonly || rebuilt || !/malformed|not a database|corrupt/i.test(String(error))) throw error;
      rebuilt = { reason: (error as Error).message, movedTo: moveAside(file, options.now?.()) };
      db = openDatabase(file, cacheMigrations, { ...options, durable: false });
    }
    return { cache: new CacheStore(db), rebuilt };
  }

  constructor(readonly db: Db) {
    for (const kind of ENTITY_KINDS) {
      const columns = [...TABLES[kind].columns, 'data'];
      let placeholders = columns.map(() => '?').join(', ');
      let updates = columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ');
      let names = columns.join(', ');
      if (kind === 'incident') {
        // Its text and spatial entries wait for `indexPending` (migration 0004):
        // always for a new row, and for an updated one when its text or place changed.
        const moved = INDEXED_LATER.map((c) => `incident.${c} IS NOT excluded.${c}`).join(' OR ');
        names += ', unindexed';
        placeholders += ', 1';
        updates += `, unindexed = CASE WHEN ${moved} THEN 1 ELSE incident.unindexed END`;
      }
      if (kind === 'camera') {
        // Most camera changes are a status: its pinyin (built later, migration 0012) stays while its text does.
        updates = updates.replace(
          'pinyin = excluded.pinyin',
          'pinyin = CASE WHEN camera.names IS excluded.names AND camera.area IS excluded.area THEN camera.pinyin END',
        );
      }
      this.kinds.set(kind, {
        // A lower rev is stale (spec §4); an equal rev is the same version again.
        upsert: db.prepare(
          `INSERT INTO ${kind} (${names}) VALUES (${placeholders})
           ON CONFLICT (id) DO UPDATE SET ${updates} WHERE excluded.rev >= ${kind}.rev`,
        ),
        stage: db.prepare(`INSERT OR REPLACE INTO stage_${kind} (${names}) VALUES (${placeholders})`),
        byId: db.prepare(`SELECT rowid, rev FROM ${kind} WHERE id = ?`),
        remove: db.prepare(`DELETE FROM ${kind} WHERE rowid = ?`),
      });
    }
    this.tombstoneRev = db.prepare('SELECT rev FROM tombstone WHERE kind = ? AND id = ?').pluck();
    this.putTombstone = db.prepare(
      'INSERT INTO tombstone (kind, id, rev) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET rev = max(rev, excluded.rev)',
    );
    this.quarantineInsert = db.prepare('INSERT INTO quarantine (at_ms, seq, kind, reason, raw) VALUES (?, ?, ?, ?, ?)');
    this.stageQuarantineInsert = db.prepare('INSERT INTO stage_quarantine (at_ms, seq, kind, reason, raw) VALUES (?, ?, ?, ?, ?)');
    this.metaGet = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.metaPut = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.ftsPut = db.prepare('INSERT OR REPLACE INTO incident_fts (rowid, body) VALUES (?, ?)');
    this.ftsDelete = db.prepare('DELETE FROM incident_fts WHERE rowid = ?');
    this.geoPut = db.prepare('INSERT OR REPLACE INTO incident_geo (rid, min_lat, max_lat, min_lng, max_lng) VALUES (?, ?, ?, ?, ?)');
    this.geoDelete = db.prepare('DELETE FROM incident_geo WHERE rid = ?');
    this.indexed = db.prepare('UPDATE incident SET unindexed = NULL WHERE rowid = ?');
    this.anyUnindexed = db.prepare('SELECT 1 FROM incident WHERE unindexed IS NOT NULL LIMIT 1');
    this.pinyinPending = db.prepare(PLACE_PINYIN_PENDING_SQL);
    this.pinyinPut = db.prepare('UPDATE place SET pinyin = ? WHERE rowid = ?');
    this.cameraPinyinPending = db.prepare(CAMERA_PINYIN_PENDING_SQL);
    this.cameraPinyinPut = db.prepare('UPDATE camera SET pinyin = ? WHERE rowid = ?');
    this.noteTombstonedKinds();
  }

  /**
   * The seq of the last change durably applied; null when there is none.
   * Read from the file each time: the writes may come from the writer thread's
   * connection (writer/writes.ts).
   */
  cursor(): number | null {
    const stored = this.metaGet.get('cursor');
    return typeof stored === 'number' ? stored : null;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Applies one `changes` frame's worth of items (already in seq order, gap-
   * free, duplicates removed) and moves the cursor to `lastSeq`, atomically.
   */
  applyChanges(items: readonly PreparedItem[], lastSeq: number, now = Date.now()): ApplyOutcome {
    const outcome: ApplyOutcome = { applied: 0, skipped: 0, quarantined: 0, changed: new Map(), newP1: [] };
    // The last change to an incident in the batch decides whether it is a new P1.
    const p1 = new Map<string, boolean>();
    this.db.transaction(() => {
      // The link sends no duplicates; should one slip through (a frame handed over
      // twice), what is already applied is still never applied again (spec §4).
      const cursor = this.cursor() ?? -1;
      if (lastSeq <= cursor) return;
      for (const item of items) {
        if (item.seq !== null && item.seq <= cursor) continue;
        if (item.op === 'quarantine') {
          this.quarantineInsert.run(now, item.seq, item.kind, item.reason, item.raw);
          outcome.quarantined++;
        } else if (item.op === 'upsert' ? this.upsert(item) : this.remove(item)) {
          outcome.applied++;
          const ids = changedFor(outcome, item.kind);
          (item.op === 'upsert' ? ids.upserted : ids.deleted).push(item.id);
          if (item.kind === 'incident') p1.set(item.id, item.op === 'upsert' && isNewP1(item.row));
        } else {
          outcome.skipped++;
        }
      }
      this.metaPut.run('cursor', lastSeq);
    })();
    for (const [id, isP1] of p1) if (isP1) outcome.newP1.push(id);
    return outcome;
  }

  private upsert(item: Extract<PreparedItem, { op: 'upsert' }>): boolean {
    const { kind, id, rev } = item;
    if (this.tombstoned.has(kind)) {
      const deletedAt = this.tombstoneRev.get(kind, id) as number | undefined;
      if (deletedAt !== undefined && rev <= deletedAt) return false;
    }
    // No row changes when the cached rev is higher: a stale upsert (spec §4).
    return this.kinds.get(kind)!.upsert.run(item.row).changes > 0;
  }

  private remove(item: Extract<PreparedItem, { op: 'delete' }>): boolean {
    const statements = this.kinds.get(item.kind)!;
    const existing = statements.byId.get(item.id) as { rowid: number; rev: number } | undefined;
    // A delete older than what we hold is stale; an unknown id still leaves a tombstone.
    if (existing && existing.rev > item.rev) return false;
    this.putTombstone.run(item.kind, item.id, item.rev);
    this.tombstoned.add(item.kind);
    if (!existing) return false;
    statements.remove.run(existing.rowid); // a camera's R*Tree entry and a place's text entry go by trigger
    if (item.kind === 'incident') {
      this.ftsDelete.run(existing.rowid);
      this.geoDelete.run(existing.rowid);
    }
    return true;
  }

  private noteTombstonedKinds(): void {
    this.tombstoned.clear();
    for (const kind of this.db.prepare('SELECT DISTINCT kind FROM tombstone').pluck().all() as EntityKind[]) this.tombstoned.add(kind);
  }

  /** How many incidents wait for their text and spatial entries. */
  indexBacklog(): number {
    return this.db.prepare('SELECT count(*) FROM incident WHERE unindexed IS NOT NULL').pluck().get() as number;
  }

  /**
   * Builds the full-text and R*Tree entries of up to `max` waiting incidents
   * in one transaction; returns whether any still wait (not how many: after
   * a snapshot, counting a million waiting rows per step cost more than the
   * step). Called when the link is idle, so ingest pays for neither text
   * segmentation nor R*Tree insertion. A step that has incidents to spare
   * builds the pinyin of up to PINYIN_STEP places too (migration 0009), and
   * then of as many cameras (0012) — unless `pinyin` is false (at a start,
   * the link's scheduler holds it until the first page is live); `more`
   * then says only whether incidents wait.
   */
  indexPending(max = 1000, pinyin = true): boolean {
    let more = false;
    this.db.transaction(() => {
      const rows = this.db
        .prepare('SELECT rowid, title, description, address, lat, lng FROM incident WHERE unindexed IS NOT NULL LIMIT ?')
        .all(max) as { rowid: number; title: string; description: string | null; address: string | null; lat: number | null; lng: number | null }[];
      for (const r of rows) {
        this.ftsPut.run(r.rowid, segment(r.title, r.description, r.address));
        if (r.lat !== null && r.lng !== null) this.geoPut.run(r.rowid, r.lat, r.lat, r.lng, r.lng);
        else this.geoDelete.run(r.rowid);
        this.indexed.run(r.rowid);
      }
      more = rows.length === max && this.anyUnindexed.get() !== undefined;
      if (pinyin && rows.length < max) more = this.buildPlacePinyin(PINYIN_STEP) || this.buildCameraPinyin(PINYIN_STEP) || more;
    })();
    return more;
  }

  /** Sets the pinyin of up to `max` places that wait for it (the update trigger re-indexes each); whether more wait. */
  private buildPlacePinyin(max: number): boolean {
    const rows = this.pinyinPending.all(max) as { rowid: number; name: string; aliases: string }[];
    for (const r of rows) {
      const aliases: unknown = JSON.parse(r.aliases);
      this.pinyinPut.run(placePinyin(r.name, Array.isArray(aliases) ? aliases.filter((a) => typeof a === 'string') : []), r.rowid);
    }
    return rows.length === max;
  }

  /** Sets the pinyin of up to `max` cameras that wait for it (the update trigger re-indexes each); whether more wait. */
  private buildCameraPinyin(max: number): boolean {
    const rows = this.cameraPinyinPending.all(max) as { rowid: number; name: string; road: string | null; tags: string | null }[];
    for (const r of rows) {
      const tags: unknown = r.tags === null ? [] : JSON.parse(r.tags);
      this.cameraPinyinPut.run(cameraPinyin(r.name, r.road, stringsOf(tags as unknown[])), r.rowid);
    }
    return rows.length === max;
  }

  // ── Snapshot (spec §3) ───────────────────────────────────────────────

  /** Starts a snapshot: whatever a broken earlier one left in staging goes. */
  beginSnapshot(asOf: number): void {
    this.db.transaction(() => {
      this.clearStaging();
      this.metaPut.run('stage_as_of', asOf);
    })();
  }

  /** Stores one part in staging, in one transaction; the live tables are untouched. */
  stageSnapshotPart(items: readonly PreparedItem[], now = Date.now()): void {
    this.db.transaction(() => {
      for (const item of items) {
        if (item.op === 'upsert') this.kinds.get(item.kind)!.stage.run(item.row);
        else if (item.op === 'quarantine') this.stageQuarantineInsert.run(now, item.seq, item.kind, item.reason, item.raw);
      }
    })();
  }

  /**
   * The last part arrived: the cache becomes exactly the snapshot and the
   * cursor `asOf`, in one transaction. Entities absent from the snapshot are
   * removed and remembered as tombstones at their last rev, so a late stale
   * upsert cannot resurrect them.
   */
  commitSnapshot(asOf: number): ApplyOutcome {
    // After a snapshot the alarm compares every new P1 with what it knew (newP1 stays empty).
    const outcome: ApplyOutcome = { applied: 0, skipped: 0, quarantined: 0, changed: new Map(), newP1: [] };
    this.db.transaction(() => {
      for (const kind of ENTITY_KINDS) {
        this.db
          .prepare(
            `INSERT INTO tombstone (kind, id, rev) SELECT '${kind}', id, rev FROM ${kind} WHERE id NOT IN (SELECT id FROM stage_${kind})
             ON CONFLICT (kind, id) DO UPDATE SET rev = max(rev, excluded.rev)`,
          )
          .run();
        this.db.prepare(`DELETE FROM tombstone WHERE kind = '${kind}' AND id IN (SELECT id FROM stage_${kind})`).run();
        outcome.applied += this.promoteStage(kind);
      }
      // Incidents were staged `unindexed`: their text and spatial entries are built afterwards,
      // when the link is idle (like fresh changes); a million inside this transaction would hold it back.
      this.db.exec(`
        INSERT INTO incident_fts (incident_fts) VALUES ('delete-all');
        DELETE FROM incident_geo;
        DELETE FROM camera_geo;
        INSERT INTO camera_geo (rid, min_lat, max_lat, min_lng, max_lng) SELECT rowid, lat, lat, lng, lng FROM camera;
        -- Places are few (thousands): their text index is rebuilt from the new table at once (migration 0009).
        INSERT INTO place_fts (place_fts) VALUES ('rebuild');
        -- So are cameras (migration 0012).
        INSERT INTO camera_fts (camera_fts) VALUES ('rebuild');
      `);
      outcome.quarantined = this.db
        .prepare('INSERT INTO quarantine (at_ms, seq, kind, reason, raw) SELECT at_ms, seq, kind, reason, raw FROM stage_quarantine ORDER BY n')
        .run().changes;
      this.db.prepare('DELETE FROM stage_quarantine').run();
      this.db.prepare("DELETE FROM meta WHERE key = 'stage_as_of'").run();
      this.metaPut.run('cursor', asOf);
    })();
    this.noteTombstonedKinds();
    return outcome;
  }

  /**
   * The staged table becomes the live one: the old table is dropped, the stage
   * renamed, the live table's indexes built on it (a sort each) and its
   * triggers made again (after the rows are in, so they do not fire), and an empty
   * stage made again. No row is copied — at a million incidents that copy was
   * most of the commit. It runs inside the commit's transaction, so nobody
   * ever sees a table without its rows or its indexes.
   */
  private promoteStage(kind: EntityKind): number {
    const ddl = (name: string) =>
      this.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string;
    const stageTable = ddl(`stage_${kind}`);
    const indexesAndTriggers = this.db
      .prepare("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL ORDER BY type")
      .pluck()
      .all(kind) as string[];
    this.db.exec(`DROP TABLE ${kind}; ALTER TABLE stage_${kind} RENAME TO ${kind};`);
    for (const sql of indexesAndTriggers) this.db.exec(sql);
    this.db.exec(stageTable);
    return this.db.prepare(`SELECT count(*) FROM ${kind}`).pluck().get() as number;
  }

  /** Throws a partial snapshot away; the live tables and cursor stay as they were. */
  discardSnapshot(): void {
    this.db.transaction(() => this.clearStaging())();
  }

  private clearStaging(): void {
    for (const kind of ENTITY_KINDS) this.db.prepare(`DELETE FROM stage_${kind}`).run();
    this.db.prepare('DELETE FROM stage_quarantine').run();
    this.db.prepare("DELETE FROM meta WHERE key = 'stage_as_of'").run();
  }

  /** `reset` (spec §6): forget the cursor, keep the cache until the snapshot replaces it. */
  dropCursor(): void {
    this.db.prepare("DELETE FROM meta WHERE key = 'cursor'").run();
  }

  // ── Reading ──────────────────────────────────────────────────────────

  counts(): Record<EntityKind, number> {
    return countsOf(this.db);
  }

  quarantineCount(): number {
    return this.db.prepare('SELECT count(*) FROM quarantine').pluck().get() as number;
  }

  setMeta(key: string, value: string | number | null): void {
    this.metaPut.run(key, value);
  }

  meta(key: string): unknown {
    return this.metaGet.get(key);
  }
}

const PRIORITY_AT = TABLES.incident.columns.indexOf('priority');
const STATUS_AT = TABLES.incident.columns.indexOf('status');
const isNewP1 = (row: Row): boolean => row[PRIORITY_AT] === 1 && row[STATUS_AT] === 'new';

function changedFor(outcome: ApplyOutcome, kind: EntityKind) {
  let ids = outcome.changed.get(kind);
  if (!ids) outcome.changed.set(kind, (ids = { upserted: [], deleted: [] }));
  return ids;
}
