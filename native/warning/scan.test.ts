import { describe, expect, it } from 'vitest';
import { ClusterScan, scanPValue } from './clusters.ts';
import { fitGumbel } from './distributions.ts';
import { seededRandom } from './detector.ts';
import { familyCases, logLikelihoodRatio, neighboursOf, nullMaxima, scanMax, windowsOf, type Cylinder } from './scan.ts';
import { DEFAULT_WARNING_SETTINGS } from './settings.ts';
import type { IncidentRecord, WarningInputs } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-02T15:00:00+08:00');

function point(lat: number, lng: number, t: number) {
  return { lat, lng, t };
}

/** Four recent cases within ~80 m, and sixteen old ones kilometres away. */
function handMade(extra: { lat: number; lng: number; t: number }[] = []) {
  const recent = [point(24.5, 118.1, NOW - HOUR), point(24.5005, 118.1, NOW - 2 * HOUR), point(24.5, 118.1005, NOW - 3 * HOUR), point(24.5005, 118.1005, NOW - 4 * HOUR)];
  const old = Array.from({ length: 16 }, (_, i) => point(24.6 + i * 0.02, 118.1, NOW - 10 * DAY - i * HOUR));
  return [...recent, ...old, ...extra];
}

function strongest(points: { lat: number; lng: number; t: number }[], maxHours = 6): Cylinder {
  const fc = familyCases(points, 1_000);
  const { order, windowClosed } = windowsOf(fc.t, NOW - maxHours * HOUR, NOW);
  let best: Cylinder | null = null;
  scanMax((i) => neighboursOf(fc, i), points.length, order, windowClosed, new Int32Array(points.length).fill(-1), 4, new Int32Array(order.length), (c) => {
    if (!best || c.llr > best.llr) best = c;
  });
  return best!;
}

describe('the space-time permutation scan', () => {
  it('scores a 4-case cylinder as computed by hand: μ = n_zone·n_window/N, Poisson GLR', () => {
    const c = strongest(handMade());
    expect(c).toMatchObject({ cases: 4, zoneCases: 4, windowCases: 4 });
    expect(c.expected).toBeCloseTo((4 * 4) / 20, 12); // 0.8
    expect(c.llr).toBeCloseTo(4 * Math.log(4 / 0.8) + 16 * Math.log(16 / (20 - 0.8)), 12); // 3.5206…
    expect(c.radiusM).toBeGreaterThan(50);
    expect(c.radiusM).toBeLessThan(80);
  });

  it('counts an old case inside the circle in the zone, and a recent one far away in the window', () => {
    const c = strongest(handMade([point(24.5002, 118.1002, NOW - 20 * DAY), point(24.9, 118.5, NOW - HOUR / 2)]));
    // N = 22; the zone holds 5 cases (one old), the window the 5 newest (one far away).
    expect(c).toMatchObject({ cases: 4, zoneCases: 5, windowCases: 5 });
    expect(c.expected).toBeCloseTo((5 * 5) / 22, 12);
    expect(c.llr).toBeCloseTo(logLikelihoodRatio(4, 25 / 22, 22), 12);
    expect(logLikelihoodRatio(4, 25 / 22, 22)).toBeCloseTo(4 * Math.log(4 / (25 / 22)) + 18 * Math.log(18 / (22 - 25 / 22)), 12);
  });

  it('finds nothing when no cylinder holds the minimum count, and scores c ≤ μ as 0', () => {
    const spread = Array.from({ length: 20 }, (_, i) => point(24.4 + i * 0.02, 118.1, NOW - (i % 5) * HOUR));
    const fc = familyCases(spread, 1_000);
    const { order, windowClosed } = windowsOf(fc.t, NOW - 6 * HOUR, NOW);
    expect(scanMax((i) => neighboursOf(fc, i), 20, order, windowClosed, new Int32Array(20).fill(-1), 4, new Int32Array(order.length))).toBe(0);
    expect(logLikelihoodRatio(2, 2, 10)).toBe(0);
  });

  it('gives the planted cylinder a small p-value and random times a large one', () => {
    const random = seededRandom(7);
    // A city of 300 cases over 28 days on a 15×20 grid 300 m apart, times at random.
    const background = Array.from({ length: 300 }, (_, i) => point(24.45 + (i % 15) * 0.0027, 118.05 + Math.floor(i / 15) * 0.003, NOW - random() * 28 * DAY));
    const planted = [0, 1, 2, 3, 4].map((k) => point(24.4772 + k * 0.0003, 118.0842, NOW - k * HOUR));
    const pOf = (points: typeof background) => {
      const fc = familyCases(points, 1_000);
      const { order, windowClosed } = windowsOf(fc.t, NOW - 8 * HOUR, NOW);
      const nb = (i: number) => neighboursOf(fc, i);
      const observed = scanMax(nb, points.length, order, windowClosed, new Int32Array(points.length).fill(-1), 4, new Int32Array(order.length));
      const maxima = nullMaxima(nb, points.length, windowClosed, 4, 199, random);
      return observed === 0 ? 1 : scanPValue({ maxima, gumbel: fitGumbel(maxima) }, observed);
    };
    expect(pOf([...background, ...planted])).toBeLessThan(0.001);
    // Under the null the p-values spread over (0, 1]: of 20 arrangements of random times, few fall under 0.1 and many over 0.3.
    const ps = Array.from({ length: 20 }, () => pOf(background.map((p) => point(p.lat, p.lng, NOW - random() * 28 * DAY))));
    expect(ps.filter((p) => p < 0.1).length).toBeLessThanOrEqual(5);
    expect(ps.filter((p) => p > 0.3).length).toBeGreaterThanOrEqual(10);
  });
});

