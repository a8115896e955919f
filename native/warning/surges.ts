import { DISTRICT_CODES } from '../api/rules.ts';
import type { WarningSettings } from '../api/contract.ts';
import { offsetMs } from '../common/day.ts';
import { negBinomialUpperTail } from './distributions.ts';
import { MAX_LISTED } from './family.ts';
import { DAY_MS, HOUR_MS, SURGE_LOOK_MINUTES } from './settings.ts';
import { EMPTY_FINDING, type CallRecord, type Finding, type Line, type WarningInputs } from './types.ts';

/**
 * Call surges: per district (and the whole city) × (each line, and all
 * lines), the calls of the current local hour so far against the same
 * elapsed span of the same hour and weekday in each of the previous 4 weeks.
 *
 * Calls the platform could not place in a district count in the city's row
 * only: they are calls all the same, and a surge of unplaced calls is worth
 * seeing, but no district can claim them.
 *
 * The predictive distribution is a negative binomial. Were calls Poisson
 * with an unknown rate, the 4 weeks' sum S gives (Jeffreys prior) a gamma
 * posterior for the rate, and the next count is negative binomial with mean
 * (S+½)/4 and variance mean·(1+¼): the Poisson variance plus the mean's
 * estimation error. Real weeks differ more than Poisson (holidays, weather):
 * when the 4 counts' own variance is larger, it is used instead. So the
 * variance is floored, never under-stated, and a cell with no calls at all in
 * its baseline still has a usable mean (½/4 a span) instead of dividing by 0.
 *
 * Tests are made at fixed looks (SURGE_LOOK_MINUTES) and the daily budget is
 * split over every cell, hour and look (Bonferroni): the day's expected false
 * surges are at most `surgeFalseAlarmsPerDay`, whatever the number of tests.
 */

export const SURGE_LINES: readonly (Line | null)[] = ['110', '119', '122', '12345', null];
/** Six districts and the city as a whole (null). */
export const SURGE_DISTRICTS: readonly (string | null)[] = [...DISTRICT_CODES, null];
export const SURGE_WEEKS = 4;

/** Tests a day: cells × hours × looks. */
export function surgeTestsPerDay(): number {
  return SURGE_DISTRICTS.length * SURGE_LINES.length * 24 * SURGE_LOOK_MINUTES.length;
}

/** The per-test level that keeps the day's expected false surges at the setting. */
export function surgeAlpha(s: WarningSettings): number {
  return s.surgeFalseAlarmsPerDay / surgeTestsPerDay();
}

/** The predictive upper tail of a count `x` given the baseline weeks' counts over the same span. */
export function surgeTail(x: number, baseline: readonly number[]): number {
  const k = baseline.length;
  const sum = baseline.reduce((a, b) => a + b, 0);
  const mean = (sum + 0.5) / k;
  const raw = sum / k;
  const sampleVar = k > 1 ? baseline.reduce((a, b) => a + (b - raw) ** 2, 0) / (k - 1) : 0;
  return negBinomialUpperTail(x, mean, Math.max(mean * (1 + 1 / k), sampleVar));
}

/** The start of the local hour holding `at`. */
function localHourStart(at: number, tz: string): number {
  const off = offsetMs(at, tz);
  return Math.floor((at + off) / HOUR_MS) * HOUR_MS - off;
}

/** The calls in time order: as given when they already are (the host reads them so), else a sorted copy. */
function byTime(calls: readonly CallRecord[]): readonly CallRecord[] {
  for (let i = 1; i < calls.length; i++) {
    if (calls[i]!.receivedAt < calls[i - 1]!.receivedAt) return [...calls].sort((a, b) => a.receivedAt - b.receivedAt);
  }
  return calls;
}

