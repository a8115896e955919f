#!/usr/bin/env node
// Runs after `npm ci` / `npm install`: builds the renderer, the Electron
// bundles and the CLI bundle, so `npx egret …` and `npm start` work — and
// start fast — straight after installing.
//
// It also links node_modules/.bin/egret. package.json declares no "bin": for
// a command the project itself declares, npm 11's `npx` loads the whole
// dependency tree before running it (1.4 s for `npx egret status` here),
// while a command in node_modules/.bin runs at once (0.65 s, of which 0.5 s
// is npx itself: `npx` of a shell script that only exits takes that long).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
if (!existsSync(new URL('renderer/vite.config.ts', root))) process.exit(0);

const binDir = new URL('node_modules/.bin/', root);
mkdirSync(binDir, { recursive: true });
if (process.platform === 'win32') {
  writeFileSync(new URL('egret.cmd', binDir), '@node "%~dp0\\..\\..\\bin\\egret.mjs" %*\r\n');
} else {
  const link = new URL('egret', binDir);
  rmSync(link, { force: true });
  symlinkSync('../../bin/egret.mjs', link);
}

const run = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
