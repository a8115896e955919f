import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { camera, incident } from '../../tests/support/entities.ts';
import { planOf } from '../../tests/support/query-plan.ts';
import { prepareChange, prepareSnapshotItem } from '../link/prepare.ts';
import { CacheStore } from './cache-store.ts';
import { exportKind, openDataDir, summarizeDataDir } from './data-dir.ts';
import { matchExpression } from './fts.ts';
import { boardPageSql } from './queries/incident-board.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';

const open: CacheStore[] = [];
function freshCache(dir = tempDir('cache')) {
  const { cache, rebuilt } = CacheStore.open(dir);
  open.push(cache);
  return { cache, dir, rebuilt };
}
afterEach(() => open.splice(0).forEach((c) => c.close()));

const up = (seq: number, kind: string, data: unknown) => prepareChange({ seq, op: 'upsert', kind, data }, seq);
const del = (seq: number, kind: string, id: string, rev: number) => prepareChange({ seq, op: 'delete', kind, id, rev }, seq);
const revOf = (cache: CacheStore, id: string) => cache.db.prepare('SELECT rev FROM incident WHERE id = ?').pluck().get(id);

describe('applying changes', () => {
  it('writes upserts and moves the cursor in the same transaction', () => {
    const { cache } = freshCache();
    const outcome = cache.applyChanges([up(1, 'incident', incident('inc-1', 1)), up(2, 'camera', camera('cam-1', 1))], 2);
    expect(outcome.applied).toBe(2);
    expect(cache.cursor()).toBe(2);
    expect(cache.counts()).toMatchObject({ incident: 1, camera: 1 });
  });

  it('skips an upsert whose rev is lower than the cached one, but still moves the cursor', () => {
    const { cache } = freshCache();
    cache.applyChanges([up(1, 'incident', incident('inc-1', 5, { title: 'new' }))], 1);
    const outcome = cache.applyChanges([up(2, 'incident', incident('inc-1', 4, { title: 'old' }))], 2);
    expect(outcome.skipped).toBe(1);
    expect(revOf(cache, 'inc-1')).toBe(5);
    expect(cache.cursor()).toBe(2);
  });

  it('never lets a stale upsert bring a deleted entity back', () => {
    const { cache } = freshCache();
    cache.applyChanges([up(1, 'incident', incident('inc-1', 1)), del(2, 'incident', 'inc-1', 2)], 2);
    expect(cache.counts().incident).toBe(0);
    cache.applyChanges([up(3, 'incident', incident('inc-1', 1)), up(4, 'incident', incident('inc-1', 2))], 4);
    expect(cache.counts().incident).toBe(0);
    // A newer rev than the delete is a real re-creation.
    cache.applyChanges([up(5, 'incident', incident('inc-1', 3))], 5);
    expect(revOf(cache, 'inc-1')).toBe(3);
  });

  it('keeps a tombstone even for a delete of something it never had', () => {
    const { cache } = freshCache();
    cache.applyChanges([del(1, 'camera', 'cam-9', 7)], 1);
    cache.applyChanges([up(2, 'camera', camera('cam-9', 6))], 2);
    expect(cache.counts().camera).toBe(0);
  });

  it('quarantines items that break the contract with a reason, applying the rest', () => {
    const { cache } = freshCache();
    const outcome = cache.applyChanges(
      [
        up(1, 'incident', incident('inc-1', 1)),
        up(2, 'incident', { ...incident('inc-2', 1), priority: 9 }),
        up(3, 'unicorn', { id: 'u' }),
        prepareChange({ seq: 4, op: 'upsert', kind: 'incident' }, 4),
      ],
      4,
    );
    expect(outcome).toMatchObject({ applied: 1, quarantined: 3 });
    const reasons = cache.db.prepare('SELECT seq, reason FROM quarantine ORDER BY seq').all() as { seq: number; reason: string }[];
    expect(reasons.map((r) => r.seq)).toEqual([2, 3, 4]);
    expect(reasons[0]!.reason).toMatch(/priority/);
    expect(reasons[1]!.reason).toMatch(/unknown kind/);
    expect(cache.cursor()).toBe(4);
  });

  it('keeps full-text search and the spatial index in step with upserts and deletes', () => {
    const { cache } = freshCache();
    cache.applyChanges([up(1, 'incident', incident('inc-1', 1, { title: '小区火灾报警', description: null }))], 1);
    expect(cache.indexBacklog()).toBe(1);
    expect(cache.indexPending()).toBe(false);
    const search = (q: string) => cache.db.prepare('SELECT count(*) FROM incident_fts WHERE incident_fts MATCH ?').pluck().get(matchExpression(q));
    expect(search('火灾')).toBe(1);
    expect(search('水灾')).toBe(0);
    expect(cache.db.prepare('SELECT count(*) FROM incident_geo WHERE min_lat BETWEEN 24.4 AND 24.5').pluck().get()).toBe(1);
    cache.applyChanges([up(2, 'incident', incident('inc-1', 2, { title: '噪音', lat: null, lng: null }))], 2);
    cache.indexPending();
    expect(search('火灾')).toBe(0);
    expect(search('噪音')).toBe(1);
    expect(cache.db.prepare('SELECT count(*) FROM incident_geo').pluck().get()).toBe(0);
    cache.applyChanges([del(3, 'incident', 'inc-1', 3)], 3);
    expect(search('噪音')).toBe(0);
  });
});

