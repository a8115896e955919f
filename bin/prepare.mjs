#!/usr/bin/env node
// Runs after `npm ci` / `npm install`: builds the renderer, the Electron
// bundles and the CLI bundle, so `npx egret …` and `npm start` work — and
// start fast — straight after installing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../renderer/vite.config.ts', import.meta.url))) process.exit(0);
const run = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
