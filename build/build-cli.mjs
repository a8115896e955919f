#!/usr/bin/env node
// Bundles the `egret` command line into dist/cli/ (npm run build:cli):
//   main.mjs          native/cli/main.ts, what bin/egret.mjs runs
//   cache-writer.mjs  the cache.db writer thread (native/store/writer/worker.ts)
//   demo-worker.mjs   the embedded demo platform's thread (native/host/demo-worker.ts)
//   warnings-worker.mjs  the early-warning thread (native/host/warnings/worker.ts)
//   chunk-*.mjs       code shared or loaded on demand: each command's action
//                     is its own split point, so `egret status` loads no link,
//                     host or simulator
//   sources.json      the manifest: every repository file the bundle was built
//                     from, with its size and mtime (bin/cli-bundle.mjs)
//
// Why a bundle: running the sources through tsx compiles TypeScript at every
// start (about 1 s of a 1.1 s `egret status`). Tests and development keep the
// sources: bin/egret.mjs runs this bundle only while the manifest says no
// source changed since it was built (see bin/cli-bundle.mjs for the rule).
//
// Usage: node build/build-cli.mjs [--outdir DIR] [--metafile FILE]
//   --outdir    somewhere else than dist/cli (tests build a bundle of their own)
//   --metafile  also write esbuild's metafile: which sources each chunk holds
import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUNDLE_DIR, DEMO, MAIN, MANIFEST, WARNINGS, WRITER } from '../bin/cli-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { outdir: { type: 'string' }, metafile: { type: 'string' } } });
const outdir = resolve(args.outdir ?? join(root, BUNDLE_DIR));

/**
 * In a bundle every module shares its chunk's import.meta.url, so a path a
 * source file finds relative to itself (resources/map/…, the package root)
 * would be looked up relative to dist/cli/. This gives each module of
 * native/ its own source file's URL instead — computed from the chunk's, so
 * the package can move — and the bundle finds its files where the sources do.
 * All outputs sit directly in outdir (entryNames and chunkNames have no
 * [dir]), so one relative path per source holds for every chunk.
 */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]native[\\/].*\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromBundle = relative(outdir, path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * zod's `z` namespace carries its error messages in 60-odd languages
 * (z.locales), which esbuild cannot tree-shake out of a namespace: ~300 KB of
 * the chunk every thread of a start loads and parses (host, demo, writer).
 * The console's checks speak English only (zod's default, which zod imports
 * from locales/en.js itself): the index of locales offers that one.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, ({ path }) => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
      resolveDir: dirname(path),
    }));
  },
};

// Built beside the bundle in use, then swapped in with renames: an `egret`
// starting meanwhile finds the old bundle whole, or none (and runs the
// sources), never half of each.
// File times come from a coarse clock (a few ms behind Date.now()): the margin
// keeps a write just after the build began from looking older than it.
const started = Date.now() - 50;
const building = `${outdir}.building-${process.pid}`;
rmSync(building, { recursive: true, force: true });
mkdirSync(building, { recursive: true });

let result;
try {
  result = await build({
    absWorkingDir: root,
    entryPoints: [
      { in: 'native/cli/main.ts', out: MAIN.replace(/\.mjs$/, '') },
      { in: 'native/store/writer/worker.ts', out: WRITER.replace(/\.mjs$/, '') },
      { in: 'native/host/demo-worker.ts', out: DEMO.replace(/\.mjs$/, '') },
      { in: 'native/host/warnings/worker.ts', out: WARNINGS.replace(/\.mjs$/, '') },
    ],
    outdir: building,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // package.json engines: node >= 20.19.
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // native/cli/paths.ts: how the bundled CLI finds its threads.
    define: {
      EGRET_BUNDLED_CACHE_WRITER: JSON.stringify(relative(root, join(outdir, WRITER)).split(sep).join('/')),
      EGRET_BUNDLED_DEMO_WORKER: JSON.stringify(relative(root, join(outdir, DEMO)).split(sep).join('/')),
      EGRET_BUNDLED_WARNINGS_WORKER: JSON.stringify(relative(root, join(outdir, WARNINGS)).split(sep).join('/')),
    },
    // CommonJS packages bundled into ESM still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __egretCreateRequire } from 'node:module'; const require = __egretCreateRequire(import.meta.url);",
    },
    // better-sqlite3 loads a native addon; ws is loaded only by the commands
    // that link, and its optional accelerators are optional; selfsigned only
    // by the demo's media server over TLS; electron is probed, never bundled.
    external: ['better-sqlite3', 'ws', 'bufferutil', 'utf-8-validate', 'selfsigned', 'electron'],
    plugins: [sourceImportMetaUrl, zodEnglishOnly],
  });
} catch (error) {
  // esbuild has already printed the errors with their locations.
  process.stderr.write(`cli build failed: ${error instanceof Error ? error.message.split('\n')[0] : error}\n`);
  rmSync(building, { recursive: true, force: true });
  process.exit(1);
}

// The manifest: the repository's files the bundle came from. Packages in
// node_modules change through npm, which changes the lockfile (and whose
// install runs this build again). A file written while the build ran may not
// be what esbuild read: it is recorded as changed, so the sources run.
const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.split(/[\\/]/).includes('node_modules'));
inputs.push(
  'package.json',
  'package-lock.json',
  relative(root, fileURLToPath(import.meta.url))
    .split(sep)
    .join('/'),
);
const files = Object.fromEntries(
  [...new Set(inputs)]
    .filter((file) => existsSync(join(root, file)))
    .sort()
    .map((file) => {
      const s = statSync(join(root, file));
      return [file, [s.size, s.mtimeMs < started ? s.mtimeMs : -1]];
    }),
);
writeFileSync(join(building, MANIFEST), JSON.stringify({ files }) + '\n');
if (args.metafile) {
  // Output paths named where they end up, not where they were built.
  const built = relative(root, building).split(sep).join('/');
  const final = relative(root, outdir).split(sep).join('/');
  const rename = (path) => (path.startsWith(built + '/') ? final + path.slice(built.length) : path);
  const outputs = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([path, output]) => [
      rename(path),
      { ...output, imports: output.imports.map((i) => ({ ...i, path: rename(i.path) })) },
    ]),
  );
  writeFileSync(args.metafile, JSON.stringify({ ...result.metafile, outputs }));
}

const previous = `${outdir}.previous-${process.pid}`;
if (existsSync(outdir)) renameSync(outdir, previous);
renameSync(building, outdir);
rmSync(previous, { recursive: true, force: true });
process.stdout.write(`cli bundle written to ${outdir} (${Object.keys(files).length} sources)\n`);
