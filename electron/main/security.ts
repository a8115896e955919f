import type { WebPreferences } from 'electron';
import { isAppUrl } from './app-origin.ts';

/**
 * The security posture of every console window, as pure decisions plus one
 * function that wires them into Electron. Numbers refer to the Electron
 * security checklist (https://www.electronjs.org/docs/latest/tutorial/security).
 */

export function windowWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    // #3 and #4: the preload runs isolated from the page and in an OS sandbox;
    // it can only reach the few electron modules sandboxed preloads get.
    contextIsolation: true,
    sandbox: true,
    // #2: no Node.js in the page, its workers, or any subframe.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // #6, #8, #9: keep the same-origin policy and refuse mixed content.
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // #12: there is no <webview> in the console.
    webviewTag: false,
    // Dropping a file on a window must not navigate the console away.
    navigateOnDragDrop: false,
    // Spellcheck would download dictionaries from Google's CDN.
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools ?? true,
  };
}

/**
 * Reads extra origins (camera gateways, map tile servers) the page may load
 * media and images from. Only bare http(s) origins pass: anything else — a
 * wildcard, a path, a quoted CSP keyword — would widen the policy in ways a
 * configuration typo should never be able to.
 */
export function mediaOriginsFrom(value: string | undefined): string[] {
  if (!value) return [];
  const origins: string[] = [];
  const entries = value.split(',').map((s) => s.trim());
  for (const entry of entries.filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`media origin "${entry}" is not a URL; expected e.g. https://cameras.example.gov`);
    }
    // A host name or address only: `*` is a valid URL host but a wildcard in a CSP.
    const plainHost = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i.test(url.hostname);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !plainHost || url.origin !== entry.replace(/\/$/, '')) {
      throw new Error(`media origin "${entry}" must be a bare http(s) origin such as https://cameras.example.gov`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/**
 * #7: the page's Content Security Policy. Scripts come only from the app
 * bundle; nothing may frame, embed or re-base it. Video tiles need `blob:`
 * (hls.js feeds Media Source through blob URLs, and runs its transmuxer in a
 * blob worker) and the camera gateways' origins for the playlists and
 * segments it fetches. The base map's tile server (`imageOrigins`,
 * native/host/map-base.ts) serves <img> tiles: it gets img-src and nothing else.
 */
export function contentSecurityPolicy(mediaOrigins: readonly string[] = [], imageOrigins: readonly string[] = []): string {
  const extra = mediaOrigins.length > 0 ? ' ' + mediaOrigins.join(' ') : '';
  const images = [...new Set([...mediaOrigins, ...imageOrigins])];
  const imageExtra = images.length > 0 ? ' ' + images.join(' ') : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Same as the browser shell's policy (native/host/transports/browser-server.ts),
    // so a page that styles itself one way works in both shells. Inline
    // styles cannot run code; scripts stay 'self' only.
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    `connect-src 'self'${extra}`,
    `img-src 'self' blob: data:${imageExtra}`,
    `media-src 'self' blob: data:${extra}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** #13: a console window only ever shows the console. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * #14 and #15: windows are the main process's business, never the page's.
 * Every window.open and target=_blank is denied, and links are not handed to
 * shell.openExternal either — an incident note can carry any URL a caller
 * typed, and the operator's browser is not the place to follow it silently.
 * Should the console ever need to open a link, it gets its own API method with
 * its own allow-list.
 */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * #5: the permissions a console page may have. Everything else — camera and
 * microphone ('media'), geolocation, notifications, openExternal, HID/USB —
 * is refused, and so is any request not coming from the app's own origin.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'clipboard-sanitized-write']);

export function permissionDecision(permission: string, details: { requestingUrl?: string; requestingOrigin?: string }): boolean {
  const from = details.requestingUrl ?? details.requestingOrigin ?? '';
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(from);
}

/** The part of `Session` the hooks touch; a real session satisfies it. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean,
  ): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
}

/** The part of a `WebContents` the hooks touch. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardedApp {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown;
}

export interface SecurityHookOptions {
  /** The current CSP; a function so that later configuration can widen media origins. */
  policy: () => string;
  onRefused?: (what: string, fields: Record<string, unknown>) => void;
}

export function installSecurityHooks(session: GuardedSession, app: GuardedApp, options: SecurityHookOptions): void {
  const refused = options.onRefused ?? (() => {});

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = permissionDecision(permission, details);
    if (!granted) refused('permission request', { permission, url: details.requestingUrl });
    callback(granted);
  });
  // Without a check handler, Chromium answers synchronous permission queries
  // (navigator.permissions.query, clipboard checks) with its own defaults.
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, { requestingOrigin }));
  session.setDevicePermissionHandler(() => false);

  // #7: the CSP also rides on every HTTP response (camera gateways, tiles),
  // not only on the app's own files, which app-protocol.ts serves with it.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [options.policy()] } });
  });

  app.on('web-contents-created', (_event, contents) => {
    const guardNavigation = (event: { preventDefault(): void }, url: string) => {
      if (isAllowedNavigation(url)) return;
      event.preventDefault();
      refused('navigation', { url });
    };
    contents.on('will-navigate', guardNavigation);
    contents.on('will-redirect', guardNavigation);
    contents.setWindowOpenHandler(({ url }) => {
      refused('window.open', { url });
      return windowOpenDecision(url);
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      refused('webview', {});
    });
  });
}
