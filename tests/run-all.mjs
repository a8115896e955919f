#!/usr/bin/env node
// `npm test`: lint, typecheck, unit tests (vitest), end-to-end tests
// (Playwright on the system's Chromium, Chrome or Edge), and the Electron
// smoke test where the Electron binary is installed. Prints one closing line
// `tests: N passed, M failed` (lint and typecheck count as one test each)
// and exits non-zero when anything failed. Without the Electron binary the
// line before it is `electron smoke: not run (no Electron binary)`: the smoke
// test then counts as neither passed nor failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'egret-tests-'));
let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n── ${label}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function check(label, command, args) {
  if (run(label, command, args) === 0) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const only = process.argv[2]; // optional: lint | typecheck | unit | e2e | electron

/** native/cli/launchers.ts (finding browsers and Electron as `egret start` does), loaded through tsx once. */
let launchersModule = null;
async function launchers() {
  if (!launchersModule) {
    const { register } = await import('tsx/esm/api');
    register();
    launchersModule = await import('../native/cli/launchers.ts');
  }
  return launchersModule;
}

// The end-to-end tests need a Chromium-family browser, found as `egret start`
// finds it (native/cli/launchers.ts). Without one, say what to install now,
// not after minutes of lint and unit tests and a stack trace from Playwright.
if (!only || only === 'e2e') {
  const { findBrowser, noBrowserMessage } = await launchers();
  if (findBrowser() === null) {
    process.stderr.write(`\nnpm test: ${noBrowserMessage()}\n`);
    process.stdout.write('tests: 0 passed, 1 failed\n');
    process.exit(1);
  }
}

if (!only || only === 'lint') check('lint', 'npx', ['eslint', '.']);
if (!only || only === 'typecheck') check('typecheck', 'npm', ['run', '--silent', 'typecheck']);

// The integration and end-to-end tests drive bin/egret.mjs, which runs the
// CLI bundle while it matches the sources (bin/cli-bundle.mjs): build it
// first, so they test what an install runs, not whichever of the two an
// edit since the last build left in place.
if (!only || only === 'unit' || only === 'e2e') {
  if (run('cli bundle', 'npm', ['run', '--silent', 'build:cli']) !== 0) {
    failed++;
    failures.push('cli bundle');
  }
}

if (!only || only === 'unit') {
  const report = join(out, 'vitest.json');
  const status = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  const json = readJson(report);
  if (json) {
    passed += json.numPassedTests;
    failed += json.numFailedTests + (json.numTotalTests - json.numPassedTests - json.numFailedTests - (json.numPendingTests ?? 0) - (json.numTodoTests ?? 0));
    if (json.numFailedTests > 0 || status !== 0) failures.push('unit');
    if (status !== 0 && json.numFailedTests === 0) failed++; // a suite that failed to load
  } else {
    failed++;
    failures.push('unit (no report)');
  }
}

if (!only || only === 'e2e') {
  if (!existsSync('dist/renderer/index.html')) check('build', 'npm', ['run', '--silent', 'build']);
  const report = join(out, 'playwright.json');
  const status = run('e2e', 'npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  const json = readJson(report);
  if (json?.stats) {
    passed += json.stats.expected + (json.stats.flaky ?? 0);
    failed += json.stats.unexpected;
    if (json.stats.unexpected > 0 || status !== 0) failures.push('e2e');
    if (status !== 0 && json.stats.unexpected === 0) failed++;
  } else {
    failed++;
    failures.push('e2e (no report)');
  }
}

// The Electron smoke test (tests/electron/smoke.spec.ts) needs the Electron
// binary, found as `egret start` finds it (native/cli/launchers.ts), the
// bundles, and better-sqlite3 built for Electron.
let electronSmoke = null;
if (!only || only === 'electron') {
  const { probeElectron } = await launchers();
  const probe = probeElectron();
  if (!probe.available) {
    process.stdout.write(`\n── electron smoke: ${probe.reason}\n`);
    electronSmoke = 'not run (no Electron binary)';
  } else {
    const prepared =
      (existsSync('dist/renderer/index.html') || run('renderer', 'npm', ['run', '--silent', 'build:renderer']) === 0) &&
      run('electron bundles', 'npm', ['run', '--silent', 'build:electron']) === 0 &&
      (existsSync('dist/electron-native/better_sqlite3.node') || run('better-sqlite3 for Electron', 'node', ['build/rebuild-native.mjs']) === 0);
    const report = join(out, 'electron-smoke.json');
    const status = prepared ? run('electron smoke', 'npx', ['playwright', 'test', '-c', 'tests/electron/playwright.config.ts'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report }) : 1;
    const json = prepared ? readJson(report) : null;
    if (json?.stats && status === 0) passed += json.stats.expected;
    else {
      failed += Math.max(1, json?.stats?.unexpected ?? 0);
      passed += json?.stats?.expected ?? 0;
      failures.push(prepared ? 'electron smoke' : 'electron smoke (not built)');
    }
  }
}

if (failures.length) process.stdout.write(`\nfailed: ${failures.join(', ')}\n`);
if (electronSmoke) process.stdout.write(`electron smoke: ${electronSmoke}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
