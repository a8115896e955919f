import { expo, type CityContext } from './context.ts';
import { HOURLY_WEIGHTS, rateAt } from './day-curve.ts';

/**
 * A stream of events following the day curve: a non-homogeneous Poisson
 * process by thinning — candidates at the curve's peak rate, each kept with
 * probability rate(t)/peak — so arrivals are exact for any rate and replay
 * from the seed. A stream with `until` ends there (an earlier hour of the day).
 */
export function startArrivals(ctx: CityContext, perDay: number, onArrival: () => void, until = Infinity): void {
  const daily = perDay * ctx.rate;
  if (daily <= 0) return;
  const peak = peakPerMs(daily);
  const next = () => {
    const gap = expo(ctx.random, 1 / peak);
    if (ctx.sched.now + gap >= until) return;
    ctx.sched.after(gap, () => {
      if (ctx.random() * peak < rateAt(ctx.sched.now, ctx.tz, daily)) onArrival();
      next();
    });
  };
  next();
}

/** The curve's peak rate, per ms, for `daily` events a day: the rate candidates are drawn at. */
function peakPerMs(daily: number): number {
  return (daily * Math.max(...HOURLY_WEIGHTS)) / HOURLY_WEIGHTS.reduce((a, b) => a + b, 0) / 3_600_000;
}

/** The same stream, all at once: the arrival times between `from` and `to` (history written in one go). */
export function arrivalsBetween(random: () => number, tz: string, daily: number, from: number, to: number): number[] {
  if (daily <= 0) return [];
  const peak = peakPerMs(daily);
  const times: number[] = [];
  for (let t = from + expo(random, 1 / peak); t < to; t += expo(random, 1 / peak)) {
    if (random() * peak < rateAt(t, tz, daily)) times.push(t);
  }
  return times;
}
