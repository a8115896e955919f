import { readFileSync } from 'node:fs';
import { connect, type ClientHttp2Session } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VIDEO_DIR, loadClips } from './clips.ts';
import { HELD_UNANSWERED } from './request-log.ts';
import { startMediaServer, type MediaCamera, type MediaServer } from './server.ts';

const T0 = Date.parse('2026-11-28T01:00:00Z');
const clips = loadClips();
const CAMERAS: Record<string, MediaCamera> = {
  'cam-0001': { look: 0, online: true, name: '思明 中山路口' },
  'cam-0002': { look: 3, online: true, name: '湖里 枋湖' },
  'cam-0003': { look: 1, online: false, name: '集美 大桥' },
};

let server: MediaServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(clock = { now: () => T0 }, tls = false, more: { faults?: boolean; logSize?: number } = {}) {
  server = await startMediaServer({ clock, cameras: (id) => CAMERAS[id] ?? null, clips, tls, ...more });
  return server;
}

async function logSince(s: MediaServer, since: number) {
  const res = await fetch(`${s.origin}/_log?since=${since}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  return (await res.json()) as { next: number; entries: Array<Record<string, unknown>> };
}

function postFault(s: MediaServer, body: unknown) {
  return fetch(`${s.origin}/_fault`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const seqOf = (playlist: string) => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)![1]);

function segmentUris(playlist: string): string[] {
  return playlist.split('\n').filter((l) => l && !l.startsWith('#'));
}

/** One request on an HTTP/2 session (a POST with `json` as its body): its status and body. */
function ask(session: ClientHttp2Session, path: string, json?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': path, ...(json === undefined ? {} : { ':method': 'POST', 'content-type': 'application/json' }) });
    let status = 0;
    let body = '';
    req.on('response', (h) => (status = Number(h[':status'])));
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve({ status, body }));
    req.on('error', reject);
    req.end(json === undefined ? undefined : JSON.stringify(json));
  });
}

describe('media server', () => {
  it('loads every look with both renditions from resources/video', () => {
    expect(clips.looks.length).toBeGreaterThanOrEqual(5);
    for (const look of clips.looks) {
      expect(look.sub.length).toBeGreaterThanOrEqual(4);
      expect(look.main).toHaveLength(look.sub.length);
      // MPEG-TS: 188-byte packets starting with the sync byte.
      for (const s of [...look.sub, ...look.main]) {
        expect(s.bytes.length % 188).toBe(0);
        expect(s.bytes[0]).toBe(0x47);
      }
    }
  });

  it('serves a live playlist with the right headers, advancing with the clock', async () => {
    let now = T0;
    const s = await start({ now: () => now });
    const url = `${s.origin}/hls/cam-0001/sub.m3u8`;
    expect(s.streamUrl('cam-0001', 'sub')).toBe(url);
    const res = await fetch(url, { headers: { origin: 'http://console.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const first = await res.text();
    expect(first).not.toContain('#EXT-X-ENDLIST');
    expect(first).toContain('#EXT-X-TARGETDURATION:2');
    const seq = (text: string) => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]);
    expect(segmentUris(first)).toHaveLength(5);
    now += 4000;
    const later = await (await fetch(url)).text();
    expect(seq(later)).toBe(seq(first) + 2);
    expect(segmentUris(later)[0]).toBe(segmentUris(first)[2]);
  });

  it('serves the look file bytes for every listed segment, with the MPEG-TS type', async () => {
    const s = await start();
    for (const [id, rendition] of [
      ['cam-0001', 'sub'],
      ['cam-0002', 'main'],
    ] as const) {
      const look = clips.looks[CAMERAS[id]!.look]!;
      const playlist = await (await fetch(`${s.origin}/hls/${id}/${rendition}.m3u8`)).text();
      for (const uri of segmentUris(playlist)) {
        const seq = Number(/(\d+)\.ts$/.exec(uri)![1]);
        const res = await fetch(new URL(uri, `${s.origin}/hls/${id}/`));
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('video/mp2t');
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        const bytes = Buffer.from(await res.arrayBuffer());
        const file = readFileSync(join(DEFAULT_VIDEO_DIR, look.name, rendition, `seg-${seq % look.sub.length}.ts`));
        expect(bytes.equals(file)).toBe(true);
      }
    }
  });

  it('keeps sequence numbers small (counted from a minute before start), with the window already sliding', async () => {
    const s = await start();
    expect(s.epochMs).toBe(T0 - 60_000);
    const text = await (await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`)).text();
    const mediaSequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]);
    expect(mediaSequence).toBeGreaterThanOrEqual(24);
    expect(mediaSequence).toBeLessThanOrEqual(28);
    expect(Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(text)![1])).toBe(Math.floor(mediaSequence / clips.looks[0]!.sub.length));
  });

  it('starts cameras at different points of their loops', async () => {
    const s = await start();
    const a = await (await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`)).text();
    const b = await (await fetch(`${s.origin}/hls/cam-0002/sub.m3u8`)).text();
    expect(/#EXT-X-PROGRAM-DATE-TIME:(.*)/.exec(a)![1]).not.toBe(/#EXT-X-PROGRAM-DATE-TIME:(.*)/.exec(b)![1]);
  });

  it('answers 404 with a clear body for offline and unknown cameras and unknown paths', async () => {
    const s = await start();
    for (const path of ['/hls/cam-0003/sub.m3u8', '/hls/cam-0003/main/12.ts', '/hls/cam-0003/index.m3u8']) {
      const res = await fetch(`${s.origin}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(await res.text()).toContain('cam-0003 (集美 大桥) is offline');
    }
    const unknown = await fetch(`${s.origin}/hls/cam-9999/sub.m3u8`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('no camera cam-9999');
    expect((await fetch(`${s.origin}/hls/cam-0001/hd.m3u8`)).status).toBe(404);
    expect((await fetch(`${s.origin}/`)).status).toBe(404);
    expect((await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`, { method: 'POST' })).status).toBe(405);
  });

  it('answers CORS preflights and serves a master playlist', async () => {
    const s = await start();
    const pre = await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`, {
      method: 'OPTIONS',
      headers: { origin: 'http://console.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    const master = await fetch(`${s.origin}/hls/cam-0001/index.m3u8`);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const text = await master.text();
    expect(segmentUris(text)).toEqual(['sub.m3u8', 'main.m3u8']);
    expect(text).toContain('RESOLUTION=640x360');
  });

  it('speaks HTTP/2 and HTTP/1.1 over TLS with a self-signed certificate', async () => {
    const s = await start(undefined, true);
    expect(s.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(s.spkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const ca = s.certificate!;

    const session = connect(s.origin, { ca });
    try {
      const { status, type, body } = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = session.request({ ':path': '/hls/cam-0001/sub.m3u8' });
        let status = 0;
        let type = '';
        let body = '';
        req.on('response', (h) => {
          status = Number(h[':status']);
          type = String(h['content-type']);
        });
        req.setEncoding('utf8');
        req.on('data', (c: string) => (body += c));
        req.on('end', () => resolve({ status, type, body }));
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
      expect(type).toBe('application/vnd.apple.mpegurl');
      expect(body).toContain('#EXT-X-MEDIA-SEQUENCE:');
    } finally {
      session.close();
    }

    const h1 = await new Promise<{ status: number; version: string }>((resolve, reject) => {
      httpsRequest(`${s.origin}/hls/cam-0001/main/3.ts`, { ca }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
      })
        .on('error', reject)
        .end();
    });
    expect(h1).toEqual({ status: 200, version: '1.1' });
  });
});

describe('the request log', () => {
  it('records each stream request with its camera, stream, kind, status and time, numbered from where a reader left off', async () => {
    let now = T0;
    const s = await start({ now: () => now });
    expect(await logSince(s, 0)).toEqual({ next: 0, entries: [] });
    await fetch(`${s.origin}/hls/cam-0001/index.m3u8`);
    await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`);
    now += 1500;
    await fetch(`${s.origin}/hls/cam-0002/main/7.ts`);
    await fetch(`${s.origin}/hls/cam-0003/sub.m3u8`);
    await fetch(`${s.origin}/favicon.ico`);
    const page = await logSince(s, 0);
    expect(page.next).toBe(5);
    expect(page.entries).toEqual([
      { n: 0, at: new Date(T0).toISOString(), path: '/hls/cam-0001/index.m3u8', camera: 'cam-0001', stream: null, kind: 'master', status: 200 },
      { n: 1, at: new Date(T0).toISOString(), path: '/hls/cam-0001/sub.m3u8', camera: 'cam-0001', stream: 'sub', kind: 'playlist', status: 200 },
      { n: 2, at: new Date(T0 + 1500).toISOString(), path: '/hls/cam-0002/main/7.ts', camera: 'cam-0002', stream: 'main', kind: 'segment', status: 200 },
      { n: 3, at: new Date(T0 + 1500).toISOString(), path: '/hls/cam-0003/sub.m3u8', camera: 'cam-0003', stream: 'sub', kind: 'playlist', status: 404 },
      { n: 4, at: new Date(T0 + 1500).toISOString(), path: '/favicon.ico', camera: null, stream: null, kind: 'other', status: 404 },
    ]);
    // Reading the log is not logged; a reader asks for what came after its mark.
    const later = await logSince(s, 3);
    expect(later.next).toBe(5);
    expect(later.entries.map((e) => e.n)).toEqual([3, 4]);
    expect((await logSince(s, 5)).entries).toEqual([]);
  });

  it('keeps only the newest requests once the ring is full', async () => {
    const s = await start(undefined, false, { logSize: 3 });
    for (let seq = 1; seq <= 5; seq++) await fetch(`${s.origin}/hls/cam-0001/sub/${seq}.ts`);
    const page = await logSince(s, 0);
    expect(page.next).toBe(5);
    expect(page.entries.map((e) => [e.n, e.path])).toEqual([
      [2, '/hls/cam-0001/sub/3.ts'],
      [3, '/hls/cam-0001/sub/4.ts'],
      [4, '/hls/cam-0001/sub/5.ts'],
    ]);
  });

  it('refuses a since that is not a request number', async () => {
    const s = await start();
    for (const bad of ['-1', 'abc', '1.5', '9007199254740993']) {
      const res = await fetch(`${s.origin}/_log?since=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain('since must be a request number');
    }
  });
});

describe('test faults', () => {
  it('are refused (404) unless the server was started with them', async () => {
    const s = await start();
    const res = await postFault(s, { camera: 'cam-0001', fault: 'down' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('EGRET_DEMO_MEDIA_FAULTS=1');
    expect((await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`)).status).toBe(200);
  });

  it('"down" answers 503 to everything of that camera, others unharmed, until healed', async () => {
    const s = await start(undefined, false, { faults: true });
    const res = await postFault(s, { camera: 'cam-0001', fault: 'down' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ camera: 'cam-0001', fault: 'down' });
    for (const path of ['/hls/cam-0001/index.m3u8', '/hls/cam-0001/sub.m3u8', '/hls/cam-0001/main/4.ts']) {
      const down = await fetch(`${s.origin}${path}`);
      expect(down.status, path).toBe(503);
      expect(await down.text()).toContain('cam-0001 (思明 中山路口) is down');
    }
    expect((await fetch(`${s.origin}/hls/cam-0002/sub.m3u8`)).status).toBe(200);
    expect((await logSince(s, 0)).entries.filter((e) => e.camera === 'cam-0001').map((e) => e.status)).toEqual([503, 503, 503]);
    expect((await postFault(s, { camera: 'cam-0001', fault: null })).status).toBe(200);
    expect((await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`)).status).toBe(200);
  });

  it('"stall" freezes the live playlist where it was while segments are still served; healing jumps to the present', async () => {
    let now = T0;
    const s = await start({ now: () => now }, false, { faults: true });
    const playlist = async (id: string) => (await fetch(`${s.origin}/hls/${id}/sub.m3u8`)).text();
    const before = await playlist('cam-0001');
    const other = seqOf(await playlist('cam-0002'));
    expect((await postFault(s, { camera: 'cam-0001', fault: 'stall' })).status).toBe(200);
    now += 10_000;
    // Stalling it again does not move where it froze.
    expect((await postFault(s, { camera: 'cam-0001', fault: 'stall' })).status).toBe(200);
    now += 10_000;
    const stalled = await playlist('cam-0001');
    expect(stalled).toBe(before);
    expect((await fetch(`${s.origin}/hls/cam-0001/${segmentUris(stalled).at(-1)}`)).status).toBe(200);
    expect(seqOf(await playlist('cam-0002'))).toBe(other + 10);
    expect((await postFault(s, { camera: 'cam-0001', fault: null })).status).toBe(200);
    expect(seqOf(await playlist('cam-0001'))).toBe(seqOf(before) + 10);
  });

  it('"hang" takes every request of that camera and never answers it, logged as held (status 0), others answered meanwhile; healing answers what comes next', async () => {
    const s = await start(undefined, true, { faults: true });
    // One HTTP/2 connection: the server writes its answers in the order it took the requests, so the
    // healthy camera's answer arriving says the hung requests' would have come before it, had there been any.
    const session = connect(s.origin, { ca: s.certificate! });
    try {
      expect((await ask(session, '/_fault', { camera: 'cam-0001', fault: 'hang' })).status).toBe(200);
      let hungAnswered = false;
      const held = ['/hls/cam-0001/sub.m3u8', '/hls/cam-0001/index.m3u8', '/hls/cam-0001/main/4.ts'].map((path) => {
        const req = session.request({ ':path': path });
        req.on('response', () => (hungAnswered = true));
        req.on('error', () => {}); // reset when the test closes it
        req.end();
        return req;
      });
      expect((await ask(session, '/hls/cam-0002/sub.m3u8')).status).toBe(200);
      expect(hungAnswered).toBe(false);

      const log = JSON.parse((await ask(session, '/_log?since=0')).body) as { entries: Array<{ path: string; status: number }> };
      expect(log.entries.map((e) => [e.path, e.status])).toEqual([
        ['/hls/cam-0001/sub.m3u8', HELD_UNANSWERED],
        ['/hls/cam-0001/index.m3u8', HELD_UNANSWERED],
        ['/hls/cam-0001/main/4.ts', HELD_UNANSWERED],
        ['/hls/cam-0002/sub.m3u8', 200],
      ]);

      expect((await ask(session, '/_fault', { camera: 'cam-0001', fault: null })).status).toBe(200);
      expect((await ask(session, '/hls/cam-0001/sub.m3u8')).status).toBe(200);
      // What was held stays held: the player that asked has given up on it by then.
      expect(hungAnswered).toBe(false);
      for (const req of held) req.close();
    } finally {
      session.destroy();
    }
  });

  it('refuses a bad request with a clear reason and changes nothing', async () => {
    const s = await start(undefined, false, { faults: true });
    const cases: Array<[unknown, number, string]> = [
      ['not json', 400, 'not JSON'],
      [[1], 400, 'expected an object'],
      [{ fault: 'down' }, 400, '"camera" must be a camera id'],
      [{ camera: 'cam-0001', fault: 'slow' }, 400, '"fault" must be "down", "stall", "hang" or null'],
      [{ camera: 'cam-0001' }, 400, '"fault" must be'],
      [{ camera: 'cam-9999', fault: 'down' }, 404, 'no camera cam-9999'],
      ['x'.repeat(5000), 413, 'at most 4096 bytes'],
    ];
    for (const [body, status, reason] of cases) {
      const res = await postFault(s, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      expect(await res.text()).toContain(reason);
    }
    expect((await fetch(`${s.origin}/_fault`)).status).toBe(405);
    expect((await fetch(`${s.origin}/hls/cam-0001/sub.m3u8`)).status).toBe(200);
    // None of it is in the request log: only stream requests are.
    expect((await logSince(s, 0)).entries.map((e) => e.path)).toEqual(['/hls/cam-0001/sub.m3u8']);
  });
});
