import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../../test-support/manual-timers.ts';
import {
  CameraPlayer,
  CONNECT_TIMEOUT_MS,
  HLS_CONFIG,
  HLS_ERROR_TYPES,
  HLS_EVENTS,
  MEDIA_RECOVERY_WINDOW_MS,
  RELEASE_AFTER_HIDDEN_MS,
  RESTART_STALLED_AFTER_MS,
  type HlsErrorData,
  type HlsPlayer,
  type PlayerSnapshot,
} from './camera-player.ts';

/** hls.js as the player sees it: records what it is told, and the test plays its events. */
class FakeHls implements HlsPlayer {
  readonly calls: string[] = [];
  latency = 0;
  media: HTMLMediaElement | null = null;
  private readonly listeners = new Map<string, ((event: string, data: HlsErrorData) => void)[]>();

  constructor(readonly config: typeof HLS_CONFIG) {}

  loadSource(url: string): void {
    this.calls.push(`loadSource ${url}`);
  }
  attachMedia(media: HTMLMediaElement): void {
    this.media = media;
    this.calls.push('attachMedia');
  }
  startLoad(startPosition?: number): void {
    this.calls.push(`startLoad ${startPosition}`);
  }
  stopLoad(): void {
    this.calls.push('stopLoad');
  }
  recoverMediaError(): void {
    this.calls.push('recoverMediaError');
  }
  destroy(): void {
    this.calls.push('destroy');
  }
  on(event: string, listener: (event: string, data: HlsErrorData) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, data: HlsErrorData = {}): void {
    for (const listener of this.listeners.get(event) ?? []) listener(event, data);
  }
  fatal(type: string, details = 'x'): void {
    this.emit(HLS_EVENTS.error, { fatal: true, type, details });
  }
}

/** The video element's part the player touches, with its events played by the test. */
class FakeVideo extends EventTarget {
  readonly calls: string[] = [];
  play(): Promise<void> {
    this.calls.push('play');
    return Promise.resolve();
  }
  pause(): void {
    this.calls.push('pause');
  }
  removeAttribute(name: string): void {
    this.calls.push(`removeAttribute ${name}`);
  }
  load(): void {
    this.calls.push('load');
  }
  fire(type: 'playing' | 'waiting' | 'timeupdate'): void {
    this.dispatchEvent(new Event(type));
  }
}

const SUB = 'http://127.0.0.1:8081/hls/cam-0001/sub.m3u8';
const MAIN = 'http://127.0.0.1:8081/hls/cam-0001/main.m3u8';

function rig(options: { visible?: boolean } = {}) {
  const timers = new ManualTimers();
  const video = new FakeVideo();
  const created: FakeHls[] = [];
  const seen: PlayerSnapshot[] = [];
  const player = new CameraPlayer({
    video: video as unknown as HTMLMediaElement,
    timers,
    createHls: (config) => {
      const hls = new FakeHls(config);
      created.push(hls);
      return hls;
    },
    onChange: (snapshot) => seen.push(snapshot),
    firstBackoffMs: 1_000,
    maxBackoffMs: 8_000,
    random: () => 0.5,
  });
  if (options.visible ?? true) player.setVisible(true);
  const last = () => created.at(-1)!;
  /** The states the tile went through, each change once (latency updates repeat the state). */
  const states = () => seen.map((s) => s.state).filter((state, i, all) => i === 0 || all[i - 1] !== state);
  return { timers, video, created, player, last, states };
}

