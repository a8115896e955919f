import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A port kept from one start to the next in the data dir: the one `egret
 * start` serves the console on, and the embedded demo's media server's (the
 * cache keeps the cameras' stream URLs, and a warm start shows its cached
 * wall before the demo's new snapshot arrives).
 *
 * The console's port:  The page's origin is `http://127.0.0.1:PORT`, and the
 * browser keeps what it knows per origin: on a new port every start, the
 * window recompiled the whole UI (its HTTP and code caches were for another
 * origin) and forgot the operator's language (localStorage). The API still
 * needs each run's own token; a port taken meanwhile by something else
 * makes the start take a free one (and remember that).
 */

/** The remembered port, or 0 (any free one) when there is none or the file says nothing sensible. */
export function rememberedPort(file: string): number {
  try {
    const { port } = JSON.parse(readFileSync(file, 'utf8')) as { port?: unknown };
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : 0;
  } catch {
    return 0;
  }
}

/** Keeps `port` for the next start; failing to write it only costs that start its caches. */
export function rememberPort(file: string, port: number): void {
  try {
    writeFileSync(file, JSON.stringify({ port }) + '\n');
  } catch {
    // A read-only data dir would already have failed to open; nothing to do here.
  }
}
