import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { localDate } from '../../common/day.ts';
import { isEntityKind } from '../../protocol/entities.ts';
import type { Logger } from '../../common/logger.ts';
import type { KeptCity } from '../city/city.ts';
import type { KeptLog, KeptLogHead } from '../log.ts';
import type { CommandRecord } from '../server.ts';
import type { EntityKind } from '../types.ts';
import { LineReader } from './line-reader.ts';

/**
 * The demo city kept between runs: one file of JSON lines in the demo's
 * folder of the data dir, written whole to a temporary file then renamed
 * over the last one, so a run stopped mid-write leaves the last complete
 * file. Its first lines are what a console resuming needs (the head, the
 * command ledger, the city's plans, then the log's tail), the entities — the
 * bulk — follow, LINE_ITEMS to a line: a run answers consoles that resume by
 * replay once the first lines are in, and reads the entities a line at a
 * time, answering frames between two (demo.ts).
 *
 * Version 1 was one JSON document read in one piece: at rate 20 (330,000
 * entities, 88 MB) 3.9–5.1 s of the demo's thread under load before it
 * answered any console. The entities of such a file (331,033, 86 MB) read
 * back in each format, three rounds in one process, as ratios to one
 * JSON.parse of one file (bench/kept-format.bench.ts, two runs on the
 * 2-core machine at load averages of 5–22, so only the ratios mean
 * anything): a file per kind ×0.77/×1.31, a JSON line per entity
 * ×0.42/×0.70, a JSON line per 2,000 entities ×0.64/×0.79, one
 * v8.deserialize ×0.60/×1.20, v8.deserialize per 2,000 ×0.35/×0.77. No
 * format is clearly fastest in total; what matters is the longest piece of
 * the thread: the whole file, or a kind (the file per kind) against a line.
 * Lines of 2,000 entities held it least (106/272 ms at those loads; v8 per
 * 2,000 189/703 ms) and stay plain text.
 */

export const KEPT_FILE = 'platform-state.ndjson';
/** Where version 1 kept its city (one JSON document): set aside unread at the first start of this version. */
export const KEPT_FILE_V1 = 'platform-state.json';
export const KEPT_FORMAT = 'egret-demo-city';
/**
 * Bumped whenever what is kept changes its meaning: a file of another version is set aside.
 * 3: the archive (city/archive-delivery.ts) — its days' progress kept, its entities not (made again from the seed).
 */
export const KEPT_VERSION = 3;
/** Log entries or entities per line: each line is parsed in one piece of the thread. */
const LINE_ITEMS = 2_000;
/**
 * Kinds whose lines come first: the demo's media server asks for a camera on
 * every stream request (404 for one it does not know), and a warm start's
 * camera wall asks at once, while the other entities still load.
 */
const READ_FIRST: readonly EntityKind[] = ['camera'];

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

/** The platform as read first: its head, log tail and tombstones, the command ledger, the attachments. */
export interface KeptPlatformHead extends KeptLogHead {
  commands: CommandRecord[];
  attachments: KeptAttachment[];
}

/** The platform as kept: its head part and every entity. */
export interface KeptPlatform extends KeptPlatformHead {
  entities: KeptLog['entities'];
}

