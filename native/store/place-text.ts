import { createRequire } from 'node:module';
import type { pinyin as Pinyin } from 'pinyin-pro';
import { DISTRICTS, isDistrictCode } from '../api/rules.ts';
import { segment } from './fts.ts';

/**
 * What a place is found by (migration 0009's `place_fts`): its name and
 * aliases segmented as fts.ts does, their pinyin, and the area it lies in.
 *
 * A call taker types "湖滨南路", "湖滨南388号", "hbnl" or "hubinnanlu": the
 * pinyin column holds, for the name and each alias, its initials ("hbnl388h")
 * and its full pinyin without spaces ("hubinnanlu388hao"), so what was typed
 * is a prefix of one token. The area column holds the city, district, street
 * and community, so a full address ("厦门市思明区湖滨南路388号") still finds
 * the place whose name is only "湖滨南路388号".
 */

// pinyin-pro takes 0.3–0.6 s to load and build its dictionary on this machine:
// loaded by the first place whose pinyin is built (on the cache writer's
// thread, when the link is idle), not by every process that opens the cache.
let pinyinFn: typeof Pinyin | null = null;
function pinyin(): typeof Pinyin {
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: typeof Pinyin }).pinyin;
  return pinyinFn;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** Initials and full pinyin of a name, lowercase letters and digits only; none for a name without Chinese. */
export function pinyinKeys(name: string): string[] {
  if (!HAN.test(name)) return [];
  const convert = pinyin();
  const join = (syllables: string[]) => syllables.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  const initials = join(convert(name, { pattern: 'first', toneType: 'none', type: 'array', v: true }));
  const full = join(convert(name, { toneType: 'none', type: 'array', v: true }));
  return initials === full ? [initials] : [initials, full];
}

export interface PlaceText {
  /** Name and aliases, segmented. */
  names: string;
  /** The district's name, street and community, segmented (not 厦门市: every place is in it). */
  area: string;
}

/** The text written with the place; its pinyin waits (placePinyin). */
export function placeText(place: { name: string; aliases: readonly string[]; district: string; street?: string | null; community?: string | null }): PlaceText {
  const district = isDistrictCode(place.district) ? DISTRICTS[place.district].zh : null;
  return { names: segment(...new Set([place.name, ...place.aliases])), area: segment(district, place.street, place.community) };
}

/** Pinyin keys of the name and aliases, space-separated (each one FTS token). */
export function placePinyin(name: string, aliases: readonly string[]): string {
  return [...new Set([name, ...aliases].flatMap(pinyinKeys))].join(' ');
}