describe('a camera tile player', () => {
  it('plays a visible online camera with bounded buffers, and reads live latency from hls.js', () => {
    const { player, last, video, timers, states } = rig();
    player.setSource({ url: SUB, online: true });
    expect(last().calls).toEqual([`loadSource ${SUB}`, 'attachMedia']);
    expect(last().media).toBe(video);
    expect(last().config).toMatchObject({
      maxBufferLength: 4,
      maxMaxBufferLength: 8,
      maxBufferSize: 8e6,
      backBufferLength: 4,
      liveSyncDurationCount: 3,
    });
    expect(player.state.state).toBe('connecting');

    last().emit(HLS_EVENTS.manifestParsed);
    expect(video.calls).toEqual(['play']);
    last().latency = 7.2;
    video.fire('playing');
    video.fire('timeupdate');
    expect(player.state).toMatchObject({ state: 'playing', latency: 7.2 });
    // Read at most once a second.
    last().latency = 6.8;
    timers.advance(400);
    video.fire('timeupdate');
    expect(player.state.latency).toBe(7.2);
    timers.advance(600);
    video.fire('timeupdate');
    expect(player.state.latency).toBe(6.8);
    expect(states()).toEqual(['connecting', 'playing']);
  });

  it('shows a stall without trying to recover it, and playing again once time moves', () => {
    const { player, last, video } = rig();
    player.setSource({ url: SUB, online: true });
    video.fire('playing');
    last().emit(HLS_EVENTS.error, { fatal: false, type: HLS_ERROR_TYPES.media, details: 'bufferStalledError' });
    expect(player.state.state).toBe('stalled');
    video.fire('timeupdate');
    expect(player.state.state).toBe('playing');
    video.fire('waiting');
    expect(player.state.state).toBe('stalled');
    expect(last().calls).not.toContain('recoverMediaError');
    expect(last().calls).not.toContain('destroy');
  });

  it('does not play an offline camera, and plays it once the platform says it is back', () => {
    const { player, created, timers, states } = rig();
    player.setSource({ url: SUB, online: false });
    expect(player.state.state).toBe('offline');
    timers.advance(300_000);
    expect(created).toEqual([]);
    expect(timers.pendingCount).toBe(0);
    player.setSource({ url: SUB, online: true });
    expect(created).toHaveLength(1);
    expect(states()).toEqual(['offline', 'connecting']);
  });

  it('stops and releases a camera that goes offline while it plays', () => {
    const { player, last, video } = rig();
    player.setSource({ url: SUB, online: true });
    video.fire('playing');
    player.setSource({ url: SUB, online: false });
    expect(last().calls.at(-1)).toBe('destroy');
    expect(video.calls.slice(-2)).toEqual(['removeAttribute src', 'load']);
    expect(player.state.state).toBe('offline');
  });

  it('after a fatal network error destroys the player and makes a new one after a backoff that doubles up to its limit', () => {
    const { player, created, last, timers, video } = rig();
    player.setSource({ url: SUB, online: true });
    const waits: number[] = [];
    for (let failure = 1; failure <= 5; failure++) {
      const hls = last();
      hls.fatal(HLS_ERROR_TYPES.network, 'manifestLoadError');
      expect(hls.calls.at(-1)).toBe('destroy');
      expect(player.state).toMatchObject({ state: 'error', failures: failure });
      const wait = player.state.retryAt! - timers.now();
      waits.push(wait);
      timers.advance(wait - 1);
      expect(created).toHaveLength(failure);
      timers.advance(1);
      expect(created).toHaveLength(failure + 1);
      expect(player.state.state).toBe('connecting');
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    // A frame played: the next failure starts the backoff again.
    video.fire('playing');
    last().fatal(HLS_ERROR_TYPES.network);
    expect(player.state.retryAt! - timers.now()).toBe(1_000);
  });

  it('spreads the retries of tiles that failed together', () => {
    const waits = [0, 1].map((r) => {
      const timers = new ManualTimers();
      const hls: FakeHls[] = [];
      const player = new CameraPlayer({
        video: new FakeVideo() as unknown as HTMLMediaElement,
        timers,
        createHls: (config) => hls[hls.push(new FakeHls(config)) - 1]!,
        onChange: () => {},
        random: () => r,
      });
      player.setVisible(true);
      player.setSource({ url: SUB, online: true });
      hls[0]!.fatal(HLS_ERROR_TYPES.network);
      return player.state.retryAt! - timers.now();
    });
    expect(waits).toEqual([750, 1_250]);
  });

  it('recovers a fatal media error in place once, and rebuilds the player when it comes back at once', () => {
    const { player, created, last, timers, video } = rig();
    player.setSource({ url: SUB, online: true });
    video.fire('playing');
    const hls = last();
    hls.fatal(HLS_ERROR_TYPES.media, 'bufferAppendError');
    expect(hls.calls).toContain('recoverMediaError');
    expect(hls.calls).not.toContain('destroy');
    expect(player.state.state).toBe('stalled');

    // A second one well after the window is recovered again…
    timers.advance(MEDIA_RECOVERY_WINDOW_MS);
    hls.fatal(HLS_ERROR_TYPES.media);
    expect(hls.calls.filter((c) => c === 'recoverMediaError')).toHaveLength(2);
    // …one right after it is not: destroyed, retried after the backoff.
    timers.advance(2_000);
    hls.fatal(HLS_ERROR_TYPES.media);
    expect(hls.calls.filter((c) => c === 'recoverMediaError')).toHaveLength(2);
    expect(hls.calls.at(-1)).toBe('destroy');
    expect(player.state.state).toBe('error');
    timers.advance(1_000);
    expect(created).toHaveLength(2);
  });

  it('rebuilds after other fatal errors (not media, not network) too', () => {
    const { player, created, last, timers } = rig();
    player.setSource({ url: SUB, online: true });
    last().fatal('muxError', 'fragParsingError');
    expect(last().calls).not.toContain('recoverMediaError');
    expect(player.state.state).toBe('error');
    timers.advance(1_000);
    expect(created).toHaveLength(2);
  });

  it('retries at once when the operator asks, without waiting out the backoff', () => {
    const { player, created, last, timers } = rig();
    player.setSource({ url: SUB, online: true });
    last().fatal(HLS_ERROR_TYPES.network);
    player.retry();
    expect(created).toHaveLength(2);
    expect(player.state.state).toBe('connecting');
    // The backoff's retry was called off (short of the new attempt's own connect timeout).
    timers.advance(CONNECT_TIMEOUT_MS - 1);
    expect(created).toHaveLength(2);
  });

  it('stops loading when hidden, resumes at the live edge when seen again, and is released after 30 s hidden', () => {
    expect(RELEASE_AFTER_HIDDEN_MS).toBe(30_000);
    const { player, created, last, timers, video } = rig();
    player.setSource({ url: SUB, online: true });
    video.fire('playing');
    const hls = last();

    player.setVisible(false);
    expect(hls.calls.at(-1)).toBe('stopLoad');
    expect(video.calls.at(-1)).toBe('pause');
    expect(player.state.state).toBe('idle');
    timers.advance(RELEASE_AFTER_HIDDEN_MS - 1);
    expect(hls.calls).not.toContain('destroy');
    player.setVisible(true);
    expect(hls.calls.at(-1)).toBe('startLoad -1');
    expect(video.calls.at(-1)).toBe('play');
    expect(player.state.state).toBe('connecting');
    video.fire('playing');
    expect(player.state.state).toBe('playing');

    // Hidden for long: destroyed, src released, nothing left to run; seen again: a new player from scratch.
    player.setVisible(false);
    timers.advance(RELEASE_AFTER_HIDDEN_MS - 1);
    expect(hls.calls.at(-1)).toBe('stopLoad');
    timers.advance(1);
    expect(hls.calls.at(-1)).toBe('destroy');
    expect(video.calls.slice(-2)).toEqual(['removeAttribute src', 'load']);
    expect(timers.pendingCount).toBe(0);
    player.setVisible(true);
    expect(created).toHaveLength(2);
    expect(last().calls).toEqual([`loadSource ${SUB}`, 'attachMedia']);
    expect(player.state.state).toBe('connecting');
  });

  it('a stream that dies (503s, then nothing) is retried with a growing backoff and plays again by itself once it is served', () => {
    const { player, created, last, timers, video, states } = rig();
    player.setSource({ url: SUB, online: true });
    last().emit(HLS_EVENTS.manifestParsed);
    video.fire('playing');

    // The gateway answers 503: hls.js spends its own retries, then reports the playlist fatal.
    last().fatal(HLS_ERROR_TYPES.network, 'levelLoadError');
    expect(player.state).toMatchObject({ state: 'error', failures: 1 });
    // Each new player fails on the manifest while the gateway is down…
    for (const wait of [1_000, 2_000, 4_000]) {
      timers.advance(wait);
      expect(player.state.state).toBe('connecting');
      last().fatal(HLS_ERROR_TYPES.network, 'manifestLoadError');
    }
    expect(player.state).toMatchObject({ state: 'error', failures: 4 });
    // …and the next, once it is back, plays: the failures are forgotten.
    timers.advance(8_000);
    expect(created).toHaveLength(5);
    last().emit(HLS_EVENTS.manifestParsed);
    video.fire('playing');
    expect(player.state).toMatchObject({ state: 'playing', failures: 0, retryAt: null });
    expect(created.slice(0, 4).every((hls) => hls.calls.at(-1) === 'destroy')).toBe(true);
    expect(states()).toEqual(['connecting', 'playing', 'error', 'connecting', 'error', 'connecting', 'error', 'connecting', 'error', 'connecting', 'playing']);
    expect(timers.pendingCount).toBe(0);
  });

  it('gives up on a player still connecting after the timeout (a playlist that never answers), says so, and retries with the backoff until one plays', () => {
    const { player, created, last, timers, video, states } = rig();
    player.setSource({ url: SUB, online: true });
    // No error ever comes: the gateway took the request and keeps it.
    timers.advance(CONNECT_TIMEOUT_MS - 1);
    expect(player.state.state).toBe('connecting');
    expect(created[0]!.calls).not.toContain('destroy');
    timers.advance(1);
    expect(created[0]!.calls.at(-1)).toBe('destroy');
    expect(player.state).toMatchObject({ state: 'error', failures: 1, retryAt: timers.now() + 1_000 });

    timers.advance(1_000);
    expect(created).toHaveLength(2);
    expect(player.state.state).toBe('connecting');
    timers.advance(CONNECT_TIMEOUT_MS);
    expect(player.state).toMatchObject({ state: 'error', failures: 2, retryAt: timers.now() + 2_000 });

    // The gateway answers again: the next attempt plays, and nothing times it out any more.
    timers.advance(2_000);
    expect(created).toHaveLength(3);
    last().emit(HLS_EVENTS.manifestParsed);
    video.fire('playing');
    expect(player.state).toMatchObject({ state: 'playing', failures: 0, retryAt: null });
    timers.advance(CONNECT_TIMEOUT_MS * 2);
    expect(created).toHaveLength(3);
    expect(player.state.state).toBe('playing');
    expect(timers.pendingCount).toBe(0);
    expect(states()).toEqual(['connecting', 'error', 'connecting', 'error', 'connecting', 'playing']);
  });

  it('gives every attempt the whole connect time (a new stream, a resume once seen again) and times nothing while hidden', () => {
    const { player, created, timers, video } = rig();
    player.setSource({ url: SUB, online: true });
    timers.advance(CONNECT_TIMEOUT_MS - 5_000);
    player.setSource({ url: MAIN, online: true }); // maximised meanwhile: a new player, its own time
    timers.advance(CONNECT_TIMEOUT_MS - 1);
    expect(created).toHaveLength(2);
    expect(player.state.state).toBe('connecting');
    timers.advance(1);
    expect(player.state).toMatchObject({ state: 'error', failures: 1 });

    timers.advance(1_000);
    expect(created).toHaveLength(3);
    video.fire('playing');
    // Hidden: stopped, not timed, however long it stays hidden short of its release.
    player.setVisible(false);
    timers.advance(CONNECT_TIMEOUT_MS);
    expect(player.state.state).toBe('idle');
    expect(created[2]!.calls.at(-1)).toBe('stopLoad');
    // Seen again, it resumes; a resume that never gets a frame fails like any attempt.
    player.setVisible(true);
    expect(created[2]!.calls.at(-1)).toBe('startLoad -1');
    timers.advance(CONNECT_TIMEOUT_MS - 1);
    expect(player.state.state).toBe('connecting');
    timers.advance(1);
    expect(created[2]!.calls.at(-1)).toBe('destroy');
    expect(player.state).toMatchObject({ state: 'error', failures: 1 });
  });

  it('rebuilds a player stalled for long, but leaves a short stall to hls.js', () => {
    const { player, created, last, timers, video } = rig();
    player.setSource({ url: SUB, online: true });
    video.fire('playing');
    video.fire('waiting');
    timers.advance(RESTART_STALLED_AFTER_MS - 1);
    video.fire('timeupdate'); // frames again, just in time
    expect(player.state.state).toBe('playing');
    timers.advance(RESTART_STALLED_AFTER_MS);
    expect(created).toHaveLength(1);

    // A playlist that stops moving: stalled until the watchdog gives up on this player.
    video.fire('waiting');
    timers.advance(RESTART_STALLED_AFTER_MS);
    expect(created[0]!.calls.at(-1)).toBe('destroy');
    expect(player.state).toMatchObject({ state: 'error', failures: 1 });
    timers.advance(1_000);
    expect(created).toHaveLength(2);
    expect(last().calls).toEqual([`loadSource ${SUB}`, 'attachMedia']);
  });

  it('does not rebuild a stalled tile while nobody can see it', () => {
    const { player, created, timers, video } = rig();
    player.setSource({ url: SUB, online: true });
    video.fire('playing');
    video.fire('waiting');
    player.setVisible(false);
    timers.advance(RESTART_STALLED_AFTER_MS);
    expect(created).toHaveLength(1);
    expect(created[0]!.calls.at(-1)).toBe('stopLoad');
    expect(player.state.state).toBe('idle');
  });

  it('creates no player while nobody can see the tile, nor retries one while hidden', () => {
    const { player, created, last, timers } = rig({ visible: false });
    player.setSource({ url: SUB, online: true });
    expect(created).toEqual([]);
    expect(player.state.state).toBe('idle');
    player.setVisible(true);
    last().fatal(HLS_ERROR_TYPES.network);
    player.setVisible(false);
    timers.advance(10_000);
    expect(created).toHaveLength(1);
    player.setVisible(true);
    expect(created).toHaveLength(2);
  });

  it('switches streams by starting over with the other URL', () => {
    const { player, created, video } = rig();
    player.setSource({ url: SUB, online: true });
    video.fire('playing');
    player.setSource({ url: MAIN, online: true });
    expect(created[0]!.calls.at(-1)).toBe('destroy');
    expect(created[1]!.calls[0]).toBe(`loadSource ${MAIN}`);
    // The same source again changes nothing.
    player.setSource({ url: MAIN, online: true });
    expect(created).toHaveLength(2);
  });

  it('ignores events of a player it has already replaced, and does nothing once disposed', () => {
    const { player, created, timers, video } = rig();
    player.setSource({ url: SUB, online: true });
    const old = created[0]!;
    old.fatal(HLS_ERROR_TYPES.network);
    timers.advance(1_000);
    old.fatal(HLS_ERROR_TYPES.network);
    expect(player.state.state).toBe('connecting');
    player.dispose();
    expect(created[1]!.calls.at(-1)).toBe('destroy');
    video.fire('playing');
    player.setSource({ url: MAIN, online: true });
    expect(created).toHaveLength(2);
    expect(player.state.state).toBe('connecting');
    expect(timers.pendingCount).toBe(0);
  });
});
