import { topics, type PackedPositions, type TopicName } from '../api/index.ts';
import { realTimers, type Timers } from '../common/timers.ts';
import { mergePacked } from './map/packed-positions.ts';

/**
 * How a pending payload and a newer one become one, per coalescing rule
 * (contract.ts). A batch's pending array is the buffer's own copy, so it
 * grows in place.
 */
const COALESCE: { [mode in (typeof topics)[TopicName]['coalesce']]: (pending: unknown, next: unknown) => unknown } = {
  latest: (_pending, next) => next,
  batch: (pending, next) => {
    (pending as unknown[]).push(...(next as unknown[]));
    return pending;
  },
  slots: (pending, next) => mergePacked(pending as PackedPositions, next as PackedPositions),
};

/**
 * Coalesces topic pushes for one window so that it gets at most one flush per
 * `intervalMs` (rule 5: ~10 pushes a second). `latest` topics keep only the
 * newest payload; `batch` topics concatenate their item arrays; `slots`
 * topics (live positions) keep the latest of each slot. An `urgent`
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
    const mode = topics[topic].coalesce;
    if (this.pending.has(topic)) this.pending.set(topic, COALESCE[mode](this.pending.get(topic), payload));
    else this.pending.set(topic, mode === 'batch' ? [...(payload as unknown[])] : payload);
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
