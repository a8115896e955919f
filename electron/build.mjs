#!/usr/bin/env node
// Bundles the Electron shell into dist/electron/:
//   main.cjs    the main process        (electron/main/main.ts)
//   preload.cjs the window preload      (electron/preload/preload.ts)
//   host.cjs    the host, run in a utility process (native/host/utility-entry.ts)
//   cache-writer.cjs  the host's cache.db writer thread (native/store/writer/worker.ts)
//   warnings-worker.cjs  the host's early-warning thread (native/host/warnings/worker.ts)
// Usage: node electron/build.mjs
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'electron');

// Electron 38 ships Node 22 and Chromium 140.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

// The sources are ESM; in a CommonJS bundle import.meta is empty, so give
// import.meta.url its CommonJS equivalent.
const importMetaUrl = {
  define: { 'import.meta.url': '__egretImportMetaUrl' },
  banner: { js: "const __egretImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const bundles = [
  {
    ...common,
    ...importMetaUrl,
    entryPoints: ['electron/main/main.ts'],
    outfile: join(outdir, 'main.cjs'),
    platform: 'node',
    target: NODE_TARGET,
    external: ['electron'],
  },
  {
    // A sandboxed preload can require('electron') and little else: everything
    // it uses must be in the bundle.
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: join(outdir, 'preload.cjs'),
    platform: 'browser',
    target: CHROME_TARGET,
    external: ['electron'],
  },
  {
    ...common,
    ...importMetaUrl,
    entryPoints: ['native/host/utility-entry.ts'],
    outfile: join(outdir, 'host.cjs'),
    platform: 'node',
    target: NODE_TARGET,
    // better-sqlite3 loads a native addon, so it stays a real package (see
    // build/rebuild-native.mjs); ws's optional accelerators are optional.
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
  },
  {
    // The cache writer thread the host starts (native/store/writer/).
    ...common,
    ...importMetaUrl,
    entryPoints: ['native/store/writer/worker.ts'],
    outfile: join(outdir, 'cache-writer.cjs'),
    platform: 'node',
    target: NODE_TARGET,
    external: ['better-sqlite3'],
  },
  {
    // The early-warning thread the host starts (native/host/warnings/).
    ...common,
    ...importMetaUrl,
    entryPoints: ['native/host/warnings/worker.ts'],
    outfile: join(outdir, 'warnings-worker.cjs'),
    platform: 'node',
    target: NODE_TARGET,
    external: ['better-sqlite3'],
  },
];

try {
  await Promise.all(bundles.map((options) => build(options)));
  process.stdout.write(`electron bundles written to ${outdir}\n`);
} catch (error) {
  // esbuild has already printed the errors with their locations.
  process.stderr.write(`electron build failed: ${error instanceof Error ? error.message.split('\n')[0] : error}\n`);
  process.exit(1);
}
