import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

/**
 * Serves the built renderer (`dist/renderer`) on `egret://app`. The scheme is
 * registered as standard and secure, so the page gets a real origin, a secure
 * context (needed by Media Source and the clipboard), and fetch() works on it.
 */

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Any `..` segment, literal or percent-encoded, with `/`, `\` or their encodings around it. */
const TRAVERSAL = /(^|\/|\\|%2f|%5c)(\.|%2e){2}(\/|\\|%2f|%5c|$)/i;

/**
 * The file under `rootDir` that `requestUrl` names, or null when the URL is
 * not on the app's origin or tries to leave `rootDir` in any spelling.
 * Extensionless paths are client-side routes and get `index.html`.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '') return null;

  // The URL parser already folds `/../` away; refuse the raw request anyway so
  // an attempt is visible as a refusal rather than a quiet 404 inside the root.
  const rawPath = requestUrl.replace(/^[^:]*:\/\/[^/?#]*/, '').split(/[?#]/)[0] ?? '';
  if (TRAVERSAL.test(rawPath) || TRAVERSAL.test(url.pathname)) return null;

  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  else if (path.posix.extname(relative) === '') relative = '/index.html';

  const root = path.resolve(rootDir);
  const file = path.resolve(root, '.' + relative);
  // Belt and braces: whatever the checks above missed, nothing outside root.
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.mp4': 'video/mp4',
  '.geojson': 'application/geo+json',
  '.pmtiles': 'application/octet-stream',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppFileServerOptions {
  rootDir: string;
  policy: () => string;
  readFile?: (file: string) => Promise<Uint8Array>;
}

/** The `protocol.handle` handler: GET/HEAD only, CSP on every answer. */
export function appFileHandler(options: AppFileServerOptions): (request: Request) => Promise<Response> {
  const read = options.readFile ?? ((file: string) => readFile(file));
  return async (request) => {
    const headers = { 'Content-Security-Policy': options.policy(), 'X-Content-Type-Options': 'nosniff' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers });
    }
    const file = resolveAppFile(options.rootDir, request.url);
    if (file === null) return new Response(null, { status: 403, headers });
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return new Response(null, { status: 404, headers });
    }
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: { ...headers, 'Content-Type': contentTypeOf(file) },
    });
  };
}

export interface AppProtocol {
  registerSchemesAsPrivileged(schemes: (typeof APP_SCHEME_PRIVILEGES)[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/** Must run before the app's `ready` event; Electron refuses it later. */
export function registerAppScheme(protocol: Pick<AppProtocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export function serveAppFiles(protocol: Pick<AppProtocol, 'handle'>, options: AppFileServerOptions): void {
  protocol.handle(APP_SCHEME, appFileHandler(options));
}
