import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostChannel, PeerInfo } from '../channel.ts';
import type { HostFrame } from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';

/**
 * The browser shell's server: serves the built renderer and the console API
 * over a WebSocket, on 127.0.0.1 only. Every API connection must present the
 * per-run token and an `Origin` equal to the page's own origin, so another
 * site open in the same browser (or a DNS-rebinding page) cannot drive the
 * console.
 */
export interface BrowserServerOptions {
  port: number;
  /**
   * A listening socket handed over by a supervising `egret start` (Node's
   * handle passing): served instead of binding `port`.
   */
  listen?: { handle: object };
  /** Folder with the built renderer (index.html, assets/). */
  staticDir: string;
  connect: (channel: HostChannel, peer: PeerInfo) => void;
  logger: Logger;
  /**
   * Extra origins the page may load media from (the platform's HLS gateway).
   * A promise while they are not known yet (the demo platform starting):
   * files are served once it settles, with them in the CSP. A function when
   * they may change while the console runs (camera gateways learnt from the
   * cache): it is asked again for every page (.html) served.
   */
  mediaOrigins?: string[] | Promise<string[]> | (() => Promise<string[]>);
  /** Extra origins the page may load images from, and nothing else: the base map's tile server (host/map-base.ts). */
  imageOrigins?: string[];
  /**
   * Settles when `connect` may be called: the server listens (and the page
   * loads) while the console's core starts, and a window that connects
   * before then waits in its WebSocket handshake. If it rejects, windows
   * are refused with 503.
   */
  ready?: Promise<unknown>;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
}

export interface BrowserServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Serves a connection accepted elsewhere (the supervisor, on the handed socket) as if accepted here. */
  adopt(connection: Duplex): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.geojson': 'application/geo+json',
  '.ico': 'image/x-icon',
};

/** A WebSocket frame bigger than this from a window is a bug or an attack. */
const MAX_WINDOW_FRAME = 8 * 1024 * 1024;

export function contentSecurityPolicy(origin: string, mediaOrigins: string[] = [], imageOrigins: string[] = []): string {
  const wsOrigin = origin.replace(/^http/, 'ws');
  const media = mediaOrigins.join(' ');
  // Tiles are <img> elements: the tile server gets img-src only, not media or connect.
  const images = [...new Set([...mediaOrigins, ...imageOrigins])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${images}`.trim(),
    `media-src 'self' blob: ${media}`.trim(),
    `connect-src 'self' ${wsOrigin} ${media}`.trim(),
    "worker-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function tokensMatch(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an API upgrade is refused, or null when it is acceptable. */
export function refuseUpgrade(req: IncomingMessage, origin: string, token: string): { status: number; reason: string } | null {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname !== '/api') return { status: 404, reason: 'no such endpoint' };
  if (!allowedHost(req.headers.host, origin)) return { status: 403, reason: 'foreign Host header' };
  // Same-origin: the page's origin is whichever loopback name it was opened by.
  if (req.headers.origin !== `http://${req.headers.host}`) return { status: 403, reason: 'foreign or missing Origin' };
  if (!tokensMatch(token, url.searchParams.get('token'))) return { status: 401, reason: 'missing or wrong token' };
  return null;
}

function allowedHost(host: string | undefined, origin: string): boolean {
  const port = new URL(origin).port;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WINDOW_FRAME });
  let isReady = options.ready === undefined;
  const ready = options.ready ?? Promise.resolve();
  ready.then(
    () => (isReady = true),
    () => undefined,
  );
  let origin = '';
  let csp: Promise<string> = Promise.resolve('');
  const given = options.mediaOrigins;
  const mediaOrigins = typeof given === 'function' ? given : () => Promise.resolve(given ?? []);
  const refreshCsp = () => {
    csp = mediaOrigins().then(
      (media) => contentSecurityPolicy(origin, media, options.imageOrigins),
      () => contentSecurityPolicy(origin, [], options.imageOrigins),
    );
  };

  const server: Server = createServer((req, res) => {
    void serveStatic(req, res).catch((error) => {
      options.logger.error('static file failed', { url: req.url, error: String(error) });
      if (!res.headersSent) res.writeHead(500).end('internal error');
    });
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host, origin)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('foreign Host header');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path encoding');
      return;
    }
    const file = normalize(join(options.staticDir, relative));
    if (!file.startsWith(normalize(options.staticDir) + sep)) {
      res.writeHead(403).end('outside the app');
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // A page gets the media origins as they are now; its scripts and styles, the policy of the page they belong to.
    if (extname(file) === '.html') refreshCsp();
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': await csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(req, origin, token);
    if (refusal) {
      options.logger.warn('refused API connection', { reason: refusal.reason, origin: req.headers.origin });
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    if (!isReady) options.logger.debug('a window waits for the core to start', { peer: `${req.socket.remoteAddress}:${req.socket.remotePort}` });
    ready.then(
      () =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
          options.connect(webSocketChannel(ws), { label: `ws ${peer}` });
        }),
      () => socket.end('HTTP/1.1 503 the console could not start\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.listen) server.listen(options.listen.handle, () => resolve());
    else server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  refreshCsp();

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    adopt: (connection) => server.emit('connection', connection),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function webSocketChannel(ws: WebSocket): HostChannel {
  return {
    send: (frame: HostFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    },
    onMessage: (listener) => ws.on('message', (data, isBinary) => listener(isBinary ? null : data.toString('utf8'))),
    onClose: (listener) => ws.on('close', listener),
    close: () => ws.close(1001, 'console closing'),
  };
}
