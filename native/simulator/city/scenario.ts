import type { Call, District, Incident } from '../../protocol/entities.ts';
import { formatTime, seededRandom } from '../time.ts';
import type { Random } from '../types.ts';
import { cityAddressBase, ArchiveWriter, type ArchivedDay } from './archive.ts';
import type { Line } from './calls.ts';
import { CALLS_PER_DAY, CATALOGUE, type CategoryDef, type Source } from './categories.ts';
import { HOURLY_WEIGHTS, localMidnight, rateAt, weightAt, localHour } from './day-curve.ts';
import { distanceM, type LatLng } from './geo.ts';
import { DISTRICT_LIST } from './geography.ts';
import { nearestStreet } from './locator.ts';
import { Places, type Place } from './place.ts';

/**
 * Scenario switches (issue 14): what the city is made to do on purpose so
 * the early warnings have something to find. `normal` plants nothing. A
 * cluster is `count` incidents of one category family within `radiusM` of
 * each other over `spanH` hours, its last at `at`, around an ordinary
 * address of a district (a random one of its addresses, not its busiest
 * place). A surge multiplies one district's calls (of one line, or all) by
 * `factor` for `hours` from `at`: the extra calls arrive as the district's
 * own do within those hours (the day curve), a line's share of them filed as
 * incidents as any call.
 *
 * planScenario says when and where, from the seed alone; the live city
 * makes the planned calls and incidents itself (ordinary live ones, with
 * their events and lifecycle: city.ts), and plantScenario adds them to an
 * archived day as archive.ts writes them (closed).
 */

export type Scenario =
  | { kind: 'normal' }
  | { kind: 'cluster'; at: number; family?: string; count?: number; radiusM?: number; spanH?: number; district?: string }
  | { kind: 'surge'; at: number; district: string; factor?: number; hours?: number; line?: '110' | '119' | '122' | '12345' };

export const CLUSTER_DEFAULTS = { family: 'criminal.theft', count: 4, radiusM: 500, spanH: 6 } as const;
export const SURGE_DEFAULTS = { factor: 2, hours: 1 } as const;

/** A planted call: on `line` at `at` from `district`; with `filing`, filed as that incident (a cluster's). */
export interface PlantedCall {
  at: number;
  line: Line;
  district: District;
  filing?: { def: CategoryDef; place: Place };
}

const HOUR_MS = 3_600_000;
const LINES_ALL: readonly Line[] = ['110', '119', '122', '12345'];

/**
 * When and where a scenario's calls come, from `seed`. `earliest`: nothing
 * before it — a cluster's earlier incidents are drawn closer together (still
 * within its span) when its span would start before it (a live city planting
 * a cluster a minute after it starts: its first incidents in the hour it
 * simulated before serving). `rate` scales a surge's extra calls when
 * `observed` (the district's calls already in the surge's hours) is not given.
 */
export function planScenario(
  scenario: Scenario,
  seed: number,
  o: { tz: string; rate?: number; earliest?: number; observed?: (line: Line) => number },
): PlantedCall[] {
  if (scenario.kind === 'normal') return [];
  const random = seededRandom((Math.imul(seed ^ 0x5343454e, 0x9e3779b1) ^ Math.floor(scenario.at / 60_000)) >>> 0);
  return scenario.kind === 'cluster' ? planCluster(scenario, random, o.earliest ?? -Infinity) : planSurge(scenario, random, o);
}

