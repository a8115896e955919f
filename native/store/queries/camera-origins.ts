import type { Db } from '../open.ts';

/**
 * The stream URLs of the cached cameras cut to what can hold an origin:
 * up to the first `/` after the scheme (the whole URL when there is none),
 * distinct — a gateway's thousands of URLs become one row. Exported so its
 * plan is tested as run. A full scan (a few thousand rows), each camera's
 * JSON read once, when a window loads its page: the page waits for its CSP.
 * Returning every URL for JavaScript to cut took 100 ms per page load of the
 * demo city's 3,060 cameras on the loaded 2-core machine (bench:start
 * --platform standing --profile).
 */
export const CAMERA_STREAM_URLS_SQL = `
  SELECT DISTINCT CASE WHEN instr(substr(s.value, 9), '/') = 0 THEN s.value ELSE substr(s.value, 1, instr(substr(s.value, 9), '/') + 7) END
  FROM camera, json_each(camera.data, '$.streams') AS s
  WHERE s.key IN ('main', 'sub') AND s.type = 'text'`;

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
