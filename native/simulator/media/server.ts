import { createHash, X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { Server as NetServer, Socket } from 'node:net';
import { isIP } from 'node:net';
import { systemClock } from '../time.ts';
import type { Clock } from '../types.ts';
import { loadClips, RENDITIONS, type ClipLibrary, type Look, type Rendition } from './clips.ts';
import { FaultTable, parseFaultRequest } from './faults.ts';
import { cameraOffsetMs, renderMasterPlaylist, renderMediaPlaylist, WINDOW_SEGMENTS } from './playlist.ts';
import { HELD_UNANSWERED, parseStreamPath, RequestLog, type RequestLogPage } from './request-log.ts';

/**
 * What the media server needs to know about a camera. `look` picks one of the
 * clips (taken modulo their number); `name` is not burnt into the video: the
 * console's tile overlays the camera's name from the Camera entity (§8), so it
 * is only used in error bodies here.
 */
export interface MediaCamera {
  look: number;
  online: boolean;
  name: string;
}

export interface MediaServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clock?: Clock;
  /**
   * Media sequence numbers count segments from this instant. Default: a minute
   * before the server started (by `clock`), so the first playlists already
   * slide. Keep it recent — see playlist.ts on why huge numbers hurt hls.js.
   */
  epochMs?: number;
  /** The camera with this id, or null when there is none (→ 404). Asked on every request. */
  cameras: (id: string) => MediaCamera | null;
  /**
   * HTTPS with HTTP/2 (and HTTP/1.1 for clients that don't offer h2) instead
   * of plain HTTP/1.1. Default false.
   *
   * The trade-off: a browser opens at most 6 HTTP/1.1 connections per host,
   * and every playing hls.js tile keeps one busy polling its playlist and
   * fetching segments, so a wall of more than ~6 tiles from one origin starves
   * over HTTP/1.1. HTTP/2 multiplexes them all over one connection, but
   * browsers speak HTTP/2 only over TLS — hence a self-signed certificate,
   * which Chromium/Electron must be told to accept (`spkiSha256` for
   * `--ignore-certificate-errors-spki-list=`, or Electron's
   * `certificate-error` event). Tests and small walls use plain HTTP.
   */
  tls?: boolean;
  /** PEM key and certificate for `tls` (so the SPKI pin survives restarts); default a fresh self-signed one. */
  certificate?: { key: string; cert: string };
  /** Where the clips are (default resources/video/ of this checkout), or an already loaded library. */
  clips?: string | ClipLibrary;
  /** Segments per live playlist. Default 5. */
  windowSegments?: number;
  /** Accept test faults (`POST /_fault`, faults.ts); without it that path is 404. Default false. */
  faults?: boolean;
  /** Requests kept for `GET /_log` (request-log.ts). Default 20,000. */
  logSize?: number;
}

export interface MediaServer {
  /** `http://127.0.0.1:PORT` or `https://…` with `tls`. */
  origin: string;
  port: number;
  /** With `tls`: base64 sha256 of the certificate's SubjectPublicKeyInfo, for `--ignore-certificate-errors-spki-list=`. */
  spkiSha256?: string;
  /** With `tls`: the PEM certificate served (to trust it explicitly, e.g. `ca` in a Node client). */
  certificate?: string;
  /** The URL of a camera's stream: what a platform puts in `Camera.streams.main` / `.sub`. */
  streamUrl(cameraId: string, rendition: Rendition): string;
  /** The clips served (loaded once at start). */
  clips: ClipLibrary;
  /** The instant media sequence numbers count from. */
  epochMs: number;
  /** The request log, as `GET /_log?since=N` answers it. */
  requests(since: number): RequestLogPage;
  close(): Promise<void>;
}

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
const SEGMENT_TYPE = 'video/mp2t';

const CORS: OutgoingHttpHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '600',
  // Lets the console page see resource timings (e.g. nextHopProtocol "h2") of streams from this origin.
  'timing-allow-origin': '*',
};

/** The part of http's and http2's request/response objects the handler uses. */
interface Req extends AsyncIterable<Buffer | string> {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}
interface Res {
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown;
  end(): unknown;
  end(body: string | Buffer): unknown;
}

