import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { startPlatform, type Platform } from '../server.ts';
import { startCity, type City } from './city.ts';
import { HOURLY_WEIGHTS } from './day-curve.ts';
import { DistrictMap } from './district-map.ts';

/** A whole simulated day (the 24 h before local midnight) at rate 2 for tighter counts. */
const MIDNIGHT = Date.parse('2026-11-28T00:00:00+08:00');
let platform: Platform;
let city: City;

beforeAll(async () => {
  const clock = new FakeTimers(MIDNIGHT);
  platform = await startPlatform({ clock });
  city = startCity(platform, { seed: 11, rate: 2, clock, historyHours: 24, volunteersOnDuty: 10 });
});
afterAll(async () => {
  city.stop();
  await platform.close();
});

function hourOf(time: string): number {
  return Number(time.slice(11, 13)); // local hour: Time carries +08:00
}

describe('a day in the city', () => {
  it('the hourly weights have two peaks and a night trough', () => {
    const trough = Math.min(...HOURLY_WEIGHTS.slice(1, 6));
    const morning = Math.max(...HOURLY_WEIGHTS.slice(8, 12));
    const evening = Math.max(...HOURLY_WEIGHTS.slice(17, 21));
    const lunch = Math.min(...HOURLY_WEIGHTS.slice(12, 15));
    expect(morning).toBeGreaterThan(3 * trough);
    expect(evening).toBeGreaterThan(3 * trough);
    expect(lunch).toBeLessThan(Math.min(morning, evening));
  });

  it('calls follow it: night trough below both peaks, a morning and an evening peak', () => {
    const byHour = new Array(24).fill(0);
    for (const c of platform.exportState('call')) byHour[hourOf(c.received_at as string)] += 1;
    const total = byHour.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2 * 3000); // a few thousand a day at rate 1
    expect(total).toBeLessThan(2 * 6000);
    const trough = Math.max(...byHour.slice(2, 6));
    const morning = Math.max(...byHour.slice(8, 12));
    const evening = Math.max(...byHour.slice(17, 21));
    const midday = Math.min(...byHour.slice(12, 15));
    expect(morning).toBeGreaterThan(2.5 * trough);
    expect(evening).toBeGreaterThan(2.5 * trough);
    expect(midday).toBeLessThan(morning);
    expect(midday).toBeLessThan(evening);
  });

  it('answers most calls within 15 s, some are abandoned, about a third become incidents', () => {
    const calls = platform.exportState('call');
    const answered = calls.filter((c) => c.answered_at);
    const within15 = answered.filter((c) => Date.parse(c.answered_at as string) - Date.parse(c.received_at as string) <= 15_000);
    expect(within15.length / answered.length).toBeGreaterThan(0.88);
    expect(calls.length - answered.length).toBeGreaterThan(0);
    const linked = calls.filter((c) => c.incident).length / calls.length;
    expect(linked).toBeGreaterThan(0.25);
    expect(linked).toBeLessThan(0.45);
    // Several callers for one event.
    const perIncident = new Map<string, number>();
    for (const c of calls) if (c.incident) perIncident.set(c.incident as string, (perIncident.get(c.incident as string) ?? 0) + 1);
    expect([...perIncident.values()].some((n) => n >= 3)).toBe(true);
  });

  it('spreads incidents over every district, Siming and Huli the largest, inside their polygons', () => {
    const incidents = platform.exportState('incident');
    const share: Record<string, number> = {};
    for (const i of incidents) share[i.district as string] = (share[i.district as string] ?? 0) + 1 / incidents.length;
    expect(Object.keys(share)).toHaveLength(6);
    for (const s of Object.values(share)) expect(s).toBeGreaterThan(0.06);
    const ranked = Object.entries(share)
      .sort((a, b) => b[1] - a[1])
      .map(([d]) => d);
    expect(ranked.slice(0, 2).sort()).toEqual(['350203', '350206']);
    const map = new DistrictMap();
    for (const i of incidents) expect(map.contains(i.district as never, [i.lat as number, i.lng as number]), i.id as string).toBe(true);
  });

  it('uses every source, and some incidents are escalated, merged, overdue', () => {
    const incidents = platform.exportState('incident');
    expect(new Set(incidents.map((i) => i.source))).toEqual(
      new Set(['110', '119', '122', '12345', 'city_mgmt', 'grid', 'volunteer', 'video', 'petition']),
    );
    expect(incidents.filter((i) => i.level === 'street' || i.level === 'district').length).toBeGreaterThan(0);
    expect(incidents.some((i) => i.level === 'city')).toBe(true);
    const merged = incidents.filter((i) => i.status === 'merged');
    expect(merged.length).toBeGreaterThan(0);
    for (const m of merged) expect(incidents.some((i) => i.id === m.merged_into)).toBe(true);
    const open = incidents.filter((i) => !['resolved', 'closed', 'cancelled', 'merged'].includes(i.status as string));
    expect(open.some((i) => Date.parse(i.due_at as string) < MIDNIGHT)).toBe(true);
  });
});
