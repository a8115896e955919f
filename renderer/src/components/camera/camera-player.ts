import type { ErrorDetails, ErrorTypes, Events } from 'hls.js';
import type { Timers } from '../../api/timers.ts';

/**
 * One video tile's player: hls.js driven as ARCHITECTURE.md "Video tiles
 * (hls.js)" says, as a state machine the tile shows. hls.js itself is
 * handed in (`createHls`), so tests drive the machine with a fake and the
 * app loads the real one lazily (it is a large module the other views never
 * need).
 *
 * - Buffers are bounded (HLS_CONFIG): hls.js keeps its back buffer forever by
 *   default, and walls of 9–21 players have grown past 1.5 GB and crashed.
 * - A tile nobody can see stops loading (`stopLoad`: detaching alone keeps
 *   polling playlists); hidden for `releaseAfterHiddenMs` (30 s) it is
 *   destroyed and the video element's `src` released, so its buffers go.
 *   30 s: long enough that scrolling past or a glance at another window
 *   resumes at once, short enough that a wall left behind a minimised
 *   window gives its memory back within a minute.
 * - `recoverMediaError()` for a fatal media error only, once in
 *   MEDIA_RECOVERY_WINDOW_MS (a second one means recovering does not help);
 *   a stall is left to hls.js's own gap and nudge handling for
 *   `restartStalledAfterMs`, then the player is rebuilt (a gateway that
 *   restarted a stream can leave hls.js waiting on a playlist that never
 *   moves again). After a fatal network (or other) error — a gateway
 *   answering 503, a dropped connection, once hls.js's own retries are
 *   spent — the player is destroyed and made anew after a backoff that
 *   doubles up to `maxBackoffMs`, so a stream that dies comes back by
 *   itself once it is served again.
 * - A player still connecting after `connectTimeoutMs` counts as failed too
 *   (the same backoff): a gateway that takes a request and never answers
 *   sends no error for hls.js to report, and hls.js's own load timeouts and
 *   retries would leave the tile "connecting" for a minute or more.
 * - A camera the platform reports offline is not played at all: the tile
 *   says so until the camera's status changes, instead of retrying forever.
 */

/**
 * `idle`: nothing loads (no camera, or the tile is not visible); the rest as
 * the operator reads them: connecting, playing, stalled (was playing, waits
 * for data), offline (the platform says the camera is down), error (failed;
 * a retry is scheduled).
 */
export type TileState = 'idle' | 'connecting' | 'playing' | 'stalled' | 'offline' | 'error';

/** The part of hls.js the player uses. */
export interface HlsPlayer {
  loadSource(url: string): void;
  attachMedia(media: HTMLMediaElement): void;
  startLoad(startPosition?: number): void;
  stopLoad(): void;
  recoverMediaError(): void;
  destroy(): void;
  on(event: string, listener: (event: string, data: HlsErrorData) => void): void;
  /** Seconds behind the live edge, from hls.js's live sync (0 before it knows). */
  readonly latency: number;
}

export interface HlsErrorData {
  fatal?: boolean;
  type?: string;
  details?: string;
}

export type CreateHls = (config: typeof HLS_CONFIG) => HlsPlayer;

/** hls.js's names, typed against its own enums so an upgrade that renames one fails the build. */
export const HLS_EVENTS: { manifestParsed: `${Events.MANIFEST_PARSED}`; error: `${Events.ERROR}` } = {
  manifestParsed: 'hlsManifestParsed',
  error: 'hlsError',
};
export const HLS_ERROR_TYPES: { network: `${ErrorTypes.NETWORK_ERROR}`; media: `${ErrorTypes.MEDIA_ERROR}` } = {
  network: 'networkError',
  media: 'mediaError',
};
const BUFFER_STALLED: `${ErrorDetails.BUFFER_STALLED_ERROR}` = 'bufferStalledError';

/**
 * ARCHITECTURE.md's starting point: about a dozen seconds of video per
 * player at most. A live tile never seeks back, so what lies behind the
 * playhead is waste (`backBufferLength`: hls.js keeps it forever by
 * default), and more than a few seconds ahead only adds memory and
 * latency (`maxBufferLength`, capped by `maxMaxBufferLength` when hls.js
 * would grow it, and by bytes for a high-bitrate `main`): 25 tiles × a
 * dozen seconds stays well under a gigabyte, where defaults do not.
 */
export const HLS_CONFIG = {
  maxBufferLength: 4,
  maxMaxBufferLength: 8,
  maxBufferSize: 8e6,
  backBufferLength: 4,
  liveSyncDurationCount: 3,
} as const;

/** A second fatal media error this soon after recovering from one is not recovered again: the player is rebuilt. */
export const MEDIA_RECOVERY_WINDOW_MS = 10_000;
/** How long a hidden tile keeps its player (stopped) before it is destroyed and its buffers released. */
export const RELEASE_AFTER_HIDDEN_MS = 30_000;
/** How long a stall is left to hls.js before the player is rebuilt. */
export const RESTART_STALLED_AFTER_MS = 15_000;
/**
 * How long a player may connect (playlist, first segment, first frame)
 * before it counts as failed. Generous: sixteen tiles starting at once on a
 * busy two-core workstation take several seconds each to show a frame, and
 * a timeout that cut them off would only start them again from nothing.
 */
