/**
 * Days in the platform's time zone (welcome.tz): "today" and the hourly call
 * chart are counted there, not in the workstation's zone (spec §8).
 */

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** Offsets already looked up, per zone and quarter hour (zones change offset on a quarter hour at the finest). */
const knownOffsets = new Map<string, number>();
const QUARTER_HOUR_MS = 900_000;

/**
 * The zone's offset from UTC at an instant. Intl knows the zone's rules, DST
 * included, but building its formatter costs about as much as a query: the
 * hourly chart asks this for every answered call of two days (and the demo
 * city for every arrival), so formatters are kept per zone and answers per
 * quarter hour.
 */
export function offsetMs(atMs: number, tz: string): number {
  const key = `${tz}|${Math.floor(atMs / QUARTER_HOUR_MS)}`;
  const known = knownOffsets.get(key);
  if (known !== undefined) return known;
  let format = offsetFormats.get(tz);
  if (!format) offsetFormats.set(tz, (format = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })));
  // "GMT+08:00" → +8 h.
  const name = format.formatToParts(atMs).find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600_000 + Number(m[3] ?? 0) * 60_000) : 0;
  if (knownOffsets.size > 10_000) knownOffsets.clear(); // two days of quarter hours per zone is all the charts need
  knownOffsets.set(key, offset);
  return offset;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The local calendar date (YYYY-MM-DD) of an instant in `tz`. The formatter
 * is kept per zone, as offsetMs's: built anew it was a tenth of a CPU-second
 * of a warm start's main thread (every dashboard read finds its day here).
 */
export function localDate(atMs: number, tz: string): string {
  let format = dateFormats.get(tz);
  if (!format) dateFormats.set(tz, (format = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(atMs);
}

/** Start (inclusive) and end (exclusive) of the local day containing `atMs`, as epoch ms. */
export function dayBounds(atMs: number, tz: string): { start: number; end: number; date: string } {
  const date = localDate(atMs, tz);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, mo - 1, d);
  // Resolve the offset at (approximately) local midnight, then correct once.
  let start = midnightUtc - offsetMs(midnightUtc, tz);
  start = midnightUtc - offsetMs(start, tz);
  const nextUtc = Date.UTC(y, mo - 1, d + 1);
  let end = nextUtc - offsetMs(nextUtc, tz);
  end = nextUtc - offsetMs(end, tz);
  return { start, end, date };
}

/** The local hour (0–23) of an instant in `tz`. */
export function localHour(atMs: number, tz: string): number {
  return Math.floor((atMs + offsetMs(atMs, tz)) / 3600_000) % 24;
}