interface Reply {
  status: number;
  type: string;
  body: string | Buffer;
  cache: string;
}

function text(status: number, body: string): Reply {
  return { status, type: 'text/plain; charset=utf-8', body: `${body}\n`, cache: 'no-store' };
}

function json(status: number, value: unknown): Reply {
  return { status, type: 'application/json', body: JSON.stringify(value), cache: 'no-store' };
}

/** A fault request is a line of JSON; anything longer is refused unread. */
const MAX_FAULT_BODY = 4096;

async function readBody(req: Req, limit: number): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limit) return null;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One look's bandwidth for a master playlist: peak bits per second of its segments. */
function peakBandwidth(look: Look, rendition: Rendition): number {
  return Math.max(...look[rendition].map((s) => Math.ceil((s.bytes.length * 8) / s.duration)));
}

/** The `hang` fault's answer: none at all (the request stays open, unanswered). */
const NO_ANSWER = 'no answer';

function route(
  library: ClipLibrary,
  options: MediaServerOptions,
  clock: Clock,
  epochMs: number,
  faults: FaultTable,
  path: string,
): Reply | typeof NO_ANSWER {
  const stream = parseStreamPath(path);
  if (!stream) return text(404, `not found: ${path} (streams are /hls/<cameraId>/<main|sub>.m3u8)`);
  const id = stream.camera;
  const camera = options.cameras(id);
  if (!camera) return text(404, `no camera ${id}`);
  if (!camera.online) return text(404, `camera ${id} (${camera.name}) is offline`);
  if (faults.isDown(id)) return text(503, `camera ${id} (${camera.name}) is down (test fault)`);
  if (faults.isHung(id)) return NO_ANSWER;
  const looks = library.looks;
  const look = looks[((Math.trunc(camera.look) % looks.length) + looks.length) % looks.length]!;
  const segmentMs = Math.round(library.segmentSeconds * 1000);
  const loop = look.sub.length;

  if (stream.kind === 'master') {
    return {
      status: 200,
      type: PLAYLIST_TYPE,
      cache: 'no-cache',
      body: renderMasterPlaylist(
        RENDITIONS.map((r) => ({ uri: `${r}.m3u8`, bandwidth: peakBandwidth(look, r), ...library.renditions[r] })).sort(
          (a, b) => a.bandwidth - b.bandwidth,
        ),
      ),
    };
  }
  if (stream.kind === 'playlist') {
    const rendition = stream.stream!;
    return {
      status: 200,
      type: PLAYLIST_TYPE,
      cache: 'no-cache',
      body: renderMediaPlaylist({
        nowMs: faults.playlistNow(id, clock.now()),
        epochMs,
        offsetMs: cameraOffsetMs(id, loop, segmentMs),
        durations: look[rendition].map((s) => s.duration),
        segmentSeconds: library.segmentSeconds,
        uri: (seq) => `${rendition}/${seq}.ts`,
        windowSize: options.windowSegments ?? WINDOW_SEGMENTS,
      }),
    };
  }
  const rendition: Rendition = stream.stream!;
  const seq = stream.seq!;
  // Any sequence number maps to a segment: a player a little behind or ahead of the window still gets bytes.
  return { status: 200, type: SEGMENT_TYPE, cache: 'max-age=60', body: look[rendition][seq % loop]!.bytes };
}

export async function selfSignedCertificate(host: string): Promise<{ key: string; cert: string }> {
  const altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (isIP(host) && host !== '127.0.0.1' && host !== '::1') altNames.push({ type: 7, ip: host });
  else if (!isIP(host) && host !== 'localhost') altNames.push({ type: 2, value: host });
  // Loaded only here: it and the certificate libraries under it took longer to load than the demo
  // city takes to build, and only a demo serving its media over TLS needs them (bench:start).
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'Egret demo media' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 300 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** base64 sha256 of the certificate's DER SubjectPublicKeyInfo (Chromium's SPKI pin format). */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Starts the demo CCTV media server: every online camera is a live HLS stream
 * looping one of the committed clips (resources/video/, read into memory here).
 */
