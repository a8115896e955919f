import { afterEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { startPlatform, type Platform } from '../server.ts';
import { startCity, type City } from './city.ts';
import { distanceM } from './geo.ts';
import { parseScenario } from './scenario.ts';

/** Scenario switches in the live city (egret simulate --scenario): what is planted is made by the city's own models. */

const TZ = 'Asia/Shanghai';
const open: { platform: Platform; city: City }[] = [];
afterEach(async () => {
  for (const { platform, city } of open.splice(0)) {
    city.stop();
    await platform.close();
  }
});

async function boot(scenarios: string[]) {
  const start = Date.parse('2026-11-28T14:00:00+08:00');
  const clock = new FakeTimers(start);
  const platform = await startPlatform({ clock });
  const city = startCity(platform, {
    seed: 2,
    clock,
    historyHours: 1,
    mediaBase: 'http://media.test',
    volunteersOnDuty: 20,
    scenarios: scenarios.map((s) => parseScenario(s, start, TZ)),
  });
  open.push({ platform, city });
  return { start, clock, platform, city };
}

describe('scenarios in the live city', () => {
  it('a cluster without a time: its first incidents in the hour before the start, the 4th about a minute after it, ordinary live incidents', async () => {
    const { start, clock, platform, city } = await boot(['cluster']);
    const thefts = () => platform.exportState('incident').filter((i) => i.category === 'criminal.theft');
    const before = thefts().length;
    clock.advance(5 * 60_000);
    city.tick();
    // The planted four: the only four thefts within 500 m of each other (ordinary thefts are spread over the city).
    const cluster = thefts().filter(
      (i) => thefts().filter((j) => distanceM([i.lat as number, i.lng as number], [j.lat as number, j.lng as number]) <= 500).length >= 4,
    );
    expect(cluster).toHaveLength(4);
    const times = cluster.map((i) => Date.parse(i.reported_at as string)).sort((a, b) => a - b);
    expect(times[2]!).toBeLessThan(start);
    expect(times[3]!).toBeGreaterThanOrEqual(start + 60_000);
    expect(times[3]!).toBeLessThan(start + 4 * 60_000);
    expect(times[3]! - times[0]!).toBeLessThanOrEqual(6 * 3_600_000);
    expect(thefts().length).toBeGreaterThan(before);
    const events = platform.exportState('incident_event');
    for (const i of cluster) {
      expect(events.some((e) => e.incident === i.id && e.kind === 'created')).toBe(true);
      expect(platform.log.get('call', i.call as string)?.data.incident).toBe(i.id);
    }
    // Their lifecycle goes on as any incident's.
    clock.advance(60 * 60_000);
    city.tick();
    for (const i of cluster) expect(platform.log.get('incident', i.id as string)?.data.status).not.toBe('new');
  });

  it('a surge at a time: the district’s calls in that hour doubled', async () => {
    const normal = await boot([]);
    const surged = await boot(['surge:350211@14:10']);
    for (const { clock, city } of [normal, surged]) {
      clock.advance(75 * 60_000);
      city.tick();
    }
    const from = Date.parse('2026-11-28T14:10:00+08:00');
    const inHour = (p: Platform, district: string) =>
      p.exportState('call').filter((c) => {
        const t = Date.parse(c.received_at as string);
        return c.district === district && t >= from && t < from + 3_600_000;
      }).length;
    const base = inHour(normal.platform, '350211');
    const extra = inHour(surged.platform, '350211');
    // The same dice until the surge's first call: the rest of the city differs from then on, so the counts are compared loosely.
    expect(extra).toBeGreaterThan(1.5 * base);
    expect(extra).toBeLessThan(3 * base + 10);
  });
});
