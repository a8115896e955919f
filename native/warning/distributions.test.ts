import { describe, expect, it } from 'vitest';
import { fitGumbel, gumbelUpperTail, logGamma, negBinomialUpperTail, poissonUpperTail } from './distributions.ts';

describe('tail probabilities', () => {
  it('ln Γ matches known values', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(100.5)).toBeCloseTo(361.4355404677776, 9);
  });

  it('Poisson upper tails match published values, tiny ones to their digits', () => {
    // P(X ≥ 3 | λ=1) = 1 − e⁻¹(1 + 1 + ½)
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 14);
    expect(poissonUpperTail(10, 2)).toBeCloseTo(4.6498075017109564e-5, 14); // R: 1 - ppois(9, 2)
    expect(poissonUpperTail(30, 10) / 2.509951201527921e-7).toBeCloseTo(1, 9); // R: ppois(29, 10, lower = FALSE)
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
  });

  it('negative-binomial upper tails match closed forms', () => {
    // mean 2, variance 4: r = 2, p = ½ — 1 − ¼·Σ_{k<5}(k+1)/2^k = 0.109375 exactly.
    expect(negBinomialUpperTail(5, 2, 4)).toBeCloseTo(0.109375, 12);
    // mean 2, variance 6: r = 1, a geometric with P(X ≥ k) = (2/3)^k.
    expect(negBinomialUpperTail(4, 2, 6)).toBeCloseTo((2 / 3) ** 4, 12);
    expect(negBinomialUpperTail(40, 2, 6) / (2 / 3) ** 40).toBeCloseTo(1, 9);
    expect(negBinomialUpperTail(20, 8, 12)).toBeCloseTo(0.003218699439001549, 12);
    // No overdispersion: the Poisson.
    expect(negBinomialUpperTail(10, 2, 2)).toBe(poissonUpperTail(10, 2));
  });

  it('a Gumbel fitted to maxima keeps the share of zero maxima apart', () => {
    const g = fitGumbel([0, 0, 1, 2, 3, 4]);
    expect(g.positive).toBeCloseTo(4 / 6, 12);
    // Moments of 1..4: mean 2.5, sd √(5/3); scale = sd·√6/π.
    expect(g.scale).toBeCloseTo((Math.sqrt(5 / 3) * Math.sqrt(6)) / Math.PI, 12);
    expect(g.location).toBeCloseTo(2.5 - 0.5772156649015329 * g.scale, 12);
    expect(gumbelUpperTail(g, 0)).toBe(1);
    expect(gumbelUpperTail(g, g.location)).toBeCloseTo((4 / 6) * (1 - Math.exp(-1)), 12);
    expect(gumbelUpperTail(g, 40)).toBeGreaterThan(0);
    expect(gumbelUpperTail(g, 40)).toBeLessThan(1e-9);
  });
});