function firstAtOrAfter(calls: readonly CallRecord[], t: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (calls[mid]!.receivedAt < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const LOOK_MS = SURGE_LOOK_MINUTES.map((m) => m * 60_000);

/**
 * The spans a surge test at `now` counts calls in: today's local hour so far
 * (`starts[0]`, up to its last look) and the same span 1..SURGE_WEEKS weeks
 * back. All the calls the test reads are in [start, start + spanMs) of one
 * of them: the host reads just these from the cache (a few hundred calls,
 * not four weeks of them).
 */
export function surgeSpans(now: number, tz: string): { hourStart: number; looks: number; spanMs: number; starts: number[] } {
  let hourStart = localHourStart(now, tz);
  let looks = LOOK_MS.filter((l) => hourStart + l <= now).length;
  // Until the hour's first look the previous hour, complete, still stands: a surge does not vanish for ten minutes at the hour.
  if (looks === 0) {
    hourStart = localHourStart(hourStart - 1, tz);
    looks = LOOK_MS.length;
  }
  const starts = [hourStart];
  for (let w = 1; w <= SURGE_WEEKS; w++) starts.push(hourStart - w * 7 * DAY_MS);
  return { hourStart, looks, spanMs: LOOK_MS[looks - 1]!, starts };
}

export function surgeFindings(inputs: WarningInputs, s: WarningSettings): Finding[] {
  const { now, tz } = inputs;
  const { hourStart, looks, spanMs: span, starts: candidates } = surgeSpans(now, tz);
  const calls = byTime(inputs.calls);
  const earliest = inputs.earliestCallAt ?? (calls.length ? calls[0]!.receivedAt : Infinity);
  // Span 0 is today's hour; span w its same hour w weeks back, counted only if the calls reach back to it (the demo's archive may still be arriving).
  const starts = candidates.filter((start, w) => w === 0 || earliest <= start + HOUR_MS);
  if (starts.length < 2) return [];
  const cells = SURGE_DISTRICTS.length * SURGE_LINES.length;
  const L = LOOK_MS.length;
  // counts[span][cell][look bucket]: calls in (look−1, look].
  const counts = new Int32Array(starts.length * cells * L);
  const districtIndex = new Map(SURGE_DISTRICTS.map((d, i) => [d, i]));
  const city = SURGE_DISTRICTS.length - 1;
  const all = SURGE_LINES.length - 1;
  const lineIndex = new Map(SURGE_LINES.map((l, i) => [l, i]));
  const filed: { at: number; incident: string }[][] = Array.from({ length: cells }, () => []);
  const lastAt = new Float64Array(cells);
  for (let w = 0; w < starts.length; w++) {
    const start = starts[w]!;
    for (let i = firstAtOrAfter(calls, start); i < calls.length && calls[i]!.receivedAt < start + span; i++) {
      const c = calls[i]!;
      const bucket = Math.floor((c.receivedAt - start) / 600_000);
      const d = c.district === null ? undefined : districtIndex.get(c.district);
      const rows = d !== undefined ? [d, city] : [city];
      const line = lineIndex.get(c.line) ?? all;
      for (const row of rows) {
        for (const l of line === all ? [all] : [line, all]) {
          const cell = row * SURGE_LINES.length + l;
          counts[(w * cells + cell) * L + bucket]!++;
          if (w === 0) {
            if (c.incident) filed[cell]!.push({ at: c.receivedAt, incident: c.incident });
            if (c.receivedAt > lastAt[cell]!) lastAt[cell] = c.receivedAt;
          }
        }
      }
    }
  }
  const alpha = surgeAlpha(s);
  const out: Finding[] = [];
  for (let cell = 0; cell < cells; cell++) {
    let best: { p: number; x: number; expected: number } | null = null;
    const cum = new Float64Array(starts.length);
    for (let look = 0; look < looks; look++) {
      for (let w = 0; w < starts.length; w++) cum[w] += counts[(w * cells + cell) * L + look]!;
      const x = cum[0]!;
      const base = Array.from(cum.subarray(1));
      const p = surgeTail(x, base);
      if (p <= alpha && (!best || p <= best.p)) best = { p, x, expected: base.reduce((a, b) => a + b, 0) / base.length };
    }
    if (!best) continue;
    const seen = new Set<string>();
    const incidents = filed[cell]!.sort((a, b) => b.at - a.at)
      .map((f) => f.incident)
      .filter((id) => !seen.has(id) && seen.add(id));
    out.push({
      ...EMPTY_FINDING,
      kind: 'surge',
      district: SURGE_DISTRICTS[Math.floor(cell / SURGE_LINES.length)]!,
      line: SURGE_LINES[cell % SURGE_LINES.length]!,
      since: hourStart,
      lastAt: lastAt[cell]! || hourStart,
      observed: best.x,
      expected: best.expected,
      baseline: `same_hour_weekday_${starts.length - 1}w`,
      pValue: best.p,
      recurrenceDays: 1 / (Math.max(best.p, 1e-300) * surgeTestsPerDay()),
      incidents: incidents.slice(0, MAX_LISTED),
    });
  }
  return out;
}
