import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { NO_DEPARTMENTS, type IncidentRecord, type Reopening } from '../../store/queries/warning-inputs.ts';

/**
 * The span the warnings thread holds (four weeks of incidents and their
 * reopenings), handed from a clean close to the next start in the data dir
 * (`warning-span.bin`): reading it back costs about 40 % of reading the
 * ~80,000 rows from cache.db (bench:warnings on the quiet machine: a
 * restart's load p50 284–367 ms against 711–877 ms, most of a full
 * computation at start).
 *
 * It stands for the cache only as it was at one link cursor: the host gives
 * the cursor its last told change brought, and the next start takes the file
 * only when the cache is still at that cursor when the host opens it (every
 * change after that is told to the new thread). A file is taken once — removed
 * when read, whatever it held — so a crash after it was taken leaves nothing
 * stale behind; one that cannot be read, or is not this format, is a full read.
 *
 * Strings that repeat (category, district, street, status, address, caller
 * key, departments) are stored once in a table and referred to by their
 * place in it. The table and the ids travel as one joined text and each
 * one's length, cut apart when read: v8 deserialises one long string far
 * faster than ~135,000 short ones (about a third of the time, measured on
 * bench:warnings' span). The cut strings share the joined one's memory (9 MB
 * there) while the thread holds any of them: bought knowingly, it is about
 * what the rows' own strings took.
 */
export const KEPT_SPAN_FILE = 'warning-span.bin';
const VERSION = 2;

export interface KeptSpan {
  /** The link cursor the cache was at for this span (cache-store.ts `cursor()`). */
  cursor: number;
  incidents: IncidentRecord[];
  reopenings: Reopening[];
}

/**
 * Columns, not a record each (v8 serialisation: typed arrays are copied as
 * bytes, and 80,000 objects parsed one by one were as slow as the rows from
 * cache.db). Numbers with null as NaN; table strings by index, -1 for null.
 */
interface SpanFile {
  v: number;
  cursor: number;
  /** The string table, then the incidents' ids, joined: `lengths` cuts them apart. */
  text: string;
  lengths: Int32Array;
  /** How many of `lengths` are the table's (the rest are the ids, one per incident). */
  tableSize: number;
  /** reportedAt, lat, lng, dueAt: four per incident. */
  numbers: Float64Array;
  /** category, district, street, status, address, callerKey: six per incident (addresses repeat too). */
  refs: Int32Array;
  /** Incident i's departments are departments[departmentsFrom[i] .. departmentsFrom[i + 1]). */
  departmentsFrom: Int32Array;
  departments: Int32Array;
  reopenings: { events: string[]; incidents: string[]; at: Float64Array };
}

export function writeKeptSpan(path: string, span: KeptSpan): void {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string | null): number => {
    if (s === null) return -1;
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const n = span.incidents.length;
  const numbers = new Float64Array(4 * n);
  const refs = new Int32Array(REFS * n);
  const departmentsFrom = new Int32Array(n + 1);
  const departments: number[] = [];
  span.incidents.forEach((r, i) => {
    numbers.set([r.reportedAt, r.lat ?? NaN, r.lng ?? NaN, r.dueAt ?? NaN], 4 * i);
    refs.set([ref(r.category), ref(r.district), ref(r.street), ref(r.status), ref(r.address), ref(r.callerKey)], REFS * i);
    for (const d of r.departments) departments.push(ref(d));
    departmentsFrom[i + 1] = departments.length;
  });
  const texts = [...strings, ...span.incidents.map((r) => r.id)];
  const file: SpanFile = {
    v: VERSION,
    cursor: span.cursor,
    text: texts.join(''),
    lengths: Int32Array.from(texts, (t) => t.length),
    tableSize: strings.length,
    numbers,
    refs,
    departmentsFrom,
    departments: Int32Array.from(departments),
    reopenings: {
      events: span.reopenings.map((r) => r.event),
      incidents: span.reopenings.map((r) => r.incident),
      at: Float64Array.from(span.reopenings, (r) => r.at),
    },
  };
  try {
    writeFileSync(`${path}.tmp`, serialize(file));
    renameSync(`${path}.tmp`, path);
  } catch {
    // A full disk or a read-only data dir: the next start reads the span from cache.db, nothing else is lost.
    rmSync(`${path}.tmp`, { force: true });
  }
}