export async function startMediaServer(options: MediaServerOptions): Promise<MediaServer> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const epochMs = options.epochMs ?? clock.now() - 60_000;
  const library = typeof options.clips === 'object' ? options.clips : loadClips(options.clips);

  const faults = new FaultTable();
  const log = new RequestLog(clock, options.logSize);

  /** The test endpoints, never logged: reading the log must not change it. */
  const control = async (req: Req, method: string, url: URL): Promise<Reply | null> => {
    if (url.pathname === '/_log') {
      if (method !== 'GET') return text(405, `method ${method} not allowed on /_log`);
      const since = url.searchParams.get('since') ?? '0';
      if (!/^\d+$/.test(since) || !Number.isSafeInteger(Number(since))) {
        return text(400, `since must be a request number (0 or more), not "${since}"`);
      }
      return json(200, log.since(Number(since)));
    }
    if (url.pathname === '/_fault') {
      if (!options.faults) return text(404, 'test faults are off (the demo takes them with EGRET_DEMO_MEDIA_FAULTS=1)');
      if (method !== 'POST') return text(405, `method ${method} not allowed on /_fault`);
      const body = await readBody(req, MAX_FAULT_BODY);
      if (body === null) return text(413, `a fault request is at most ${MAX_FAULT_BODY} bytes`);
      const fault = parseFaultRequest(body);
      if ('error' in fault) return text(400, fault.error);
      if (!options.cameras(fault.camera)) return text(404, `no camera ${fault.camera}`);
      faults.set(fault.camera, fault.fault, clock.now());
      return json(200, fault);
    }
    return null;
  };

  /** The reply; null for a preflight (204, no body); NO_ANSWER for a request held unanswered. */
  const answer = async (req: Req, method: string): Promise<Reply | null | typeof NO_ANSWER> => {
    let url = new URL('http://media.invalid/');
    try {
      url = new URL(req.url ?? '/', 'http://media.invalid');
    } catch {
      /* keep "/" */
    }
    const special = await control(req, method, url);
    if (special) return special;
    let reply: Reply | null | typeof NO_ANSWER;
    if (method === 'OPTIONS') reply = null;
    else if (method !== 'GET' && method !== 'HEAD') reply = text(405, `method ${method} not allowed`);
    else {
      try {
        reply = route(library, options, clock, epochMs, faults, url.pathname);
      } catch (err) {
        reply = text(500, `media server error: ${(err as Error).message}`);
      }
    }
    log.record(url.pathname, reply === NO_ANSWER ? HELD_UNANSWERED : (reply?.status ?? 204));
    return reply;
  };

  const handle = (req: Req, res: Res): void => {
    const method = req.method ?? 'GET';
    void answer(req, method)
      .catch((err: unknown) => text(500, `media server error: ${(err as Error).message}`))
      .then((reply) => {
        if (reply === NO_ANSWER) return;
        if (!reply) {
          res.writeHead(204, CORS);
          res.end();
          return;
        }
        const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
        res.writeHead(reply.status, {
          ...CORS,
          'content-type': reply.type,
          'content-length': body.length,
          'cache-control': reply.cache,
          ...(reply.status === 405 ? { allow: 'GET, HEAD, OPTIONS' } : {}),
        });
        if (method === 'HEAD') res.end();
        else res.end(body);
      });
  };

  let server: NetServer;
  let certificate: string | undefined;
  if (options.tls) {
    const pems = options.certificate ?? (await selfSignedCertificate(host));
    certificate = pems.cert;
    server = createSecureServer({ key: pems.key, cert: pems.cert, allowHTTP1: true }, handle);
  } else {
    server = createHttpServer(handle);
  }
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const origin = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    origin,
    port,
    clips: library,
    epochMs,
    ...(certificate ? { certificate, spkiSha256: spkiSha256(certificate) } : {}),
    requests: (since) => log.since(since),
    streamUrl: (cameraId, rendition) => `${origin}/hls/${encodeURIComponent(cameraId)}/${rendition}.m3u8`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
