import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { LinkStatus, Result } from '../../native/api/index.ts';
import { probeElectron, requireBrowser } from '../../native/cli/launchers.ts';
import { EGRET_BIN, REPO_ROOT, expect, openTrustedApi, test, waitForExit, type ApiSocket, type ServedConsole } from './support/console.ts';
import { callOk, startSimulator, type RunningSimulator } from './support/demo.ts';
import { signInAs } from './support/sign-in.ts';

/**
 * Issue 13's recovery in the browser shell, as an operator meets it: `egret
 * start` opens the browser itself (a wrapper named by $EGRET_BROWSER runs
 * Chromium with egret's flags — its DevTools pipe among them — plus headless
 * and a DevTools port of the test's own). The page's renderer crashed
 * through DevTools is loaded again by egret at its panel, marked
 * recovered=crash, with the operator's selection: the console window, and
 * a detail popped out into a window of its own (`#/w/detail`), which says
 * it was reopened; the `egret serve` child killed with SIGKILL is started
 * again on the same port with the same token, the page reconnects by
 * itself, and an incident note queued while the platform answered nothing
 * (the simulator paused with SIGSTOP) reaches the platform once it does.
 *
 * A standing simulator rather than the embedded demo: the demo runs inside
 * the serve being killed, and only a platform of its own can be paused.
 */

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

/** `s` as one single-quoted sh word. */
const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The browser egret starts: Chromium with everything egret passed (fds 3 and 4, its DevTools pipe, kept by exec), headless, a DevTools port Chromium picks. */
function writeBrowserWrapper(dir: string): string {
  const wrapper = join(dir, 'egret-browser.sh');
  writeFileSync(
    wrapper,
    ['#!/bin/sh', `exec ${shQuote(requireBrowser())} "$@" --headless=new --remote-debugging-port=0 --window-size=1600,1000`, ''].join('\n'),
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

interface Egret {
  child: ChildProcess;
  served: ServedConsole;
  stdout(): string;
  stderr(): string;
  /** The pids of the serve children, in the order egret start reported them. */
  servePids(): number[];
  readyCount(): number;
}

async function startEgret(dataDir: string, browser: string, platform: RunningSimulator): Promise<Egret> {
  const shellArgs = probeElectron().available ? ['--browser-shell'] : [];
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=64',
      EGRET_BIN,
      'start',
      '--port',
      '0',
      '--data',
      dataDir,
      '--platform',
      platform.url,
      '--token',
      'demo-chief',
      ...shellArgs,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, EGRET_BROWSER: browser, EGRET_LOG: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`egret start printed no URL within ${START_TIMEOUT_MS} ms\n${stdout}\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    const look = () => {
      const found = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/m.exec(stdout);
      if (!found) return;
      clearTimeout(timer);
      child.stdout!.off('data', look);
      resolve(found[0]);
    };
    child.stdout!.on('data', look);
    child.once('exit', (code, signal) =>
      reject(new Error(`egret start exited before printing its URL (code ${code}, signal ${signal})\n${stdout}\n${stderr}`)),
    );
  });
  const match = /^(http:\/\/127\.0\.0\.1:(\d+))\/\?token=(.+)$/.exec(url)!;
  return {
    child,
    served: { url, origin: match[1]!, port: Number(match[2]), token: match[3]!, dataDir, stderr: () => stderr },
    stdout: () => stdout,
    stderr: () => stderr,
    servePids: () => [...stdout.matchAll(/^serve: pid (\d+)/gm)].map((m) => Number(m[1])),
    readyCount: () => [...stdout.matchAll(/^serve: ready/gm)].length,
  };
}

/**
 * Playwright on the browser egret opened (over the wrapper's DevTools port), once it shows the console's
 * `windows` pages (the console window and those popped out of it); `page` is the console window's.
 */
async function attach(profile: string, origin: string, windows = 1): Promise<{ browser: Browser; page: Page; pages: Page[] }> {
  const portFile = join(profile, 'DevToolsActivePort');
  await expect.poll(() => existsSync(portFile) && readFileSync(portFile, 'utf8').includes('\n'), { timeout: START_TIMEOUT_MS }).toBe(true);
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${readFileSync(portFile, 'utf8').split('\n')[0]}`);
  const context = browser.contexts()[0]!;
  const ours = () => context.pages().filter((p) => p.url().startsWith(origin));
  await expect.poll(() => ours().length, { timeout: START_TIMEOUT_MS }).toBe(windows);
  const page = ours().find((p) => !hashOf(p.url()).route.startsWith('/w/'));
  expect(page, 'the console window is among the pages').toBeDefined();
  return { browser, page: page!, pages: ours() };
}

/** Crashes `page`'s renderer through DevTools, as a renderer bug would. */
async function crash(page: Page): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  const crashed = page.waitForEvent('crash', { timeout: START_TIMEOUT_MS });
  devtools.send('Page.crash').catch(() => {});
  await crashed;
}

