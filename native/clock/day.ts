/**
 * Days in the platform's time zone (welcome.tz): "today" and the hourly call
 * chart are counted there, not in the workstation's zone (spec §8).
 */

function offsetMs(atMs: number, tz: string): number {
  // "GMT+08:00" → +8 h. Intl knows the zone's rules, DST included.
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(atMs)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600_000 + Number(m[3] ?? 0) * 60_000);
}

/** The local calendar date (YYYY-MM-DD) of an instant in `tz`. */
export function localDate(atMs: number, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(atMs);
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
