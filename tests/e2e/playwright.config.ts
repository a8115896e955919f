import { defineConfig } from '@playwright/test';
import { requireBrowser } from '../../native/cli/launchers.ts';
import { e2eMediaTrustArgs } from './support/demo-media-cert.ts';

/**
 * End-to-end tests of the browser shell: each test starts its own
 * `egret serve --port 0` (see support/console.ts) and drives it with the
 * system's Chromium-family browser, found as `egret start` finds it
 * ($EGRET_BROWSER, then chromium, chromium-browser, google-chrome on PATH).
 * Browsers are never downloaded: without one, loading this config fails
 * with a message that says what to install.
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
      executablePath: requireBrowser(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // The demo consoles' media certificate, trusted as `egret start` trusts a console's own (support/demo-media-cert.ts).
        ...e2eMediaTrustArgs(),
      ],
    },
  },
});
