import { describe, expect, it } from 'vitest';
import { PointClusters } from './point-clusters.ts';

function points(n: number, style: (i: number) => number) {
  const lat = new Float64Array(n);
  const lng = new Float64Array(n);
  const st = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Two far-apart groups: i even in Siming, i odd in Tong'an.
    lat[i] = i % 2 === 0 ? 24.45 + (i % 17) * 1e-4 : 24.72 + (i % 13) * 1e-4;
    lng[i] = i % 2 === 0 ? 118.08 + (i % 11) * 1e-4 : 118.15 + (i % 7) * 1e-4;
    st[i] = style(i);
  }
  return { lat, lng, style: st, hidden: null as Uint8Array | null, count: n };
}

const XIAMEN: [number, number, number, number] = [117.8, 24.3, 118.5, 24.9];

describe('PointClusters', () => {
  it('counts every visible point exactly once across clusters and single points', () => {
    const clusters = new PointClusters({ radiusPx: 40, maxZoom: 15 }, () => 0);
    const data = points(1000, () => 1);
    const items = clusters.itemsIn(XIAMEN, 10, data);
    expect(items.reduce((sum, it) => sum + it.count, 0)).toBe(1000);
    expect(items.filter((it) => it.clusterId >= 0)).toHaveLength(2);
    data.hidden = new Uint8Array(1000).map((_, i) => (i < 100 ? 1 : 0));
    clusters.invalidate();
    expect(clusters.itemsIn(XIAMEN, 10, data).reduce((sum, it) => sum + it.count, 0)).toBe(900);
  });

  it("a cluster takes its most urgent member's style (the lowest index)", () => {
    const clusters = new PointClusters({ radiusPx: 40, maxZoom: 15 }, () => 0);
    const items = clusters.itemsIn(XIAMEN, 10, points(200, (i) => (i === 10 ? 0 : 2)));
    const siming = items.find((it) => it.lat < 24.6)!;
    const tongan = items.find((it) => it.lat > 24.6)!;
    expect([siming.style, tongan.style]).toEqual([0, 2]);
  });

  it('applies below maxZoom only, and expands no further than maxZoom', () => {
    const clusters = new PointClusters({ radiusPx: 40, maxZoom: 15 }, () => 0);
    expect([clusters.appliesAt(14.9), clusters.appliesAt(15)]).toEqual([true, false]);
    const cluster = clusters.itemsIn(XIAMEN, 8, points(1000, () => 1)).find((it) => it.clusterId >= 0)!;
    const zoom = clusters.expansionZoom(cluster.clusterId);
    expect(zoom).toBeGreaterThan(8);
    expect(zoom).toBeLessThanOrEqual(15);
  });

  it('moving points are re-clustered once the rebuild interval has passed, not before', () => {
    let now = 0;
    const clusters = new PointClusters({ radiusPx: 40, maxZoom: 15 }, () => now, 1000);
    const data = points(100, () => 1);
    clusters.itemsIn(XIAMEN, 10, data);
    for (let i = 0; i < 100; i += 2) {
      // Siming's group joins Tong'an's.
      data.lat[i] += 0.27;
      data.lng[i] += 0.07;
    }
    clusters.positionsChanged();
    now = 500;
    expect(clusters.dueInMs()).toBe(500);
    expect(clusters.itemsIn(XIAMEN, 10, data).filter((it) => it.clusterId >= 0)).toHaveLength(2);
    now = 1000;
    const after = clusters.itemsIn(XIAMEN, 10, data);
    expect(after.filter((it) => it.clusterId >= 0)).toHaveLength(1);
    expect(clusters.dueInMs()).toBe(Infinity);
  });

  it('refuses options it cannot cluster with', () => {
    expect(() => new PointClusters({ radiusPx: 0, maxZoom: 15 }, () => 0)).toThrow(/radiusPx/);
    expect(() => new PointClusters({ radiusPx: 40, maxZoom: 14.5 }, () => 0)).toThrow(/maxZoom/);
  });
});
