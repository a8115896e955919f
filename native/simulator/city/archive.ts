import { dayBounds, offsetMs } from '../../common/day.ts';
import type { Call, District, Incident } from '../../protocol/entities.ts';
import { SUPERVISION_MS } from '../supervision.ts';
import { formatTime, seededRandom } from '../time.ts';
import type { Random } from '../types.ts';
import { buildAddressBase, type AddressBase } from './address-base.ts';
import { callCourse, LINES, type Line } from './calls.ts';
import { CALLS_PER_DAY, CALL_INCIDENT_SHARE, CATALOGUE, OTHER_PER_DAY, pick, type CategoryDef, type Source } from './categories.ts';
import { between, expo } from './context.ts';
import { HOURLY_WEIGHTS, weightAt } from './day-curve.ts';
import { responsible } from './departments.ts';
import { DistrictMap } from './district-map.ts';
import { maskedPhone, surname } from './people.ts';
import { Places, type Place } from './place.ts';

/**
 * The city's past: ordinary days of calls and incidents behind the live one,
 * enough weeks for an early-warning baseline (issue 14). A day is a pure
 * function of (seed, dayStart, tz, rate): it is never stored, only made
 * again when needed (a kept demo city records which days it delivered, and
 * regenerates them for a snapshot after a restart).
 *
 * Each hour of a day is drawn from its own dice (seed, day, hour), so an
 * hour is the same whether the day is made whole or up to `until`, and ids
 * carry the day and the hour: `arc-inc-20261101-09-0003`,
 * `arc-call-20261101-09-0042` — never the live city's shapes (`inc-2026-…`,
 * `call-20261101-…`).
 *
 * Volumes and shapes are the live city's: calls per line by the day curve,
 * answered or abandoned as callCourse has it, a line's share of answered
 * calls filed as an incident of its catalogue in the district the caller was
 * located in; the other sources at their daily rates. Incidents are long
 * handled: closed, with the departments their category goes to, the
 * supervision deadline of their priority, the call linked both ways; no
 * events (their histories would be most of a day's entities and no console
 * reads a month-old timeline). Not modelled here: duplicate callers and
 * merges, cancelled false alarms, photos of volunteer and video reports
 * (attachments are the platform's files), volunteer reporters' ids.
 */

const HOUR_MS = 3_600_000;
const OTHER_SOURCES = Object.keys(OTHER_PER_DAY) as (keyof typeof OTHER_PER_DAY)[];
const isLine = (s: Source): s is Line => (LINES as readonly string[]).includes(s);
const MIN = 60_000;

/** The address base and the map, built once per process (the same for every city: address-base.ts's own seed). */
let shared: { map: DistrictMap; base: AddressBase; places: Places; dice: { random: Random } } | null = null;
export function cityAddressBase(): { map: DistrictMap; base: AddressBase } {
  return sharedCity();
}

/**
 * One Places for every archived hour, drawing from the hour's dice: Places
 * learns which main roads cross each district on first use, which cost more
 * than an hour's calls when made anew for each hour.
 */
function sharedCity(): NonNullable<typeof shared> {
  if (!shared) {
    const map = new DistrictMap();
    const base = buildAddressBase(map);
    const dice = { random: Math.random };
    shared = { map, base, dice, places: new Places(base.locator, () => dice.random()) };
  }
  return shared;
}

export interface ArchiveDayOptions {
  seed: number;
  /** The local midnight the day begins at (epoch ms). */
  dayStart: number;
  tz: string;
  /** Load multiplier (default 1, an ordinary day). */
  rate?: number;
  /** Nothing received at or after this (epoch ms): a day made up to a moment. */
  until?: number;
}

export interface ArchivedDay {
  calls: Call[];
  incidents: Incident[];
}

/** One ordinary day of the city: its calls and its (long closed) incidents, sorted by time. */
export function archiveDay(o: ArchiveDayOptions): ArchivedDay {
  const out: ArchivedDay = { calls: [], incidents: [] };
  for (const part of archiveHours(o)) {
    out.calls.push(...part.calls);
    out.incidents.push(...part.incidents);
  }
  return out;
}

/** The day an hour at a time (what archiveDay joins): a running demo delivers it in slices. */
export function* archiveHours(o: ArchiveDayOptions): Generator<ArchivedDay> {
  const { end } = dayBounds(o.dayStart, o.tz);
  const to = Math.min(end, o.until ?? Infinity);
  for (let hour = 0, from = o.dayStart; from < to; hour++, from += HOUR_MS) yield archiveHour(o, hour, from, Math.min(from + HOUR_MS, to));
}

