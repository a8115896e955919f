/** A mistake in how the command was called: exit code 2, not 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses a TCP port option: 0 (pick a free one) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be 0–65535, got "${value}"`);
  return port;
}

/** A load multiplier: a positive number. */
export function parseRate(value: string): number {
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate <= 0)
    throw new UsageError(`the rate must be a positive number, got "${value}"`);
  return rate;
}
