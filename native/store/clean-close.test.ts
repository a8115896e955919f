import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incident } from '../../tests/support/entities.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';
import { prepareChange } from '../link/prepare.ts';
import { openDataDir } from './data-dir.ts';

const up = (seq: number, id: string) => prepareChange({ seq, op: 'upsert', kind: 'incident', data: incident(id, 1) }, seq);

/** A day's worth of rows, so the file has pages past the schema for damage to land in. */
async function cacheClosedCleanly(name: string): Promise<string> {
  const dir = tempDir(name);
  const data = await openDataDir(dir, { command: 'test' });
  data.cache.applyChanges(
    Array.from({ length: 400 }, (_, i) => up(i + 1, `inc-${i}`)),
    400,
  );
  await data.close();
  return dir;
}

/** Scribbles over pages in the middle of cache.db (not its header: opening it alone would not notice). */
function damageMiddle(file: string, keepTime: boolean): void {
  const { atime, mtime } = statSync(file);
  const bytes = readFileSync(file);
  bytes.fill(0x5a, Math.floor(bytes.length / 2 / 4096) * 4096, Math.floor(bytes.length / 2 / 4096) * 4096 + 4096 * 2);
  writeFileSync(file, bytes);
  if (keepTime) utimesSync(file, atime, mtime);
}

describe('the cache check at start (clean-close.ts)', () => {
  it('a clean close seals cache.db; the next start breaks the seal as it opens', async () => {
    const dir = await cacheClosedCleanly('seal');
    expect(existsSync(join(dir, 'cache.db.clean'))).toBe(true);
    const data = await openDataDir(dir, { command: 'test' });
    try {
      expect(existsSync(join(dir, 'cache.db.clean'))).toBe(false);
      expect(data.rebuilt).toBeNull();
      expect(data.cache.counts().incident).toBe(400);
    } finally {
      await data.close();
    }
  });

  it('skips the check while the seal matches: damage that keeps the file’s time and size goes unread at start', async () => {
    const dir = await cacheClosedCleanly('skip');
    damageMiddle(join(dir, 'cache.db'), true);
    const data = await openDataDir(dir, { command: 'test' });
    try {
      expect(data.rebuilt).toBeNull();
    } finally {
      await data.close().catch(() => {});
    }
  });

  it('checks a cache written since its clean close, and rebuilds it when damaged', async () => {
    const dir = await cacheClosedCleanly('written');
    damageMiddle(join(dir, 'cache.db'), false);
    const data = await openDataDir(dir, { command: 'test' });
    try {
      expect(data.rebuilt).not.toBeNull();
      expect(data.cache.counts().incident).toBe(0);
    } finally {
      await data.close();
    }
  });

  it('checks a cache whose last run did not close cleanly (no seal), however its time reads', async () => {
    const dir = await cacheClosedCleanly('crashed');
    rmSync(join(dir, 'cache.db.clean')); // what a killed run leaves: no seal
    damageMiddle(join(dir, 'cache.db'), true);
    const data = await openDataDir(dir, { command: 'test' });
    try {
      expect(data.rebuilt).not.toBeNull();
    } finally {
      await data.close();
    }
  });
});
