import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { bundleSpki, mediaTrustArgs, requireBrowser } from '../../native/cli/launchers.ts';
import { startMediaServer, type MediaCamera, type MediaServer } from '../../native/simulator/media/index.ts';
import { makeTestCa, type TestCa } from '../support/test-ca.ts';
import {
  EGRET_BIN,
  expect,
  httpGet,
  openTrustedApi,
  startConsole,
  test,
  waitForExit,
  type ApiSocket,
  type RunningConsole,
} from './support/console.ts';
import { E2E_MEDIA_CERT, seedDemoMediaCertificate } from './support/demo-media-cert.ts';
import { stopAll } from './support/demo.ts';
import { fault, mediaLog } from './support/media-log.ts';

/**
 * A real deployment's camera gateway: HTTPS + HTTP/2 on 127.0.0.1 with a
 * certificate from a CA of its own (nothing the system trusts), sending its
 * whole chain. The console is served with `--media-origin <the gateway>
 * --ca <that CA>`:
 * (a) the page's Content Security Policy names the gateway for media and
 *     fetches (connect-src: hls.js loads playlists with XHR);
 * (b) a Chromium launched with the flags `egret start` gives it
 *     (mediaTrustArgs of the --ca bundle's SPKI hashes) plays the gateway's
 *     stream with hls.js inside the console's own page, under its CSP, over h2;
 *     the same Chromium without them cannot fetch from the gateway at all, and
 *     a gateway whose CA is not the bundle's stays refused with them.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HLS_JS = readFileSync(join(REPO_ROOT, 'node_modules/hls.js/dist/hls.min.js'), 'utf8');
const CAMERAS: Record<string, MediaCamera> = { 'gw-cam-1': { look: 0, online: true, name: '网关 测试 1' } };

let ca: TestCa;
let gateway: MediaServer | null = null;
let stranger: MediaServer | null = null;
let console_: RunningConsole | null = null;
let dir = '';
const browsers: Browser[] = [];

test.describe.configure({ mode: 'serial' });

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  ca = await makeTestCa();
  const leaf = await ca.leaf('127.0.0.1');
  // The leaf, then its CA: Chromium matches the pin against any certificate of the chain the server sends.
  gateway = await startMediaServer({
    cameras: (id) => CAMERAS[id] ?? null,
    tls: true,
    certificate: { key: leaf.key, cert: chainPem(leaf.cert, ca.cert) },
  });
  const other = await makeTestCa('Not the bundle CA');
  const otherLeaf = await other.leaf('127.0.0.1');
  stranger = await startMediaServer({
    cameras: (id) => CAMERAS[id] ?? null,
    tls: true,
    certificate: { key: otherLeaf.key, cert: chainPem(otherLeaf.cert, other.cert) },
  });
  dir = mkdtempSync(join(tmpdir(), 'egret-e2e-gateway-'));
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  // Both gateways are allowed by the CSP: only the certificate tells them apart.
  console_ = await startConsole(['--media-origin', gateway.origin, '--media-origin', stranger.origin, '--ca', join(dir, 'ca.pem')]);
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  for (const b of browsers.splice(0)) await b.close();
  await stopAll(testInfo, [{ name: 'egret-serve-gateway', proc: console_ }]);
  await gateway?.close();
  await stranger?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  console_ = gateway = stranger = null;
});

/** PEM certificates one after the other: a server's chain. */
const chainPem = (...pems: string[]) => pems.map((p) => `${p.trim()}\n`).join('');

/** Chromium as the harness runs it, plus `extra` flags. */
async function launch(extra: string[]): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: requireBrowser(), args: ['--no-sandbox', '--disable-gpu', ...extra] });
  browsers.push(browser);
  return browser;
}

/** The console's page (no platform: it shows that, which is all this needs of it) with a CSP-violation record. */
async function consolePage(browser: Browser): Promise<{ page: Page; violations: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(console_!.url);
  return { page, violations };
}

