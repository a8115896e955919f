/**
 * Test doubles for the canvas layers: frames that run when the test says, and
 * a 2D context that records the calls made on it (happy-dom draws nothing).
 */
import type { FrameScheduler } from './frame-scheduler.ts';

export class ManualFrames implements FrameScheduler {
  private readonly callbacks = new Map<number, (time: number) => void>();
  private next = 1;
  requested = 0;

  request(callback: (time: number) => void): number {
    const handle = this.next++;
    this.callbacks.set(handle, callback);
    this.requested++;
    return handle;
  }

  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }

  get pending(): number {
    return this.callbacks.size;
  }

  /** Runs the frame: every callback requested before it (ones requested during it wait for the next). */
  run(time: number): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback(time);
  }
}

export interface RecordedCall {
  name: string;
  args: unknown[];
}

/** A CanvasRenderingContext2D that records method calls (and accepts any property). */
export function recordingContext(): { context: CanvasRenderingContext2D; calls: RecordedCall[]; count(name: string): number; reset(): void } {
  const calls: RecordedCall[] = [];
  const props: Record<string | symbol, unknown> = {};
  const context = new Proxy(props, {
    get: (target, prop) => (prop in target ? target[prop] : (...args: unknown[]) => void calls.push({ name: String(prop), args })),
    set: (target, prop, value) => {
      target[prop] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return {
    context,
    calls,
    count: (name) => calls.filter((c) => c.name === name).length,
    reset: () => void calls.splice(0),
  };
}
