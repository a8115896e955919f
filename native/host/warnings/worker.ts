import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { cachePath, openDatabase, type Db } from '../../store/open.ts';
import { WarningComputer, type ComputeRequest, type KeepRequest } from './computer.ts';
import { KEPT_NULLS_FILE } from './kept-nulls.ts';
import { KEPT_SPAN_FILE } from './kept-span.ts';

/**
 * The early-warning thread (engine.ts starts it and says why): a read-only
 * connection of its own to cache.db (WAL: it reads while the writer thread
 * writes), and the computer over it. One request at a time, in order.
 *
 * In: `{ id, request }`, `{ id, keep }` (a clean close: keep the span) or `{ id, close: true }`.
 * Out: `{ ready: true }` once open (or `{ ready: false, error }`), then
 * `{ id, ok: true, result }` or `{ id, ok: false, error }` per message.
 */
export interface WarningsThreadData {
  dir: string;
  nativeBinding?: string;
}

export type WarningsThreadMessage = { id: number; request: ComputeRequest } | { id: number; keep: KeepRequest } | { id: number; close: true };

const port = parentPort!;
const { dir, nativeBinding } = workerData as WarningsThreadData;
let db: Db;
try {
  // The host has already opened, checked and migrated the file: no migrations here, and never a write.
  db = openDatabase(cachePath(dir), [], { readonly: true, durable: false, ...(nativeBinding ? { nativeBinding } : {}) });
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: String((error as Error)?.message ?? error) });
  process.exit(1);
}
// Kept beside the cache: the cluster nulls of the last run (kept-nulls.ts: a restart within the day draws few) and,
// from a clean close, the span held (kept-span.ts: a restart reads it instead of four weeks of rows).
const computer = new WarningComputer(db, undefined, join(dir, KEPT_NULLS_FILE), join(dir, KEPT_SPAN_FILE));

port.on('message', (message: WarningsThreadMessage) => {
  if ('close' in message) {
    db.close();
    port.postMessage({ id: message.id, ok: true, result: null });
    port.close();
    return;
  }
  try {
    if ('keep' in message) {
      computer.keep(message.keep);
      port.postMessage({ id: message.id, ok: true, result: null });
      return;
    }
    port.postMessage({ id: message.id, ok: true, result: computer.compute(message.request) });
  } catch (error) {
    port.postMessage({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) });
  }
});
