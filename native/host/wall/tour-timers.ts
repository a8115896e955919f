import type { Timers } from '../../common/timers.ts';

/** One timer per operator's wall, for its tour's next step; setting one replaces the last. */
export class TourTimers {
  private readonly handles = new Map<string, unknown>();
  private disposed = false;

  constructor(
    private readonly timers: Timers,
    private readonly due: (operator: string) => void,
  ) {}

  schedule(operator: string, atMs: number): void {
    this.clear(operator);
    if (this.disposed) return;
    const handle = this.timers.setTimeout(
      () => {
        this.handles.delete(operator);
        if (!this.disposed) this.due(operator);
      },
      Math.max(0, atMs - this.timers.now()),
    );
    this.handles.set(operator, handle);
  }

  clear(operator: string): void {
    const handle = this.handles.get(operator);
    if (handle !== undefined) this.timers.clearTimeout(handle);
    this.handles.delete(operator);
  }

  clearAll(): void {
    for (const handle of this.handles.values()) this.timers.clearTimeout(handle);
    this.handles.clear();
  }

  dispose(): void {
    this.disposed = true;
    for (const handle of this.handles.values()) this.timers.clearTimeout(handle);
    this.handles.clear();
  }
}
