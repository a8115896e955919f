import type { Timers } from '../api/timers.ts';

/** A clock that moves only when a test says so. */
export class ManualTimers implements Timers {
  private time = 0;
  private nextHandle = 1;
  private readonly tasks = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.tasks.set(handle, { at: this.time + ms, fn });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }

  get pendingCount(): number {
    return this.tasks.size;
  }

  /** Runs every task due within `ms`, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | null = null;
      for (const entry of this.tasks) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.tasks.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}
