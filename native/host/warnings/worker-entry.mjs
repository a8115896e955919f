// Starts the early-warning thread from the TypeScript sources (CLI from
// source, tests, benchmarks); the CLI and Electron builds bundle worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
