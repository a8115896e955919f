import { describe, expect, it } from 'vitest';
import { dayBounds } from '../../native/common/day.ts';
import type { Call, Incident } from '../../native/protocol/entities.ts';
import { archiveDay, plantScenario, type Scenario } from '../../native/simulator/index.ts';
import {
  DEFAULT_WARNING_SETTINGS,
  Detector,
  HISTORY_DAYS,
  assignKeys,
  inputsFromEntities,
  seededRandom,
  type CallRecord,
  type Finding,
  type IncidentRecord,
  type WarningInputs,
} from '../../native/warning/index.ts';

// Issue 14's done-when, on the demo city's generated days (native/simulator
// archiveDay / plantScenario): at the default settings, 14 normal days raise
// at most 2 warnings a day on average and 4 on any day; a planted cluster of 4
// thefts within 500 m in 6 h is found within 30 minutes of its 4th incident;
// a planted doubling of one district's calls for an hour within that hour.
//
// The detector runs through each test day at checkpoints every 10 minutes
// (00:10 … 24:00), as the host would every minute or two but coarser, with
// its memory (one Detector a day) and keys carried across checkpoints as the
// host carries them (assignKeys): a day's count is its distinct keys.
//
// The days: 42 consecutive ones, the 28 before the first test day with seed 0
// and test day i with seed i (1..14); each test day's baseline is the 28 days
// before it. The 14 days take about 290 CPU-seconds (2,016 detector runs;
// 14 min wall under a load average of 10-14 on 2 cores): hence the long timeout.

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const MIN = 60_000;
const FIRST_TEST_DAY = dayBounds(Date.parse('2026-11-02T12:00:00+08:00'), TZ).start;
const TEST_DAYS = 14;
/** The host runs every minute or two; EGRET_CALIBRATION_CHECK_MINUTES=2 looks as often (five times the test's time). */
const CHECK_EVERY_MS = Number(process.env['EGRET_CALIBRATION_CHECK_MINUTES'] ?? 10) * MIN;
/** Out of sample: EGRET_CALIBRATION_SEED_OFFSET=14 runs the test days with seeds 15–28 (settings.ts quotes both). */
const SEED_OFFSET = Number(process.env['EGRET_CALIBRATION_SEED_OFFSET'] ?? 0);

interface Days {
  incidents: IncidentRecord[];
  calls: CallRecord[];
}

/** Records of whole days, in time order. */
function records(days: { calls: Call[]; incidents: Incident[]; dayStart: number }[]): Days {
  const out: Days = { incidents: [], calls: [] };
  for (const d of days) {
    // Each day's entities read as inputs at its own end: the span covers the day whole.
    const inp = inputsFromEntities({ incidents: d.incidents, calls: d.calls, events: [] }, d.dayStart + DAY - 1, TZ);
    out.incidents.push(...inp.incidents);
    out.calls.push(...inp.calls);
  }
  out.incidents.sort((a, b) => a.reportedAt - b.reportedAt);
  out.calls.sort((a, b) => a.receivedAt - b.receivedAt);
  return out;
}