/** fetch() from the page: the status, or the error the page saw. */
function fetchFrom(page: Page, url: string): Promise<{ status: number } | { error: string }> {
  return page.evaluate(async (u) => {
    try {
      const res = await fetch(u, { cache: 'no-store' });
      await res.text();
      return { status: res.status };
    } catch (error) {
      return { error: String(error) };
    }
  }, url);
}

test('the page’s Content Security Policy names the configured gateway for media and fetches', async () => {
  const reply = await httpGet(console_!.port, `/?token=${console_!.token}`, { host: `127.0.0.1:${console_!.port}` });
  expect(reply.status).toBe(200);
  const policy = String(reply.headers['content-security-policy']);
  const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';
  expect(directive('media-src').split(' ')).toContain(gateway!.origin);
  expect(directive('connect-src').split(' ')).toContain(gateway!.origin);
  expect(directive('media-src').split(' ')).toContain(stranger!.origin);
  // Media only: a gateway may not run scripts or frame anything.
  expect(directive('script-src')).toBe("script-src 'self'");
});

test('with egret start’s flags for the --ca bundle, the console page plays the gateway’s stream over h2; without them, nothing', async () => {
  test.setTimeout(90_000);
  const flags = mediaTrustArgs(bundleSpki(readFileSync(join(dir, 'ca.pem'), 'utf8')));
  expect(flags).toHaveLength(1);
  const stream = gateway!.streamUrl('gw-cam-1', 'sub');
  const log = mediaLog(gateway!.origin, { ca: ca.cert });

  // Without the flags the certificate is refused: the page cannot even fetch the playlist.
  const plain = await consolePage(await launch([]));
  const before = await log.mark();
  expect(await fetchFrom(plain.page, stream)).toEqual({ error: expect.stringMatching(/Failed to fetch/) });
  expect(await log.since(before)).toEqual([]);

  const trusted = await consolePage(await launch(flags));
  const mark = await log.mark();
  expect(await fetchFrom(trusted.page, stream)).toEqual({ status: 200 });
  // A gateway whose CA is not in the bundle stays refused (the CSP allows it: its certificate is what fails).
  expect(await fetchFrom(trusted.page, stranger!.streamUrl('gw-cam-1', 'sub'))).toEqual({
    error: expect.stringMatching(/Failed to fetch/),
  });

  // hls.js in the console's own page, under its CSP (evaluated, as the page's bundle would run it).
  await trusted.page.evaluate(HLS_JS);
  await trusted.page.evaluate((src) => {
    interface HlsLike {
      on(event: string, listener: (event: unknown, data: { fatal: boolean; details: string }) => void): void;
      loadSource(src: string): void;
      attachMedia(video: HTMLVideoElement): void;
    }
    type HlsClass = { new (config: object): HlsLike; Events: Record<'ERROR' | 'MANIFEST_PARSED', string> };
    const w = window as unknown as { Hls: HlsClass; gatewayErrors: string[] };
    w.gatewayErrors = [];
    const video = document.createElement('video');
    video.id = 'gateway-video';
    video.muted = true;
    document.body.append(video);
    const hls = new w.Hls({ maxBufferLength: 4, liveSyncDurationCount: 3 });
    hls.on(w.Hls.Events.ERROR, (_e, d) => {
      if (d.fatal) w.gatewayErrors.push(d.details);
    });
    hls.on(w.Hls.Events.MANIFEST_PARSED, () => void video.play());
    hls.loadSource(src);
    hls.attachMedia(video);
  }, stream);
  await expect
    .poll(
      () =>
        trusted.page.evaluate(
          () => (document.getElementById('gateway-video') as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames,
        ),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(15);
  expect(await trusted.page.evaluate(() => (window as unknown as { gatewayErrors: string[] }).gatewayErrors)).toEqual([]);
  const protocols = await trusted.page.evaluate(
    (origin) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.startsWith(origin))
        .map((e) => (e as PerformanceResourceTiming).nextHopProtocol),
    gateway!.origin,
  );
  expect(protocols.length).toBeGreaterThan(1);
  expect(new Set(protocols)).toEqual(new Set(['h2']));
  expect(trusted.violations).toEqual([]);
  // The gateway saw the playlist and segments asked for.
  const seen = await log.since(mark);
  expect(seen.some((r) => r.kind === 'playlist' && r.camera === 'gw-cam-1' && r.status === 200)).toBe(true);
  expect(seen.some((r) => r.kind === 'segment' && r.stream === 'sub' && r.status === 200)).toBe(true);
});

test('egret start opens the browser trusting exactly the kept demo media certificate and the --ca bundle', async () => {
  test.setTimeout(90_000);
  const data = mkdtempSync(join(tmpdir(), 'egret-e2e-start-'));
  try {
    seedDemoMediaCertificate(data);
    // A "browser" that writes down how it was launched.
    const argsFile = join(data, 'browser-args.txt');
    const fakeBrowser = join(data, 'fake-browser.sh');
    writeFileSync(fakeBrowser, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`, { mode: 0o755 });
    const child = spawn(
      process.execPath,
      [EGRET_BIN, 'start', '--browser-shell', '--data', data, '--media-origin', gateway!.origin, '--ca', join(dir, 'ca.pem')],
      { cwd: REPO_ROOT, env: { ...process.env, EGRET_BROWSER: fakeBrowser }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout!.resume();
    try {
      await expect.poll(() => existsSync(argsFile) && readFileSync(argsFile, 'utf8').includes('--app='), { timeout: 60_000 }).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await waitForExit(child, 15_000);
    }
    const args = readFileSync(argsFile, 'utf8').trim().split('\n');
    const pins = args.filter((a) => a.startsWith('--ignore-certificate-errors-spki-list='));
    expect(pins, stderr).toEqual([`--ignore-certificate-errors-spki-list=${bundleSpki(E2E_MEDIA_CERT)[0]},${bundleSpki(ca.cert)[0]}`]);
    expect(args).toContain(`--user-data-dir=${join(data, 'browser-profile')}`);
    expect(args.some((a) => a.startsWith('--ignore-certificate-errors') && !a.includes('spki-list'))).toBe(false);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('the demo console streams over h2 with its kept certificate; its media log and test faults answer the tests', async ({ page }) => {
  test.setTimeout(120_000);
  const demo = await startConsole(['--demo'], { EGRET_DEMO_MEDIA_FAULTS: '1' });
  let api: ApiSocket | null = null;
  try {
    api = await openTrustedApi(demo);
    const a = api;
    // The camera's stream URLs come from the cache once the demo city is live.
    let camera: { streams: { sub?: string | null } } | null = null;
    await expect
      .poll(
        async () => {
          const frame = await a.call('cameras.get', { id: 'cam-0001' });
          camera = frame.ok ? (frame.result as { streams: { sub?: string | null } }) : null;
          return camera !== null;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    const sub = camera!.streams.sub!;
    const origin = new URL(sub).origin;
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const log = mediaLog(origin);
    await page.goto(demo.url);
    const mark = await log.mark();
    // The harness's Chromium was launched with mediaTrustArgs for the e2e demo certificate, nothing else.
    expect(await fetchFrom(page, sub)).toEqual({ status: 200 });
    const protocol = await page.evaluate(
      (u) => (performance.getEntriesByName(u)[0] as PerformanceResourceTiming | undefined)?.nextHopProtocol,
      sub,
    );
    expect(protocol).toBe('h2');
    expect((await log.since(mark)).map((r) => [r.path, r.camera, r.stream, r.kind, r.status])).toEqual([
      [new URL(sub).pathname, 'cam-0001', 'sub', 'playlist', 200],
    ]);
    await fault(origin, 'cam-0001', 'down');
    expect(await fetchFrom(page, sub)).toEqual({ status: 503 });
    await fault(origin, 'cam-0001', null);
    expect(await fetchFrom(page, sub)).toEqual({ status: 200 });
    await expect(fault(origin, 'cam-0001', 'slow' as never)).rejects.toThrow(/"fault" must be/);
  } finally {
    await api?.close();
    await stopAll(null, [{ name: 'egret-serve-demo', proc: demo }]);
  }
});
