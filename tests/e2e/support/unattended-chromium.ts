import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import WebSocket from 'ws';
import { browserArgs, requireBrowser } from '../../../native/cli/launchers.ts';
import { waitForExit } from './console.ts';

/**
 * A Chromium of the test's own, launched as `egret start` launches it (app
 * mode, its own profile, the flags given) plus headless and a DevTools port,
 * and a DevTools connection to it that is not Playwright's.
 *
 * Why: a page Playwright is attached to never turns hidden. Playwright's
 * DevTools session emulates focus, which Chromium implements by counting the
 * page as being captured, and a captured page stays "visible" whatever
 * happens to its window — minimised, or behind another tab (tried, headless
 * and headed under Xvfb). With no Playwright session on it, headless Chromium
 * hides a page whose window is minimised, as a desktop does. So a test drives
 * the page with Playwright (`connectOverCDP`) for as long as it needs to,
 * disconnects it, and goes on with this connection.
 */

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface UnattendedChromium {
  /** `http://127.0.0.1:PORT`, for `chromium.connectOverCDP`. */
  endpoint: string;
  /** A DevTools connection of the test's own (open it once Playwright has let go of the page). */
  devtools(): Promise<DevTools>;
  /** Closes the browser (killed if it does not go) and removes its profile. */
  stop(): Promise<void>;
}

/** Launches Chromium on `url` with egret start's flags plus `extraArgs`, headless, with a DevTools port it picks. */
export async function launchUnattended(url: string, extraArgs: string[] = []): Promise<UnattendedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'egret-e2e-chromium-'));
  const child: ChildProcess = spawn(
    requireBrowser(),
    [...browserArgs(url, profile), ...extraArgs, '--headless=new', '--remote-debugging-port=0', '--window-size=1920,1080'],
    { stdio: 'ignore' },
  );
  // Chromium writes the port it took, and its browser target's path, once it listens.
  const portFile = join(profile, 'DevToolsActivePort');
  await expect.poll(() => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n').length >= 2, { timeout: START_TIMEOUT_MS }).toBe(true);
  const [port, path] = readFileSync(portFile, 'utf8').split('\n');
  const open: DevTools[] = [];
  return {
    endpoint: `http://127.0.0.1:${port}`,
    devtools: async () => {
      const connection = await DevTools.connect(`ws://127.0.0.1:${port}${path}`);
      open.push(connection);
      return connection;
    },
    stop: async () => {
      const closer = open.find((c) => !c.closed) ?? (child.exitCode === null ? await DevTools.connect(`ws://127.0.0.1:${port}${path}`).catch(() => null) : null);
      await closer?.send('Browser.close').catch(() => {});
      for (const c of open) c.close();
      if ((await waitForExit(child, STOP_TIMEOUT_MS)).timedOut) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A DevTools (CDP) connection to the browser: commands, and sessions on its pages (flat mode). */
export class DevTools {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
    ws.on('close', () => {
      this.closed = true;
      for (const { reject } of this.waiting.values()) reject(new Error('the DevTools connection closed'));
      this.waiting.clear();
    });
  }

  static connect(url: string): Promise<DevTools> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new DevTools(ws)));
      ws.once('error', reject);
    });
  }

  /** One command (`sessionId`: to a page attached with `attach`); rejects with DevTools' error. */
  send<T = unknown>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`the DevTools connection is closed (${method})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Attaches to the page whose URL starts with `prefix`: its target and a session on it. */
  async attach(prefix: string): Promise<{ targetId: string; sessionId: string }> {
    const { targetInfos } = await this.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
    const page = targetInfos.find((t) => t.type === 'page' && t.url.startsWith(prefix));
    if (!page) throw new Error(`no page at ${prefix}: ${JSON.stringify(targetInfos.map((t) => t.url))}`);
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    return { targetId: page.targetId, sessionId };
  }

  /** The value of `expression` (a promise is awaited) in the attached page. */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true },
      sessionId,
    );
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
    return result.value;
  }

  close(): void {
    this.ws.close();
  }
}
