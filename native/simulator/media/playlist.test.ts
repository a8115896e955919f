import { describe, expect, it } from 'vitest';
import { cameraOffsetMs, discontinuitySequenceOf, liveWindow, renderMasterPlaylist, renderMediaPlaylist } from './playlist.ts';

const T0 = Date.parse('2026-11-28T01:00:00Z');
const DURATIONS = [2, 2, 2, 2];

interface ParsedSegment {
  seq: number;
  /** The discontinuity counter hls.js gives it (`frag.cc`). */
  cc: number;
  uri: string;
  duration: number;
  pdt?: number;
}

/** Parses a media playlist the way hls.js counts sequence and discontinuities. */
function parse(text: string) {
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe('#EXTM3U');
  const tag = (name: string) => {
    const line = lines.find((l) => l.startsWith(`#${name}:`));
    return line === undefined ? undefined : line.slice(name.length + 2);
  };
  let seq = Number(tag('EXT-X-MEDIA-SEQUENCE'));
  let cc = Number(tag('EXT-X-DISCONTINUITY-SEQUENCE') ?? 0);
  const segments: ParsedSegment[] = [];
  let duration = NaN;
  let pdt: number | undefined;
  for (const line of lines) {
    if (line === '#EXT-X-DISCONTINUITY') cc++;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line.startsWith('#EXTINF:')) duration = parseFloat(line.slice(8));
    else if (!line.startsWith('#')) {
      segments.push({ seq: seq++, cc, uri: line, duration, ...(pdt === undefined ? {} : { pdt }) });
      pdt = undefined;
    }
  }
  return { target: Number(tag('EXT-X-TARGETDURATION')), ended: lines.includes('#EXT-X-ENDLIST'), segments };
}

function playlistAt(nowMs: number, offsetMs = 0) {
  return renderMediaPlaylist({ nowMs, offsetMs, durations: DURATIONS, segmentSeconds: 2, uri: (s) => `sub/${s}.ts` });
}

describe('live playlist', () => {
  it('is a live sliding window of 5 segments with a target duration', () => {
    const p = parse(playlistAt(T0));
    expect(p.ended).toBe(false);
    expect(p.target).toBe(2);
    expect(p.segments).toHaveLength(5);
    expect(p.segments.map((s) => s.duration)).toEqual([2, 2, 2, 2, 2]);
    // The newest listed segment is the last complete one.
    expect(p.segments.at(-1)!.seq).toBe(T0 / 2000 - 1);
    expect(p.segments.map((s) => s.uri)).toEqual(p.segments.map((s) => `sub/${s.seq}.ts`));
  });

  it('advances one segment per segment duration of the clock, not before', () => {
    const first = parse(playlistAt(T0)).segments[0]!.seq;
    expect(parse(playlistAt(T0 + 1999)).segments[0]!.seq).toBe(first);
    expect(parse(playlistAt(T0 + 2000)).segments[0]!.seq).toBe(first + 1);
    expect(parse(playlistAt(T0 + 20_000)).segments[0]!.seq).toBe(first + 10);
    // The camera offset shifts the window in time.
    expect(parse(playlistAt(T0, 1000)).segments[0]!.seq).toBe(first);
    expect(parse(playlistAt(T0 + 1000, 1000)).segments[0]!.seq).toBe(first + 1);
  });

  it('keeps media sequence and discontinuity sequence consistent as the window slides across wraps', () => {
    const ccOf = new Map<number, number>();
    let lastFirst = -Infinity;
    let wraps = 0;
    for (let now = T0; now < T0 + 60_000; now += 300) {
      const { segments } = parse(playlistAt(now, 1234));
      expect(segments[0]!.seq).toBeGreaterThanOrEqual(lastFirst);
      lastFirst = segments[0]!.seq;
      for (let i = 0; i < segments.length; i++) {
        const s = segments[i]!;
        // Every playlist agrees on every segment's discontinuity counter.
        if (ccOf.has(s.seq)) expect(s.cc, `seq ${s.seq} at ${now}`).toBe(ccOf.get(s.seq));
        ccOf.set(s.seq, s.cc);
        expect(s.cc).toBe(discontinuitySequenceOf(s.seq, DURATIONS.length));
        if (i > 0) {
          const prev = segments[i - 1]!;
          expect(s.seq).toBe(prev.seq + 1);
          // The counter moves exactly where the loop wraps (to look segment 0).
          expect(s.cc - prev.cc).toBe(s.seq % DURATIONS.length === 0 ? 1 : 0);
          if (s.seq % DURATIONS.length === 0) wraps++;
        }
      }
    }
    expect(wraps).toBeGreaterThan(5);
  });

  it('never writes a discontinuity before the first listed segment, and dates the segments', () => {
    const segmentMs = 2000;
    // Find an instant where the window starts exactly at a wrap.
    let now = T0;
    while (liveWindow(now, 0, segmentMs, 4).first % 4 !== 0) now += segmentMs;
    const text = playlistAt(now);
    const lines = text.split('\n');
    const beforeFirstSegment = lines.slice(
      0,
      lines.findIndex((l) => l.startsWith('#EXTINF:')),
    );
    expect(beforeFirstSegment).not.toContain('#EXT-X-DISCONTINUITY');
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    const { segments } = parse(text);
    expect(segments[0]!.cc).toBe(segments[0]!.seq / 4);
    expect(segments[0]!.pdt).toBe(segments[0]!.seq * segmentMs);
    expect(segments[4]!.pdt).toBe(segments[4]!.seq * segmentMs);
    expect(segments[4]!.cc).toBe(segments[0]!.cc + 1);
  });

  it('counts sequence numbers from the epoch, and dates segments on the clock', () => {
    const epochMs = T0 - 60_000;
    const text = renderMediaPlaylist({ nowMs: T0, epochMs, offsetMs: 500, durations: DURATIONS, segmentSeconds: 2, uri: (s) => `${s}.ts` });
    const { segments } = parse(text);
    // 60.5 s after the epoch: segment 30 is being recorded, 25..29 are listed.
    expect(segments.map((s) => s.seq)).toEqual([25, 26, 27, 28, 29]);
    expect(segments[0]!.cc).toBe(6);
    expect(segments[0]!.pdt).toBe(epochMs + 25 * 2000 - 500);
    expect(segments.at(-1)!.seq * 2000 + 2000 - 500 + epochMs).toBeLessThanOrEqual(T0);
    // Before the epoch has a full window, the first segments are listed.
    expect(liveWindow(1000, 0, 2000, 4)).toEqual({ first: 0, last: 4, discontinuitySequence: 0 });
  });

  it('offsets cameras differently, stably', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `cam-${String(i).padStart(4, '0')}`);
    const offsets = ids.map((id) => cameraOffsetMs(id, 4, 2000));
    expect(new Set(offsets).size).toBeGreaterThan(15);
    for (const o of offsets) {
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(8000);
    }
    expect(cameraOffsetMs('cam-0001', 4, 2000)).toBe(offsets[1]);
  });

  it('renders a master playlist', () => {
    const text = renderMasterPlaylist([{ uri: 'sub.m3u8', bandwidth: 300000, width: 320, height: 180, fps: 15, codecs: 'avc1.42c01e' }]);
    expect(text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=320x180');
    expect(text.trim().split('\n').at(-1)).toBe('sub.m3u8');
  });
});
