import { describe, expect, it } from 'vitest';
import { checkEntity } from '../../protocol/entities.ts';
import { archiveDay } from './archive.ts';
import { CALLS_PER_DAY, CALL_INCIDENT_SHARE, OTHER_PER_DAY } from './categories.ts';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const NOV_1 = Date.parse('2026-11-01T00:00:00+08:00');

describe('archiveDay: an ordinary day of the city, made again on demand', () => {
  const day = archiveDay({ seed: 7, dayStart: NOV_1, tz: TZ });

  it('is a pure function of its arguments: the same day twice is the same JSON; another seed another day', () => {
    expect(JSON.stringify(archiveDay({ seed: 7, dayStart: NOV_1, tz: TZ }))).toBe(JSON.stringify(day));
    const other = archiveDay({ seed: 8, dayStart: NOV_1, tz: TZ });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(day));
  });

  it('made up to a moment, it is the whole day up to that moment', () => {
    const until = NOV_1 + 13.5 * 3_600_000;
    const part = archiveDay({ seed: 7, dayStart: NOV_1, tz: TZ, until });
    const before = (t: string) => Date.parse(t) < until;
    expect(part.calls).toEqual(day.calls.filter((c) => before(c.received_at)));
    expect(part.calls.length).toBeGreaterThan(1_000);
  });

  it("has the live city's volumes: calls per line by the day curve, a line's share filed, the other sources at their rates", () => {
    const calls = (line: string) => day.calls.filter((c) => c.line === line).length;
    for (const line of ['110', '119', '122', '12345'] as const) {
      const expected = CALLS_PER_DAY[line];
      // Poisson: within five standard deviations.
      expect(Math.abs(calls(line) - expected)).toBeLessThan(5 * Math.sqrt(expected));
    }
    const filed = Object.entries(CALL_INCIDENT_SHARE).reduce((n, [line, share]) => n + CALLS_PER_DAY[line as '110'] * 0.96 * share, 0);
    const others = Object.values(OTHER_PER_DAY).reduce((a, b) => a + b, 0);
    expect(Math.abs(day.incidents.length - filed - others)).toBeLessThan(5 * Math.sqrt(filed + others));
    const byHour = new Array(24).fill(0);
    for (const c of day.calls) byHour[Number(c.received_at.slice(11, 13))] += 1;
    expect(Math.min(...byHour.slice(8, 11))).toBeGreaterThan(3 * Math.max(...byHour.slice(2, 5)));
  });

  it('every entity passes the protocol checks; incidents are closed, placed, due by the supervision rules, linked to their call', () => {
    for (const c of day.calls) expect(checkEntity('call', c)).toMatchObject({ ok: true });
    for (const i of day.incidents) expect(checkEntity('incident', i)).toMatchObject({ ok: true });
    const calls = new Map(day.calls.map((c) => [c.id, c]));
    for (const i of day.incidents) {
      expect(i.status).toBe('closed');
      expect(i.departments.length).toBeGreaterThan(0);
      expect(Date.parse(i.updated_at)).toBeGreaterThan(Date.parse(i.reported_at));
      expect(Date.parse(i.due_at!) - Date.parse(i.reported_at)).toBe({ 1: 30, 2: 120, 3: 1440, 4: 4320 }[i.priority]! * 60_000);
      expect(i.lat).toBeTypeOf('number');
      if (i.call) {
        const call = calls.get(i.call)!;
        expect(call.incident).toBe(i.id);
        expect(call.district).toBe(i.district);
      }
    }
    const filed = day.calls.filter((c) => c.incident);
    expect(filed.length).toBeGreaterThan(1_000);
    expect(new Set(day.incidents.map((i) => i.source))).toEqual(
      new Set(['110', '119', '122', '12345', 'city_mgmt', 'grid', 'volunteer', 'video', 'petition']),
    );
    expect(day.calls.every((c) => c.district)).toBe(true);
  });

  it("ids are unique across days and never the live city's shapes", () => {
    const days = [0, 1, 2].map((d) => archiveDay({ seed: 7, dayStart: NOV_1 + d * DAY, tz: TZ }));
    const ids = days.flatMap((d) => [...d.calls, ...d.incidents].map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^arc-(call|inc)-\d{8}-\d{2}-\d{4}$/);
      // The live city's: inc-2026-000123, call-20261101-000123.
      expect(id).not.toMatch(/^(inc-\d{4}-\d{6}|call-\d{8}-\d{6})$/);
    }
  });

  it("is quick enough to make four weeks of a dozen seeds (prints a day's time)", () => {
    const began = performance.now();
    for (let d = 0; d < 4; d++) archiveDay({ seed: 100 + d, dayStart: NOV_1 + d * DAY, tz: TZ });
    const ms = (performance.now() - began) / 4;
    console.log(`archiveDay: ${ms.toFixed(0)} ms a day (${day.calls.length} calls, ${day.incidents.length} incidents)`);
    // Loose: a loaded shared machine; the figure is printed, not a benchmark.
    expect(ms).toBeLessThan(2_000);
  });
});
