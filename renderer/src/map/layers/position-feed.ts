import { MalformedPositions, PositionBook, type PackedPositions } from './position-book.ts';

/** One callback before the next repaint; a test passes a manual one. */
export interface FrameScheduler {
  request(cb: () => void): unknown;
  cancel(handle: unknown): void;
}

export const browserFrames: FrameScheduler = {
  request: (cb) => globalThis.requestAnimationFrame(() => cb()),
  cancel: (handle) => globalThis.cancelAnimationFrame(handle as number),
};

/** What one frame changed: some slots, or everything (a whole book was fetched). */
export type PositionsApplied = { slots: readonly number[] } | { all: true };

/**
 * Keeps a PositionBook current from the host's pushes at no more than the
 * frame rate: pushes queue as they come (the host already coalesces to ~10 a
 * second per window, but a busy tab may fall behind), and one animation
 * frame applies every queued push in order and tells the layer once. A push
 * the book cannot apply (another book, a slot with no id) fetches the whole
 * book; while that fetch is on its way pushes wait, and are applied after it
 * (the book skips positions older than the ones it holds).
 */
export class PositionFeed {
  readonly book = new PositionBook();
  private queue: PackedPositions[] = [];
  private frame: unknown = null;
  private fetching = false;
  private fetchAgain = false;
  private disposed = false;

  constructor(
    private readonly options: {
      fetchWhole: () => Promise<PackedPositions>;
      frames: FrameScheduler;
      applied: (change: PositionsApplied) => void;
      /** A fetch failed or a push was malformed: said once per occurrence, the feed carries on. */
      failed?: (error: unknown) => void;
    },
  ) {}

  /** A `positions.packed` push. */
  push(packed: PackedPositions): void {
    if (this.disposed) return;
    this.queue.push(packed);
    this.schedule();
  }

  /** Fetches the whole book (first load, reconnect, an unknown book); one at a time, one more if asked meanwhile. */
  refetch(): void {
    if (this.disposed) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    this.fetchAgain = false;
    this.options
      .fetchWhole()
      .then((whole) => {
        if (this.disposed) return;
        try {
          this.book.replace(whole);
          this.options.applied({ all: true });
        } catch (error) {
          this.options.failed?.(error);
        }
      })
      .catch((error: unknown) => {
        if (!this.disposed) this.options.failed?.(error);
      })
      .finally(() => {
        this.fetching = false;
        if (this.disposed) return;
        if (this.fetchAgain) this.refetch();
        else this.schedule();
      });
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    if (this.frame !== null) this.options.frames.cancel(this.frame);
    this.frame = null;
  }

  private schedule(): void {
    if (this.frame !== null || this.fetching || this.queue.length === 0) return;
    this.frame = this.options.frames.request(() => {
      this.frame = null;
      this.applyQueued();
    });
  }

  private applyQueued(): void {
    if (this.disposed || this.fetching) return;
    const queued = this.queue;
    this.queue = [];
    const changed = new Set<number>();
    let stale = false;
    for (const push of queued) {
      let result: ReturnType<PositionBook['apply']>;
      try {
        result = this.book.apply(push);
      } catch (error) {
        if (!(error instanceof MalformedPositions)) throw error;
        this.options.failed?.(error);
        continue;
      }
      if ('unapplied' in result) {
        stale = true;
        continue;
      }
      for (const slot of result.changed) changed.add(slot);
    }
    if (changed.size > 0) this.options.applied({ slots: [...changed] });
    if (stale) this.refetch();
  }
}
