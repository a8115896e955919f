import { describe, expect, it } from 'vitest';
import { assignKeys } from './keys.ts';
import { negBinomialUpperTail } from './distributions.ts';
import { DEFAULT_WARNING_SETTINGS, expectedFalsePerDay } from './settings.ts';
import { surgeAlpha, surgeFindings, surgeTail, surgeTestsPerDay } from './surges.ts';
import type { CallRecord, Line, WarningInputs } from './types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WEEK = 7 * 24 * HOUR;
const TZ = 'Asia/Shanghai';
const TEN = Date.parse('2026-11-02T10:00:00+08:00');

describe('the surge test', () => {
  it('splits the day’s false-alarm budget over 7 areas × 5 line sets × 24 hours × 6 looks (Bonferroni)', () => {
    expect(surgeTestsPerDay()).toBe(7 * 5 * 24 * 6);
    expect(surgeAlpha(DEFAULT_WARNING_SETTINGS)).toBeCloseTo(0.5 / 5040, 15);
    expect(surgeAlpha({ ...DEFAULT_WARNING_SETTINGS, surgeFalseAlarmsPerDay: 2 }) * surgeTestsPerDay()).toBeCloseTo(2, 12);
    expect(expectedFalsePerDay(DEFAULT_WARNING_SETTINGS)).toEqual({ cluster: 1 / 2, surge: 0.5 });
    expect(expectedFalsePerDay({ ...DEFAULT_WARNING_SETTINGS, enabled: ['cluster'] })).toEqual({ cluster: 0.5, surge: 0 });
  });

  it('takes the predictive tail from the 4 weeks: the Poisson-gamma floor, or their own spread when larger', () => {
    // Steady weeks (10 each): mean (40+½)/4, variance floored at mean·5/4.
    const m = 40.5 / 4;
    expect(surgeTail(20, [10, 10, 10, 10])).toBeCloseTo(negBinomialUpperTail(20, m, m * 1.25), 15);
    // Weeks that differ a lot: their sample variance (2, 18, 4, 16 about 10: 200/3) is used.
    expect(surgeTail(20, [2, 18, 4, 16])).toBeCloseTo(negBinomialUpperTail(20, 40.5 / 4, 200 / 3), 15);
    expect(surgeTail(20, [2, 18, 4, 16])).toBeGreaterThan(surgeTail(20, [10, 10, 10, 10]));
    // A span with no calls in 4 weeks: one call now is not a surge, five are.
    expect(surgeTail(1, [0, 0, 0, 0])).toBeGreaterThan(0.1);
    expect(surgeTail(5, [0, 0, 0, 0])).toBeLessThan(1e-4);
  });

  const calls: CallRecord[] = [];
  let n = 0;
  /** `count` calls spread over [from, from + span) in a district on a line. */
  const add = (from: number, span: number, count: number, district: string | null, line: Line = '110') => {
    for (let i = 0; i < count; i++) calls.push({ id: `call-${n++}`, line, receivedAt: from + ((i + 0.5) * span) / count, district, incident: `inc-${n}` });
  };
  // Four weeks of 10:00–12:00: 30 calls an hour in 350203, 30 in 350206, 20 with no district.
  for (let w = 1; w <= 4; w++) {
    for (const h of [0, 1]) {
      add(TEN - w * WEEK + h * HOUR, HOUR, 30, '350203');
      add(TEN - w * WEEK + h * HOUR, HOUR, 30, '350206');
      add(TEN - w * WEEK + h * HOUR, HOUR, 20, null);
    }
  }
  add(TEN, 2 * HOUR, 60, '350206');
  add(TEN, 2 * HOUR, 40, null);
  const inputsAt = (now: number, extra: CallRecord[] = []): WarningInputs => ({
    now,
    tz: TZ,
    incidents: [],
    calls: [...calls, ...extra].filter((c) => c.receivedAt <= now),
    reopened: [],
  });
  // Today 350203 doubles (60 an hour) from 10:00.
  const doubled: CallRecord[] = [];
  for (let i = 0; i < 120; i++) doubled.push({ id: `s-${i}`, line: '110', receivedAt: TEN + ((i + 0.5) * 2 * HOUR) / 120, district: '350203', incident: null });

  it('raises a doubled district within its hour, on its line and all lines, and nothing for an ordinary one', () => {
    expect(surgeFindings(inputsAt(TEN + 55 * MIN), DEFAULT_WARNING_SETTINGS)).toEqual([]);
    // 30 calls an hour doubled: 30 by 10:30 against 15 is not yet beyond the day's budget (p ≈ 1e-3 > 1e-4); 50 by 10:50 against 25 is.
    expect(surgeFindings(inputsAt(TEN + 35 * MIN, doubled), DEFAULT_WARNING_SETTINGS)).toEqual([]);
    const found = surgeFindings(inputsAt(TEN + 55 * MIN, doubled), DEFAULT_WARNING_SETTINGS);
    expect(found.map((f) => `${f.district}/${f.line}`).sort()).toEqual(['350203/110', '350203/null']);
    const f = found.find((x) => x.line === null)!;
    expect(f).toMatchObject({ kind: 'surge', since: TEN, baseline: 'same_hour_weekday_4w' });
    expect(f.observed).toBe(50); // by the 10:50 look
    expect(f.expected).toBe(25);
    expect(f.pValue!).toBeLessThanOrEqual(surgeAlpha(DEFAULT_WARNING_SETTINGS));
    expect(f.recurrenceDays!).toBeGreaterThanOrEqual(1 / DEFAULT_WARNING_SETTINGS.surgeFalseAlarmsPerDay);
  });

  it('counts calls with no district in the city’s row only', () => {
    const unplaced: CallRecord[] = Array.from({ length: 60 }, (_, i) => ({ id: `u-${i}`, line: '122', receivedAt: TEN + i * 30_000, district: null, incident: null }));
    const found = surgeFindings(inputsAt(TEN + 31 * MIN, unplaced), DEFAULT_WARNING_SETTINGS);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.district === null)).toBe(true);
  });

  it('keeps its key as it runs into the next hour, and stands until the next hour’s first look', () => {
    const first = assignKeys([], surgeFindings(inputsAt(TEN + 55 * MIN, doubled), DEFAULT_WARNING_SETTINGS));
    expect(first).toHaveLength(2);
    const atHour = surgeFindings(inputsAt(TEN + 65 * MIN, doubled), DEFAULT_WARNING_SETTINGS);
    expect(atHour.map((f) => f.since)).toEqual(first.map(() => TEN)); // 11:05: no look yet, 10:00–11:00 still stands
    const next = assignKeys(first, surgeFindings(inputsAt(TEN + 115 * MIN, doubled), DEFAULT_WARNING_SETTINGS));
    expect(next.map((f) => f.since)).toEqual(first.map(() => TEN + HOUR));
    expect(next.map((f) => f.key).sort()).toEqual(first.map((f) => f.key).sort());
  });

  it('tests nothing without a week of baseline behind the hour (the archive still arriving)', () => {
    const todayOnly = doubled.map((c) => ({ ...c }));
    expect(surgeFindings({ now: TEN + 35 * MIN, tz: TZ, incidents: [], calls: todayOnly, reopened: [] }, DEFAULT_WARNING_SETTINGS)).toEqual([]);
  });
});
