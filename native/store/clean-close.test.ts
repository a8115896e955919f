import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { incident } from '../../tests/support/entities.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';
import { prepareChange } from '../link/prepare.ts';
import { openDataDir } from './data-dir.ts';
import { checkIntegrity } from './open.ts';

// The check itself, watched: whether a start ran it is what this file is about.
vi.mock('./open.ts', async (original) => {
  const real = await original<typeof import('./open.ts')>();
  return { ...real, checkIntegrity: vi.fn(real.checkIntegrity) };
});
const checks = vi.mocked(checkIntegrity);
beforeEach(() => checks.mockClear());

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
  it('a clean close seals cache.db: the next start skips the check and breaks the seal as it opens', async () => {
    const dir = await cacheClosedCleanly('seal');
    expect(existsSync(join(dir, 'cache.db.clean'))).toBe(true);
    checks.mockClear();
    const data = await openDataDir(dir, { command: 'test' });
    try {
      expect(checks).not.toHaveBeenCalled();
      expect(existsSync(join(dir, 'cache.db.clean'))).toBe(false);
      expect(data.rebuilt).toBeNull();
      expect(data.cache.counts().incident).toBe(400);
    } finally {
      await data.close();
    }
  });

  it('checks a cache whose time changed since its clean close, though nothing in it did', async () => {
    const dir = await cacheClosedCleanly('touched');
    const file = join(dir, 'cache.db');
    const { atime, mtime } = statSync(file);
    utimesSync(file, atime, new Date(mtime.getTime() + 1_000));
    checks.mockClear();
    const data = await openDataDir(dir, { command: 'test' });
    try {
      expect(checks).toHaveBeenCalledTimes(1);
      expect(data.rebuilt).toBeNull();
    } finally {
      await data.close();
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
    checks.mockClear();
    const data = await openDataDir(dir, { command: 'test' });
    try {
      expect(checks).toHaveBeenCalledTimes(1);
      expect(data.rebuilt).not.toBeNull();
    } finally {
      await data.close();
    }
  });
});
