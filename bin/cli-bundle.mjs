// The CLI bundle (dist/cli/, written by build/build-cli.mjs) and the rule for
// when bin/egret.mjs may run it instead of the TypeScript sources.
//
// Why a manifest rather than an opt-in variable: development must never run
// stale code, and nobody should have to remember a flag or a rebuild. The
// build records every repository file the bundle was made from (esbuild's
// metafile, plus the lockfile and the build script) with its
// size and mtime; the bundle runs only while each of them is unchanged. Edit
// a source, switch branch, or delete a file, and `egret` runs the sources
// through tsx — correct, just slower — until the next `npm run build:cli`
// (`npm ci`/`npm install` and `npm test` run it). Checking the ~130 files
// costs 1–5 ms. EGRET_FROM_SOURCE=1 runs the sources regardless (debugging
// with the real file names in stack traces).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the bundle is, relative to the package root. */
export const BUNDLE_DIR = 'dist/cli';
/** The bundle's files, in BUNDLE_DIR. */
export const MAIN = 'main.mjs';
export const WRITER = 'cache-writer.mjs';
export const DEMO = 'demo-worker.mjs';
export const WARNINGS = 'warnings-worker.mjs';
export const MANIFEST = 'sources.json';

/**
 * The bundle's main module if it was built from the files as they are now;
 * else null (not built, or a source changed since).
 */
export function freshBundle(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, BUNDLE_DIR, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
  if (typeof manifest?.files !== 'object' || manifest.files === null) return null;
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.files)) {
    const now = statSync(join(root, file), { throwIfNoEntry: false });
    if (!now || now.size !== size || now.mtimeMs !== mtimeMs) return null;
  }
  const main = join(root, BUNDLE_DIR, MAIN);
  return existsSync(main) ? main : null;
}
