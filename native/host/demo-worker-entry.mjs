// Starts the demo platform's thread from the TypeScript sources (CLI from
// source, tests); the CLI bundle builds demo-worker.ts into demo-worker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./demo-worker.ts');
