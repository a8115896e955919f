import { defineConfig } from '@playwright/test';

/**
 * The Electron smoke test (smoke.spec.ts), run by `npm test` wherever the
 * Electron binary is installed (tests/run-all.mjs probes for it as `egret
 * start` does). It launches dist/electron/main.cjs itself: no browser here.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'smoke.spec.ts',
  outputDir: './test-results',
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // A first start creates the demo city and its cache.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // `json` writes to PLAYWRIGHT_JSON_OUTPUT_NAME when the runner sets it.
  reporter: [['list'], ['json']],
});