/** The page's hash route and its query (`#/chief?recovered=crash` → route /chief, recovered crash). */
function hashOf(url: string): { route: string; query: URLSearchParams } {
  const hash = new URL(url).hash.slice(1);
  const mark = hash.indexOf('?');
  return { route: mark < 0 ? hash : hash.slice(0, mark), query: new URLSearchParams(mark < 0 ? '' : hash.slice(mark + 1)) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
test('egret start keeps the browser shell going: a crashed page comes back at its panel with the selection, a popped-out window as well, a killed serve is restarted on the same port and token, the page reconnects and a queued note is not lost', async ({}, testInfo) => {
  test.setTimeout(400_000);
  const dir = mkdtempSync(join(tmpdir(), 'egret-e2e-start-recovery-'));
  const dataDir = join(dir, 'data');
  let simulator: RunningSimulator | null = null;
  let paused = false;
  let egret: Egret | null = null;
  let browser: Browser | null = null;
  const apis: ApiSocket[] = [];
  let failed = true;
  try {
    simulator = await startSimulator();
    await expect.poll(() => simulator!.stdout(), { timeout: 15_000 }).toMatch(/demo-chief \(duty_chief\)/);
    egret = await startEgret(dataDir, writeBrowserWrapper(dir), simulator);
    const { served } = egret;
    expect(egret.servePids()).toHaveLength(1);
    // The console's token is egret start's, handed to serve in its environment: never on a command line `ps` shows.
    const firstServe = egret.servePids()[0]!;
    expect(readFileSync(`/proc/${firstServe}/cmdline`, 'utf8')).not.toContain(served.token);

    let page: Page;
    ({ browser, page } = await attach(join(dataDir, 'browser-profile'), served.origin));
    await signInAs(page, 'duty_chief');
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: START_TIMEOUT_MS });
    const route = hashOf(page.url()).route;
    expect(route).toBe('/chief');

    // An incident selected on the board.
    const row = page.getByTestId('board-row').first();
    await expect(row).toBeVisible({ timeout: START_TIMEOUT_MS });
    const incident = (await row.getAttribute('data-id'))!;
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');

    // The page's renderer crashes. Egret loads it again where it was; Playwright's view of the crashed page is let go.
    await crash(page);
    await browser.close();
    ({ browser, page } = await attach(join(dataDir, 'browser-profile'), served.origin));
    await expect.poll(() => hashOf(page.url()).query.get('recovered'), { timeout: START_TIMEOUT_MS }).toBe('crash');
    expect(hashOf(page.url()).route).toBe(route);
    await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief', { timeout: START_TIMEOUT_MS });
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: START_TIMEOUT_MS });
    // The selection comes back with it (the host's): the board tab's detail shows the incident.
    await page.getByTestId('chief-tab-board').click();
    await expect(page.getByTestId('detail-id')).toHaveText(incident, { timeout: START_TIMEOUT_MS });

    // The detail popped out into a window of its own: the console window opens it, showing the selection.
    const opened = page.context().waitForEvent('page', { timeout: START_TIMEOUT_MS });
    await page.getByTestId('pop-out-menu').locator('summary').click();
    await page.getByTestId('pop-out-detail').click();
    let detailWindow = await opened;
    await expect(detailWindow).toHaveURL(/#\/w\/detail$/, { timeout: START_TIMEOUT_MS });
    await expect(detailWindow.getByTestId('detail-id')).toHaveText(incident, { timeout: START_TIMEOUT_MS });
    await expect(detailWindow.getByTestId('window-recovered')).toHaveCount(0);

    // Its renderer crashes: egret loads it again at its window's route, saying so, with the same selection.
    await crash(detailWindow);
    await browser.close();
    let pages: Page[];
    ({ browser, page, pages } = await attach(join(dataDir, 'browser-profile'), served.origin, 2));
    detailWindow = pages.find((p) => p !== page)!;
    await expect.poll(() => hashOf(detailWindow.url()).query.get('recovered'), { timeout: START_TIMEOUT_MS }).toBe('crash');
    expect(hashOf(detailWindow.url()).route).toBe('/w/detail');
    await expect(detailWindow.getByTestId('workspace-window')).toHaveAttribute('data-window', 'detail', { timeout: START_TIMEOUT_MS });
    await expect(detailWindow.getByTestId('window-recovered')).toHaveAttribute('data-recovered', 'crash');
    await expect(detailWindow.getByTestId('detail-id')).toHaveText(incident, { timeout: START_TIMEOUT_MS });
    // The console window, another renderer, goes on at its route.
    expect(hashOf(page.url()).route).toBe(route);
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: START_TIMEOUT_MS });

    // The page's connection states from now on, as the page itself saw them.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="api-connection"]')!;
      const seen: string[] = [el.getAttribute('data-state')!];
      (window as unknown as { egretConnectionStates: string[] }).egretConnectionStates = seen;
      new MutationObserver(() => {
        const state = el.getAttribute('data-state')!;
        if (seen.at(-1) !== state) seen.push(state);
      }).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    });

    // The platform stops answering; a note queued now waits in the outbox.
    const api = await openTrustedApi(served);
    apis.push(api);
    process.kill(simulator.pid, 'SIGSTOP');
    paused = true;
    const text = `E2E start-recovery ${Date.now()}`;
    await callOk<{ id: string }>(api, 'command.send', { name: 'incident.note', args: { incident, text } });
    await expect.poll(async () => (await callOk<LinkStatus>(api, 'link.status')).outbox).toBeGreaterThan(0);

    // The serve child killed outright: egret start starts another, on the same port, with the same token.
    await expect.poll(() => egret!.readyCount(), { timeout: START_TIMEOUT_MS }).toBeGreaterThan(0);
    process.kill(firstServe, 'SIGKILL');
    await expect.poll(() => egret!.servePids().length, { timeout: START_TIMEOUT_MS }).toBe(2);
    const secondServe = egret.servePids()[1]!;
    expect(secondServe).not.toBe(firstServe);
    expect(egret.stderr()).toContain(`serve: pid ${firstServe} was killed by SIGKILL; restarting it`);
    await expect.poll(() => alive(secondServe) && egret!.readyCount(), { timeout: START_TIMEOUT_MS }).toBe(2);

    // The page reconnects by itself (it lost the connection, and has it again): nobody reloads it.
    await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected', { timeout: START_TIMEOUT_MS });
    const states = await page.evaluate(() => (window as unknown as { egretConnectionStates: string[] }).egretConnectionStates);
    expect(states[0]).toBe('connected');
    expect(states.at(-1)).toBe('connected');
    expect(states.slice(1, -1).length, `the page lost its connection: ${JSON.stringify(states)}`).toBeGreaterThan(0);
    expect(hashOf(page.url()).route).toBe(route);

    // The same token opens the API of the new serve; the note is still held, and reaches the platform once it answers.
    const again = await openTrustedApi(served);
    apis.push(again);
    expect((await callOk<LinkStatus>(again, 'link.status')).outbox).toBeGreaterThan(0);
    process.kill(simulator.pid, 'SIGCONT');
    paused = false;
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: START_TIMEOUT_MS });
    await expect
      .poll(
        async () =>
          (await callOk<Result<'incident.get'>>(again, 'incident.get', { id: incident })).events.filter(
            (e) => e.kind === 'note' && e.text === text,
          ).length,
        {
          timeout: START_TIMEOUT_MS,
          message: 'the note queued before the serve was killed reached the platform, once',
        },
      )
      .toBe(1);
    await expect.poll(async () => (await callOk<LinkStatus>(again, 'link.status')).outbox, { timeout: START_TIMEOUT_MS }).toBe(0);
    failed = false;
  } finally {
    for (const api of apis) await api.close().catch(() => {});
    if (simulator && paused) process.kill(simulator.pid, 'SIGCONT');
    await browser?.close().catch(() => {});
    if (egret) {
      // Stopping egret start stops its serve and, its DevTools pipe closed, the browser.
      egret.child.kill('SIGTERM');
      const outcome = await waitForExit(egret.child, STOP_TIMEOUT_MS);
      if (outcome.timedOut) egret.child.kill('SIGKILL');
      if (failed || outcome.code !== 0) {
        await testInfo.attach('egret-start.stdout', { body: egret.stdout(), contentType: 'text/plain' });
        await testInfo.attach('egret-start.stderr', { body: egret.stderr(), contentType: 'text/plain' });
      }
      if (!failed) {
        expect(outcome, 'egret start exits by itself with 0 after SIGTERM').toEqual({ code: 0, signal: null, timedOut: false });
        for (const pid of egret.servePids()) expect(alive(pid), `serve ${pid} stopped with egret start`).toBe(false);
      }
    }
    await simulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
