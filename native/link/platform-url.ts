/** Spec §1: `ws://` only to loopback; anything but ws/wss is refused. Returns why a URL is refused, or null. */
export function checkPlatformUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol === 'wss:') return null;
  if (parsed.protocol !== 'ws:') return `the platform URL must start with wss:// (or ws:// to loopback), got ${parsed.protocol}`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  return loopback ? null : `ws:// is allowed only to loopback; use wss:// for ${host}`;
}