describe('snapshots', () => {
  it('leave the previous cache untouched and visible until the last part, then replace it exactly', () => {
    const { cache } = freshCache();
    cache.applyChanges([up(1, 'incident', incident('inc-old', 1)), up(2, 'incident', incident('inc-keep', 1))], 2);
    cache.beginSnapshot(100);
    cache.stageSnapshotPart([prepareSnapshotItem({ kind: 'incident', data: incident('inc-keep', 4) })]);
    expect(cache.counts().incident).toBe(2);
    expect(revOf(cache, 'inc-keep')).toBe(1);
    cache.stageSnapshotPart([prepareSnapshotItem({ kind: 'incident', data: incident('inc-new', 1) }), prepareSnapshotItem({ kind: 'x', data: {} })]);
    expect(cache.cursor()).toBe(2);
    const outcome = cache.commitSnapshot(100);
    expect(outcome.quarantined).toBe(1);
    expect(cache.cursor()).toBe(100);
    expect(cache.db.prepare('SELECT id FROM incident ORDER BY id').pluck().all()).toEqual(['inc-keep', 'inc-new']);
    expect(revOf(cache, 'inc-keep')).toBe(4);
    // What the snapshot removed cannot come back through a stale upsert.
    cache.applyChanges([up(101, 'incident', incident('inc-old', 1))], 101);
    expect(cache.counts().incident).toBe(2);
    expect(cache.indexPending()).toBe(false);
    const fts = cache.db.prepare('SELECT count(*) FROM incident_fts WHERE incident_fts MATCH ?').pluck();
    expect(fts.get(matchExpression('inc-new'))).toBe(1);
    expect(fts.get(matchExpression('inc-old'))).toBe(0);
  });

  // 60,000 incidents and their index backlog: ~9 s alone, four times that on a loaded 2-core machine.
  it('a large snapshot keeps every index of the live table (rebuilt, not lost)', { timeout: 120_000 }, () => {
    const { cache } = freshCache();
    const items = Array.from({ length: 60_000 }, (_, i) => prepareSnapshotItem({ kind: 'incident', data: incident(`inc-${i}`, 1) }));
    cache.beginSnapshot(1);
    cache.stageSnapshotPart(items);
    cache.commitSnapshot(1);
    expect(cache.counts().incident).toBe(60_000);
    const indexes = cache.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incident' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(['incident_board', 'incident_board_order', 'incident_city_open', 'incident_district_board', 'incident_ended', 'incident_open_caller', 'incident_reported', 'incident_status_due', 'incident_unindexed', 'incident_volunteer_reports']);
    const page = boardPageSql({ filter: { district: ['350203'], status: ['new'] }, sort: 'priority', offset: 0, limit: 50, now: 0 })!;
    expect(planOf(cache.db, page.sql, ...page.params)).toMatch(/SEARCH incident USING INDEX incident_district_board /);
    // Every incident waits for its text and spatial entries, built afterwards.
    expect(cache.indexBacklog()).toBe(60_000);
    while (cache.indexPending(20_000));
    expect(cache.db.prepare('SELECT count(*) FROM incident_geo').pluck().get()).toBe(60_000);
  });

  it('a snapshot keeps the camera triggers: its R*Tree follows later changes', () => {
    const { cache } = freshCache();
    cache.beginSnapshot(1);
    cache.stageSnapshotPart([prepareSnapshotItem({ kind: 'camera', data: camera('cam-1', 1, { lat: 24.4 }) })]);
    cache.commitSnapshot(1);
    const box = () => (cache.db.prepare('SELECT min_lat FROM camera_geo').pluck().all() as number[]).map((v) => v.toFixed(2));
    expect(box()).toEqual(['24.40']);
    cache.applyChanges([up(2, 'camera', camera('cam-1', 2, { lat: 24.6 })), up(3, 'camera', camera('cam-2', 1, { lat: 24.7 }))], 3);
    expect(box().sort()).toEqual(['24.60', '24.70']);
    cache.applyChanges([del(4, 'camera', 'cam-1', 3)], 4);
    expect(box()).toEqual(['24.70']);
  });

  it('a discarded snapshot changes nothing', () => {
    const { cache } = freshCache();
    cache.applyChanges([up(1, 'incident', incident('inc-1', 1))], 1);
    cache.beginSnapshot(50);
    cache.stageSnapshotPart([prepareSnapshotItem({ kind: 'incident', data: incident('inc-2', 1) })]);
    cache.discardSnapshot();
    expect(cache.cursor()).toBe(1);
    expect(cache.db.prepare('SELECT id FROM incident').pluck().all()).toEqual(['inc-1']);
    expect(cache.db.prepare('SELECT count(*) FROM stage_incident').pluck().get()).toBe(0);
  });
});

