import type { Logger } from '../../../native/common/logger.ts';
import { isAppUrl } from '../app-origin.ts';

/**
 * A window whose page crashed (`render-process-gone`) or hangs
 * (`unresponsive` and still so after a grace period) is loaded again at the
 * route it showed, with `?recovered=crash|hang` in the hash query: the page
 * shows the operator a short notice, and takes its panel from the live
 * workspace and the selection from the host as any page does. A page that
 * keeps failing (three times within a minute) is not reloaded in a loop: the
 * log says so and the window is closed (and docked: nobody opens it again).
 */

export type RecoveryReason = 'crash' | 'hang';
/** What a reopened page's notice says happened: crashed, hung, or closed by hand (reopened by the workspace owner). */
export type RecoveredBecause = RecoveryReason | 'closed';

/** The part of `BrowserWindow` recovery uses (Electron's fits; the test checks). */
export interface RecoverableWindow {
  on(event: 'unresponsive', listener: () => void): unknown;
  on(event: 'responsive', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  isDestroyed(): boolean;
  destroy(): void;
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
    getURL(): string;
    loadURL(url: string): Promise<void>;
    forcefullyCrashRenderer(): void;
  };
}

export interface RecoveryClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RecoveryOptions {
  clock: RecoveryClock;
  /** What the window loads when its page never reached the app (it crashed while loading). */
  homeUrl: string;
  /** The window in log lines (its workspace id). */
  label: string;
  logger: Logger;
  /** How long a page may stay unresponsive before it is taken for hung: a long task is not a hang. */
  hangGraceMs?: number;
  /** This many failures within `withinMs` and the window is given up on. */
  giveUpAfter?: { failures: number; withinMs: number };
  /** The window is given up on: called just before it is closed, so that nobody opens it again. */
  onGaveUp?: () => void;
}

export const DEFAULT_HANG_GRACE_MS = 10_000;
export const DEFAULT_GIVE_UP_AFTER = { failures: 3, withinMs: 60_000 };

/**
 * `url` (or `homeUrl` when it is not the app's) with `recovered=<reason>` in
 * its hash query, in place of any earlier one:
 * `egret://app/index.html#/w/map` → `egret://app/index.html#/w/map?recovered=crash`.
 */
export function recoveredUrl(url: string, reason: RecoveredBecause, homeUrl: string): string {
  const from = isAppUrl(url) ? url : homeUrl;
  const hashAt = from.indexOf('#');
  const document = hashAt < 0 ? from : from.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : from.slice(hashAt + 1);
  const queryAt = hash.indexOf('?');
  const route = (queryAt < 0 ? hash : hash.slice(0, queryAt)) || '/';
  const query = new URLSearchParams(queryAt < 0 ? '' : hash.slice(queryAt + 1));
  query.set('recovered', reason);
  return `${document}#${route}?${query}`;
}

/** Watches one window's page until the window closes. */
export function recoverRenderer(window: RecoverableWindow, options: RecoveryOptions): void {
  const graceMs = options.hangGraceMs ?? DEFAULT_HANG_GRACE_MS;
  const giveUp = options.giveUpAfter ?? DEFAULT_GIVE_UP_AFTER;
  const { clock, logger, label } = options;
  const failures: number[] = [];
  let hangTimer: unknown = null;
  /** The renderer we killed because it hung: its 'render-process-gone' is ours, not a crash. */
  let killedForHang = false;
  let closed = false;

  const stopHangTimer = () => {
    if (hangTimer !== null) clock.clearTimeout(hangTimer);
    hangTimer = null;
  };

  const recover = (reason: RecoveryReason, detail: string) => {
    if (closed || window.isDestroyed()) return;
    const now = clock.now();
    failures.push(now);
    while (failures.length > 0 && now - failures[0]! >= giveUp.withinMs) failures.shift();
    if (failures.length >= giveUp.failures) {
      logger.error('window keeps failing: not reloading it again; closing it', {
        window: label,
        reason,
        detail,
        failures: failures.length,
        withinMs: giveUp.withinMs,
      });
      closed = true;
      stopHangTimer();
      options.onGaveUp?.();
      window.destroy();
      return;
    }
    const url = recoveredUrl(window.webContents.getURL(), reason, options.homeUrl);
    logger.warn(reason === 'crash' ? 'window page crashed: reloading it' : 'window page hung: reloading it', { window: label, detail, url });
    if (reason === 'hang') {
      // A hung renderer does not take a new page; killed, the window loads it in a new one.
      killedForHang = true;
      window.webContents.forcefullyCrashRenderer();
    }
    window.webContents.loadURL(url).catch((error: unknown) => logger.error('window could not be reloaded', { window: label, error: String(error) }));
  };

  window.webContents.on('render-process-gone', (_event, details) => {
    stopHangTimer();
    if (killedForHang) {
      killedForHang = false;
      return;
    }
    // Exit code 0: the renderer was shut down (the window closing, the app quitting), not crashed.
    if (details.reason === 'clean-exit') return;
    recover('crash', details.reason);
  });
  window.on('unresponsive', () => {
    if (hangTimer !== null) return;
    hangTimer = clock.setTimeout(() => {
      hangTimer = null;
      recover('hang', `unresponsive for ${Math.round(graceMs / 1000)} s`);
    }, graceMs);
  });
  window.on('responsive', stopHangTimer);
  window.on('closed', () => {
    closed = true;
    stopHangTimer();
  });
}
