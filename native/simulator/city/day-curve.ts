import { offsetMs } from '../../common/day.ts';

/**
 * A city's day: how busy each hour is, in the platform's time zone. Quiet in
 * the small hours, a morning peak around 9–10, a lunch dip, an evening peak
 * around 18–19 (commute, dinner, disputes), tailing off towards midnight —
 * the shape 110 centres publish. Values are relative; `rateAt` scales them so
 * a day sums to the daily total.
 */
export const HOURLY_WEIGHTS: readonly number[] = [
  2.4, 1.7, 1.3, 1.0, 0.9, 1.1, 1.9, 3.3, 5.2, 6.3, 6.1, 5.4, 4.4, 4.1, 4.6, 4.9, 5.2, 5.9, 6.6, 6.4, 5.7, 4.9, 4.0, 3.1,
];
const SUM = HOURLY_WEIGHTS.reduce((a, b) => a + b, 0);

/** The local hour (fractional) of `ms` in `tz`. */
export function localHour(ms: number, tz: string): number {
  const local = ms + offsetMs(ms, tz);
  return (((local / 3_600_000) % 24) + 24) % 24;
}

/** Start of the local day containing `ms`, as epoch ms. */
export function localMidnight(ms: number, tz: string): number {
  const offset = offsetMs(ms, tz);
  return Math.floor((ms + offset) / 86_400_000) * 86_400_000 - offset;
}

/** Relative busyness at a fractional hour: linear between hour midpoints, so there are no steps on the hour. */
export function weightAt(hour: number): number {
  const x = hour - 0.5;
  const i = Math.floor(x);
  const f = x - i;
  const a = HOURLY_WEIGHTS[(i + 24) % 24]!;
  const b = HOURLY_WEIGHTS[(i + 25) % 24]!;
  return a + (b - a) * f;
}

/** Expected events per millisecond at `ms` for `perDay` a day. */
export function rateAt(ms: number, tz: string, perDay: number): number {
  return (perDay * weightAt(localHour(ms, tz))) / SUM / 3_600_000;
}
