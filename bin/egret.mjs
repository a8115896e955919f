#!/usr/bin/env -S node --max-semi-space-size=64
// The `egret` command. It runs the CLI bundle (dist/cli/, `npm run build:cli`,
// built by `npm ci`) while that was built from the sources as they are, else
// the TypeScript sources through tsx's loader — so an installed console starts
// fast and a changed source is never run stale (bin/cli-bundle.mjs has the
// rule). The V8 flag gives the link a larger young generation for its big
// frames (the Electron host gets the same: HOST_V8_FLAGS in
// electron/main/host-supervisor.ts).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './cli-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = process.env.EGRET_FROM_SOURCE === '1' ? null : freshBundle(root);
let main;
if (bundle) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../native/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
