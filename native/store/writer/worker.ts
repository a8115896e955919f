import { parentPort, workerData } from 'node:worker_threads';
import { CacheStore } from '../cache-store.ts';
import { WRITE_METHODS, type WriteMethod } from './writes.ts';

/**
 * The cache writer thread (see writes.ts): owns a cache.db connection and
 * runs the CacheStore write its parent asks for, one message at a time, in
 * order. The parent has already checked and migrated the file.
 *
 * In: `{ id, method, args }`, or `{ id, method: 'idle' | 'close' }`.
 * Out: `{ ready: true }` once open (or `{ ready: false, error }`), then
 * `{ id, ok: true, value }` or `{ id, ok: false, error }` per message.
 */
export interface WriterData {
  dir: string;
  nativeBinding?: string;
}

export interface WriterRequest {
  id: number;
  method: WriteMethod | 'idle' | 'close';
  args?: unknown[];
}

const port = parentPort!;
const { dir, nativeBinding } = workerData as WriterData;
let cache: CacheStore;
try {
  cache = CacheStore.open(dir, { nativeBinding, checked: true }).cache;
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: String((error as Error)?.message ?? error) });
  process.exit(1);
}

const allowed = new Set<string>(WRITE_METHODS);

port.on('message', ({ id, method, args = [] }: WriterRequest) => {
  try {
    let value: unknown;
    if (method === 'close') cache.close();
    else if (method !== 'idle') {
      if (!allowed.has(method)) throw new Error(`the cache writer has no method "${method}"`);
      value = (cache[method as WriteMethod] as (...a: unknown[]) => unknown)(...args);
    }
    port.postMessage({ id, ok: true, value });
  } catch (error) {
    const e = error as Error & { code?: string };
    port.postMessage({ id, ok: false, error: { message: String(e?.message ?? e), code: e?.code ?? null } });
  }
});