function planCluster(s: Extract<Scenario, { kind: 'cluster' }>, random: Random, earliest: number): PlantedCall[] {
  const family = s.family ?? CLUSTER_DEFAULTS.family;
  const count = s.count ?? CLUSTER_DEFAULTS.count;
  const radiusM = s.radiusM ?? CLUSTER_DEFAULTS.radiusM;
  const spanH = s.spanH ?? CLUSTER_DEFAULTS.spanH;
  if (!Number.isInteger(count) || count < 1) throw new Error(`scenario: a cluster needs a count of at least 1, not ${count}`);
  if (!(radiusM > 0) || !(spanH > 0)) throw new Error('scenario: a cluster needs a positive radius and span');
  const found = callLineOf(family);
  if (!found) throw new Error(`scenario: no line files incidents of the family ${JSON.stringify(family)}`);
  const district = s.district ? knownDistrict(s.district) : DISTRICT_LIST[Math.floor(random() * DISTRICT_LIST.length)]!.code;
  const { map, base } = cityAddressBase();
  const addresses = base.places.filter((p) => p.kind === 'address' && p.district === district);
  const centre = addresses[Math.floor(random() * addresses.length)]!;
  const places = new Places(base.locator, random);
  // Every pair within the radius: each point within 0.4 of it from the centre.
  const spread = Math.max(0, Math.min(0.8 * spanH * HOUR_MS, s.at - earliest));
  const out: PlantedCall[] = [];
  for (let i = 0; i < count; i++) {
    const at = count === 1 ? s.at : s.at - (spread * (count - 1 - i)) / (count - 1);
    const point = pointNear(map, district, [centre.lat, centre.lng], radiusM * 0.4, random);
    const def = found.defs[Math.floor(random() * found.defs.length)]!;
    const place = places.at(district, nearestStreet(district, point), point);
    out.push({ at, line: found.line, district, filing: { def, place } });
  }
  return out;
}

