/**
 * Redraw at most once per animation frame, and only when something changed.
 *
 * Every change (data, a moved point, a pan) calls `markDirty()`; the first one
 * in a frame asks for an animation frame, the rest are free. Nothing runs
 * between changes: no requestAnimationFrame loop while the map is still
 * (pulse halos are faded by the browser, not redrawn frame by frame).
 */

export interface FrameScheduler {
  request(callback: (time: number) => void): number;
  cancel(handle: number): void;
}

export const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class RedrawLoop {
  private pending: number | null = null;
  private stopped = false;

  constructor(
    private readonly draw: (time: number) => void,
    private readonly frames: FrameScheduler = animationFrames,
  ) {}

  get scheduled(): boolean {
    return this.pending !== null;
  }

  markDirty(): void {
    if (this.pending !== null || this.stopped) return;
    this.pending = this.frames.request((time) => {
      this.pending = null;
      this.draw(time);
    });
  }

  /** Draws now if a frame was pending (e.g. before a synchronous hit-test). */
  flush(time: number): void {
    if (this.pending === null) return;
    this.frames.cancel(this.pending);
    this.pending = null;
    this.draw(time);
  }

  stop(): void {
    this.stopped = true;
    if (this.pending !== null) this.frames.cancel(this.pending);
    this.pending = null;
  }

  start(): void {
    this.stopped = false;
  }
}
