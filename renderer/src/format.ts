/**
 * Every date, time and duration the console shows is formatted here.
 *
 * Building an `Intl.DateTimeFormat` costs far more than using one (ICU loads
 * the locale's patterns and the zone's rules), and a board or an audit table
 * formats hundreds of times per render: so one formatter per (locale, zone,
 * style) is built on first use and kept. Incident times read in the
 * platform's zone when one is given; an unknown zone name from the platform
 * falls back to local time, because local time beats no time.
 */

export type Instant = Date | string | number;

// `hourCycle: 'h23'`, never `hour12: false`: with the latter, Chromium writes
// midnight as 24:00 in some locales (en).
const STYLES = {
  /** 09:05:30 */
  clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  /** 09:05 */
  hourMinute: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** 03/14 09:05, for a time on another day than the one shown. */
  dayHourMinute: { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** 2025/03/14 09:05:30 */
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  /** The calendar day, read with the `en-CA` locale to get YYYY-MM-DD whatever the display language. */
  isoDay: { year: 'numeric', month: '2-digit', day: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeStyle = keyof typeof STYLES;

// Keys are few: two display locales × the platform's zone (and local) × five styles.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The shared formatter for `style` in `locale` and `timeZone` (local time when the zone is absent or unknown). */
export function timeFormatter(style: TimeStyle, locale: string, timeZone?: string): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone ?? ''}\u0000${style}`;
  let formatter = formatters.get(key);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone });
  } catch (error) {
    if (!(error instanceof RangeError) || timeZone === undefined) throw error;
    // Remembered under the unknown zone's key too, so it is not re-tried (and re-thrown) at every row.
    formatter = timeFormatter(style, locale);
  }
  formatters.set(key, formatter);
  return formatter;
}

function toDate(value: Instant): Date {
  return value instanceof Date ? value : new Date(value);
}

function format(style: TimeStyle, value: Instant, locale: string, timeZone?: string): string {
  const date = toDate(value);
  // An unreadable time is shown as it came rather than as "Invalid Date".
  if (Number.isNaN(date.getTime())) return String(value);
  return timeFormatter(style, locale, timeZone).format(date);
}

/** 24-hour wall-clock time to the second (HH:MM:SS), as the operations room reads it. */
export function formatClock(value: Instant, locale: string, timeZone?: string): string {
  return format('clock', value, locale, timeZone);
}

/** Hours and minutes (HH:MM): incident times read in the platform's zone, like the day its figures count. */
export function formatHourMinute(value: Instant, locale: string, timeZone?: string): string {
  return format('hourMinute', value, locale, timeZone);
}

/** The platform's clock as the link last heard it: its zone, and how far its clock runs ahead of this workstation's. */
export interface PlatformClock {
  tz: string;
  aheadMs: number;
}

/** What the status bar's clock shows: the platform's time, and the workstation's when its zone is another. */
export interface StatusClock {
  /** The platform's time (HH:MM:SS) in its zone; the workstation's own time before the platform has said anything. */
  platform: string;
  /** The platform's zone, when known. */
  zone: string | null;
  /** The workstation's local time, only when its zone differs from the platform's at this instant. */
  local: string | null;
}

/**
 * Below this the platform's and the workstation's clocks count as the same:
 * a welcome's `server_time` is read after it crossed the network.
 */
export const CLOCK_AGREES_WITHIN_MS = 2_000;

/**
 * The status bar's clock. Operators read the platform's time — deadlines and
 * "today" are the platform's — so it is the platform's clock (corrected by
 * how far the workstation's runs off) in the platform's zone. When the
 * workstation sits in another zone (a UTC-configured PC, a console used from
 * elsewhere), its own time is shown beside it, so neither is mistaken for the
 * other. Zones are compared by their offset at that instant: two names for
 * the same offset are the same clock.
 */
export function statusClock(nowMs: number, platform: PlatformClock | null, locale: string, localZone?: string): StatusClock {
  if (!platform) return { platform: formatClock(nowMs, locale, localZone), zone: null, local: null };
  const ahead = Math.abs(platform.aheadMs) < CLOCK_AGREES_WITHIN_MS ? 0 : platform.aheadMs;
  const sameZone = format('dateTime', nowMs, 'en-CA', platform.tz) === format('dateTime', nowMs, 'en-CA', localZone);
  return {
    platform: formatClock(nowMs + ahead, locale, platform.tz),
    zone: platform.tz,
    local: sameZone ? null : formatClock(nowMs, locale, localZone),
  };
}

/** Date and time to the second; empty for no time at all (the caller says "none" in its own words). */
export function formatDateTime(value: Instant | null | undefined, locale: string, timeZone?: string): string {
  if (value === null || value === undefined || value === '') return '';
  return format('dateTime', value, locale, timeZone);
}

/** The calendar day (YYYY-MM-DD) `value` falls on in `timeZone`, or null for an unreadable time. */
export function dayOf(value: Instant, timeZone?: string): string | null {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return null;
  return timeFormatter('isoDay', 'en-CA', timeZone).format(date);
}

/**
 * HH:MM when `value` falls on `day` (YYYY-MM-DD, the platform's day), else
 * the date too: an escalation from yesterday must not read like one from
 * this morning.
 */
export function formatOnDay(value: Instant, locale: string, day: string | undefined, timeZone?: string): string {
  return dayOf(value, timeZone) === day ? formatHourMinute(value, locale, timeZone) : format('dayHourMinute', value, locale, timeZone);
}

/** Time since `fromMs`, never negative: mm:ss under an hour, then h:mm:ss. */
export function formatElapsed(fromMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  const h = Math.floor(seconds / 3600);
  const mm = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The ISO form for a `<time datetime>` attribute; empty for an unreadable time instead of a thrown RangeError. */
export function isoTime(value: Instant): string {
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** "00"–"23": the hour a bucket of the hourly chart starts. */
export function hourLabel(hour: number): string {
  return String(hour).padStart(2, '0');
}
