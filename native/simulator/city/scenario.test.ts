import { describe, expect, it } from 'vitest';
import { checkEntity } from '../../protocol/entities.ts';
import { archiveDay } from './archive.ts';
import { distanceM } from './geo.ts';
import { parseScenario, planScenario, plantScenario } from './scenario.ts';

const TZ = 'Asia/Shanghai';
const NOV_1 = Date.parse('2026-11-01T00:00:00+08:00');
const HOUR = 3_600_000;

describe('plantScenario', () => {
  const day = archiveDay({ seed: 3, dayStart: NOV_1, tz: TZ });

  it('normal plants nothing', () => {
    expect(plantScenario(day, { kind: 'normal' }, 3, TZ)).toEqual(day);
  });

  it('a cluster: `count` incidents of the family within the radius, over the span, the last at `at`, in the district asked', () => {
    const at = NOV_1 + 15 * HOUR;
    const planted = plantScenario(day, { kind: 'cluster', at, district: '350206', count: 5, radiusM: 400, spanH: 4 }, 3, TZ);
    const added = planted.incidents.filter((i) => !day.incidents.includes(i));
    expect(added).toHaveLength(5);
    for (const i of added) {
      expect(checkEntity('incident', i)).toMatchObject({ ok: true });
      expect(i.category).toBe('criminal.theft');
      expect(i.district).toBe('350206');
      const t = Date.parse(i.reported_at);
      // Filed by the call taker a minute or three into the call.
      expect(t).toBeGreaterThan(at - 4 * HOUR);
      expect(t).toBeLessThan(at + 4 * 60_000);
      for (const j of added) expect(distanceM([i.lat!, i.lng!], [j.lat!, j.lng!])).toBeLessThanOrEqual(400);
      expect(planted.calls.find((c) => c.id === i.call)?.incident).toBe(i.id);
    }
    const ids = [...planted.calls, ...planted.incidents].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a cluster of a family around an ordinary address of a random district by default, the same from the same seed', () => {
    const s = { kind: 'cluster', at: NOV_1 + 20 * HOUR, family: 'traffic' } as const;
    const a = planScenario(s, 9, { tz: TZ });
    expect(a).toHaveLength(4);
    expect(new Set(a.map((p) => p.district)).size).toBe(1);
    expect(a.every((p) => p.filing!.def.code.startsWith('traffic.'))).toBe(true);
    expect(planScenario(s, 9, { tz: TZ })).toEqual(a);
    expect(a[3]!.at).toBe(s.at);
    expect(a[3]!.at - a[0]!.at).toBeLessThanOrEqual(6 * HOUR);
  });

  it("a surge doubles the district's calls in its hour (all lines or one), and leaves the others alone", () => {
    const at = NOV_1 + 10 * HOUR;
    const count = (calls: typeof day.calls, district: string, line?: string) =>
      calls.filter((c) => {
        const t = Date.parse(c.received_at);
        return c.district === district && (!line || c.line === line) && t >= at && t < at + HOUR;
      }).length;
    // A call filed as an incident takes the incident's district, which is the caller's: counts by where the caller was.
    const planted = plantScenario(day, { kind: 'surge', at, district: '350203' }, 3, TZ);
    expect(count(planted.calls, '350203')).toBeGreaterThanOrEqual(2 * count(day.calls, '350203') - 4);
    expect(count(planted.calls, '350203')).toBeLessThanOrEqual(2 * count(day.calls, '350203') + 4);
    expect(count(planted.calls, '350211')).toBe(count(day.calls, '350211'));
    const added = planted.calls.filter((c) => !day.calls.includes(c));
    for (const c of added) expect(checkEntity('call', c)).toMatchObject({ ok: true });
    expect(added.some((c) => c.incident)).toBe(true);

    const only110 = plantScenario(day, { kind: 'surge', at, district: '350203', line: '110', factor: 3 }, 3, TZ);
    expect(count(only110.calls, '350203', '110')).toBeGreaterThanOrEqual(3 * count(day.calls, '350203', '110') - 4);
    expect(count(only110.calls, '350203', '12345')).toBe(count(day.calls, '350203', '12345'));
  });

  it('on an empty day a surge adds what the district expects at that hour', () => {
    const at = NOV_1 + 10 * HOUR;
    const planted = plantScenario({ calls: [], incidents: [] }, { kind: 'surge', at, district: '350203' }, 3, TZ);
    // 3,980 calls a day × 6.1/100.7 at 10:00 × 0.27 of the city ≈ 65.
    expect(planted.calls.length).toBeGreaterThan(50);
    expect(planted.calls.length).toBeLessThan(80);
  });
});

describe('parseScenario', () => {
  const now = Date.parse('2026-11-01T09:30:00+08:00');
  it('reads the switches of egret simulate --scenario', () => {
    expect(parseScenario('normal', now, TZ)).toEqual({ kind: 'normal' });
    expect(parseScenario('cluster', now, TZ)).toEqual({ kind: 'cluster', at: now + 60_000 });
    expect(parseScenario('cluster:criminal.fraud@14:05', now, TZ)).toEqual({
      kind: 'cluster',
      family: 'criminal.fraud',
      at: Date.parse('2026-11-01T14:05:00+08:00'),
    });
    expect(parseScenario('surge:350206', now, TZ)).toEqual({ kind: 'surge', district: '350206', at: now + 60_000 });
    expect(parseScenario('surge:350206:122@08:00', now, TZ)).toEqual({
      kind: 'surge',
      district: '350206',
      line: '122',
      at: Date.parse('2026-11-01T08:00:00+08:00'),
    });
  });
  it('refuses what it cannot plant, saying why', () => {
    expect(() => parseScenario('storm', now, TZ)).toThrow(/normal, cluster/);
    expect(() => parseScenario('surge', now, TZ)).toThrow(/surge:<district>/);
    expect(() => parseScenario('surge:999999', now, TZ)).toThrow(/no district/);
    expect(() => parseScenario('surge:350206:911', now, TZ)).toThrow(/no line/);
    expect(() => parseScenario('cluster:petition.labor', now, TZ)).toThrow(/no line files/);
    expect(() => parseScenario('cluster@25:00', now, TZ)).toThrow(/HH:MM/);
  });
});
