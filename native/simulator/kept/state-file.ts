import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { localDate } from '../../common/day.ts';
import { isEntityKind } from '../../protocol/entities.ts';
import type { Logger } from '../../common/logger.ts';
import type { KeptCity } from '../city/city.ts';
import type { KeptLog } from '../log.ts';
import type { CommandRecord } from '../server.ts';

/**
 * The demo city kept between runs: one JSON file in the demo's folder of the
 * data dir. Written whole, to a temporary file then renamed over the last
 * one, so a run stopped mid-write leaves the last complete file; read whole.
 * A row per entity in SQLite would cost the same JSON per entity and more
 * per row; one JSON.stringify and one JSON.parse are as fast as it gets for
 * a file read once per start. Measured on the 2-core machine under a load
 * average of 30 (CPU time): a full day at rate 1 (34,000 entities, 8 MB)
 * saves in 0.25–0.37 s and loads in 0.25 s, restored in 0.03–0.08 s; a full
 * day at rate 20 (330,000 entities, 88 MB) saves in 4.6–5.6 s and loads in
 * 3.9–5.1 s, restored in 0.6–0.8 s. A journal of the changes since the last
 * whole save would make the minutely and closing saves cheap at rate 20.
 */

export const KEPT_FILE = 'platform-state.json';
export const KEPT_FORMAT = 'egret-demo-city';
/** Bumped whenever what is kept changes its meaning: a file of another version is set aside. */
export const KEPT_VERSION = 1;

/**
 * How old a kept city may be and still go on: from the same day of the
 * city, and at most six hours. The day, because today's counters, the hourly
 * chart and its "yesterday" line are per city day: a city kept yesterday
 * would carry yesterday's incidents as today's. Six hours, because the time
 * the demo was away is made in the background as a new city's earlier hours
 * are (city/history.ts): past six hours that costs about what a new city's
 * day costs, and in life what was open six hours ago is long handled.
 */
export const KEPT_MAX_AGE_MS = 6 * 3_600_000;

/** The options that shape a city: a kept one made with others is not this city. */
export interface CityShape {
  seed: number;
  rate: number;
  load: boolean;
  tz: string;
  /** null: the default for `load`. */
  volunteersOnDuty: number | null;
}

export type KeptAttachment = { id: string; seed: number } | { id: string; mime: string; base64: string };

/** The platform as kept: its log (entities, head, tail), the command ledger, the attachments. */
export interface KeptPlatform extends KeptLog {
  commands: CommandRecord[];
  attachments: KeptAttachment[];
}

export interface KeptState {
  format: typeof KEPT_FORMAT;
  version: typeof KEPT_VERSION;
  shape: CityShape;
  /**
   * Written at a clean close: the platform's head is the last seq it ever
   * sent. Else written by the minutely save of a run that went on after it
   * (and may have sent consoles changes past the kept head). Read as false
   * when a run went on from the file and did not close cleanly (runningFile).
   */
  clean: boolean;
  /** The wall clock at the save (for people reading the file). */
  savedAt: string;
  platform: KeptPlatform;
  city: KeptCity;
}

export const keptFile = (dir: string) => join(dir, KEPT_FILE);
/**
 * Present while a run that keeps its city in `dir` is running, removed once
 * its clean close has kept it: a run that finds it ended otherwise, whatever
 * the kept file says (it may be the clean close of the run before, which a
 * run that then crashed had gone on from).
 */
export const runningFile = (dir: string) => join(dir, KEPT_FILE.replace(/\.json$/, '.running'));

