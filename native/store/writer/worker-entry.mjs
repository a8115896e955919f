// Starts the cache writer thread from the TypeScript sources (CLI, tests,
// benchmarks); the Electron build bundles worker.ts into cache-writer.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
