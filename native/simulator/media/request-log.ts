import type { Clock } from '../types.ts';

/**
 * What the demo media server was asked for, kept where a test or a benchmark
 * can read it (`GET /_log?since=N`): issue 12's proofs are about requests —
 * a hidden wall asks for nothing, a maximised tile switches to `main` — and
 * only the server sees every one of them, whatever the page thinks it did.
 */

export type RequestKind = 'master' | 'playlist' | 'segment' | 'other';

export interface LoggedRequest {
  /** Counts every request logged since the server started, from 0. */
  n: number;
  /** ISO time by the server's clock. */
  at: string;
  path: string;
  camera: string | null;
  stream: 'main' | 'sub' | null;
  kind: RequestKind;
  /** The HTTP status answered; HELD_UNANSWERED (0) for a request the `hang` fault holds without an answer. */
  status: number;
}

/** The status logged for a request held without an answer (the `hang` test fault): it is logged when it arrives. */
export const HELD_UNANSWERED = 0;

export interface RequestLogPage {
  /** The `n` the next request will get: pass it as `since` to read only what comes after. */
  next: number;
  entries: LoggedRequest[];
}

/** How many requests are kept: a 25-tile wall makes ~25 a second, so this is the last ten minutes or more. */
export const REQUEST_LOG_SIZE = 20_000;

/** What a stream path names: /hls/<id>/index.m3u8, /hls/<id>/<main|sub>.m3u8, /hls/<id>/<main|sub>/<seq>.ts. */
export interface StreamPath {
  camera: string;
  stream: 'main' | 'sub' | null;
  kind: Exclude<RequestKind, 'other'>;
  /** Segment sequence number, for a segment. */
  seq: number | null;
}

const STREAM_PATH = /^\/hls\/([^/]+)\/(?:(index)\.m3u8|(main|sub)\.m3u8|(main|sub)\/(\d{1,15})\.ts)$/;

/** The stream a path names, or null when it names none. A camera id that is not valid percent-encoding is kept as sent. */
export function parseStreamPath(path: string): StreamPath | null {
  const m = STREAM_PATH.exec(path);
  if (!m) return null;
  let camera = m[1]!;
  try {
    camera = decodeURIComponent(camera);
  } catch {
    /* no camera has that id: it answers 404 */
  }
  if (m[2]) return { camera, stream: null, kind: 'master', seq: null };
  if (m[3]) return { camera, stream: m[3] as 'main' | 'sub', kind: 'playlist', seq: null };
  return { camera, stream: m[4] as 'main' | 'sub', kind: 'segment', seq: Number(m[5]) };
}

/** A ring of the last `capacity` requests, numbered in arrival order. */
export class RequestLog {
  private readonly ring: LoggedRequest[] = [];
  private next = 0;

  constructor(
    private readonly clock: Clock,
    private readonly capacity = REQUEST_LOG_SIZE,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`request log capacity must be a positive integer, not ${capacity}`);
  }

  record(path: string, status: number): void {
    const stream = parseStreamPath(path);
    const entry: LoggedRequest = {
      n: this.next++,
      at: new Date(this.clock.now()).toISOString(),
      path,
      camera: stream?.camera ?? null,
      stream: stream?.stream ?? null,
      kind: stream?.kind ?? 'other',
      status,
    };
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[entry.n % this.capacity] = entry;
  }

  /** Entries numbered `since` or later that are still kept, oldest first. */
  since(since: number): RequestLogPage {
    const oldest = Math.max(0, this.next - this.ring.length);
    const entries: LoggedRequest[] = [];
    for (let n = Math.max(oldest, Math.ceil(since)); n < this.next; n++) entries.push(this.ring[n % this.capacity]!);
    return { next: this.next, entries };
  }
}
