import { createServer, type Server } from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { waitUntil } from '../../tests/support/wait.ts';
import { silentLogger } from '../common/logger.ts';
import { selfSignedCertificate } from '../simulator/media/server.ts';
import { openDataDir, type DataDir } from '../store/data-dir.ts';
import { PlatformLink } from './platform-link.ts';

// TLS on the private network uses the platform's own CA: the console trusts
// exactly the bundle it is given and never switches verification off (spec §1).

let server: Server | null = null;
let data: DataDir | null = null;
let link: PlatformLink | null = null;
afterEach(async () => {
  await link?.close();
  await data?.close();
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = data = link = null;
});

/** A wss:// platform that answers every hello with 4401: enough to prove the handshake. */
async function tlsPlatform(): Promise<{ url: string; cert: string; hellos: () => number }> {
  const { key, cert } = await selfSignedCertificate('localhost');
  server = createServer({ key, cert });
  const wss = new WebSocketServer({ server, handleProtocols: (p) => (p.has('platform-link.v1') ? 'platform-link.v1' : false) });
  let hellos = 0;
  wss.on('connection', (ws) =>
    ws.on('message', () => {
      hellos++;
      ws.send(JSON.stringify({ t: 'error', code: 'unauthorized', message: 'unknown token' }));
      ws.close(4401, 'unauthorized');
    }),
  );
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `wss://localhost:${(server.address() as AddressInfo).port}/link/v1`, cert, hellos: () => hellos };
}

async function linkTo(url: string, ca?: string): Promise<PlatformLink> {
  data = await openDataDir(mkdtempSync(join(tmpdir(), 'egret-tls-')), { command: 'test' });
  link = new PlatformLink({ data, url, token: 't', consoleId: 'ws-tls', logger: silentLogger, random: () => 0.5, ...(ca ? { ca } : {}) });
  link.start();
  return link;
}

describe('TLS to the platform', () => {
  it("trusts the platform's own CA bundle when given one", async () => {
    const platform = await tlsPlatform();
    const l = await linkTo(platform.url, platform.cert);
    await waitUntil(() => l.status().state === 'unauthorized', 10_000, 'the hello to go through TLS');
    expect(platform.hellos()).toBe(1);
  });

  it('refuses a certificate it cannot verify, and says why', async () => {
    const platform = await tlsPlatform();
    const l = await linkTo(platform.url);
    await waitUntil(() => l.status().lastError !== null, 10_000, 'the TLS failure');
    expect(l.status().lastError?.message).toMatch(/self[- ]signed|certificate/i);
    expect(l.status().state).not.toBe('live');
    expect(platform.hellos()).toBe(0);
  });
});
