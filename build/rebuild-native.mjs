#!/usr/bin/env node
// Builds better-sqlite3 for Electron into dist/electron-native/better_sqlite3.node,
// leaving node_modules/better-sqlite3 (the Node build that tests, the CLI and
// the browser shell load) untouched. The host passes this file to
// better-sqlite3 as `nativeBinding` when it runs inside Electron.
//
// Usage: node build/rebuild-native.mjs [--arch x64|arm64] [--dist-url <headers mirror>]
//
// Needs Electron's headers (or a prebuilt binary): from the internet, or on an
// offline network from the internal mirror — pass --dist-url or set
// ELECTRON_REBUILD_DIST_URL / npm_config_disturl to it. Packaging does not
// need this script: electron-builder rebuilds native modules itself.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { arch: { type: 'string' }, 'dist-url': { type: 'string' } } });
const arch = values.arch ?? process.arch;
const headerURL = values['dist-url'] ?? process.env.ELECTRON_REBUILD_DIST_URL ?? process.env.npm_config_disturl ?? undefined;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const electronVersion = readJson(join(root, 'node_modules', 'electron', 'package.json')).version;
const sqliteSource = join(root, 'node_modules', 'better-sqlite3');
const sqliteVersion = readJson(join(sqliteSource, 'package.json')).version;

// A private copy of the package, so the rebuild cannot overwrite the Node build.
const staging = join(root, 'dist', '.electron-native-build');
const stagedModule = join(staging, 'node_modules', 'better-sqlite3');
rmSync(staging, { recursive: true, force: true });
mkdirSync(dirname(stagedModule), { recursive: true });
cpSync(sqliteSource, stagedModule, { recursive: true, filter: (src) => !src.startsWith(join(sqliteSource, 'build')) });
writeFileSync(
  join(staging, 'package.json'),
  JSON.stringify({ name: 'egret-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2),
);

process.stdout.write(`rebuilding better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${arch})\n`);
try {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: staging,
    electronVersion,
    arch,
    onlyModules: ['better-sqlite3'],
    force: true,
    ...(headerURL ? { headerURL } : {}),
  });
} catch (error) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(
    [
      `could not build better-sqlite3 for Electron ${electronVersion}: ${reason}`,
      "Building needs Electron's headers (or a prebuilt better-sqlite3 for this Electron) and a C++ toolchain.",
      'On an offline network point at the internal mirror:',
      `  node build/rebuild-native.mjs --dist-url https://<mirror>/electron/headers    (default ${'https://www.electronjs.org/headers'})`,
      'or set ELECTRON_REBUILD_DIST_URL. Tests, the CLI and the browser shell do not need this build.',
      '',
    ].join('\n'),
  );
  rmSync(staging, { recursive: true, force: true });
  process.exit(1);
}

const built = join(stagedModule, 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(built)) {
  process.stderr.write(`the rebuild finished but ${built} is missing\n`);
  process.exit(1);
}
const outDir = join(root, 'dist', 'electron-native');
mkdirSync(outDir, { recursive: true });
copyFileSync(built, join(outDir, 'better_sqlite3.node'));
writeFileSync(join(outDir, 'BUILT_FOR.json'), JSON.stringify({ electronVersion, arch, betterSqlite3: sqliteVersion }, null, 2) + '\n');
rmSync(staging, { recursive: true, force: true });
process.stdout.write(`wrote ${join(outDir, 'better_sqlite3.node')}\n`);
