import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { KeptNull } from '../../warning/index.ts';

/**
 * The cluster nulls the warnings thread drew, kept in the data dir
 * (`warning-nulls.json`) so that the first computation after a restart
 * within the day draws only those that no longer fit: drawing every family's
 * was most of a first computation (bench:warnings). A cache of the method's
 * own making, nothing an operator did: a file that cannot be read, or is not
 * this format, is left to be overwritten, and one that cannot be written is
 * drawn again at the next start.
 */
export const KEPT_NULLS_FILE = 'warning-nulls.json';
const VERSION = 1;

export function readKeptNulls(path: string): KeptNull[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const { v, nulls } = parsed as { v?: unknown; nulls?: unknown };
  // Each entry is checked by the scan that takes it (ClusterScan.restoreNulls); here only the envelope.
  return v === VERSION && Array.isArray(nulls) ? nulls.filter((n): n is KeptNull => typeof n === 'object' && n !== null) : [];
}

/** Written whole beside and renamed over: a reader never sees half a file. */
export function writeKeptNulls(path: string, nulls: readonly KeptNull[]): void {
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify({ v: VERSION, nulls }));
    renameSync(`${path}.tmp`, path);
  } catch {
    // A full disk or a read-only data dir: the nulls are drawn again at the next start, nothing else is lost.
  }
}