export const CONNECT_TIMEOUT_MS = 20_000;
/** Latency is read at most this often (timeupdate fires about 4 times a second). */
const LATENCY_EVERY_MS = 1_000;

export interface PlayerSnapshot {
  state: TileState;
  /** Seconds behind the live edge while playing; null when not known. */
  latency: number | null;
  /** When the next attempt after a failure starts (timers' clock), while `error`. */
  retryAt: number | null;
  /** Failed attempts in a row (reset once a frame plays). */
  failures: number;
}

export interface CameraPlayerOptions {
  video: HTMLMediaElement;
  createHls: CreateHls;
  timers: Timers;
  onChange: (snapshot: PlayerSnapshot) => void;
  /** First wait after a failure; doubles per failure in a row. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  releaseAfterHiddenMs?: number;
  restartStalledAfterMs?: number;
  connectTimeoutMs?: number;
  /** 0..1, spreads the retries of many tiles from one gateway; injected for tests. */
  random?: () => number;
}

/** What to play: the stream's URL (null: no camera) and whether the platform says the camera is online. */
export interface TileSource {
  url: string | null;
  online: boolean;
}

export class CameraPlayer {
  private readonly video: HTMLMediaElement;
  private readonly options: Required<Omit<CameraPlayerOptions, 'video' | 'onChange'>> & Pick<CameraPlayerOptions, 'onChange'>;
  private source: TileSource = { url: null, online: true };
  private visible = false;
  private hls: HlsPlayer | null = null;
  /** The live player is loading (not stopped for being hidden). */
  private loading = false;
  private retryTimer: unknown = null;
  private releaseTimer: unknown = null;
  private stallTimer: unknown = null;
  private connectTimer: unknown = null;
  private lastMediaRecovery = Number.NEGATIVE_INFINITY;
  private lastLatencyAt = Number.NEGATIVE_INFINITY;
  private disposed = false;
  private snapshot: PlayerSnapshot = { state: 'idle', latency: null, retryAt: null, failures: 0 };
  private readonly videoListeners: [string, () => void][];

  constructor(options: CameraPlayerOptions) {
    this.video = options.video;
    this.options = {
      firstBackoffMs: 1_000,
      maxBackoffMs: 30_000,
      releaseAfterHiddenMs: RELEASE_AFTER_HIDDEN_MS,
      restartStalledAfterMs: RESTART_STALLED_AFTER_MS,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      random: Math.random,
      ...options,
    };
    this.videoListeners = [
      ['playing', () => this.onPlaying()],
      ['waiting', () => this.onWaiting()],
      ['timeupdate', () => this.onTimeUpdate()],
    ];
    for (const [type, listener] of this.videoListeners) this.video.addEventListener(type, listener);
  }

  get state(): PlayerSnapshot {
    return this.snapshot;
  }

  /** Plays `source` (a new URL starts over; an offline camera stops and says so). */
  setSource(source: TileSource): void {
    if (this.disposed) return;
    const same = source.url === this.source.url && source.online === this.source.online;
    this.source = { ...source };
    if (same) return;
    this.teardown();
    this.cancelRetry();
    this.update({ failures: 0, retryAt: null, latency: null });
    if (source.url === null) return this.update({ state: 'idle' });
    if (!source.online) return this.update({ state: 'offline' });
    this.startIfVisible();
  }

  /** Whether anyone can see the tile (on screen, in a visible window). */
  setVisible(visible: boolean): void {
    if (this.disposed || visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.clearReleaseTimer();
      this.releaseTimer = this.options.timers.setTimeout(() => {
        this.releaseTimer = null;
        this.teardown();
      }, this.options.releaseAfterHiddenMs);
      if (this.hls && this.loading) {
        this.hls.stopLoad();
        this.loading = false;
        this.video.pause();
      }
      if (this.snapshot.state !== 'offline' && this.snapshot.state !== 'error') this.update({ state: 'idle', latency: null });
      return;
    }
    this.clearReleaseTimer();
    if (this.retryTimer !== null) return; // the retry after a failure keeps its time
    if (this.hls && !this.loading) {
      // Resumes at the live edge: hls.js re-syncs a live stream that fell out of its window.
      this.loading = true;
      this.hls.startLoad(-1);
      this.update({ state: 'connecting' });
      this.watchConnect();
      this.playVideo();
      return;
    }
    this.startIfVisible();
  }

  /** The operator's retry: now, without waiting out the backoff. */
  retry(): void {
    if (this.disposed || this.source.url === null || !this.source.online) return;
    this.cancelRetry();
    this.teardown();
    this.update({ retryAt: null });
    this.startIfVisible();
  }

