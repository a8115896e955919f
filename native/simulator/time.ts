import { offsetMs } from '../common/day.ts';
import type { Clock, Random } from './types.ts';

export const systemClock: Clock = { now: () => Date.now() };

export { seededRandom } from '../common/random.ts';

/** Lowercase hex of `len` characters drawn from `random`. */
export function randomHex(random: Random, len: number): string {
  let out = '';
  for (let i = 0; i < len; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/**
 * `ms` as ISO 8601 in time zone `tz` with its offset, seconds precision:
 * `2026-11-28T09:00:00+08:00` (the spec's `Time`). The offset comes from the
 * clock's cached zone lookup: an Intl formatter per call was the city's
 * single largest cost after its photos.
 */
export function formatTime(ms: number, tz: string): string {
  const offset = offsetMs(ms, tz);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The spec's `Time` `ms` after `time`, written with `time`'s own offset
 * (`2026-11-28T09:00:00+08:00` + 120 s → `2026-11-28T09:02:00+08:00`): a
 * deadline the platform derives from a moment it already wrote (an offer's
 * `expires_at`) reads in the same zone. Seconds precision, like `formatTime`.
 */
export function timeAfter(time: string, ms: number): string {
  const at = Date.parse(time);
  const zone = /(Z|[+-]\d{2}:\d{2})$/.exec(time)?.[1];
  if (!Number.isFinite(at) || !zone) throw new Error(`timeAfter: not a Time with its offset: ${JSON.stringify(time)}`);
  const [sign, hh, mm] = zone === 'Z' ? ['+', '00', '00'] : [zone[0], zone.slice(1, 3), zone.slice(4, 6)];
  const offset = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
  const local = new Date(Math.floor((at + ms) / 1000) * 1000 + offset).toISOString().slice(0, 19);
  return `${local}${zone}`;
}
