import type { Logger } from '../../common/logger.ts';
import type { Cdp } from './cdp-pipe.ts';

/**
 * Keeps the console's pages in the browser `egret start` opened (over its
 * DevTools pipe): a page whose renderer crashed is loaded again at its own
 * address, and the console window closed while the browser still runs (other
 * windows of the console open) is opened again. Each comes back with
 * `recovered=crash|closed` in its hash query, and the page tells the
 * operator what happened (issue13-api.md, "Windows and URLs"). Popped-out
 * windows closed by hand are the console window's to reopen (it owns them),
 * not this.
 */

export type Recovered = 'crash' | 'closed';

/**
 * `url` with `recovered=<why>` in its hash query and the API token in its
 * query: a page reloaded or reopened must connect without what it kept in
 * sessionStorage (a new window has none).
 */
export function recoveredUrl(url: string, why: Recovered, token: string): string {
  const address = new URL(url);
  address.searchParams.set('token', token);
  const hash = address.hash.replace(/^#/, '') || '/';
  const mark = hash.indexOf('?');
  const route = mark < 0 ? hash : hash.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? '' : hash.slice(mark + 1));
  query.set('recovered', why);
  address.hash = `${route}?${query.toString()}`;
  return address.toString();
}

/** A workspace window other than the console shows hash route `#/w/<windowId>`. */
export function isConsoleWindow(url: string): boolean {
  return !new URL(url).hash.startsWith('#/w/');
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface PageKeeperOptions {
  cdp: Cdp;
  /** The console's origin, `http://127.0.0.1:PORT`: only its pages are kept. */
  origin: string;
  token: string;
  logger: Logger;
}

export class PageKeeper {
  private readonly pages = new Map<string, TargetInfo>();

  constructor(private readonly options: PageKeeperOptions) {}

  /** Starts watching the browser's targets and grants the console's origin what it needs. */
  async start(): Promise<void> {
    const { cdp } = this.options;
    cdp.on('Target.targetCreated', (params) => this.seen(params.targetInfo as TargetInfo));
    cdp.on('Target.targetInfoChanged', (params) => this.seen(params.targetInfo as TargetInfo));
    cdp.on('Target.targetCrashed', (params) => void this.crashed(params.targetId as string));
    cdp.on('Target.targetDestroyed', (params) => void this.destroyed(params.targetId as string));
    await Promise.all([
      cdp.send('Target.setDiscoverTargets', { discover: true }),
      // The page places the workspace's windows on the operator's screens (getScreenDetails) without asking each time.
      cdp
        .send('Browser.grantPermissions', { origin: this.options.origin, permissions: ['windowManagement'] })
        .catch((error: Error) => this.options.logger.warn('could not grant the console window management', { error: error.message })),
    ]);
  }

  /** The console's pages known now (their URLs), for tests and diagnostics. */
  get urls(): string[] {
    return [...this.pages.values()].map((page) => page.url);
  }

  private isOurs(info: TargetInfo): boolean {
    if (info.type !== 'page') return false;
    try {
      return new URL(info.url).origin === this.options.origin;
    } catch {
      return false;
    }
  }

  private seen(info: TargetInfo): void {
    if (this.isOurs(info)) this.pages.set(info.targetId, info);
    // A page that navigated away from the console (or not yet to it) is not ours to keep.
    else if (info.url !== '' && info.url !== 'about:blank') this.pages.delete(info.targetId);
  }

  private async crashed(targetId: string): Promise<void> {
    const page = this.pages.get(targetId);
    if (!page) return;
    const url = recoveredUrl(page.url, 'crash', this.options.token);
    this.options.logger.warn('a console page crashed: loading it again', { url: page.url });
    const { cdp } = this.options;
    try {
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      try {
        await cdp.send('Page.navigate', { url }, sessionId);
      } finally {
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      }
    } catch (error) {
      this.options.logger.error('could not load a crashed console page again', { url: page.url, error: (error as Error).message });
    }
  }

  private async destroyed(targetId: string): Promise<void> {
    const page = this.pages.get(targetId);
    this.pages.delete(targetId);
    if (!page || !isConsoleWindow(page.url)) return;
    const left = [...this.pages.values()];
    // The last window closed: the browser is quitting (the operator closed the console), nothing to reopen into.
    if (left.length === 0) return;
    // Another console window still open (the operator opened the address twice): nothing lost.
    if (left.some((other) => isConsoleWindow(other.url))) return;
    const url = recoveredUrl(page.url, 'closed', this.options.token);
    this.options.logger.warn('the console window was closed while its other windows stay open: opening it again', { url: page.url });
    try {
      await this.options.cdp.send('Target.createTarget', { url, newWindow: true });
    } catch (error) {
      this.options.logger.error('could not open the console window again', { error: (error as Error).message });
    }
  }
}
