#!/usr/bin/env node
// The `egret` command. The CLI is TypeScript run through tsx's loader, so the
// installed console and the tests execute the same sources.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../native/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
