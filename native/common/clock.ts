import { realTimers, type Timers } from './timers.ts';

/**
 * "Now" for the console and the demo platform. In use it is the system clock.
 * Tests start both at a chosen time of the city's day — just after midnight,
 * at the morning peak, a few minutes before the day rolls over — with
 * EGRET_CLOCK_START: the clock then reads that instant plus the real time
 * elapsed since the process first asked, so it keeps running at real speed
 * and timers fire as usual. Test use only: the platform's times and the
 * console's "today" and "overdue" follow it, but the browser that shows the
 * console keeps its own clock (Playwright tests set it with `page.clock`).
 */
export const CLOCK_START_ENV = 'EGRET_CLOCK_START';

/** An EGRET_CLOCK_START value that is not a date-time with its zone. */
export class ClockStartError extends Error {
  constructor(value: string) {
    super(
      `${CLOCK_START_ENV} must be an ISO 8601 date-time with its offset, e.g. 2026-11-28T23:55:00+08:00 (for tests only), got ${JSON.stringify(value)}`,
    );
    this.name = 'ClockStartError';
  }
}

// A date, a time to the minute at least, and Z or an offset: a bare local time would depend on the machine's zone.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant an EGRET_CLOCK_START value names (epoch ms); throws ClockStartError otherwise. */
export function parseClockStart(value: string): number {
  const ms = ISO_WITH_ZONE.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (!Number.isFinite(ms)) throw new ClockStartError(value);
  return ms;
}

/** `base`'s timers, with `now()` reading `startMs` at the moment of this call and running on from there. */
export function clockStartingAt(startMs: number, base: Timers = realTimers): Timers {
  const shift = startMs - base.now();
  return {
    now: () => base.now() + shift,
    setTimeout: (fn, ms) => base.setTimeout(fn, ms),
    clearTimeout: (handle) => base.clearTimeout(handle),
  };
}

/** The clock an environment asks for: `base` itself, or one started at EGRET_CLOCK_START. */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>>, base: Timers = realTimers): Timers {
  const value = env[CLOCK_START_ENV];
  if (value === undefined || value === '') return base;
  return clockStartingAt(parseClockStart(value), base);
}

let processClock: Timers | null = null;

/**
 * The process's one clock (real time unless EGRET_CLOCK_START is set), made
 * on first use: the demo platform and the console it starts share it, so
 * they agree to the millisecond. Throws ClockStartError on a bad value.
 */
export function egretClock(): Timers {
  processClock ??= clockFromEnv(process.env);
  return processClock;
}
