/**
 * The console's own origin. Renderer files are served from `egret://app`
 * (a privileged standard scheme) rather than `file://`, so that the page has a
 * real origin the security checks can compare against — Electron security
 * checklist #18, "avoid usage of the file:// protocol".
 */

export const APP_SCHEME = 'egret';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` is on the console's own origin and nothing else: no other
 * scheme, host, port, or credentials (`egret://app@evil` has host `evil`, but
 * `egret://evil@app` would pass a naive host check with a username attached).
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The console window's id in a workspace (CONSOLE_WINDOW_ID, native/api/workspace.ts; written out so this file loads nothing). */
const CONSOLE_WINDOW = 'main';
const WINDOW_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * What a workspace window loads (issue 13): the console window the app's
 * entry (its role route follows the session), any other the same document at
 * hash route `#/w/<id>`, which shows that window's panels. The same origin
 * and document, so the navigation lock and the IPC sender check need nothing
 * more for it.
 */
export function workspaceWindowUrl(windowId: string): string {
  if (windowId === CONSOLE_WINDOW) return APP_ENTRY_URL;
  if (!WINDOW_ID.test(windowId)) throw new Error(`"${windowId}" is not a workspace window id`);
  return `${APP_ENTRY_URL}#/w/${windowId}`;
}
