import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/logger.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';
import { spkiSha256 } from '../simulator/media/server.ts';
import { demoMediaCertFile, startChosenPlatform, type PlatformStarting } from './embedded-demo.ts';

// `npm start` with no platform serves the demo's camera streams over HTTPS
// and HTTP/2 (a wall of more than six tiles starves over HTTP/1.1), with a
// certificate kept in the data dir so the browser's SPKI pin holds across starts.

const running: PlatformStarting[] = [];
afterEach(async () => {
  for (const demo of running.splice(0)) await demo.close();
});

/** GET over TLS trusting only `ca`: resolves with the status and the ALPN protocol spoken. */
function getTrusting(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe("the embedded demo's media", { timeout: 120_000 }, () => {
  it('is served over TLS with the certificate kept in <data dir>/demo/media-cert.pem, the same pin at the next start', async () => {
    const dataDir = tempDir('demo-media');
    const first = startChosenPlatform(null, dataDir, { demo: true, logger: silentLogger });
    running.push(first);
    const [spki] = await first.mediaSpki;
    const pem = readFileSync(demoMediaCertFile(dataDir), 'utf8');
    expect(spkiSha256(pem)).toBe(spki);
    const where = await first.where;
    const media = where.mediaOrigins.find((o) => o.startsWith('https://'));
    expect(media).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // Node checks the chain and the name (127.0.0.1) against the kept certificate alone.
    expect(await getTrusting(`${media}/_log?since=0`, pem)).toMatchObject({ status: 200, body: expect.stringContaining('"entries"') });
    await first.close();

    const second = startChosenPlatform(null, dataDir, { demo: true, logger: silentLogger });
    running.push(second);
    expect(await second.mediaSpki).toEqual([spki]);
    const again = (await second.where).mediaOrigins.find((o) => o.startsWith('https://'))!;
    // The same port too: the cache's stream URLs (a warm start's wall) still answer.
    expect(again).toBe(media);
    expect((await getTrusting(`${again}/_log?since=0`, pem)).status).toBe(200);
    // Test faults are off unless asked for.
    expect((await fetchStatusTrusting(`${again}/_fault`, pem)).status).toBe(404);
  });

  it('takes another port when the kept one is taken meanwhile, and keeps that one', async () => {
    const dataDir = tempDir('demo-media-port');
    const first = startChosenPlatform(null, dataDir, { demo: true, logger: silentLogger });
    running.push(first);
    const kept = new URL((await first.where).mediaOrigins.find((o) => o.startsWith('https://'))!).port;
    await first.close();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(kept), '127.0.0.1', resolve));
    try {
      const second = startChosenPlatform(null, dataDir, { demo: true, logger: silentLogger });
      running.push(second);
      const other = new URL((await second.where).mediaOrigins.find((o) => o.startsWith('https://'))!).port;
      expect(other).not.toBe(kept);
      expect(JSON.parse(readFileSync(join(dataDir, 'demo', 'media-port.json'), 'utf8'))).toEqual({ port: Number(other) });
    } finally {
      squatter.close();
    }
  });

  it('is plain HTTP when asked, with no pin to trust', async () => {
    const demo = startChosenPlatform(null, tempDir('demo-media'), { demo: true, logger: silentLogger, mediaTls: false });
    running.push(demo);
    expect(await demo.mediaSpki).toEqual([]);
    expect((await demo.where).mediaOrigins.every((o) => o.startsWith('http://'))).toBe(true);
  });

  it('needs no pin for a configured platform', async () => {
    const chosen = startChosenPlatform({ url: 'wss://cad.xm.gov.cn/link/v1', token: null, ca: null }, tempDir('demo-media'), {
      demo: true,
      logger: silentLogger,
    });
    expect(await chosen.mediaSpki).toEqual([]);
    expect((await chosen.where).mediaOrigins).toEqual(['https://cad.xm.gov.cn']);
  });
});

function fetchStatusTrusting(url: string, ca: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    request(url, { ca, method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    })
      .on('error', reject)
      .end('{"camera":"cam-0001","fault":"down"}');
  });
}
