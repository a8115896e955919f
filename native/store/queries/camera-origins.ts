import type { Db } from '../open.ts';

/**
 * Every stream URL of the cached cameras; exported so its plan is tested as run.
 * A full scan (a few thousand rows, only when a window loads its page).
 */
export const CAMERA_STREAM_URLS_SQL = `
  SELECT DISTINCT url FROM (
    SELECT json_extract(data, '$.streams.main') AS url FROM camera
    UNION ALL
    SELECT json_extract(data, '$.streams.sub') FROM camera
  ) WHERE url IS NOT NULL`;

const ORIGIN_PREFIX = /^https?:\/\/[^/?#]+/i;

/**
 * The http(s) origins the cached cameras stream from: a real deployment's
 * camera gateways, which the page's Content Security Policy must allow
 * (media-src, connect-src) for its tiles to play. Anything that is not an
 * http(s) URL (an rtsp:// address a browser cannot play anyway) is left out.
 */
export function cameraStreamOrigins(db: Db): string[] {
  const prefixes = new Set<string>();
  for (const url of db.prepare(CAMERA_STREAM_URLS_SQL).pluck().all() as unknown[]) {
    if (typeof url !== 'string') continue;
    const prefix = ORIGIN_PREFIX.exec(url)?.[0];
    if (prefix) prefixes.add(prefix.toLowerCase());
  }
  const origins = new Set<string>();
  for (const prefix of prefixes) {
    try {
      origins.add(new URL(prefix).origin);
    } catch {
      /* not a URL after all (a bad host): no origin to allow */
    }
  }
  return [...origins].sort();
}
