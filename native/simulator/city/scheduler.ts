/**
 * The simulation's agenda: a min-heap of things due at a simulated time.
 * Ties run in the order they were scheduled, so a seed replays exactly, and
 * each task sees `now` = its own due time — timestamps don't depend on how
 * coarsely the real clock ticks.
 */
interface Task {
  at: number;
  order: number;
  run: () => void;
}

export class Scheduler {
  private heap: Task[] = [];
  private order = 0;
  /** The simulated time: the due time of the task running, or where `runUntil` stopped. */
  now: number;

  constructor(start: number) {
    this.now = start;
  }

  get size(): number {
    return this.heap.length;
  }

  at(at: number, run: () => void): void {
    this.push({ at: Math.max(at, this.now), order: this.order++, run });
  }

  after(ms: number, run: () => void): void {
    this.at(this.now + ms, run);
  }

  /**
   * Runs every task due at or before `until`, including ones they schedule.
   * With `stop`, it is asked every few tasks whether to stop early (a slice
   * of the event loop used up); returns whether `until` was reached.
   */
  runUntil(until: number, stop?: () => boolean): boolean {
    let n = 0;
    while (this.heap.length && this.heap[0]!.at <= until) {
      if (stop && ++n % 64 === 0 && stop()) return false;
      const task = this.pop();
      this.now = task.at;
      task.run();
    }
    this.now = Math.max(this.now, until);
    return true;
  }

  /**
   * Takes over every task of `other` (in their order), which is left empty:
   * a part of the city simulated on its own agenda joins this one, so ties
   * and order no longer depend on which agenda a clock tick runs first.
   */
  adopt(other: Scheduler): void {
    while (other.heap.length) {
      const task = other.pop();
      this.push({ at: Math.max(task.at, this.now), order: this.order++, run: task.run });
    }
  }

  private less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Task {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
