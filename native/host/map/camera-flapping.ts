import type { CameraMapStatus } from '../../api/index.ts';

/** Issue 11: offline and back more than twice in the last 10 minutes. */
export const FLAP_WINDOW_MS = 10 * 60_000;
export const FLAPS_ALLOWED = 2;

/**
 * Which cameras flap: the host tells it each camera status the link applied
 * (`observe`), and it remembers, per camera, when it came back online after
 * being offline. A camera that came back more than FLAPS_ALLOWED times in
 * the window is `flapping` whatever its status now: an operator picking a
 * camera for an incident wants to know that this one will not stay.
 *
 * The first status seen for a camera is its baseline, not a change: a
 * console that starts (or takes a snapshot) has not seen it flap.
 */
export class CameraFlapping {
  private readonly last = new Map<string, 'online' | 'offline'>();
  private readonly returns = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly windowMs = FLAP_WINDOW_MS,
    private readonly allowed = FLAPS_ALLOWED,
  ) {}

  /** A camera's status as just applied (unchanged statuses count for nothing). */
  observe(id: string, status: 'online' | 'offline'): void {
    const before = this.last.get(id);
    this.last.set(id, status);
    if (before !== 'offline' || status !== 'online') return;
    const times = this.recent(id);
    times.push(this.now());
    this.returns.set(id, times);
  }

  /** A camera that is gone from the cache. */
  forget(id: string): void {
    this.last.delete(id);
    this.returns.delete(id);
  }

  isFlapping(id: string): boolean {
    const times = this.recent(id);
    if (times.length === 0) this.returns.delete(id);
    else this.returns.set(id, times);
    return times.length > this.allowed;
  }

  /** What the map shows for a camera whose cached status is `status`. */
  statusOf(id: string, status: 'online' | 'offline'): CameraMapStatus {
    return this.isFlapping(id) ? 'flapping' : status;
  }

  /** The cameras flapping now (for tests and a quick look). */
  flapping(): string[] {
    return [...this.returns.keys()].filter((id) => this.isFlapping(id)).sort();
  }

  private recent(id: string): number[] {
    const horizon = this.now() - this.windowMs;
    return (this.returns.get(id) ?? []).filter((t) => t > horizon);
  }
}