/** Notes that a run keeping its city in `dir` is running (see runningFile). */
export function markRunning(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(runningFile(dir), `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
}

/** The run closed cleanly, its city kept. */
export function markStopped(dir: string): void {
  rmSync(runningFile(dir), { force: true });
}

/** Writes `state` to `dir` atomically: a temporary file, flushed, then renamed over the last one. Returns the bytes written. */
export async function writeKeptState(dir: string, state: KeptState): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(state);
  const file = keptFile(dir);
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  return Buffer.byteLength(text);
}

/**
 * The city kept in `dir`, if there is one this run may continue: made with
 * `shape`, kept on the city day of `now` no later than `now` and at most
 * KEPT_MAX_AGE_MS before it. One it may not continue — unreadable, from
 * another version, other options, the future of the clock, too old — is set
 * aside (renamed beside it, never deleted) with a log line saying why, and
 * null is returned: a new city is made.
 */
export function readKeptState(dir: string, expect: { shape: CityShape; now: number; logger: Logger }): KeptState | null {
  const file = keptFile(dir);
  if (!existsSync(file)) return null;
  const refuse = (reason: string): null => {
    setKeptAside(dir, reason, expect.logger);
    return null;
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return refuse(`unreadable: ${(error as Error).message}`);
  }
  const top = raw as Partial<KeptState> | null;
  if (typeof top !== 'object' || top === null || top.format !== KEPT_FORMAT) return refuse('not a kept demo city');
  if (top.version !== KEPT_VERSION)
    return refuse(`kept by another version (format ${String(top.version)}, this one reads ${KEPT_VERSION})`);
  const broken = structureProblem(top);
  if (broken) return refuse(`damaged: ${broken}`);
  const state = top as KeptState;
  const other = shapeDifference(state.shape, expect.shape);
  if (other) return refuse(`made with other options: ${other}`);
  const { time } = state.city;
  const tz = expect.shape.tz;
  if (time > expect.now)
    return refuse(`its time ${new Date(time).toISOString()} is after the clock's ${new Date(expect.now).toISOString()}`);
  if (localDate(time, tz) !== localDate(expect.now, tz) || expect.now - time > KEPT_MAX_AGE_MS) {
    return refuse(`kept at ${new Date(time).toISOString()}: not the same city day, or more than ${KEPT_MAX_AGE_MS / 3_600_000} h ago`);
  }
  // A run that went on from this file and then ended without its clean close may have sent consoles changes past its head.
  return existsSync(runningFile(dir)) ? { ...state, clean: false } : state;
}

/** Renames the kept city aside (never deletes it: someone may want to see why) and says so; the next run makes a new one. */
export function setKeptAside(dir: string, reason: string, logger: Logger): void {
  const file = keptFile(dir);
  const aside = join(dir, `${KEPT_FILE.replace(/\.json$/, '')}.set-aside-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  try {
    renameSync(file, aside);
    logger.warn(`demo: the kept city is set aside (${reason}); a new city is made`, { reason, setAside: aside });
  } catch (error) {
    logger.warn(`demo: the kept city cannot go on (${reason}) nor be set aside; a new city is made`, {
      reason,
      file,
      error: String(error),
    });
  }
}

function shapeDifference(kept: CityShape, wanted: CityShape): string | null {
  const keys = Object.keys(wanted) as (keyof CityShape)[];
  const differ = keys.filter((k) => kept[k] !== wanted[k]);
  return differ.length ? differ.map((k) => `${k} ${String(kept[k])} → ${String(wanted[k])}`).join(', ') : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isSpan = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');

/** What is wrong with a kept state's structure (what restoring relies on), or null. Entities' data are the platform's own, not checked again. */
function structureProblem(s: Partial<KeptState>): string | null {
  if (!isObject(s.shape)) return 'no shape';
  const p = s.platform;
  if (!isObject(p)) return 'no platform';
  if (!isCount(p.head)) return 'no head';
  if (!Array.isArray(p.entities)) return 'no entities';
  for (const group of p.entities) {
    if (!isObject(group) || !isEntityKind(group.kind) || !Array.isArray(group.items)) return 'an entity group is malformed';
    for (const item of group.items)
      if (!isObject(item) || typeof item.id !== 'string' || !isCount(item.rev)) return `a ${group.kind} is malformed`;
  }
  if (
    !Array.isArray(p.tombstones) ||
    !p.tombstones.every((t) => isObject(t) && isEntityKind(t.kind) && typeof t.id === 'string' && isCount(t.rev))
  )
    return 'tombstones';
  if (!Array.isArray(p.log) || !p.log.every((e) => isObject(e) && isObject(e.change) && isCount(e.change.seq))) return 'the log';
  // The tail runs by one up to the head (ChangeLog.restore relies on it).
  if (!p.log.every((e, i) => e.change.seq === p.head - p.log.length + 1 + i)) return "the log's seqs";
  if (!Array.isArray(p.commands) || !p.commands.every((c) => isObject(c) && typeof c.id === 'string' && isObject(c.result)))
    return 'the command ledger';
  if (!Array.isArray(p.attachments) || !p.attachments.every((a) => isObject(a) && typeof a.id === 'string')) return 'attachments';
  const c = s.city;
  if (!isObject(c)) return 'no city';
  if (typeof c.time !== 'number' || !Number.isFinite(c.time) || typeof c.historyFrom !== 'number') return "the city's time";
  const ids = c.ids as unknown;
  if (!isObject(ids) || !['incident', 'event', 'call', 'attachment'].every((k) => isCount(ids[k])) || !isObject(c.stats))
    return "the city's counters";
  if (!Array.isArray(c.plans) || !c.plans.every((x) => isObject(x) && typeof x.id === 'string')) return "the incidents' plans";
  const h = c.history;
  if (!isObject(h) || !(h.yesterday === null || isSpan(h.yesterday)) || !Array.isArray(h.today) || !h.today.every(isSpan))
    return 'the history';
  if (!Array.isArray(c.blockedRoads) || !c.blockedRoads.every(isSpanLike)) return 'blocked roads';
  const isTask = (t: unknown) =>
    isObject(t) &&
    typeof t.volunteer === 'string' &&
    typeof t.incident === 'string' &&
    isSpan(t.to) &&
    typeof t.arriveAt === 'number' &&
    typeof t.doneAt === 'number';
  if (!Array.isArray(c.tasks) || !c.tasks.every(isTask)) return "volunteers' tasks";
  return null;
}

const isSpanLike = (v: unknown) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';
