import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { startMediaServer, type MediaCamera, type MediaServer } from '../../native/simulator/media/index.ts';

/**
 * The demo CCTV media server (native/simulator/media/) played by hls.js in the
 * system Chromium, the way a console video tile plays it: a page on another
 * origin (so CORS is exercised), the camera's `sub` stream, the architecture's
 * bounded buffers, muted autoplay.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HLS_JS = readFileSync(join(REPO_ROOT, 'node_modules/hls.js/dist/hls.min.js'));

const CAMERAS: Record<string, MediaCamera> = {
  'cam-0001': { look: 0, online: true, name: '思明 中山路口' },
  'cam-0002': { look: 2, online: true, name: '湖里 枋湖' },
  'cam-0003': { look: 1, online: false, name: '集美 大桥' },
};

/** The tile's player, as ARCHITECTURE.md "Video tiles (hls.js)" bounds it. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>camera tile</title>
<video id="v" muted autoplay playsinline width="320" height="180"></video>
<script src="/hls.min.js"></script>
<script>
  window.tile = { errors: [], playedCc: [], live: null };
  const src = new URLSearchParams(location.search).get('src');
  const video = document.getElementById('v');
  const hls = new Hls({
    maxBufferLength: 4,
    maxMaxBufferLength: 8,
    maxBufferSize: 8e6,
    backBufferLength: 4,
    liveSyncDurationCount: 3,
  });
  window.hls = hls;
  hls.on(Hls.Events.ERROR, (_e, d) => tile.errors.push({ fatal: d.fatal, type: d.type, details: d.details }));
  hls.on(Hls.Events.LEVEL_LOADED, (_e, d) => { tile.live = d.details.live; });
  hls.on(Hls.Events.FRAG_CHANGED, (_e, d) => { if (!tile.playedCc.includes(d.frag.cc)) tile.playedCc.push(d.frag.cc); });
  // A short event log for failure messages.
  const log = (line) => { tile.log.push(line); if (tile.log.length > 40) tile.log.shift(); };
  const ranges = () => Array.from({ length: video.buffered.length }, (_, i) => video.buffered.start(i).toFixed(2) + '-' + video.buffered.end(i).toFixed(2)).join(',');
  tile.log = [];
  hls.on(Hls.Events.LEVEL_UPDATED, (_e, d) => log('playlist ' + d.details.startSN + '..' + d.details.endSN + ' @' + video.currentTime.toFixed(2)));
  hls.on(Hls.Events.FRAG_BUFFERED, (_e, d) => log('buffered sn ' + d.frag.sn + ' cc ' + d.frag.cc + ' @' + video.currentTime.toFixed(2) + ' [' + ranges() + ']'));
  hls.loadSource(src);
  hls.attachMedia(video);
  // Muted autoplay is allowed without a user gesture; play() covers a missing autoplay flag.
  hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch((e) => tile.errors.push({ fatal: false, type: 'play', details: String(e) })));
</script>`;

interface TileState {
  frames: number;
  currentTime: number;
  errors: Array<{ fatal: boolean; type: string; details: string }>;
  playedCc: number[];
  live: boolean | null;
  log: string[];
  buffered: number;
}

function tileState(page: Page): Promise<TileState> {
  return page.evaluate(() => {
    const video = document.getElementById('v') as HTMLVideoElement;
    const tile = (window as unknown as { tile: Omit<TileState, 'frames' | 'currentTime' | 'buffered'> }).tile;
    const b = video.buffered;
    return {
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      currentTime: video.currentTime,
      errors: tile.errors,
      playedCc: tile.playedCc,
      live: tile.live,
      log: tile.log,
      buffered: b.length ? b.end(b.length - 1) - b.start(0) : 0,
    };
  });
}

let media: MediaServer;
let pageServer: Server;
let pageOrigin: string;

test.beforeAll(async () => {
  media = await startMediaServer({ cameras: (id) => CAMERAS[id] ?? null });
  pageServer = createServer((req, res) => {
    if (req.url === '/hls.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(HLS_JS);
    } else if (req.url?.startsWith('/?') || req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await media?.close();
  await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
});

test('a camera sub stream plays live in hls.js: frames and time advance across the clip loop, no fatal error', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${pageOrigin}/?src=${encodeURIComponent(media.streamUrl('cam-0001', 'sub'))}`);

  // Playback starts.
  await expect.poll(async () => (await tileState(page)).frames, { timeout: 20_000 }).toBeGreaterThan(15);
  const start = await tileState(page);
  expect(start.live).toBe(true);

  // …and keeps going: frames and currentTime grow, and playback crosses a
  // loop wrap (a discontinuity: the played fragments span two `cc` values).
  // (Polled by hand so that a failure shows the tile's state and event log.)
  const advanced = (t: TileState) => t.frames > start.frames + 60 && t.currentTime > start.currentTime + 4 && t.playedCc.length >= 2;
  let last = start;
  for (const deadline = Date.now() + 60_000; !advanced(last) && Date.now() < deadline;) {
    await page.waitForTimeout(500);
    last = await tileState(page);
  }
  expect(advanced(last), `the tile did not advance:\nstart ${JSON.stringify(start)}\nlast ${JSON.stringify(last, null, 1)}`).toBe(true);

  const end = await tileState(page);
  expect(end.errors.filter((e) => e.fatal)).toEqual([]);
  // The bounded config holds: no more than back buffer + forward buffer (+ a segment of slack).
  expect(end.buffered).toBeLessThan(4 + 8 + 2);
});

test('an offline camera ends in a fatal network error the tile can show', async ({ page }) => {
  await page.goto(`${pageOrigin}/?src=${encodeURIComponent(media.streamUrl('cam-0003', 'sub'))}`);
  await expect
    .poll(async () => (await tileState(page)).errors.filter((e) => e.fatal).map((e) => `${e.type}/${e.details}`), { timeout: 20_000 })
    .toContain('networkError/manifestLoadError');
  expect((await tileState(page)).frames).toBe(0);
});

test('over TLS the media server speaks HTTP/2 to Chromium', async ({ browser }) => {
  const secure = await startMediaServer({ cameras: (id) => CAMERAS[id] ?? null, tls: true });
  // The launcher would pass --ignore-certificate-errors-spki-list=<spkiSha256>; a test context just ignores errors.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await page.goto(`${pageOrigin}/?src=${encodeURIComponent(secure.streamUrl('cam-0002', 'sub'))}`);
    await expect.poll(async () => (await tileState(page)).frames, { timeout: 20_000 }).toBeGreaterThan(15);
    const protocols = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.startsWith('https:'))
        .map((e) => (e as PerformanceResourceTiming).nextHopProtocol),
    );
    expect(protocols.length).toBeGreaterThan(0);
    expect(new Set(protocols)).toEqual(new Set(['h2']));
    expect((await tileState(page)).errors.filter((e) => e.fatal)).toEqual([]);
  } finally {
    await context.close();
    await secure.close();
  }
});
