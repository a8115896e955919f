import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * Whether cache.db is as the last writer left it when it closed cleanly.
 *
 * Checking the cache at every start (`PRAGMA quick_check`) reads every page:
 * at the end of a busy day that was 1.8 CPU-seconds of a warm start, on the
 * main thread before anything showed. A clean close seals the file — its
 * size and modification time, written beside it once every connection has
 * closed (and the WAL has been folded in) — and the next start skips the
 * check while the seal still matches. The seal is broken at open, so a run
 * that crashes, is killed or loses power leaves none: its next start checks.
 * Anything that writes the file in between (a copy, a disk tool, damage by
 * another program) changes its time or size and so is checked too.
 */

interface Seal {
  size: number;
  mtimeMs: number;
}

const sealPath = (file: string) => `${file}.clean`;

/** Seals `file` after a clean close (every connection closed). Never throws: without a seal the next start just checks. */
export function sealCleanClose(file: string): void {
  try {
    if (!existsSync(file) || existsSync(`${file}-wal`)) return;
    const { size, mtimeMs } = statSync(file);
    writeFileSync(sealPath(file), JSON.stringify({ size, mtimeMs: Math.floor(mtimeMs) } satisfies Seal));
  } catch {
    // A read-only dir or a full disk: no seal, a check next time.
  }
}

/**
 * Whether `file` still matches the seal its last clean close left, breaking
 * the seal either way (this run may not close cleanly).
 */
export function takeCleanCloseSeal(file: string): boolean {
  const seal = sealPath(file);
  let sealed: Seal | null = null;
  try {
    sealed = JSON.parse(readFileSync(seal, 'utf8')) as Seal;
  } catch {
    sealed = null;
  }
  try {
    rmSync(seal, { force: true });
  } catch {
    return false; // a seal that cannot be broken cannot be trusted next time either
  }
  if (!sealed || typeof sealed.size !== 'number' || typeof sealed.mtimeMs !== 'number') return false;
  try {
    if (existsSync(`${file}-wal`)) return false;
    const { size, mtimeMs } = statSync(file);
    // To the millisecond: what every file system and copy tool keeps.
    return size === sealed.size && Math.floor(mtimeMs) === sealed.mtimeMs;
  } catch {
    return false;
  }
}
