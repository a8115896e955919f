import type { Clock, Random } from './types.ts';

export const systemClock: Clock = { now: () => Date.now() };

/** A small seeded PRNG (mulberry32): the default `random`, so runs repeat. */
export function seededRandom(seed = 1): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lowercase hex of `len` characters drawn from `random`. */
export function randomHex(random: Random, len: number): string {
  let out = '';
  for (let i = 0; i < len; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formats.set(tz, f);
  }
  return f;
}

/**
 * `ms` as ISO 8601 in time zone `tz` with its offset, seconds precision:
 * `2026-11-28T09:00:00+08:00` (the spec's `Time`).
 */
export function formatTime(ms: number, tz: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatFor(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const name = parts.timeZoneName ?? 'GMT';
  const offset = name === 'GMT' ? '+00:00' : name.slice(3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