function firstAfter<T>(list: T[], at: (x: T) => number, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(list[mid]!) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What the host's cache would hold at `now`: the last HISTORY_DAYS. */
function inputsAt(days: Days, now: number): WarningInputs {
  const from = now - HISTORY_DAYS * DAY;
  return {
    now,
    tz: TZ,
    incidents: days.incidents.slice(firstAfter(days.incidents, (r) => r.reportedAt, from), firstAfter(days.incidents, (r) => r.reportedAt, now)),
    calls: days.calls.slice(firstAfter(days.calls, (c) => c.receivedAt, from), firstAfter(days.calls, (c) => c.receivedAt, now)),
    reopened: [],
  };
}

const generated = new Map<number, { calls: Call[]; incidents: Incident[]; dayStart: number }>();
function day(index: number): { calls: Call[]; incidents: Incident[]; dayStart: number } {
  let d = generated.get(index);
  if (!d) {
    const dayStart = FIRST_TEST_DAY + index * DAY;
    const seed = index >= 0 ? index + 1 + SEED_OFFSET : 0;
    generated.set(index, (d = { ...archiveDay({ seed, dayStart, tz: TZ }), dayStart }));
  }
  return d;
}

/** Test day `index` (0-based) planted with `scenario`, behind its 28 days of baseline. */
function testDay(index: number, scenario: Scenario = { kind: 'normal' }): Days & { planted: Set<string> } {
  const baseline = Array.from({ length: 28 }, (_, k) => day(index - 28 + k));
  const today = day(index);
  const planted = plantScenario(today, scenario, index + 1, TZ);
  const known = new Set([...today.incidents.map((i) => i.id), ...today.calls.map((c) => c.id)]);
  const added = new Set([...planted.incidents.map((i) => i.id), ...planted.calls.map((c) => c.id)].filter((id) => !known.has(id)));
  return { ...records([...baseline, { ...planted, dayStart: today.dayStart }]), planted: added };
}

type Keyed = Finding & { key: string };

/**
 * Runs checkpoints in [from, to], carrying keys; calls `seen` with each
 * checkpoint's warnings. The detector is the host's: one kept across the
 * normal days, which follow each other; a fresh one for a planted day.
 */
function runDay(
  days: Days,
  from: number,
  to: number,
  seen: (now: number, warnings: Keyed[]) => boolean | void,
  detector = new Detector(seededRandom(1)),
  carried: Keyed[] = [],
): Keyed[] {
  let previous = carried;
  for (let now = from; now <= to; now += CHECK_EVERY_MS) {
    previous = assignKeys(previous, detector.run(inputsAt(days, now), DEFAULT_WARNING_SETTINGS));
    if (seen(now, previous)) break;
  }
  return previous;
}

const hhmm = (t: number) => new Date(t).toLocaleTimeString('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });

describe('early warning on the demo city, at the default settings', () => {
  it('raises at most 2 warnings a day on average, and at most 4 on any day, over 14 normal days', () => {
    const perDay: number[] = [];
    const detector = new Detector(seededRandom(1));
    let carried: Keyed[] = [];
    for (let i = 0; i < TEST_DAYS; i++) {
      const began = performance.now();
      const days = testDay(i);
      const start = FIRST_TEST_DAY + i * DAY;
      const raised = new Map<string, Keyed>();
      // A warning carried over from the day before (still standing after midnight) was counted that day.
      const before = new Set(carried.map((w) => w.key));
      carried = runDay(
        days,
        start + CHECK_EVERY_MS,
        start + DAY,
        (_, warnings) => {
          for (const w of warnings) if (!raised.has(w.key) && !before.has(w.key)) raised.set(w.key, w);
        },
        detector,
        carried,
      );
      perDay.push(raised.size);
      const what = [...raised.values()].map(
        (w) => `${w.kind} ${w.family ?? w.department ?? w.street ?? `${w.district ?? 'city'}/${w.line ?? 'all'}`} ${w.observed}/${w.expected.toFixed(1)} p=${w.pValue?.toExponential(1) ?? '-'}`,
      );
      console.log(
        `normal day ${i + 1} (seed ${i + 1 + SEED_OFFSET}): ${raised.size} warning(s)${what.length ? `: ${what.join('; ')}` : ''} [${((performance.now() - began) / 1000).toFixed(1)} s]`,
      );
      generated.delete(i - 28); // no later test day needs it
    }
    const mean = perDay.reduce((a, b) => a + b, 0) / perDay.length;
    console.log(`normal days: mean ${mean.toFixed(2)} a day, max ${Math.max(...perDay)}`);
    expect(mean).toBeLessThanOrEqual(2);
    expect(Math.max(...perDay)).toBeLessThanOrEqual(4);
  }, 1_800_000);

  it('finds a planted cluster of 4 thefts within 500 m in 6 hours within 30 minutes of its 4th incident', () => {
    const delays: number[] = [];
    for (const [i, time] of [
      [0, '15:03'],
      [4, '10:47'],
      [9, '21:25'],
    ] as const) {
      const at = Date.parse(`${new Date(FIRST_TEST_DAY + i * DAY + 12 * 3_600_000).toISOString().slice(0, 10)}T${time}:00+08:00`);
      const days = testDay(i, { kind: 'cluster', at });
      expect(days.planted.size).toBeGreaterThanOrEqual(4);
      let delay = Infinity;
      let found: Keyed | undefined;
      runDay(days, Math.ceil(at / CHECK_EVERY_MS) * CHECK_EVERY_MS, at + 40 * MIN, (now, warnings) => {
        found = warnings.find(
          (w) => w.kind === 'cluster' && w.family === 'criminal.theft' && w.incidents.filter((id) => days.planted.has(id)).length >= 4,
        );
        if (found) delay = now - at;
        return found !== undefined;
      });
      const how = found ? ` (${found.observed}/${found.expected.toFixed(1)}, p=${found.pValue?.toExponential(1)}, once in ${found.recurrenceDays?.toFixed(1)} days)` : '';
      console.log(`planted cluster, 4th theft at ${hhmm(at)} on test day ${i + 1}: found after ${delay === Infinity ? 'never' : `${delay / MIN} min`}${how}`);
      delays.push(delay);
    }
    for (const d of delays) expect(d).toBeLessThanOrEqual(30 * MIN);
  }, 600_000);

  it("finds a planted doubling of one district's calls within its hour", () => {
    const delays: number[] = [];
    for (const [i, time, district] of [
      [1, '10:00', '350203'],
      [6, '16:00', '350206'],
      [11, '20:00', '350211'],
    ] as const) {
      const at = Date.parse(`${new Date(FIRST_TEST_DAY + i * DAY + 12 * 3_600_000).toISOString().slice(0, 10)}T${time}:00+08:00`);
      const days = testDay(i, { kind: 'surge', at, district });
      expect(days.planted.size).toBeGreaterThan(0);
      let delay = Infinity;
      runDay(days, at + CHECK_EVERY_MS, at + 60 * MIN, (now, warnings) => {
        const found = warnings.some((w) => w.kind === 'surge' && w.district === district && w.since === at);
        if (found) delay = now - at;
        return found;
      });
      console.log(`planted surge in ${district} from ${hhmm(at)} on test day ${i + 1}: found after ${delay === Infinity ? 'never' : `${delay / MIN} min`}`);
      delays.push(delay);
    }
    for (const d of delays) expect(d).toBeLessThanOrEqual(60 * MIN);
  }, 600_000);
});