/** Hour `hour` of the day (its own dice), [from, to). */
export function archiveHour(o: ArchiveDayOptions, hour: number, from: number, to: number): ArchivedDay {
  const random = seededRandom(
    (Math.imul(o.seed ^ 0x41524348, 0x9e3779b1) ^ Math.imul(Math.floor(o.dayStart / MIN) + hour, 0x85ebca6b)) >>> 0,
  );
  const writer = new ArchiveWriter(
    o.tz,
    random,
    `${formatTime(o.dayStart, o.tz).slice(0, 10).replaceAll('-', '')}-${String(hour).padStart(2, '0')}`,
  );
  const rate = o.rate ?? 1;
  // Every arrival of the hour first, then each in time order up to `to`: the dice an hour has used at any moment do not depend on where it is cut.
  const arrivals: { at: number; source: Source }[] = [];
  const offset = offsetMs(from, o.tz);
  for (const line of LINES)
    for (const at of hourArrivals(random, CALLS_PER_DAY[line] * rate, from, offset)) arrivals.push({ at, source: line });
  for (const source of OTHER_SOURCES)
    for (const at of hourArrivals(random, OTHER_PER_DAY[source] * rate, from, offset)) arrivals.push({ at, source });
  arrivals.sort((a, b) => a.at - b.at);
  for (const { at, source } of arrivals) {
    if (at >= to) break;
    if (isLine(source)) {
      writer.call(source, at, writer.places.district());
      continue;
    }
    const def = pick(CATALOGUE[source], random());
    writer.incident({ source, def, at, place: def.onRoad ? writer.places.onRoad() : writer.places.anywhere() });
  }
  return writer.day();
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const WEIGHT_SUM = HOURLY_WEIGHTS.reduce((a, b) => a + b, 0);
const WEIGHT_PEAK = Math.max(...HOURLY_WEIGHTS);

/**
 * The arrivals of `daily` a day in the hour from `from` (whose zone offset is
 * `offset`), by the day curve: arrivals.ts's thinning, with the hour's offset
 * looked up once (a zone changes its offset on the hour, if at all).
 */
function hourArrivals(random: Random, daily: number, from: number, offset: number): number[] {
  if (daily <= 0) return [];
  const mean = (WEIGHT_SUM * HOUR_MS) / (daily * WEIGHT_PEAK);
  const times: number[] = [];
  for (let t = from + expo(random, mean); t < from + HOUR_MS; t += expo(random, mean)) {
    const hour = ((((t + offset) / HOUR_MS) % 24) + 24) % 24;
    if (random() * WEIGHT_PEAK < weightAt(hour)) times.push(t);
  }
  return times;
}

/**
 * Writes archived entities: a call (with its incident when the call taker
 * files one) or an incident of another source, each closed as the live
 * city's lifecycle would have closed it. Ids count within `stem` (a day and
 * an hour, or a planted scenario's).
 */
export class ArchiveWriter {
  /** Places drawn from this writer's dice (while it writes: one writer at a time, as everything here is synchronous). */
  readonly places: Places;
  private readonly calls: Call[] = [];
  private readonly incidents: Incident[] = [];
  private n = { call: 0, incident: 0 };
  private readonly offsets = new Map<number, number>();
  private readonly zones = new Map<number, string>();
  private readonly dates = new Map<number, string>();

  constructor(
    private readonly tz: string,
    private readonly random: Random,
    private readonly stem: string,
  ) {
    const city = sharedCity();
    city.dice.random = random;
    this.places = city.places;
  }

  day(): ArchivedDay {
    return { calls: this.calls, incidents: this.incidents.sort((a, b) => Date.parse(a.reported_at) - Date.parse(b.reported_at)) };
  }

  /** A call received at `at` on `line`, located in `district`; `filing` forces what it is filed as (a planted cluster). */
  call(line: Line, at: number, district: District, filing?: { def: CategoryDef; place: Place }): void {
    const r = this.random;
    const id = `arc-call-${this.stem}-${String(++this.n.call).padStart(4, '0')}`;
    const phone = maskedPhone(r);
    const course = callCourse(line, r);
    const call: Call = { id, rev: 1, line, received_at: this.time(at), caller_phone: phone, district };
    this.calls.push(call);
    if (course.abandoned && !filing) {
      call.ended_at = this.time(at + course.ringMs);
      return;
    }
    const { answerMs, talkMs } = course.abandoned ? { answerMs: 5_000, talkMs: 120_000 } : course;
    call.answered_at = this.time(at + answerMs);
    call.ended_at = this.time(at + answerMs + talkMs);
    if (!filing && r() >= CALL_INCIDENT_SHARE[line]) return;
    const def = filing?.def ?? pick(CATALOGUE[line], r());
    const place = filing?.place ?? (def.onRoad ? this.places.onRoad(district) : this.places.anywhere(district));
    const caller = { name: `${surname(r)}${r() < 0.5 ? '先生' : '女士'}`, phone };
    call.incident = this.incident({ source: line, def, at: at + answerMs + Math.min(talkMs * 0.6, 120_000), place, call: id, caller });
    call.district = place.district;
  }

  /** An incident reported at `at`, closed since; returns its id. */
  incident(n: {
    source: Source;
    def: CategoryDef;
    at: number;
    place: Place;
    call?: string;
    caller?: { name: string; phone: string };
  }): string {
    const r = this.random;
    const id = `arc-inc-${this.stem}-${String(++this.n.incident).padStart(4, '0')}`;
    const priority = (r() < 0.1 ? Math.min(4, n.def.priority + 1) : n.def.priority) as 1 | 2 | 3 | 4;
    const title = n.def.titles[Math.floor(r() * n.def.titles.length)]!;
    const startsHigh = n.source === '110' || n.source === '119' || n.source === '122' || n.source === 'video';
    let level = startsHigh ? 2 : 0;
    if (r() < (n.def.escalates ?? 0.03)) level = Math.min(3, level + 1 + (r() < 0.3 ? 1 : 0));
    const reported = this.time(n.at);
    const closedAt = n.at + this.course(priority);
    const incident: Incident = {
      id,
      rev: 1,
      source: n.source,
      category: n.def.code,
      priority,
      status: 'closed',
      level: (['community', 'street', 'district', 'city'] as const)[level]!,
      title,
      description: `${n.place.address}：${title}。`,
      address: n.place.address,
      lat: n.place.lat,
      lng: n.place.lng,
      district: n.place.district,
      street: n.place.street,
      community: n.place.community,
      departments: [...new Set(n.def.departments.map((k) => responsible(k, n.place.district, n.place.street)))],
      volunteers: [],
      reported_at: reported,
      updated_at: this.time(closedAt),
      // dueAt's deadline (supervision.ts), written with the report's offset as dueAt writes it.
      due_at: this.time(n.at + SUPERVISION_MS[priority], n.at),
      attachments: [],
    };
    if (n.call) incident.call = n.call;
    if (n.caller) incident.caller = n.caller;
    if (n.place.road) incident.road = n.place.road.id;
    this.incidents.push(incident);
    return id;
  }

  /**
   * How long the incident took from report to close, by the live city's
   * steps (incidents.ts): intake, verification, acceptance, travel, handling,
   * the chief's close; one in eleven stalls past its deadline.
   */
  private course(priority: number): number {
    const r = this.random;
    const urgent = priority === 1;
    const slow = priority >= 3;
    let ms = urgent ? between(r, 20_000, 90_000) : between(r, 40_000, 4 * MIN);
    if (!urgent && r() < 0.8) ms += between(r, MIN, slow ? 20 * MIN : 6 * MIN);
    ms += slow ? between(r, 5 * MIN, 45 * MIN) : between(r, MIN, 4 * MIN);
    ms += [0, between(r, 3, 12), between(r, 6, 25), between(r, 20, 90), between(r, 60, 240)][priority]! * MIN;
    ms += [0, between(r, 15, 60), between(r, 20, 90), between(r, 30, 180), between(r, 60, 360)][priority]! * MIN;
    if (r() < 0.09) ms += [0, 30, 120, 1440, 4320][priority]! * MIN + between(r, 20 * MIN, 5 * HOUR_MS);
    return ms + between(r, 20 * MIN, 3 * HOUR_MS);
  }

  /**
   * `ms` as the spec's Time, with the zone's offset at `zoneAt` (default
   * `ms`): formatTime's text, built from cached pieces (the offset per
   * quarter hour, the date per day) — a Date per time was a sixth of a day's making.
   */
  private time(ms: number, zoneAt = ms): string {
    const quarter = Math.floor(zoneAt / 900_000);
    let offset = this.offsets.get(quarter);
    if (offset === undefined) this.offsets.set(quarter, (offset = offsetMs(zoneAt, this.tz)));
    let zone = this.zones.get(offset);
    if (zone === undefined) this.zones.set(offset, (zone = formatTime(zoneAt, this.tz).slice(19)));
    const local = Math.floor(ms / 1000) + offset / 1000;
    const day = Math.floor(local / 86_400);
    let date = this.dates.get(day);
    if (date === undefined) this.dates.set(day, (date = new Date(day * 86_400_000).toISOString().slice(0, 11)));
    const s = local - day * 86_400;
    return `${date}${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}${zone}`;
  }
}
