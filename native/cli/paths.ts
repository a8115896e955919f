import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: two levels above native/cli. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const RENDERER_DIR = join(PACKAGE_ROOT, 'dist', 'renderer');

/** Replaced by the CLI bundle's build (build/build-cli.mjs): its cache writer, from the package root. */
declare const EGRET_BUNDLED_CACHE_WRITER: string | undefined;

/**
 * The cache writer thread's script when the CLI runs from its bundle (the
 * bundled writer beside it); from the sources, nothing: the store's default
 * runs the writer's sources through tsx.
 */
export function cacheWriterScript(): { writerScript?: string } {
  return typeof EGRET_BUNDLED_CACHE_WRITER === 'string' ? { writerScript: join(PACKAGE_ROOT, EGRET_BUNDLED_CACHE_WRITER) } : {};
}

/** Replaced by the CLI bundle's build: its demo platform thread, from the package root. */
declare const EGRET_BUNDLED_DEMO_WORKER: string | undefined;

/** The embedded demo's thread script from the bundle (beside it); from the sources, nothing: host/demo-thread.ts runs them through tsx. */
export function demoThreadScript(): { demoScript?: string } {
  return typeof EGRET_BUNDLED_DEMO_WORKER === 'string' ? { demoScript: join(PACKAGE_ROOT, EGRET_BUNDLED_DEMO_WORKER) } : {};
}

/** Replaced by the CLI bundle's build: its early-warning thread, from the package root. */
declare const EGRET_BUNDLED_WARNINGS_WORKER: string | undefined;

/** The early-warning thread's script from the bundle (beside it); from the sources, nothing: host/warnings/engine.ts runs them through tsx. */
export function warningsThreadScript(): { warningsScript?: string } {
  return typeof EGRET_BUNDLED_WARNINGS_WORKER === 'string' ? { warningsScript: join(PACKAGE_ROOT, EGRET_BUNDLED_WARNINGS_WORKER) } : {};
}

export function consoleVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Where the console keeps its data unless --data says otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EGRET_DATA ? resolve(env.EGRET_DATA) : join(homedir(), '.egret');
}
