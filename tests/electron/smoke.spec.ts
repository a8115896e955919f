import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { defaultWorkspace } from '../../native/api/workspace.ts';
import { probeElectron } from '../../native/cli/launchers.ts';
import { displaysOf, type ScreenDisplay } from '../../electron/main/workspace/displays.ts';

/**
 * The Electron shell for real, where its binary is installed (a packager's
 * machine, a workstation; tests/run-all.mjs runs this only then): the
 * console starts on a fresh data dir with the embedded demo, which signs in
 * as the duty chief, and opens the chief's workspace — a window per display,
 * up to three. Every window is checked as it runs: isolated, sandboxed, no
 * Node, the CSP on the app's responses and in force, navigation elsewhere
 * refused. With two displays a window is moved to the other one. Then the
 * console quits.
 *
 * Needs `npm run build` (dist/renderer, dist/electron) and better-sqlite3
 * built for Electron (`node build/rebuild-native.mjs`); run-all does both.
 */

const root = resolve(import.meta.dirname, '..', '..');

/**
 * The page's globals the checks read: this file is type-checked without the
 * DOM library. (Each check casts inline: a function run in the page cannot
 * call one of this file.)
 */
interface PageGlobals {
  location: { href: string };
  open(url: string): unknown;
  require?: unknown;
  process?: unknown;
}

let app: ElectronApplication;
let dataDir: string;
const stderr: string[] = [];

test.beforeAll(async () => {
  const probe = probeElectron();
  if (!probe.available) throw new Error(`no Electron binary: ${probe.reason}`);
  dataDir = mkdtempSync(join(tmpdir(), 'egret-electron-smoke-'));
  app = await electron.launch({
    executablePath: probe.binary,
    args: [
      join(root, 'dist', 'electron', 'main.cjs'),
      `--egret-data=${dataDir}`,
      // Chromium refuses its sandbox to root (a CI container); the windows' own settings are what is checked here.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    env: { ...process.env, EGRET_LOG: 'warn' } as Record<string, string>,
  });
  app.process().stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The chief's workspace on the displays connected: the console, and a window on each other display (two at most). */
async function expectedWindows(): Promise<string[]> {
  const displays = displaysOf(
    await app.evaluate(({ screen }) => ({
      all: screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea, scaleFactor: d.scaleFactor, rotation: d.rotation })),
      primary: screen.getPrimaryDisplay().id,
    })).then(({ all, primary }) => ({
      getAllDisplays: (): ScreenDisplay[] => all,
      getPrimaryDisplay: (): ScreenDisplay => all.find((d) => d.id === primary)!,
    })),
  );
  return defaultWorkspace({ operator: 'demo-chief', role: 'duty_chief' }, displays).windows.map((w) => w.id);
}

/** The workspace window a page shows: `main` for the console, else its `#/w/<id>`. */
const windowIdOf = (url: string) => /#\/w\/([a-z0-9-]+)/.exec(url)?.[1] ?? 'main';

async function workspacePages(count: number): Promise<Map<string, Page>> {
  await expect.poll(() => app.windows().filter((p) => p.url().startsWith('egret://app/')).length).toBe(count);
  return new Map(app.windows().map((p) => [windowIdOf(p.url()), p]));
}

test('the Electron console opens the role workspace with every window locked down', async () => {
  const first = await app.firstWindow();
  await first.waitForURL(/^egret:\/\/app\/index\.html/);
  const ids = await expectedWindows();
  const pages = await workspacePages(ids.length);
  expect([...pages.keys()].sort()).toEqual([...ids].sort());
  // Opened as the workspace says: the console maximised on the primary display.
  const console = await app.browserWindow(pages.get('main')!);
  await expect.poll(() => console.evaluate((w) => w.isMaximized())).toBe(true);

  // The CSP rides on every response of the app's own origin.
  const csp = await app.evaluate(async ({ net }) => (await net.fetch('egret://app/index.html')).headers.get('content-security-policy'));
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");

  for (const [id, page] of pages) {
    const window = await app.browserWindow(page);
    const prefs = await window.evaluate((w) => {
      const p = w.webContents.getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration, webviewTag: p?.webviewTag };
    });
    expect(prefs, `window ${id}`).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    // No Node in the page, and the policy in force: no eval.
    expect(await page.evaluate(() => [typeof (globalThis as unknown as PageGlobals).require, typeof (globalThis as unknown as PageGlobals).process])).toEqual(['undefined', 'undefined']);
    expect(
      await page.evaluate(() => {
        try {
          return String((0, eval)('1 + 1'));
        } catch (error) {
          return (error as Error).name;
        }
      }),
    ).toBe('EvalError');
    // No new windows from the page, and no navigation elsewhere.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null)).toBe(true);
    const before = page.url();
    const refusals = stderr.join('').split('refused navigation').length;
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await expect.poll(() => stderr.join('').split('refused navigation').length, { message: `navigation refused in window ${id}` }).toBe(refusals + 1);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.href)).toBe(before);
  }

  await movedToTheOtherDisplay(pages);
});

/** With two displays or more, a workspace window moved to another one lands there at its size (one display: said so). */
async function movedToTheOtherDisplay(pages: Map<string, Page>): Promise<void> {
  const areas = await app.evaluate(({ screen }) => screen.getAllDisplays().map((d) => d.workArea));
  if (areas.length < 2) {
    process.stdout.write('electron smoke: one display, no window moved between displays\n');
    return;
  }
  const [id, page] = [...pages].find(([key]) => key !== 'main')!;
  const window = await app.browserWindow(page);
  await window.evaluate((w) => w.unmaximize());
  const before = await window.evaluate((w) => w.getBounds());
  const from = areas.findIndex((a) => before.x >= a.x && before.x < a.x + a.width);
  const to = areas[(from + 1) % areas.length]!;
  const target = { x: to.x + 40, y: to.y + 40, width: Math.min(before.width, to.width - 80), height: Math.min(before.height, to.height - 80) };
  await window.evaluate((w, b) => w.setBounds(b), target);
  await expect.poll(() => window.evaluate((w) => w.getBounds()), { message: `window ${id} on the other display` }).toEqual(target);
}
