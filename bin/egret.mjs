#!/usr/bin/env -S node --max-semi-space-size=64
// The `egret` command. The CLI is TypeScript run through tsx's loader, so the
// installed console and the tests execute the same sources. The V8 flag gives
// the link a larger young generation for its big frames (the Electron host
// gets the same: HOST_V8_FLAGS in electron/main/host-supervisor.ts).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../native/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
