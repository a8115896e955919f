import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests of the browser shell: each test starts its own
 * `egret serve --port 0` (see support/console.ts) and drives it with the
 * system Chromium — browsers are never downloaded.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // `json` writes to PLAYWRIGHT_JSON_OUTPUT_NAME when the runner sets it.
  reporter: [['list'], ['json']],
  use: {
    headless: true,
    locale: 'zh-CN',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
