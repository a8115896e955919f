import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger.ts';
import type { Cdp } from './cdp-pipe.ts';
import { isConsoleWindow, PageKeeper, recoveredUrl } from './page-keeper.ts';

const ORIGIN = 'http://127.0.0.1:4100';
const TOKEN = 'tok-abcdefghijklmnop';

/** A browser seen through its DevTools pipe: the test fires its events, and reads the commands it was sent. */
class FakeBrowser implements Cdp {
  readonly sent: { method: string; params: Record<string, unknown>; sessionId?: string | undefined }[] = [];
  private readonly listeners = new Map<string, ((params: Record<string, unknown>, sessionId: string | undefined) => void)[]>();
  refuse = new Set<string>();

  send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    this.sent.push({ method, params, sessionId });
    if (this.refuse.has(method)) return Promise.reject(new Error(`${method}: refused`));
    const result = method === 'Target.attachToTarget' ? { sessionId: `session-${params.targetId as string}` } : {};
    return Promise.resolve(result as T);
  }

  on(method: string, listener: (params: Record<string, unknown>, sessionId: string | undefined) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener]);
  }

  fire(method: string, params: Record<string, unknown>): void {
    for (const listener of this.listeners.get(method) ?? []) listener(params, undefined);
  }

  page(targetId: string, url: string, type = 'page'): void {
    this.fire('Target.targetCreated', { targetInfo: { targetId, type, url } });
  }

  commands(): string[] {
    return this.sent.map((c) => c.method);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function kept(): Promise<FakeBrowser> {
  const browser = new FakeBrowser();
  await new PageKeeper({ cdp: browser, origin: ORIGIN, token: TOKEN, logger: silentLogger }).start();
  return browser;
}

describe('recoveredUrl: where a recovered page goes back to', () => {
  it('keeps the route and its query, adds recovered= and the token', () => {
    const url = recoveredUrl(`${ORIGIN}/#/w/map-2?x=1`, 'crash', TOKEN);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('token')).toBe(TOKEN);
    expect(parsed.hash).toBe('#/w/map-2?x=1&recovered=crash');
  });

  it('replaces an earlier recovered=, and gives a page with no route the root route', () => {
    expect(new URL(recoveredUrl(`${ORIGIN}/?token=old#/taker?recovered=crash`, 'closed', TOKEN)).hash).toBe('#/taker?recovered=closed');
    expect(new URL(recoveredUrl(`${ORIGIN}/?token=old`, 'closed', TOKEN)).hash).toBe('#/?recovered=closed');
    expect(new URL(recoveredUrl(`${ORIGIN}/?token=old`, 'closed', TOKEN)).searchParams.getAll('token')).toEqual([TOKEN]);
  });

  it('tells the console window from the workspace windows by its route', () => {
    expect(isConsoleWindow(`${ORIGIN}/#/chief`)).toBe(true);
    expect(isConsoleWindow(`${ORIGIN}/?token=t`)).toBe(true);
    expect(isConsoleWindow(`${ORIGIN}/#/w/map`)).toBe(false);
  });
});

describe('PageKeeper: the pages of the browser egret start opened', () => {
  it('watches targets and grants the console window management', async () => {
    const browser = await kept();
    expect(browser.sent.slice(0, 2)).toEqual([
      { method: 'Target.setDiscoverTargets', params: { discover: true }, sessionId: undefined },
      { method: 'Browser.grantPermissions', params: { origin: ORIGIN, permissions: ['windowManagement'] }, sessionId: undefined },
    ]);
  });

  it('starts even where the browser cannot grant the permission (an older Chromium)', async () => {
    const browser = new FakeBrowser();
    browser.refuse.add('Browser.grantPermissions');
    await expect(new PageKeeper({ cdp: browser, origin: ORIGIN, token: TOKEN, logger: silentLogger }).start()).resolves.toBeUndefined();
  });

  it('loads a crashed console page again at its own address, marked recovered=crash', async () => {
    const browser = await kept();
    browser.page('t1', `${ORIGIN}/#/taker`);
    browser.page('t2', `${ORIGIN}/#/w/map`);
    browser.fire('Target.targetInfoChanged', { targetInfo: { targetId: 't2', type: 'page', url: `${ORIGIN}/#/w/map?pinned=1` } });
    browser.fire('Target.targetCrashed', { targetId: 't2', status: 'crashed', errorCode: 11 });
    await settle();
    const after = browser.sent.slice(2);
    expect(after.map((c) => c.method)).toEqual(['Target.attachToTarget', 'Page.navigate', 'Target.detachFromTarget']);
    expect(after[0]!.params).toEqual({ targetId: 't2', flatten: true });
    expect(after[1]!.sessionId).toBe('session-t2');
    expect(after[1]!.params.url).toBe(`${ORIGIN}/?token=${TOKEN}#/w/map?pinned=1&recovered=crash`);
  });

  it("leaves other sites' pages and other targets alone", async () => {
    const browser = await kept();
    browser.page('x', 'https://example.org/');
    browser.page('sw', `${ORIGIN}/sw.js`, 'service_worker');
    browser.fire('Target.targetCrashed', { targetId: 'x' });
    browser.fire('Target.targetCrashed', { targetId: 'sw' });
    browser.fire('Target.targetDestroyed', { targetId: 'x' });
    await settle();
    expect(browser.commands().slice(2)).toEqual([]);
  });

  it('opens the console window again, marked recovered=closed, when it is closed while a workspace window stays open', async () => {
    const browser = await kept();
    browser.page('main', `${ORIGIN}/#/chief`);
    browser.page('map', `${ORIGIN}/#/w/map`);
    browser.fire('Target.targetDestroyed', { targetId: 'main' });
    await settle();
    expect(browser.sent.slice(2)).toEqual([
      { method: 'Target.createTarget', params: { url: `${ORIGIN}/?token=${TOKEN}#/chief?recovered=closed`, newWindow: true }, sessionId: undefined },
    ]);
  });

  it('does not reopen the last window (the browser is quitting), a closed workspace window (the console reopens those), or a second console window', async () => {
    const browser = await kept();
    browser.page('main', `${ORIGIN}/#/chief`);
    browser.fire('Target.targetDestroyed', { targetId: 'main' });
    browser.page('main2', `${ORIGIN}/#/chief`);
    browser.page('wall', `${ORIGIN}/#/w/wall`);
    browser.fire('Target.targetDestroyed', { targetId: 'wall' });
    browser.page('main3', `${ORIGIN}/#/chief`);
    browser.fire('Target.targetDestroyed', { targetId: 'main3' });
    await settle();
    expect(browser.commands().slice(2)).toEqual([]);
  });

  it('a page that left the console is no longer kept', async () => {
    const browser = await kept();
    browser.page('t1', `${ORIGIN}/#/taker`);
    browser.fire('Target.targetInfoChanged', { targetInfo: { targetId: 't1', type: 'page', url: 'https://example.org/' } });
    browser.fire('Target.targetCrashed', { targetId: 't1' });
    await settle();
    expect(browser.commands().slice(2)).toEqual([]);
  });
});
