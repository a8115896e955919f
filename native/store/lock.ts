import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError } from './errors.ts';

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'writer.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

function tryCreate(file: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * One writer per data dir (architecture rule 4). The lock is a file naming the
 * holder's pid; a lock whose process is gone (kill -9) is taken over. Readers
 * (`status`, `export`) do not take it: WAL lets them read beside the writer.
 */
export function lockDataDir(dir: string, command: string): DataDirLock {
  const file = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, me)) {
      return {
        release() {
          if (readHolder(file)?.pid === me.pid) unlinkSync(file);
        },
      };
    }
    const holder = readHolder(file);
    // A lock being written this instant reads as empty: look again.
    if (holder === null) continue;
    if (holder.host === me.host && isAlive(holder.pid)) throw new DataDirLockedError(dir, holder);
    // Dead holder: move its file aside atomically so only one taker wins, then retry.
    try {
      renameSync(file, `${file}.stale-${process.pid}`);
      unlinkSync(`${file}.stale-${process.pid}`);
    } catch {
      // Someone else took it over first; the next round decides.
    }
  }
  const holder = readHolder(file);
  throw new DataDirLockedError(dir, holder ?? { pid: -1, host: '?', command: 'unknown', since: '?' });
}

/** Waits up to `waitMs` for the lock (polling), then refuses like lockDataDir. */
export async function lockDataDirWaiting(dir: string, command: string, waitMs: number, pollMs = 200): Promise<DataDirLock> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return lockDataDir(dir, command);
    } catch (error) {
      if (!(error instanceof DataDirLockedError) || Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
