import { Warning } from '../api/contract.ts';
import type { Db } from './open.ts';

/** The warning statements; exported so their query plans are tested as run. */
export const WARNING_SQL = {
  get: 'SELECT warning FROM warning WHERE key = ?',
  put: 'INSERT OR REPLACE INTO warning (key, warning, updated_ms, handled_ms) VALUES (?, ?, ?, ?)',
  /** warning_by_update */
  since: 'SELECT warning FROM warning WHERE updated_ms >= ? ORDER BY updated_ms DESC',
  prune: 'DELETE FROM warning WHERE updated_ms < ? AND (handled_ms IS NULL OR handled_ms < ?)',
} as const;

/**
 * The warnings state.db keeps (migration 0006): each as last computed, with
 * its handling. A restart reads them back for their keys and handling; a
 * row that does not read back as a `Warning` (edited by hand, written by a
 * console whose contract was wider) is left out, and the next computation
 * that finds it again writes it whole.
 */
export class WarningStore {
  constructor(private readonly db: Db) {}

  get(key: string): Warning | null {
    const text = this.db.prepare(WARNING_SQL.get).pluck().get(key) as string | undefined;
    return text === undefined ? null : readWarning(text);
  }

  /** The warnings found or handled since `sinceMs`, latest first. */
  since(sinceMs: number): Warning[] {
    return (this.db.prepare(WARNING_SQL.since).pluck().all(sinceMs) as string[]).flatMap((text) => {
      const w = readWarning(text);
      return w ? [w] : [];
    });
  }

  /**
   * A computation's warnings, in one transaction; rows neither found since
   * `keepSinceMs` nor handled since `handledSinceMs` go.
   */
  saveComputed(warnings: readonly Warning[], now: number, prune: { keepSinceMs: number; handledSinceMs: number }): void {
    const put = this.db.prepare(WARNING_SQL.put);
    this.db.transaction(() => {
      for (const w of warnings) put.run(w.key, JSON.stringify(w), now, w.handling?.at ?? null);
      this.db.prepare(WARNING_SQL.prune).run(prune.keepSinceMs, prune.handledSinceMs);
    })();
  }

  /** One warning as handled now (acknowledged or dismissed). */
  putHandled(warning: Warning, now: number): void {
    this.db.prepare(WARNING_SQL.put).run(warning.key, JSON.stringify(warning), now, warning.handling?.at ?? now);
  }
}

function readWarning(text: string): Warning | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = Warning.safeParse(json);
  return parsed.success ? parsed.data : null;
}
