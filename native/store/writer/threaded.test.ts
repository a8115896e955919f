import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incident, place } from '../../../tests/support/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { CacheWriteError, ThreadedCacheWrites } from './threaded.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';

const up = (seq: number, data: Record<string, unknown>) => prepareChange({ seq, op: 'upsert', kind: 'incident', data }, seq);

let writers: ThreadedCacheWrites[] = [];
afterEach(async () => {
  await Promise.all(writers.map((w) => w.close().catch(() => undefined)));
  writers = [];
});

async function writerFor(options: { script?: string } = {}) {
  const dir = tempDir('writer');
  const { cache } = CacheStore.open(dir); // checks and migrates, as the data dir does
  const writes = await ThreadedCacheWrites.start({ dir, ...options });
  writers.push(writes);
  return { dir, cache, writes };
}

describe('the cache writer thread', () => {
  it('carries out writes in the order asked, visible to this thread once answered', async () => {
    const { cache, writes } = await writerFor();
    // Not awaited one by one: they queue, and still commit in order.
    const first = writes.applyChanges([up(1, incident('inc-1', 1)), up(2, incident('inc-2', 1))], 2, 0);
    const second = writes.applyChanges([up(3, incident('inc-1', 2, { title: '改' }))], 3, 0);
    const outcome = await first;
    expect(outcome).toMatchObject({ applied: 2, skipped: 0, quarantined: 0 });
    expect(outcome.changed.get('incident')?.upserted).toEqual(['inc-1', 'inc-2']);
    await second;
    expect(cache.cursor()).toBe(3);
    expect(cache.db.prepare("SELECT title FROM incident WHERE id = 'inc-1'").pluck().get()).toBe('改');
    expect(await writes.indexPending(100)).toBe(false);
    expect(cache.db.prepare('SELECT count(*) FROM incident_geo').pluck().get()).toBe(2);
  });

  it('a failed write rejects with SQLite’s reason, changes nothing, and the writer goes on', async () => {
    const { cache, writes } = await writerFor();
    await writes.applyChanges([up(1, incident('inc-1', 1))], 1, 0);
    const bad = up(2, incident('inc-2', 1));
    if (bad.op !== 'upsert') throw new Error('expected an upsert');
    bad.row[1] = null; // rev NOT NULL
    const failed = writes.applyChanges([up(2, incident('inc-3', 1)), { ...bad, seq: 3 }], 3, 0);
    await expect(failed).rejects.toBeInstanceOf(CacheWriteError);
    await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(cache.cursor()).toBe(1);
    expect(cache.counts().incident).toBe(1);
    await writes.applyChanges([up(2, incident('inc-3', 1))], 2, 0);
    expect(cache.cursor()).toBe(2);
  });

  it('closing finishes what was asked first; afterwards every write says why it cannot run', async () => {
    const { cache, writes } = await writerFor();
    const pending = writes.applyChanges([up(1, incident('inc-1', 1))], 1, 0);
    await writes.close();
    await expect(pending).resolves.toMatchObject({ applied: 1 });
    expect(cache.cursor()).toBe(1);
    await expect(writes.applyChanges([up(2, incident('inc-2', 1))], 2, 0)).rejects.toThrow(/closed/);
  });

  it('says clearly when it cannot start', async () => {
    await expect(ThreadedCacheWrites.start({ dir: join(tmpdir(), 'egret-no-such-dir', 'x') })).rejects.toThrow(/did not start/);
  });

  it('runs from the Electron build’s bundle (cache-writer.cjs) as from the sources', async () => {
    execFileSync(process.execPath, ['electron/build.mjs'], { stdio: 'pipe' });
    const { cache, writes } = await writerFor({ script: join(process.cwd(), 'dist', 'electron', 'cache-writer.cjs') });
    await writes.applyChanges([up(1, incident('inc-1', 1)), prepareChange({ seq: 2, op: 'upsert', kind: 'place', data: place('pl-1', 1) }, 2)], 2, 0);
    expect(cache.cursor()).toBe(2);
    // A place's pinyin is built on the writer's thread, which loads the pinyin library from the bundle too.
    expect(await writes.indexPending(100)).toBe(false);
    expect(cache.db.prepare("SELECT pinyin FROM place WHERE id = 'pl-1'").pluck().get()).toBe('hbnl388h hubinnanlu388hao hbn388h hubinnan388hao');
  }, 60_000);
});
