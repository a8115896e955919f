/**
 * The few tail probabilities the method needs, written out (about 60 lines)
 * rather than pulled in: @stdlib's Poisson and negative-binomial CDFs come as
 * separate packages with dozens of transitive @stdlib modules each, for two
 * sums. Checked against published values in distributions.test.ts.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * P(X ≥ x) for a count whose probabilities are pmf(0), pmf(k+1) = pmf(k)·ratio(k).
 * Below the mean it is 1 − the lower sum (not small, no precision lost);
 * above it the tail is summed upward, so tiny probabilities keep their digits.
 */
function upperTail(x: number, mean: number, logPmf: (k: number) => number, ratio: (k: number) => number): number {
  if (x <= 0) return 1;
  if (x <= mean) {
    let term = Math.exp(logPmf(0));
    let lower = 0;
    for (let k = 0; k < x; k++) {
      lower += term;
      term *= ratio(k);
    }
    return Math.min(1, Math.max(0, 1 - lower));
  }
  let term = Math.exp(logPmf(x));
  let sum = 0;
  for (let k = x; k < x + 1_000_000; k++) {
    sum += term;
    term *= ratio(k);
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, sum);
}

/** P(X ≥ x) for X ~ Poisson(lambda). */
export function poissonUpperTail(x: number, lambda: number): number {
  if (x <= 0) return 1;
  if (lambda <= 0) return 0;
  return upperTail(
    Math.ceil(x),
    lambda,
    (k) => -lambda + k * Math.log(lambda) - logGamma(k + 1),
    (k) => lambda / (k + 1),
  );
}

/**
 * P(X ≥ x) for a negative binomial with this mean and variance (variance >
 * mean: overdispersed; at or below it the Poisson is the limit).
 */
export function negBinomialUpperTail(x: number, mean: number, variance: number): number {
  if (x <= 0) return 1;
  if (mean <= 0) return 0;
  if (variance <= mean * (1 + 1e-9)) return poissonUpperTail(x, mean);
  const r = (mean * mean) / (variance - mean);
  const q = mean / variance; // success probability p = r/(r+mean) = mean/variance
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  return upperTail(
    Math.ceil(x),
    mean,
    (k) => logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * logQ + k * log1mQ,
    (k) => ((k + r) / (k + 1)) * (1 - q),
  );
}

const EULER_GAMMA = 0.5772156649015329;

/**
 * A Gumbel (extreme value) distribution fitted by moments to a sample of
 * maxima (Abrams et al. 2010), with an atom at 0: a scan that needs a
 * minimum count in a cylinder finds none in many replicates (half of them
 * for thefts in the demo), and a Gumbel fitted through those zeros puts its
 * tail in the wrong place. So the share of positive maxima is kept apart and
 * the Gumbel is fitted to the positive ones: P(M ≥ x) = share · G(x) for x > 0.
 */
export interface Gumbel {
  location: number;
  scale: number;
  /** The share of maxima above 0. */
  positive: number;
}

export function fitGumbel(all: ArrayLike<number>): Gumbel {
  const sample = Array.from(all).filter((x) => x > 0);
  const n = sample.length;
  if (n === 0) return { location: 0, scale: 1e-9, positive: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sample[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sample[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / Math.max(1, n - 1));
  // A degenerate sample (every replicate the same) still gives a usable, very narrow fit.
  const scale = Math.max(1e-9, (sd * Math.sqrt(6)) / Math.PI);
  return { location: mean - EULER_GAMMA * scale, scale, positive: n / all.length };
}

/**
 * P(M ≥ x) under the fit: share · (1 − exp(−exp(−z))), kept precise when
 * tiny. With no positive maximum in the replicates, a positive x is at most
 * as likely as one replicate in as many again (1 / (2·replicates) is not
 * known here; callers floor p themselves when they must).
 */
export function gumbelUpperTail(g: Gumbel, x: number): number {
  if (x <= 0) return 1;
  const z = (x - g.location) / g.scale;
  return g.positive * -Math.expm1(-Math.exp(-z));
}