describe('the data dir', () => {
  it('rebuilds a corrupt cache.db and leaves state.db and its outbox intact', async () => {
    const dir = tempDir('corrupt');
    const first = await openDataDir(dir, { command: 'test' });
    first.cache.applyChanges([up(1, 'incident', incident('inc-1', 1))], 1);
    const queued = first.state.queue('incident.note', { incident: 'inc-1', text: '到场' });
    await first.close();

    // Scribble over the middle of the cache file.
    const file = join(dir, 'cache.db');
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 6));
    bytes.fill(0x5a, 0, 100);
    writeFileSync(file, bytes);

    const second = await openDataDir(dir, { command: 'test' });
    try {
      expect(second.rebuilt).not.toBeNull();
      expect(existsSync(second.rebuilt!.movedTo)).toBe(true);
      expect(second.cache.cursor()).toBeNull();
      expect(second.cache.counts().incident).toBe(0);
      expect(second.state.pending().map((c) => c.id)).toEqual([queued.id]);
      expect(readdirSync(dir).some((f) => f.startsWith('cache.db.corrupt-'))).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('summarizes and exports beside a writer, sorted by id bytes', async () => {
    const dir = tempDir('export');
    const data = await openDataDir(dir, { command: 'test' });
    try {
      data.cache.applyChanges([up(1, 'incident', incident('inc-b', 1)), up(2, 'incident', incident('inc-a', 1)), up(3, 'incident', incident('inc-é', 1)), up(4, 'incident', incident('inc-Z', 1))], 4);
      data.state.queue('incident.note', { incident: 'inc-a', text: 'x' });
      expect(summarizeDataDir(dir)).toMatchObject({ cursor: 4, counts: { incident: 4, camera: 0 }, outbox: 1, quarantine: 0 });
      const ids = [...exportKind(dir, 'incident')].map((line) => (JSON.parse(line) as { id: string }).id);
      expect(ids).toEqual(['inc-Z', 'inc-a', 'inc-b', 'inc-é']);
    } finally {
      await data.close();
    }
  });
});