function planSurge(
  s: Extract<Scenario, { kind: 'surge' }>,
  random: Random,
  o: { tz: string; rate?: number; observed?: (line: Line) => number },
): PlantedCall[] {
  const district = knownDistrict(s.district);
  const factor = s.factor ?? SURGE_DEFAULTS.factor;
  const hours = s.hours ?? SURGE_DEFAULTS.hours;
  if (!(factor >= 1) || !(hours > 0)) throw new Error('scenario: a surge needs a factor of at least 1 and positive hours');
  const share = districtShare(district);
  const from = s.at;
  const to = s.at + hours * HOUR_MS;
  const out: PlantedCall[] = [];
  for (const line of s.line ? [knownLine(s.line)] : LINES_ALL) {
    const daily = CALLS_PER_DAY[line] * (o.rate ?? 1) * share;
    const base = o.observed?.(line) ?? expectedBetween(daily, o.tz, from, to);
    const extra = Math.round((factor - 1) * base);
    // The extra calls fall within the hours as the district's own do: times drawn by thinning from the day curve.
    const peak = Math.max(...HOURLY_WEIGHTS);
    for (let n = 0; n < extra;) {
      const at = from + random() * (to - from);
      if (random() * peak < weightAt(localHour(at, o.tz))) {
        out.push({ at, line, district });
        n++;
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Adds a scenario's calls and incidents to an archived day (archive.ts's
 * entities, closed; ids `arc-…-s<minute>-…`, apart from the day's own). A
 * surge multiplies the district's calls the day already has in its hours.
 */
export function plantScenario(day: ArchivedDay, scenario: Scenario, seed: number, tz: string, rate = 1): ArchivedDay {
  if (scenario.kind === 'normal') return { calls: [...day.calls], incidents: [...day.incidents] };
  const from = scenario.at;
  const to = scenario.kind === 'surge' ? from + (scenario.hours ?? SURGE_DEFAULTS.hours) * HOUR_MS : from;
  const observed =
    scenario.kind === 'surge' && day.calls.length
      ? (line: Line) =>
          day.calls.filter((c) => c.line === line && c.district === scenario.district && inSpan(Date.parse(c.received_at), from, to)).length
      : undefined;
  const planted = planScenario(scenario, seed, { tz, rate, ...(observed ? { observed } : {}) });
  const stem = `${formatTime(localMidnight(scenario.at, tz), tz).slice(0, 10).replaceAll('-', '')}-s${Math.floor(scenario.at / 60_000)}`;
  const writer = new ArchiveWriter(tz, seededRandom((seed ^ Math.floor(scenario.at / 60_000)) >>> 0), stem);
  for (const p of planted) writer.call(p.line, p.at, p.district, p.filing);
  const added = writer.day();
  const byTime =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      Date.parse(key(a)) - Date.parse(key(b));
  return {
    calls: [...day.calls, ...added.calls].sort(byTime<Call>((c) => c.received_at)),
    incidents: [...day.incidents, ...added.incidents].sort(byTime<Incident>((i) => i.reported_at)),
  };
}

/**
 * `normal`, `cluster[:<family>][@HH:MM]`, `surge:<district>[:<line>][@HH:MM]`
 * as `egret simulate --scenario` takes them. Without a time: a cluster's last
 * incident, a surge's start, a minute after `now`; with one, that local time
 * today (of `now`, in `tz`).
 */
export function parseScenario(text: string, now: number, tz: string): Scenario {
  const [body, time, more] = text.trim().split('@');
  if (more !== undefined) throw new Error(`scenario ${JSON.stringify(text)}: one @time at most`);
  const parts = body!.split(':');
  const at = time === undefined ? now + 60_000 : atLocalTime(time, now, tz, text);
  switch (parts[0]) {
    case 'normal':
      if (parts.length > 1 || time !== undefined) throw new Error(`scenario ${JSON.stringify(text)}: normal takes nothing more`);
      return { kind: 'normal' };
    case 'cluster': {
      if (parts.length > 2) throw new Error(`scenario ${JSON.stringify(text)}: cluster[:<family>][@HH:MM]`);
      const family = parts[1];
      if (family !== undefined && !callLineOf(family))
        throw new Error(`scenario ${JSON.stringify(text)}: no line files incidents of ${JSON.stringify(family)}`);
      return { kind: 'cluster', at, ...(family ? { family } : {}) };
    }
    case 'surge': {
      if (parts.length < 2 || parts.length > 3) throw new Error(`scenario ${JSON.stringify(text)}: surge:<district>[:<line>][@HH:MM]`);
      const district = knownDistrict(parts[1]!);
      return { kind: 'surge', at, district, ...(parts[2] ? { line: knownLine(parts[2]) } : {}) };
    }
    default:
      throw new Error(`scenario ${JSON.stringify(text)}: normal, cluster[:<family>][@HH:MM] or surge:<district>[:<line>][@HH:MM]`);
  }
}

function atLocalTime(hhmm: string, now: number, tz: string, text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`scenario ${JSON.stringify(text)}: the time is HH:MM`);
  return localMidnight(now, tz) + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** The call line whose catalogue files the family (its code or a code under it), and those categories. */
function callLineOf(family: string): { line: Line; defs: CategoryDef[] } | null {
  for (const line of LINES_ALL) {
    const defs = CATALOGUE[line as Source].filter((d) => d.code === family || d.code.startsWith(`${family}.`));
    if (defs.length) return { line, defs };
  }
  return null;
}

function knownDistrict(code: string): District {
  const d = DISTRICT_LIST.find((x) => x.code === code);
  if (!d) throw new Error(`scenario: no district ${JSON.stringify(code)} (${DISTRICT_LIST.map((x) => x.code).join(', ')})`);
  return d.code;
}

function knownLine(line: string): Line {
  if (!(LINES_ALL as readonly string[]).includes(line))
    throw new Error(`scenario: no line ${JSON.stringify(line)} (${LINES_ALL.join(', ')})`);
  return line as Line;
}

function districtShare(code: District): number {
  const total = DISTRICT_LIST.reduce((s, d) => s + d.weight, 0);
  return DISTRICT_LIST.find((d) => d.code === code)!.weight / total;
}

/** Expected arrivals in [from, to) for `daily` a day on the day curve (by the minute). */
function expectedBetween(daily: number, tz: string, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t += 60_000) sum += rateAt(t + 30_000, tz, daily) * Math.min(60_000, to - t);
  return sum;
}

function inSpan(t: number, from: number, to: number): boolean {
  return t >= from && t < to;
}

function pointNear(
  map: { contains(d: District, p: LatLng): boolean },
  district: District,
  centre: LatLng,
  maxM: number,
  random: Random,
): LatLng {
  for (let i = 0; i < 50; i++) {
    const r = maxM * Math.sqrt(random());
    const a = 2 * Math.PI * random();
    const p: LatLng = [
      centre[0] + (r * Math.cos(a)) / 111_320,
      centre[1] + (r * Math.sin(a)) / (111_320 * Math.cos((centre[0] * Math.PI) / 180)),
    ];
    if (map.contains(district, p) && distanceM(centre, p) <= maxM) return p;
  }
  return centre;
}
