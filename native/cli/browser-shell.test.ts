import { createServer, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../common/logger.ts';
import { prepareChange } from '../link/prepare.ts';
import { CacheStore } from '../store/cache-store.ts';
import { DataDirLockedError } from '../store/errors.ts';
import { lockDataDir } from '../store/lock.ts';
import { StateStore } from '../store/state-store.ts';
import { startPlatform } from '../simulator/server.ts';
import { incident } from '../../tests/support/entities.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';
import { startBrowserShell, type BrowserShell } from './browser-shell.ts';

// `egret start`/`serve` give out the URL before the console's core is whole
// (bench:start): these are the promises that must still hold.

const shells: BrowserShell[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const shell of shells.splice(0)) await shell.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function builtUi(): string {
  const dir = tempDir('shell-ui');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body>egret</body></html>');
  return dir;
}

/** A data dir an earlier start left: incidents cached, the duty chief signed in. */
function warmDataDir(): string {
  const dir = tempDir('shell-data');
  const state = StateStore.open(dir);
  state.setToken('demo-chief');
  state.setSignedInOperator({ id: 'op-001', name: '值班长 陈', role: 'duty_chief' });
  state.close();
  const { cache } = CacheStore.open(dir);
  cache.applyChanges(
    [
      prepareChange({ seq: 1, op: 'upsert', kind: 'incident', data: incident('inc-a', 1, { priority: 1 }) }, 1),
      prepareChange({ seq: 2, op: 'upsert', kind: 'incident', data: incident('inc-b', 1, { priority: 2 }) }, 2),
    ],
    2,
  );
  cache.close();
  return dir;
}

/** A platform that takes the connection and never answers: one still starting, as the demo while it builds its city. */
async function silentPlatform(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as { port: number };
  return `ws://127.0.0.1:${port}/link/v1`;
}

/** A window on the shell's API: requests answered by id. */
async function openWindow(shell: BrowserShell) {
  const { server } = shell;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { headers: { origin: server.origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  cleanups.push(() => ws.close());
  let nextId = 1;
  return {
    call(method: string, params: unknown = {}): Promise<{ ok: boolean; result?: unknown; error?: unknown }> {
      const id = nextId++;
      return new Promise((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const frame = JSON.parse(String(data)) as { type: string; id?: number };
          if (frame.type !== 'response' || frame.id !== id) return;
          ws.off('message', onMessage);
          resolve(frame as never);
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'request', id, method, params }));
      });
    },
  };
}

describe('the browser shell', () => {
  it('lets a window in once the link is live, so it renders live data once', async () => {
    const platform = await startPlatform();
    cleanups.push(() => platform.close());
    platform.upsert('incident', incident('inc-live', 1));
    const shell = await startBrowserShell({
      port: 0,
      dataDir: tempDir('shell-data'),
      staticDir: builtUi(),
      logger: silentLogger,
      platform: { url: platform.url, token: 'demo-chief', ca: null },
    });
    shells.push(shell);
    const window = await openWindow(shell);
    // The first thing it may ask finds the snapshot taken: no empty board, no progress bar.
    const status = await window.call('link.status');
    expect((status.result as { state: string }).state).toBe('live');
    const board = await window.call('incidents.page', {});
    expect((board.result as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual(['inc-live']);
  });

  it('lets a window in to the cache when the platform has not answered in time', async () => {
    const dataDir = warmDataDir();
    const shell = await startBrowserShell({
      port: 0,
      dataDir,
      staticDir: builtUi(),
      logger: silentLogger,
      platform: { url: await silentPlatform(), token: null, ca: null },
      holdWindowsMs: 100,
    });
    shells.push(shell);
    const window = await openWindow(shell);

    const status = await window.call('link.status');
    expect(status.ok).toBe(true);
    expect((status.result as { state: string }).state).toBe('connecting');
    const board = await window.call('incidents.page', { count: true });
    expect(board.ok, JSON.stringify(board.error)).toBe(true);
    const { rows, total } = board.result as { rows: { id: string }[]; total: number };
    expect(total).toBe(2);
    expect(rows.map((r) => r.id)).toEqual(['inc-a', 'inc-b']);
  });

  it('gives no URL for a data dir another process holds', async () => {
    const dataDir = tempDir('shell-held');
    const held = lockDataDir(dataDir, 'egret sync');
    cleanups.push(() => held.release());
    await expect(
      startBrowserShell({ port: 0, dataDir, staticDir: builtUi(), logger: silentLogger, platform: null, demo: false }),
    ).rejects.toBeInstanceOf(DataDirLockedError);
  });

  it('serves on the port its last start used, and on a free one when another program took it', async () => {
    const dataDir = tempDir('shell-port');
    const portFile = join(dataDir, 'browser-shell.json');
    const staticDir = builtUi();
    const start = () => startBrowserShell({ port: 0, portFile, dataDir, staticDir, logger: silentLogger, platform: null, demo: false });

    const first = await start();
    const port = first.server.port;
    await first.close();
    const second = await start();
    expect(second.server.port).toBe(port);
    await second.close();

    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
    const third = await start();
    shells.push(third);
    expect(third.server.port).not.toBe(port);
    expect((await fetch(`${third.server.origin}/`)).status).toBe(200);
  });
});
