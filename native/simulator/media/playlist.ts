/**
 * The live HLS arithmetic, free of I/O.
 *
 * A camera's stream is its look's N segments played in a loop, forever. The
 * segment with media sequence number `s` is the look's segment `s mod N`, and
 * it "ended" at `epochMs + (s + 1) * segmentMs - offsetMs` on the clock.
 * `offsetMs` differs per camera (a hash of its id), so a wall of cameras
 * showing the same look is not in lockstep.
 *
 * Sequence numbers count from an epoch (the media server uses a minute before
 * it started), not from 1970: hls.js 1.7 keeps a sparse array indexed by
 * discontinuity sequence number and walks it with `initPTS.some(…)` on every
 * playlist reload, so a discontinuity sequence in the hundreds of millions
 * (1970-based, 8 s loops) blocks the page's main thread for ~2 s per reload
 * and playback stalls. Measured with Chromium; keep these numbers small.
 *
 * Every wrap of the loop (a segment with `s mod N == 0`) follows a timestamp
 * jump back, so it is preceded by `#EXT-X-DISCONTINUITY`. The discontinuity
 * sequence number of segment `s` is therefore `floor(s / N)`, and
 * `#EXT-X-DISCONTINUITY-SEQUENCE` is that of the window's first segment (the
 * tag itself is written only before later segments of the window: a tag before
 * the first one would be counted twice by hls.js).
 */

/** Segments listed in a live playlist: with hls.js's liveSyncDurationCount 3 it plays 3 back from the end. */
export const WINDOW_SEGMENTS = 5;

export interface LiveWindow {
  /** `#EXT-X-MEDIA-SEQUENCE`: the first listed segment. */
  first: number;
  /** The last listed segment (the newest complete one). */
  last: number;
  /** `#EXT-X-DISCONTINUITY-SEQUENCE`. */
  discontinuitySequence: number;
}

/** FNV-1a, 32 bits: a stable hash of a camera id. */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** How far (ms, within one loop) a camera's stream is shifted from the clock. */
export function cameraOffsetMs(id: string, loopSegments: number, segmentMs: number): number {
  return hashId(id) % (loopSegments * segmentMs);
}

/** The discontinuity sequence number of segment `seq` in a loop of `loopSegments`. */
export function discontinuitySequenceOf(seq: number, loopSegments: number): number {
  return Math.floor(seq / loopSegments);
}

/**
 * The segments listed `elapsedMs` after the epoch: the `windowSize` newest
 * complete ones (the segment containing `elapsedMs + offsetMs` is still "being
 * recorded"), or the first `windowSize` when there are fewer.
 */
export function liveWindow(
  elapsedMs: number,
  offsetMs: number,
  segmentMs: number,
  loopSegments: number,
  windowSize = WINDOW_SEGMENTS,
): LiveWindow {
  const current = Math.floor((elapsedMs + offsetMs) / segmentMs);
  const last = Math.max(windowSize - 1, current - 1);
  const first = last - windowSize + 1;
  return { first, last, discontinuitySequence: discontinuitySequenceOf(first, loopSegments) };
}

export interface MediaPlaylistOptions {
  nowMs: number;
  /** Where sequence numbers start counting (see the top of this file). Default 0. */
  epochMs?: number;
  offsetMs: number;
  /** Durations (s) of the look's segments in loop order. */
  durations: number[];
  /** The nominal segment length (s); sequence numbers advance once per it. */
  segmentSeconds: number;
  /** The URI of segment `seq` (relative to the playlist). */
  uri: (seq: number) => string;
  windowSize?: number;
  /** Write `#EXT-X-PROGRAM-DATE-TIME` on the first segment and after each discontinuity. Default true. */
  programDateTime?: boolean;
}

/** A live (no `#EXT-X-ENDLIST`) sliding-window media playlist. */
export function renderMediaPlaylist(o: MediaPlaylistOptions): string {
  const n = o.durations.length;
  const segmentMs = Math.round(o.segmentSeconds * 1000);
  const epochMs = o.epochMs ?? 0;
  const w = liveWindow(o.nowMs - epochMs, o.offsetMs, segmentMs, n, o.windowSize ?? WINDOW_SEGMENTS);
  const target = Math.ceil(Math.max(o.segmentSeconds, ...o.durations));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${w.first}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${w.discontinuitySequence}`,
  ];
  for (let seq = w.first; seq <= w.last; seq++) {
    const wraps = seq % n === 0;
    if (wraps && seq !== w.first) lines.push('#EXT-X-DISCONTINUITY');
    if ((o.programDateTime ?? true) && (wraps || seq === w.first)) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(epochMs + seq * segmentMs - o.offsetMs).toISOString()}`);
    }
    lines.push(`#EXTINF:${o.durations[seq % n]!.toFixed(3)},`, o.uri(seq));
  }
  return `${lines.join('\n')}\n`;
}

export interface MasterVariant {
  uri: string;
  bandwidth: number;
  width: number;
  height: number;
  fps: number;
  codecs: string;
}

/** A master playlist listing the renditions (the console normally loads `sub.m3u8`/`main.m3u8` directly). */
export function renderMasterPlaylist(variants: MasterVariant[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},RESOLUTION=${v.width}x${v.height},FRAME-RATE=${v.fps.toFixed(3)},CODECS="${v.codecs}"`,
      v.uri,
    );
  }
  return `${lines.join('\n')}\n`;
}
