import { describe, expect, it } from 'vitest';
import { ClusterScan, FIRST_STAGE, NULL_REPLICATES } from './clusters.ts';
import { seededRandom } from './detector.ts';
import { DEFAULT_WARNING_SETTINGS } from './settings.ts';
import type { IncidentRecord, WarningInputs } from './types.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-02T15:00:00+08:00');
const s = DEFAULT_WARNING_SETTINGS;

/** A family's cases spread evenly over ~6 km and 28 days (a fixed pseudo-random scatter: ~35 in any 8 h), plus `extra`. */
function family(category: string, seed: number, extra: IncidentRecord[] = []): IncidentRecord[] {
  const r = seededRandom(seed);
  const spread = Array.from({ length: 3000 }, (_, i) => ({
    id: `${category}-${i}`,
    category,
    reportedAt: NOW - r() * 28 * 24 * HOUR,
    lat: 24.45 + r() * 0.06,
    lng: 118.06 + r() * 0.06,
    district: '350203',
    street: null,
    address: null,
    callerKey: null,
    status: 'closed',
    dueAt: null,
    departments: [],
  }));
  return [...spread, ...extra];
}

/** Six thefts in the last three hours within ~100 m: far beyond chance among 3,000 over 6 km and four weeks. */
const planted = Array.from({ length: 6 }, (_, i) => ({
  ...family('criminal.theft', 1)[0]!,
  id: `planted-${i}`,
  reportedAt: NOW - (i + 1) * 30 * 60_000,
  lat: 24.48 + i * 0.0002,
  lng: 118.09,
}));

const inputs = (incidents: IncidentRecord[]): WarningInputs => ({ now: NOW, tz: 'Asia/Shanghai', incidents, calls: [], reopened: [] });

describe('the cluster nulls, drawn in two stages', () => {
  it('families nowhere near a cluster mostly keep a first-stage null; one with a cluster gets every replicate and is raised', () => {
    const scan = new ClusterScan();
    // Four families scattered by chance alone: each one's strongest cylinder is like a null replicate, so the first
    // stage's 19 beat it at least 5 times about three times in four.
    const chance = ['public_order.noise', 'traffic.collision', 'city_mgmt.vendor', 'rescue.elevator'];
    const all = [...chance.flatMap((c, i) => family(c, 20 + i)), ...family('criminal.theft', 3, planted)];
    const found = scan.findings(inputs(all), s, seededRandom(7));
    const sizes = new Map(scan.keptNulls().map((n) => [n.family, n.maxima.length]));
    expect(sizes.get('criminal.theft')).toBe(NULL_REPLICATES);
    expect(chance.every((c) => sizes.get(c) === FIRST_STAGE || sizes.get(c) === NULL_REPLICATES)).toBe(true);
    expect(chance.filter((c) => sizes.get(c) === FIRST_STAGE).length).toBeGreaterThanOrEqual(2);
    expect(found.map((f) => [f.kind, f.family])).toEqual([['cluster', 'criminal.theft']]);
    expect(found[0]!.incidents).toEqual(expect.arrayContaining(planted.map((p) => p.id)));
  });

  it('a coarse null kept from an earlier run is completed, not trusted, once the family’s strongest comes near it', () => {
    const scan = new ClusterScan();
    scan.findings(inputs(family('criminal.theft', 3)), s, seededRandom(7));
    expect(scan.keptNulls()[0]!.maxima).toHaveLength(FIRST_STAGE);
    const drawn = scan.nullsDrawn;
    // The same cases and window size, now with a cluster among them: the first stage is pooled with the rest.
    const first = scan.keptNulls()[0]!.maxima;
    const withCluster = [...family('criminal.theft', 3).slice(planted.length), ...planted];
    const found = scan.findings(inputs(withCluster), s, seededRandom(8));
    const kept = scan.keptNulls()[0]!;
    expect(kept.maxima).toHaveLength(NULL_REPLICATES);
    expect(scan.nullsDrawn).toBe(drawn + 1);
    expect(found.map((f) => f.family)).toEqual(['criminal.theft']);
    // Drawn for as many cases and a window within a fifth: the first stage's maxima are pooled into the whole null.
    expect(kept.maxima.slice(0, FIRST_STAGE)).toEqual(first);
  });
});

describe('a sparse null', () => {
  it('is drawn further when the strongest cylinder beats every replicate and the Monte Carlo floor alone decides', () => {
    // Few cases (~2 in any 8 h) and four thefts within 100 m in the last hours: most replicates hold no cylinder of 4.
    const sparse = family('criminal.theft', 3).slice(0, 250);
    const four = planted.slice(0, 4);
    // A setting the floor of 199 replicates cannot reach (1/200 with one family is a recurrence of ~33 days).
    const strict = { ...s, clusterRecurrenceDays: 100 };
    const scan = new ClusterScan();
    const found = scan.findings(inputs([...sparse, ...four]), strict, seededRandom(7));
    expect(scan.keptNulls()[0]!.maxima.length).toBeGreaterThan(NULL_REPLICATES);
    expect(found.map((f) => [f.kind, f.observed])).toEqual([['cluster', 4]]);
    expect(found[0]!.recurrenceDays).toBeGreaterThanOrEqual(100);
  });
});
