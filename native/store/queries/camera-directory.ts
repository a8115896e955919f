import { matchExpression } from '../fts.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

/**
 * The camera directory (issue 12): every camera in the order the wall's tree
 * shows them, and the cameras a video patroller's typed text means.
 */

export const CAMERA_DIRECTORY_SQL = {
  /** Every camera, district → road → name, a walk of migration 0012's covering index (no sort, no row read). */
  all: 'SELECT id, name, district, road, kind, status FROM camera INDEXED BY camera_directory ORDER BY district, road, name, id',
  /** Ids starting with the typed text, in id order: a range of the primary key. */
  idPrefix: 'SELECT id FROM camera WHERE id >= ? AND id < ? ORDER BY id LIMIT ?',
  /** Cameras whose text matches an FTS expression, the best bm25 first (name, then pinyin, then road and tags). */
  matching: `SELECT c.id FROM camera_fts JOIN camera c ON c.rowid = camera_fts.rowid
    WHERE camera_fts MATCH ? ORDER BY camera_fts.rank LIMIT ?`,
} as const;

export interface DirectoryCamera {
  id: string;
  name: string;
  district: string;
  road: string | null;
  kind: string;
  status: 'online' | 'offline';
}

/** All cameras, sorted district → road (cameras on no road first) → name. */
export function cameraDirectory(db: Db): DirectoryCamera[] {
  return prepared(db, CAMERA_DIRECTORY_SQL.all).all() as DirectoryCamera[];
}

/**
 * The FTS expressions for typed text: each word a prefix phrase (fts.ts), so
 * "湖滨南路" finds the four characters side by side and "hbnl" the pinyin
 * keys it begins. Latin text is also tried as one word without its spaces
 * ("hu bin nan lu" is the key "hubinnanlu"). Null when nothing is searchable.
 */
export function cameraMatch(text: string): string | null {
  const plain = text.normalize('NFKC').toLowerCase().trim();
  const words = matchExpression(plain);
  if (words === null) return null;
  if (!/^[a-z0-9\s'-]+$/.test(plain) || !/\s/.test(plain)) return words;
  const joined = plain.replace(/[^a-z0-9]/g, '');
  return `("${joined}"*) OR (${words})`;
}

/**
 * Cameras the typed text means, best first, at most `limit`: those whose id
 * starts with it, or whose number does (an operator reading it off a tile,
 * a plate or a report: "0345" for cam-0345), then
 * those found by name, road or pinyin. Each camera once.
 */
export function searchCameras(db: Db, text: string, limit: number): { id: string }[] {
  const found = new Set<string>();
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  // By id, or by the number the directory shows (the id without its "cam-": cameraNumber in the renderer).
  for (const prefix of /^\d/.test(trimmed) ? [trimmed, `cam-${trimmed}`] : [trimmed]) {
    // The upper bound of the range is the prefix with its last character raised by one.
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    for (const { id } of prepared(db, CAMERA_DIRECTORY_SQL.idPrefix).all(prefix, upper, limit) as { id: string }[]) {
      if (found.size >= limit) break;
      found.add(id);
    }
  }
  const expression = cameraMatch(trimmed);
  if (expression !== null && found.size < limit) {
    for (const { id } of prepared(db, CAMERA_DIRECTORY_SQL.matching).all(expression, limit) as { id: string }[]) {
      if (found.size >= limit) break;
      found.add(id);
    }
  }
  return [...found].map((id) => ({ id }));
}
