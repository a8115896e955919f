import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Logger } from '../../common/logger.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import type { HostChannel } from '../channel.ts';
import { startBrowserServer, type BrowserServer, type BrowserServerOptions } from './browser-server.ts';

// The browser shell serves the page while the console's core is still
// starting (bench:start): a window that connects early waits in its
// WebSocket handshake; files wait for the media origins their CSP names.

/** A logger that keeps its lines and can wait for one. */
function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const waiters: { message: string; resolve(): void }[] = [];
  const log = (level: string) => (message: string) => {
    lines.push({ level, message });
    for (const w of waiters.filter((w) => w.message === message)) w.resolve();
  };
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const heard = (message: string) =>
    lines.some((l) => l.message === message) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ message, resolve }));
  return { logger, lines, heard };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const servers: BrowserServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(options: Partial<BrowserServerOptions> & Pick<BrowserServerOptions, 'connect' | 'logger'>) {
  const staticDir = tempDir('browser-server');
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html lang="zh-CN"><body>egret</body></html>');
  const server = await startBrowserServer({ port: 0, staticDir, ...options });
  servers.push(server);
  return server;
}

/** A window's WebSocket to the API, as the page opens it (same origin, the run's token). */
function openWindow(server: BrowserServer): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { headers: { origin: server.origin } });
}

describe('the browser shell server while the core starts', () => {
  it('holds a window that connects before the core is ready, and connects it once it is', async () => {
    const { logger, heard } = recordingLogger();
    const ready = deferred<void>();
    const connected: HostChannel[] = [];
    const server = await serve({ logger, ready: ready.promise, connect: (channel) => connected.push(channel) });

    const ws = openWindow(server);
    const opened = new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await heard('a window waits for the core to start');
    expect(connected).toHaveLength(0);
    expect(ws.readyState).toBe(WebSocket.CONNECTING);

    ready.resolve();
    await opened;
    expect(connected).toHaveLength(1);
    // Frames flow both ways once it is connected.
    const received = new Promise<unknown>((resolve) => connected[0]!.onMessage(resolve));
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'session.info', params: {} }));
    expect(JSON.parse(String(await received))).toEqual({ type: 'request', id: 1, method: 'session.info', params: {} });
    ws.close();
  });

  it('refuses windows with 503 when the core could not start', async () => {
    const { logger } = recordingLogger();
    const ready = deferred<void>();
    const connected: HostChannel[] = [];
    const server = await serve({ logger, ready: ready.promise, connect: (channel) => connected.push(channel) });
    ready.reject(new Error('the demo platform did not start'));

    const ws = openWindow(server);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      ws.once('open', () => resolve(undefined));
      ws.once('error', () => undefined);
    });
    expect(status).toBe(503);
    expect(connected).toHaveLength(0);
  });

  it('serves the page with the media origins in its CSP, known only after it started listening', async () => {
    const { logger } = recordingLogger();
    const media = deferred<string[]>();
    const server = await serve({ logger, connect: () => undefined, mediaOrigins: media.promise });
    const page = fetch(`${server.origin}/`);
    media.resolve(['http://127.0.0.1:18081']);
    const response = await page;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/media-src 'self' blob: http:\/\/127\.0\.0\.1:18081/);
    expect(await response.text()).toContain('egret');
  });

  it('serves the page without media origins when they never come (the core then fails on its own)', async () => {
    const { logger } = recordingLogger();
    const media = deferred<string[]>();
    const server = await serve({ logger, connect: () => undefined, mediaOrigins: media.promise });
    media.reject(new Error('the demo platform did not start'));
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/media-src 'self' blob:;/);
  });

  it('asks for the media origins again for every page served, so a camera gateway learnt meanwhile is allowed at the next load', async () => {
    const { logger } = recordingLogger();
    let known = ['https://cams.xm.gov.cn:8443'];
    let asked = 0;
    const server = await serve({
      logger,
      connect: () => undefined,
      mediaOrigins: async () => {
        asked++;
        return known;
      },
    });
    const policy = async (path: string) => (await fetch(`${server.origin}${path}`)).headers.get('content-security-policy') ?? '';
    expect(await policy('/')).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ https:\/\/cams\.xm\.gov\.cn:8443;/);
    known = ['https://cams.xm.gov.cn:8443', 'https://edge.xm.gov.cn'];
    const before = asked;
    expect(await policy('/index.html')).toMatch(/media-src 'self' blob: https:\/\/cams\.xm\.gov\.cn:8443 https:\/\/edge\.xm\.gov\.cn;/);
    expect(asked).toBe(before + 1);
  });

  it("lets the page load images from the base map's tile server, and nothing else from it", async () => {
    const { logger } = recordingLogger();
    const server = await serve({
      logger,
      connect: () => undefined,
      mediaOrigins: ['http://127.0.0.1:18081'],
      imageOrigins: ['https://gis.xm.gov:8443'],
    });
    const response = await fetch(`${server.origin}/`);
    const policy = response.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(name + ' ')) ?? '';
    expect(directive('img-src')).toBe("img-src 'self' data: blob: http://127.0.0.1:18081 https://gis.xm.gov:8443");
    for (const name of ['media-src', 'connect-src', 'script-src', 'default-src']) expect(directive(name)).not.toContain('gis.xm.gov');
  });
});
