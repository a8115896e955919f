import { expo, type CityContext } from './context.ts';
import { HOURLY_WEIGHTS, rateAt } from './day-curve.ts';

/**
 * A stream of events following the day curve: a non-homogeneous Poisson
 * process by thinning — candidates at the curve's peak rate, each kept with
 * probability rate(t)/peak — so arrivals are exact for any rate and replay
 * from the seed.
 */
export function startArrivals(ctx: CityContext, perDay: number, onArrival: () => void): void {
  const daily = perDay * ctx.rate;
  if (daily <= 0) return;
  const peak = (daily * Math.max(...HOURLY_WEIGHTS)) / HOURLY_WEIGHTS.reduce((a, b) => a + b, 0) / 3_600_000;
  const next = () => {
    ctx.sched.after(expo(ctx.random, 1 / peak), () => {
      if (ctx.random() * peak < rateAt(ctx.sched.now, ctx.tz, daily)) onArrival();
      next();
    });
  };
  next();
}
