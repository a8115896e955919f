/** 24-hour wall-clock time, as the operations room reads it (HH:MM:SS). */
export function formatClock(value: Date | string | number, locale: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}

/**
 * Hours and minutes (HH:MM), in `timeZone` when given: incident times read
 * in the platform's zone, like the day its figures count.
 */
export function formatHourMinute(value: Date | string | number, locale: string, timeZone?: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  try {
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
  } catch {
    // An unknown zone name from the platform: local time beats no time.
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  }
}
