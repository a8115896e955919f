import type { Display } from '../../../native/api/index.ts';
import { API_TOKEN_STORAGE_KEY } from '../api/websocket-transport.ts';
import { displaysFromScreens, type BrowserScreen } from './geometry.ts';

/** The Window Management API (Chromium): every screen, with its place; asked only where the operator granted it. */
interface ScreenDetails extends EventTarget {
  readonly screens: readonly BrowserScreen[];
}
type WindowWithScreens = Window & { getScreenDetails?: () => Promise<ScreenDetails> };

/**
 * The displays this page can see. Every screen where the permission
 * `window-management` is granted (Chromium asks the operator once, in the
 * site's settings or the first time `getScreenDetails()` is called); else
 * only the screen the console is on (`window.screen`), where the workspace's
 * windows then all open. Never prompts: a prompt at every sign-in would stand
 * in the way of the console.
 */
export async function screenDetails(win: Window): Promise<ScreenDetails | null> {
  const w = win as WindowWithScreens;
  if (typeof w.getScreenDetails !== 'function') return null;
  try {
    const status = await win.navigator.permissions.query({ name: 'window-management' as PermissionName });
    if (status.state !== 'granted') return null;
    return await w.getScreenDetails();
  } catch {
    return null; // a browser without the permission's name, or one that refused after all
  }
}

export function displaysOfPage(win: Window, details: ScreenDetails | null): Display[] {
  if (details && details.screens.length > 0) return displaysFromScreens(details.screens);
  return displaysFromScreens([win.screen as unknown as BrowserScreen], win.devicePixelRatio);
}


/**
 * A workspace window's address: this page's, with the API token (the new
 * page's own connection needs it; the console took it out of its address bar
 * into sessionStorage) and the hash route `#/w/<id>`, `?recovered=…` when it
 * is reopened.
 */
export function windowUrl(win: Window, windowId: string, recovered: 'closed' | 'crash' | 'hang' | null): string {
  const url = new URL(win.location.href);
  let token: string | null = null;
  try {
    token = win.sessionStorage.getItem(API_TOKEN_STORAGE_KEY);
  } catch {
    // storage refused: the popup inherits the console's session storage in Chromium anyway
  }
  if (token) url.searchParams.set('token', token);
  url.hash = `#/w/${encodeURIComponent(windowId)}${recovered ? `?recovered=${recovered}` : ''}`;
  return url.toString();
}