describe('clusters as warnings', () => {
  const record = (id: string, lat: number, lng: number, reportedAt: number, category = 'criminal.theft.bicycle'): IncidentRecord => ({
    id,
    category,
    reportedAt,
    lat,
    lng,
    district: '350203',
    street: '中华街道',
    address: null,
    callerKey: null,
    status: 'closed',
    dueAt: null,
    departments: [],
  });
  const random = seededRandom(3);
  const background = Array.from({ length: 600 }, (_, i) =>
    record(`bg-${i}`, 24.45 + (i % 30) * 0.0027, 118.05 + Math.floor(i / 30) * 0.003, NOW - random() * 28 * DAY),
  );
  const cluster = [0, 1, 2, 3, 4].map((k) => record(`c-${k}`, 24.4772 + k * 0.0003, 118.0842 + k * 0.0002, NOW - k * HOUR - 1_000));
  const inputs = (incidents: IncidentRecord[]): WarningInputs => ({ now: NOW, tz: 'Asia/Shanghai', incidents, calls: [], reopened: [] });

  it('raises the cluster with its family, circle, outline and incidents newest first', () => {
    const found = new ClusterScan().findings(inputs([...background, ...cluster]), DEFAULT_WARNING_SETTINGS, seededRandom(1));
    expect(found).toHaveLength(1);
    const w = found[0]!;
    expect(w).toMatchObject({ kind: 'cluster', family: 'criminal.theft', district: '350203', baseline: 'zone_history_28d' });
    expect(w.incidents.slice(0, 5)).toEqual(['c-0', 'c-1', 'c-2', 'c-3', 'c-4']);
    expect(w.observed).toBeGreaterThanOrEqual(5);
    expect(w.since).toBeLessThanOrEqual(NOW - 4 * HOUR);
    expect(w.lastAt).toBe(NOW - 1_000);
    expect(w.recurrenceDays).toBeGreaterThanOrEqual(DEFAULT_WARNING_SETTINGS.clusterRecurrenceDays);
    expect(w.area!.radiusM).toBeLessThanOrEqual(DEFAULT_WARNING_SETTINGS.clusterMaxRadiusM);
    expect(w.outline.length).toBeGreaterThanOrEqual(2);
  });

  it('raises nothing over the same city with its times at random', () => {
    expect(new ClusterScan().findings(inputs(background), DEFAULT_WARNING_SETTINGS, seededRandom(1))).toEqual([]);
  });
});
