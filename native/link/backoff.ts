/**
 * Reconnect delays (spec §6): exponential with full jitter — a random delay
 * between 0 and min(cap, base·2^attempt) — so that a hundred consoles that
 * lost the platform together do not come back in one wave.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly random: () => number = Math.random,
    private readonly baseMs = 500,
    private readonly capMs = 30_000,
  ) {}

  /** The delay before the next try; each call doubles the ceiling. */
  next(): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.floor(this.random() * ceiling);
  }

  /** After a `welcome`: the next failure starts from the first step again. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