/** Some of the kept entities of one kind, as read (a line of the file). */
export interface KeptEntities {
  kind: EntityKind;
  items: Record<string, unknown>[];
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

/** What is read first of a kept city: all of it but the entities. */
export interface KeptHead extends Omit<KeptState, 'platform'> {
  platform: KeptPlatformHead;
}

/** A kept city this run may continue, being read: its head, then its entities a line at a time. */
export interface KeptReading {
  head: KeptHead;
  /** The entities, a line at a time; throws on a line that is unreadable or malformed (the file is then no good). */
  entities(): AsyncGenerator<KeptEntities>;
  /** Closes the file (once its entities are read, or given up). */
  close(): Promise<void>;
}

/** The first line of the file: the head but the log's tail, and how the rest is laid out. */
interface HeaderLine extends Omit<KeptHead, 'platform'> {
  platform: Omit<KeptPlatformHead, 'log'>;
  /** How many lines of the log's tail, then of entities, follow. */
  lines: { log: number; entities: number };
  /** The bytes of the lines after this one: a file of another length was cut short (or added to). */
  bodyBytes: number;
}

export const keptFile = (dir: string) => join(dir, KEPT_FILE);
/**
 * Present while a run that keeps its city in `dir` is running, removed once
 * its clean close has kept it: a run that finds it ended otherwise, whatever
 * the kept file says (it may be the clean close of the run before, which a
 * run that then crashed had gone on from).
 */
export const runningFile = (dir: string) => join(dir, 'platform-state.running');

/** Notes that a run keeping its city in `dir` is running (see runningFile). */
export function markRunning(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(runningFile(dir), `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
}

/** The run closed cleanly, its city kept. */
export function markStopped(dir: string): void {
  rmSync(runningFile(dir), { force: true });
}

/** A turn of the event loop: the demo's thread answers frames between two pieces of a long job. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes `state` to `dir` atomically: a temporary file, flushed, then renamed
 * over the last one. Serialised a line at a time, the thread answering frames
 * between two (what `state` holds is not changed meanwhile: the platform
 * replaces entities, never edits them). Returns the bytes written.
 */
export async function writeKeptState(dir: string, state: KeptState): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const { entities, log, ...platform } = state.platform;
  const body: string[] = [];
  for (let i = 0; i < log.length; i += LINE_ITEMS) body.push(JSON.stringify(log.slice(i, i + LINE_ITEMS)));
  const logLines = body.length;
  const first = (kind: EntityKind) => (READ_FIRST.includes(kind) ? 0 : 1);
  for (const { kind, items } of [...entities].sort((a, b) => first(a.kind) - first(b.kind))) {
    for (let i = 0; i < items.length; i += LINE_ITEMS) {
      body.push(JSON.stringify({ kind, items: items.slice(i, i + LINE_ITEMS) }));
      await nextTurn();
    }
  }
  const bodyBytes = body.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
  const header: HeaderLine = {
    format: state.format,
    version: state.version,
    shape: state.shape,
    clean: state.clean,
    savedAt: state.savedAt,
    city: state.city,
    platform,
    lines: { log: logLines, entities: body.length - logLines },
    bodyBytes,
  };
  const headLine = `${JSON.stringify(header)}\n`;
  const file = keptFile(dir);
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.write(headLine);
    // A few MB a write: not one string of the whole file.
    for (let i = 0; i < body.length; i += 8) await handle.write(`${body.slice(i, i + 8).join('\n')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  return Buffer.byteLength(headLine) + bodyBytes;
}

/**
 * The city kept in `dir`, if there is one this run may continue: made with
 * `shape`, kept on the city day of `now` no later than `now` and at most
 * KEPT_MAX_AGE_MS before it. Reads its head (everything but the entities)
 * and checks it whole; the entities are read after, by the caller. One it
 * may not continue — unreadable, cut short, from another version, other
 * options, the future of the clock, too old — is set aside (renamed beside
 * it, never deleted) with a log line saying why, and null is returned: a new
 * city is made. A version-1 file is set aside unread (reading it would hold
 * the thread the seconds this version saves).
 */
export async function readKeptState(dir: string, expect: { shape: CityShape; now: number; logger: Logger }): Promise<KeptReading | null> {
  if (existsSync(join(dir, KEPT_FILE_V1)))
    setKeptAside(dir, 'kept by version 1 of the demo (one JSON document), not read', expect.logger, KEPT_FILE_V1);
  const file = keptFile(dir);
  if (!existsSync(file)) return null;
  let handle: FileHandle | null = null;
  const refuse = async (reason: string): Promise<null> => {
    await handle?.close();
    setKeptAside(dir, reason, expect.logger);
    return null;
  };
  let header: HeaderLine;
  let lines: LineReader;
  try {
    handle = await open(file, 'r');
    lines = new LineReader(handle);
    const size = (await handle.stat()).size;
    header = JSON.parse((await lines.next()) ?? '') as HeaderLine;
    const top = header as Partial<HeaderLine> | null;
    if (typeof top !== 'object' || top === null || top.format !== KEPT_FORMAT) return await refuse('not a kept demo city');
    if (top.version !== KEPT_VERSION)
      return await refuse(`kept by another version (format ${String(top.version)}, this one reads ${KEPT_VERSION})`);
    const broken = headerProblem(top);
    if (broken) return await refuse(`damaged: ${broken}`);
    if (lines.consumed + header.bodyBytes !== size)
      return await refuse(`unreadable: ${size} bytes where its head says ${lines.consumed + header.bodyBytes} (cut short?)`);
  } catch (error) {
    return refuse(`unreadable: ${(error as Error).message}`);
  }
  const other = shapeDifference(header.shape, expect.shape);
  if (other) return refuse(`made with other options: ${other}`);
  const { time } = header.city;
  const tz = expect.shape.tz;
  if (time > expect.now)
    return refuse(`its time ${new Date(time).toISOString()} is after the clock's ${new Date(expect.now).toISOString()}`);
  if (localDate(time, tz) !== localDate(expect.now, tz) || expect.now - time > KEPT_MAX_AGE_MS) {
    return refuse(`kept at ${new Date(time).toISOString()}: not the same city day, or more than ${KEPT_MAX_AGE_MS / 3_600_000} h ago`);
  }
  const log: KeptPlatformHead['log'] = [];
  try {
    for (let i = 0; i < header.lines.log; i++) {
      const entries = JSON.parse((await lines.next()) ?? '') as unknown;
      if (!Array.isArray(entries)) return await refuse('damaged: the log');
      for (const entry of entries as KeptPlatformHead['log']) log.push(entry);
    }
  } catch (error) {
    return refuse(`unreadable: ${(error as Error).message}`);
  }
  const broken = logProblem(log, header.platform.head);
  if (broken) return refuse(`damaged: ${broken}`);

  const { lines: layout, bodyBytes: _bytes, platform, ...rest } = header;
  // A run that went on from this file and then ended without its clean close may have sent consoles changes past its head.
  const head: KeptHead = { ...rest, clean: rest.clean && !existsSync(runningFile(dir)), platform: { ...platform, log } };
  const opened = handle;
  return {
    head,
    async *entities() {
      for (let i = 0; i < layout.entities; i++) {
        const line = await lines.next();
        if (line === null) throw new Error(`the kept city ends after ${i} of its ${layout.entities} lines of entities`);
        const group = JSON.parse(line) as unknown;
        const broken = entitiesProblem(group);
        if (broken) throw new Error(`the kept city's entities, line ${i + 1}: ${broken}`);
        yield group as KeptEntities;
      }
    },
    close: () => opened.close(),
  };
}

/** Renames the kept city aside (never deletes it: someone may want to see why) and says so; the next run makes a new one. */
export function setKeptAside(dir: string, reason: string, logger: Logger, name = KEPT_FILE): void {
  const file = join(dir, name);
  const dot = name.lastIndexOf('.');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = join(dir, `${name.slice(0, dot)}.set-aside-${stamp}${name.slice(dot)}`);
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

/** What is wrong with a kept city's first line (what restoring relies on), or null. */
function headerProblem(s: Partial<HeaderLine>): string | null {
  if (!isObject(s.shape)) return 'no shape';
  if (!isObject(s.lines) || !isCount(s.lines.log) || !isCount(s.lines.entities) || !isCount(s.bodyBytes)) return 'no layout';
  const p = s.platform;
  if (!isObject(p)) return 'no platform';
  if (!isCount(p.head)) return 'no head';
  if (
    !Array.isArray(p.tombstones) ||
    !p.tombstones.every((t) => isObject(t) && isEntityKind(t.kind) && typeof t.id === 'string' && isCount(t.rev))
  )
    return 'tombstones';
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
  const a = c.archive as unknown;
  const isDays = (v: unknown) => Array.isArray(v) && v.every((d) => typeof d === 'number');
  if (
    a !== null &&
    !(
      isObject(a) &&
      isDays(a.days) &&
      isDays(a.delivered) &&
      (a.partial === null || (isObject(a.partial) && typeof a.partial.day === 'number' && isCount(a.partial.sent)))
    )
  )
    return 'the archive';
  return null;
}

/** What is wrong with the kept log's tail, or null: it runs by one up to the head (ChangeLog.restore relies on it). */
function logProblem(log: unknown[], head: number): string | null {
  if (!log.every((e) => isObject(e) && isObject(e.change) && isCount(e.change.seq))) return 'the log';
  if (!(log as KeptPlatformHead['log']).every((e, i) => e.change.seq === head - log.length + 1 + i)) return "the log's seqs";
  return null;
}

/** What is wrong with a line of kept entities, or null. Entities' data are the platform's own, not checked again. */
function entitiesProblem(group: unknown): string | null {
  if (!isObject(group) || !isEntityKind(group.kind) || !Array.isArray(group.items)) return 'an entity group is malformed';
  for (const item of group.items)
    if (!isObject(item) || typeof item.id !== 'string' || !isCount(item.rev)) return `a ${group.kind} is malformed`;
  return null;
}

const isSpanLike = (v: unknown) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';
