import { topics, type TopicName } from '../api/index.ts';
import { realTimers, type Timers } from '../common/timers.ts';

/**
 * Coalesces topic pushes for one window so that it gets at most one flush per
 * `intervalMs` (rule 5: ~10 pushes a second). `latest` topics keep only the
 * newest payload; `batch` topics concatenate their item arrays. An `urgent`
 * topic (the new-P1 alarm) goes out at once: an alarm held for the next
 * flush would cost an operator up to 100 ms, and such pushes are rare.
 */
export class TopicBuffer {
  private pending = new Map<TopicName, unknown>();
  private timer: unknown = null;
  private lastFlush = -Infinity;

  constructor(
    private readonly deliver: (topic: TopicName, payload: unknown) => void,
    private readonly timers: Timers = realTimers,
    private readonly intervalMs = 100,
  ) {}

  push(topic: TopicName, payload: unknown): void {
    if ((topics[topic] as { urgent?: true }).urgent) return this.deliver(topic, payload);
    if (topics[topic].coalesce === 'batch' && this.pending.has(topic)) {
      (this.pending.get(topic) as unknown[]).push(...(payload as unknown[]));
    } else {
      this.pending.set(topic, topics[topic].coalesce === 'batch' ? [...(payload as unknown[])] : payload);
    }
    this.schedule();
  }

  /** Drops whatever is pending for a topic (after unsubscribe). */
  drop(topic: TopicName): void {
    this.pending.delete(topic);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    this.lastFlush = this.timers.now();
    const batch = this.pending;
    this.pending = new Map();
    for (const [topic, payload] of batch) this.deliver(topic, payload);
  }
}