class BadSpan extends Error {}

/**
 * The span kept at `cursor`, or null (none, another cursor, not this
 * format). The file is removed either way: it is a handover, good once.
 */
export function takeKeptSpan(path: string, cursor: number): KeptSpan | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  rmSync(path, { force: true });
  try {
    const file = deserialize(bytes) as Partial<SpanFile>;
    if (file.v !== VERSION || file.cursor !== cursor) return null;
    return { cursor, incidents: incidentsOf(file as SpanFile), reopenings: reopeningsOf(file as SpanFile) };
  } catch {
    return null;
  }
}

const REFS = 6;

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * Checked while read: a column of the wrong kind or length, or a reference
 * out of the table, is a bad file. One pass and no object but the records:
 * this is the whole of a start's load.
 */
function incidentsOf(f: SpanFile): IncidentRecord[] {
  const { numbers, refs, departmentsFrom, departments } = f;
  const texts = textsOf(f);
  const strings = texts.slice(0, f.tableSize);
  const ids = texts.slice(f.tableSize);
  const n = ids.length;
  const columns =
    numbers instanceof Float64Array &&
    numbers.length === 4 * n &&
    refs instanceof Int32Array &&
    refs.length === REFS * n &&
    departmentsFrom instanceof Int32Array &&
    departmentsFrom.length === n + 1 &&
    departmentsFrom[0] === 0 &&
    departments instanceof Int32Array &&
    departments.every((r) => r >= 0 && r < strings.length);
  if (!columns) throw new BadSpan();
  // Every reference in the table's range first: the loop below then only looks up.
  for (let i = 0; i < refs.length; i++) if (refs[i]! < -1 || refs[i]! >= strings.length) throw new BadSpan();
  const text = (r: number): string | null => (r === -1 ? null : strings[r]!);
  const out: IncidentRecord[] = [];
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const category = text(refs[REFS * i]!);
    const status = text(refs[REFS * i + 3]!);
    const reportedAt = numbers[4 * i]!;
    const from = departmentsFrom[i]!;
    const to = departmentsFrom[i + 1]!;
    if (
      category === null ||
      status === null ||
      Number.isNaN(reportedAt) ||
      to < from ||
      to > departments.length
    )
      throw new BadSpan();
    const lat = numbers[4 * i + 1]!;
    const lng = numbers[4 * i + 2]!;
    const dueAt = numbers[4 * i + 3]!;
    out.push({
      id,
      category,
      reportedAt,
      lat: Number.isNaN(lat) ? null : lat,
      lng: Number.isNaN(lng) ? null : lng,
      district: text(refs[REFS * i + 1]!),
      street: text(refs[REFS * i + 2]!),
      address: text(refs[REFS * i + 4]!),
      callerKey: text(refs[REFS * i + 5]!),
      status,
      dueAt: Number.isNaN(dueAt) ? null : dueAt,
      departments: from === to ? NO_DEPARTMENTS : Array.from(departments.subarray(from, to), (r) => strings[r]!),
    });
  }
  return out;
}

/** The table and the ids, cut from the joined text by their lengths. */
function textsOf(f: SpanFile): string[] {
  const { text, lengths, tableSize } = f;
  const ok = typeof text === 'string' && lengths instanceof Int32Array && Number.isInteger(tableSize) && tableSize >= 0 && tableSize <= lengths.length;
  if (!ok) throw new BadSpan();
  const out = new Array<string>(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i]!;
    if (length < 0 || at + length > text.length) throw new BadSpan();
    out[i] = text.slice(at, (at += length));
  }
  if (at !== text.length) throw new BadSpan();
  return out;
}

function reopeningsOf(f: SpanFile): Reopening[] {
  const r = f.reopenings;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.events)) throw new BadSpan();
  const n = r.events.length;
  const ok =
    r.events.every(isText) &&
    Array.isArray(r.incidents) &&
    r.incidents.length === n &&
    r.incidents.every(isText) &&
    r.at instanceof Float64Array &&
    r.at.length === n;
  if (!ok) throw new BadSpan();
  return r.events.map((event, i) => ({ event, incident: r.incidents[i]!, at: r.at[i]! }));
}
