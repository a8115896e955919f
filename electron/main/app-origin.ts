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