  dispose(): void {
    if (this.disposed) return;
    this.teardown();
    this.cancelRetry();
    this.clearReleaseTimer();
    this.clearStallTimer();
    this.clearConnectTimer();
    for (const [type, listener] of this.videoListeners) this.video.removeEventListener(type, listener);
    this.disposed = true;
  }

  private startIfVisible(): void {
    const { url, online } = this.source;
    if (url === null || !online || this.hls) return;
    if (!this.visible) return this.update({ state: this.snapshot.state === 'error' ? 'error' : 'idle' });
    const hls = this.options.createHls(HLS_CONFIG);
    this.hls = hls;
    this.loading = true;
    hls.on(HLS_EVENTS.manifestParsed, () => {
      if (this.hls === hls) this.playVideo();
    });
    hls.on(HLS_EVENTS.error, (_event, data) => {
      if (this.hls === hls) this.onError(data);
    });
    this.update({ state: 'connecting', retryAt: null });
    this.watchConnect();
    hls.loadSource(url);
    hls.attachMedia(this.video);
  }

  private playVideo(): void {
    // Muted autoplay needs no gesture; a refusal leaves the tile connecting, and the next attempt plays.
    void Promise.resolve(this.video.play()).catch(() => {});
  }

  private onError(data: HlsErrorData): void {
    if (!data.fatal) {
      if (data.details === BUFFER_STALLED && this.snapshot.state === 'playing') this.update({ state: 'stalled' });
      return;
    }
    const now = this.options.timers.now();
    if (data.type === HLS_ERROR_TYPES.media && now - this.lastMediaRecovery >= MEDIA_RECOVERY_WINDOW_MS) {
      this.lastMediaRecovery = now;
      this.hls!.recoverMediaError();
      if (this.snapshot.state === 'playing') this.update({ state: 'stalled' });
      return;
    }
    this.failAndRetry();
  }

  private failAndRetry(): void {
    this.teardown();
    const failures = this.snapshot.failures + 1;
    const { firstBackoffMs, maxBackoffMs, random, timers } = this.options;
    const base = Math.min(maxBackoffMs, firstBackoffMs * 2 ** (failures - 1));
    const wait = Math.round(base * (0.75 + 0.5 * random()));
    this.cancelRetry();
    this.retryTimer = timers.setTimeout(() => {
      this.retryTimer = null;
      this.startIfVisible();
    }, wait);
    this.update({ state: 'error', failures, retryAt: timers.now() + wait, latency: null });
  }

  private onPlaying(): void {
    if (!this.hls) return;
    this.update({ state: 'playing', failures: 0, retryAt: null });
  }

  private onWaiting(): void {
    if (this.hls && this.snapshot.state === 'playing') this.update({ state: 'stalled' });
  }

  private onTimeUpdate(): void {
    if (!this.hls) return;
    if (this.snapshot.state === 'stalled') this.update({ state: 'playing' });
    const now = this.options.timers.now();
    if (now - this.lastLatencyAt < LATENCY_EVERY_MS) return;
    this.lastLatencyAt = now;
    const latency = this.hls.latency;
    this.update({ latency: Number.isFinite(latency) && latency > 0 ? latency : null });
  }

  /** Destroys the hls.js player and releases the element's source and buffers. */
  private teardown(): void {
    this.clearConnectTimer();
    if (!this.hls) return;
    const hls = this.hls;
    this.hls = null;
    this.loading = false;
    hls.destroy();
    this.video.removeAttribute('src');
    this.video.load();
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) this.options.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private clearReleaseTimer(): void {
    if (this.releaseTimer !== null) this.options.timers.clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
  }

  /** A stall that lasts `restartStalledAfterMs` counts as a failure: rebuilt after the backoff. */
  private watchStall(): void {
    if (this.snapshot.state !== 'stalled') return this.clearStallTimer();
    if (this.stallTimer !== null || this.disposed) return;
    this.stallTimer = this.options.timers.setTimeout(() => {
      this.stallTimer = null;
      if (this.snapshot.state === 'stalled' && this.hls) this.failAndRetry();
    }, this.options.restartStalledAfterMs);
  }

  private clearStallTimer(): void {
    if (this.stallTimer !== null) this.options.timers.clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  /** Gives this attempt `connectTimeoutMs` to show a frame; still connecting then, it failed (rebuilt after the backoff). */
  private watchConnect(): void {
    this.clearConnectTimer();
    const attempt = this.hls;
    this.connectTimer = this.options.timers.setTimeout(() => {
      this.connectTimer = null;
      if (this.hls === attempt && this.loading && this.snapshot.state === 'connecting') this.failAndRetry();
    }, this.options.connectTimeoutMs);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) this.options.timers.clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private update(patch: Partial<PlayerSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    if (
      next.state === this.snapshot.state &&
      next.latency === this.snapshot.latency &&
      next.retryAt === this.snapshot.retryAt &&
      next.failures === this.snapshot.failures
    )
      return;
    this.snapshot = next;
    if (next.state !== 'connecting') this.clearConnectTimer();
    this.watchStall();
    this.options.onChange(next);
  }
}
