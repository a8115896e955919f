import { describe, expect, it } from 'vitest';
import { assignKeys, freshKey } from './keys.ts';
import { EMPTY_FINDING, type Finding } from './types.ts';

const T = Date.parse('2026-11-02T10:00:00+08:00');
const cluster = (incidents: string[], family = 'criminal.theft'): Finding => ({
  ...EMPTY_FINDING,
  kind: 'cluster',
  family,
  since: T,
  lastAt: T,
  observed: incidents.length,
  expected: 0.1,
  baseline: 'zone_history_28d',
  incidents,
});

describe('warning keys', () => {
  it('a cluster keeps its key as it grows, and its fresh key comes from its kind, family and earliest incident', () => {
    const [first] = assignKeys([], [cluster(['i4', 'i3', 'i2', 'i1'])]);
    expect(first!.key).toBe('cluster:criminal.theft:i1');
    const [grown] = assignKeys([first!], [cluster(['i6', 'i5', 'i4', 'i3', 'i2'])]);
    expect(grown!.key).toBe(first!.key);
    expect(freshKey(cluster(['i6', 'i5']))).toBe('cluster:criminal.theft:i5');
  });

  it('a finding sharing nothing, or of another family, is a new warning; two fresh keys never collide', () => {
    const [first] = assignKeys([], [cluster(['a2', 'a1'])]);
    const out = assignKeys([first!], [cluster(['b2', 'b1']), cluster(['a2', 'a1'], 'criminal.fraud'), cluster(['c1', 'b1'])]);
    expect(out.map((w) => w.key)).toEqual(['cluster:criminal.theft:b1', 'cluster:criminal.fraud:a1', 'cluster:criminal.theft:b1~2']);
  });

  it('when two findings share incidents with one warning, the one sharing most keeps its key', () => {
    const [first] = assignKeys([], [cluster(['x4', 'x3', 'x2', 'x1'])]);
    const out = assignKeys([first!], [cluster(['x4', 'y1']), cluster(['x3', 'x2', 'x1', 'z1'])]);
    expect(out[1]!.key).toBe(first!.key);
    expect(out[0]!.key).not.toBe(first!.key);
  });

  it('a surge keeps its key into the next hour, not two hours on', () => {
    const surge = (since: number): Finding => ({ ...EMPTY_FINDING, kind: 'surge', district: '350203', line: null, since, lastAt: since, observed: 50, expected: 25, baseline: 'same_hour_weekday_4w', incidents: [] });
    const [s1] = assignKeys([], [surge(T)]);
    expect(s1!.key).toBe('surge:350203:all:2026-11-02T02');
    expect(assignKeys([s1!], [surge(T + 3_600_000)])[0]!.key).toBe(s1!.key);
    expect(assignKeys([s1!], [surge(T + 2 * 3_600_000)])[0]!.key).not.toBe(s1!.key);
    expect(assignKeys([s1!], [{ ...surge(T + 3_600_000), line: '110' }])[0]!.key).not.toBe(s1!.key);
  });
});
