/**
 * Geocoding a typed address against the city's address base (标准地址库):
 * pure ranking, no SQL, no I/O. queries/places.ts fetches the candidates (by
 * full text, a superset); this decides which of them the operator meant and
 * how precisely.
 *
 * How a candidate is scored (0..1):
 * - The typed text is compared with each of the place's names (its name and
 *   aliases, an alias counting a little less), as typed and with the leading
 *   administrative parts the place lies in taken off — 厦门市, its district,
 *   street, community, each with or without 区/街道/社区 — so
 *   "厦门市思明区湖滨南路388号" is exactly "湖滨南路388号".
 * - Chinese is compared by longest common subsequence (2·LCS / total length):
 *   an abbreviation ("湖滨南388号") or a slip of one character scores high, a
 *   shorter name that the text merely contains less. Latin text is a prefix
 *   of a Latin name ("SM"), or, counting a little less, of the pinyin
 *   initials ("hbnl") or full pinyin ("hubinnanlu") of a Chinese one.
 * - A house number must agree. When the typed number is not in the base
 *   ("湖滨南路390号" where only 388 exists), the match falls back to the road:
 *   the road itself (precision `road`, 0.85 of the road's similarity), or,
 *   when the base has no such road (a lane: 湖滨一里), the nearest house
 *   number on it, also with precision `road`, scored lower (0.7). An address
 *   with another number stays an alternative (nearest numbers first), so the
 *   operator can pick it.
 * - Text naming another district than the place's ("湖里区…" for a place in
 *   思明区) scores 0.6 of what it would.
 *
 * `best` is null below BEST_AT_LEAST: nothing matched well enough to file
 * coordinates by, and the operator is told so.
 */

export type PlaceKind = 'district' | 'street' | 'community' | 'road' | 'address' | 'poi';
export type Precision = 'address' | 'road' | 'community' | 'street' | 'district';

/** A place of the address base as queries/places.ts reads it. */
export interface PlaceCandidate {
  id: string;
  name: string;
  kind: PlaceKind;
  district: string;
  /** The district's name ("思明区"). */
  districtName: string | null;
  street: string | null;
  community: string | null;
  lat: number;
  lng: number;
  aliases: readonly string[];
  /** Pinyin initials and full pinyin of the name and aliases (store/place-text.ts). */
  pinyin: readonly string[];
}

/** The address of a recent incident, as the operator's colleagues typed it. */
export interface RecentAddress {
  address: string;
  district: string | null;
  street: string | null;
  community: string | null;
  lat: number | null;
  lng: number | null;
}

/** The console API's PlaceMatch (native/api/contract.ts), which this layer may not import. */
export interface GeoMatch {
  source: 'place' | 'recent';
  id: string | null;
  name: string;
  address: string;
  kind: PlaceKind | null;
  precision: Precision;
  district: string | null;
  street: string | null;
  community: string | null;
  lat: number | null;
  lng: number | null;
  score: number;
}

/** The least score a best match needs; below it `best` is null. */
export const BEST_AT_LEAST = 0.6;
/** The least score of a suggestion while typing (the text may be a first character). */
const SUGGEST_AT_LEAST = 0.25;
/** The share of typed characters a suggestion must hold, in order. */
const PARTIAL_COVER = 0.75;
const ALIAS_FACTOR = 0.97;
const PINYIN_FACTOR = 0.97;
const ROAD_FALLBACK = 0.85;
const NEAREST_NUMBER_FALLBACK = 0.7;
const OTHER_NUMBER = 0.55;
const OTHER_DISTRICT = 0.6;

const PRECISION: Record<PlaceKind, Precision> = {
  district: 'district',
  street: 'street',
  community: 'community',
  road: 'road',
  address: 'address',
  poi: 'address',
};

/** Full-width to half-width, lower case, no spaces or punctuation (a hyphen in "388-1号" stays). */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s,.;:!?'"`·、，。；：！？“”‘’()（）[\]【】《》<>#*/\\|]+/g, '');
}

const ASCII = /^[a-z0-9-]+$/;

/** Length of the longest common subsequence (the strings are short: an address). */
function lcs(a: string, b: string): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * How alike typed text and a name are: Chinese by common subsequence, pinyin
 * by prefix. `partial` (text still being typed): a name must hold most of the
 * typed characters in order, or it is no suggestion at all ("湖里区" shares
 * one character with "湖滨南路").
 */
function similarity(typed: string, name: string, partial = false): number {
  if (typed.length === 0 || name.length === 0) return 0;
  if (typed === name) return 1;
  if (ASCII.test(typed)) return name.startsWith(typed) ? 0.5 + (0.45 * typed.length) / name.length : 0;
  const common = lcs(typed, name);
  if (partial && common < PARTIAL_COVER * typed.length) return 0;
  return (2 * common) / (typed.length + name.length);
}

/**
 * "湖滨南路388号" → road 湖滨南路, number 388 (also "hbnl388h",
 * "hubinnanlu388hao", "湖滨南路388", "湖滨南路388号3楼": the first number
 * after a name is the house number).
 */
export function houseNumber(text: string): { road: string; number: number } | null {
  const m = /^(.*?\D)(\d+)/.exec(text);
  if (!m || m[1]!.length === 0) return null;
  return { road: m[1]!, number: Number(m[2]) };
}

/** The administrative prefixes a place lies in, longest first (not its own name: "莲前" is not a prefix of 莲前街道 itself). */
function areaPrefixes(c: PlaceCandidate): string[] {
  const parts = ['福建省', '福建', '厦门市', '厦门'];
  const add = (name: string | null, suffix: RegExp) => {
    if (!name) return;
    parts.push(normalise(name));
    const short = normalise(name).replace(suffix, '');
    if (short.length >= 2) parts.push(short);
  };
  if (c.kind !== 'district') add(c.districtName, /区$/);
  if (c.kind !== 'district' && c.kind !== 'street') add(c.street, /(街道|镇)$/);
  if (c.kind === 'road' || c.kind === 'address' || c.kind === 'poi') add(c.community, /(社区|村)$/);
  return [...new Set(parts)].sort((a, b) => b.length - a.length);
}

/** The typed text, and what is left of it with each leading administrative part taken off in turn. */
function withoutArea(typed: string, c: PlaceCandidate): string[] {
  const variants = [typed];
  const prefixes = areaPrefixes(c);
  let rest = typed;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const p of prefixes) {
      if (rest.length > p.length && rest.startsWith(p)) {
        rest = rest.slice(p.length);
        variants.push(rest);
        stripped = true;
        break;
      }
    }
  }
  return variants;
}

interface Scored {
  score: number;
  precision: Precision;
}

/** One typed variant against one name of the place. */
function scoreName(typed: string, name: string, c: PlaceCandidate, partial: boolean): Scored {
  const own = PRECISION[c.kind];
  if (typed === name) return { score: 1, precision: own };
  const typedNo = houseNumber(typed);
  if (typedNo) {
    const nameNo = houseNumber(name);
    if (nameNo && (c.kind === 'address' || c.kind === 'poi')) {
      const sameNumber = nameNo.number === typedNo.number || (partial && String(nameNo.number).startsWith(String(typedNo.number)));
      if (sameNumber) return { score: similarity(typed, name, partial), precision: own };
      // Another house number on the same road: where the typed one would be, roughly.
      const road = similarity(typedNo.road, nameNo.road, partial);
      // Nearer numbers first, but any number on the very road typed stays a usable fallback.
      const gap = Math.abs(nameNo.number - typedNo.number);
      const apart = 0.05 * (gap / (gap + 100));
      return { score: road * (OTHER_NUMBER - apart), precision: 'road' };
    }
    if (c.kind === 'road') return { score: similarity(typedNo.road, name, partial) * (partial ? 0.6 : ROAD_FALLBACK), precision: 'road' };
  }
  return { score: similarity(typed, name, partial), precision: own };
}

/** How well a place matches the typed text (already normalised), and how precisely. */
export function scorePlace(typed: string, c: PlaceCandidate, partial = false, otherDistricts: ReadonlySet<string> = new Set()): Scored {
  let best: Scored = { score: 0, precision: PRECISION[c.kind] };
  const consider = (s: Scored, factor: number) => {
    if (s.score * factor > best.score) best = { score: s.score * factor, precision: s.precision };
  };
  if (ASCII.test(typed)) {
    // A Latin name as written ("SM") before the pinyin of a Chinese one (思明 → "sm").
    for (const name of [c.name, ...c.aliases].map(normalise).filter((n) => ASCII.test(n))) consider(scoreName(typed, name, c, partial), 1);
    for (const key of c.pinyin) consider(scoreName(typed, key, c, partial), PINYIN_FACTOR);
  } else {
    const variants = withoutArea(typed, c);
    const names = [normalise(c.name), ...c.aliases.map(normalise)];
    names.forEach((name, i) => {
      for (const v of variants) consider(scoreName(v, name, c, partial), i === 0 ? 1 : ALIAS_FACTOR);
    });
    for (const d of otherDistricts) if (d !== c.districtName && typed.includes(d)) return { score: best.score * OTHER_DISTRICT, precision: best.precision };
  }
  return best;
}

function fullAddress(c: PlaceCandidate): string {
  const area = `厦门市${c.districtName ?? ''}`;
  if (c.kind === 'district') return area;
  if (c.kind === 'street') return area + c.name;
  if (c.kind === 'community') return area + (c.street ?? '') + c.name;
  return c.name.startsWith(area) ? c.name : area + c.name;
}

function matchOf(c: PlaceCandidate, s: Scored): GeoMatch {
  return {
    source: 'place',
    id: c.id,
    name: c.name,
    address: fullAddress(c),
    kind: c.kind,
    precision: s.precision,
    district: c.district,
    street: c.street,
    community: c.community,
    lat: c.lat,
    lng: c.lng,
    score: s.score,
  };
}

/** A place as a match in its own right (a pin snapped to it on the map: places.nearest). */
export function placeMatch(c: PlaceCandidate): GeoMatch {
  return matchOf(c, { score: 1, precision: PRECISION[c.kind] });
}

/** Places by how well they match, best first; ties go to the shorter name (a road before its numbers), then by name. */
export function rankPlaces(text: string, candidates: readonly PlaceCandidate[], partial = false): GeoMatch[] {
  const typed = normalise(text);
  if (typed.length === 0) return [];
  const districts = new Set(candidates.map((c) => c.districtName).filter((d): d is string => d !== null));
  const seen = new Set<string>();
  const ranked: GeoMatch[] = [];
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const s = scorePlace(typed, c, partial, districts);
    if (s.score > 0) ranked.push(matchOf(c, s));
  }
  return ranked.sort((a, b) => b.score - a.score || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The best place for a typed address, and up to `alternatives` runners-up.
 * A road fallback made from the nearest house number (no road place in the
 * base) scores below the road itself, so a road in the base wins.
 */
export function geocode(
  text: string,
  candidates: readonly PlaceCandidate[],
  alternatives = 5,
): { best: GeoMatch | null; alternatives: GeoMatch[] } {
  const ranked = rankPlaces(text, candidates).map((m) =>
    // The nearest number standing in for a road the base lacks.
    m.precision === 'road' && m.kind !== 'road' ? { ...m, score: (m.score / OTHER_NUMBER) * NEAREST_NUMBER_FALLBACK } : m,
  );
  ranked.sort((a, b) => b.score - a.score || a.name.length - b.name.length);
  const top = ranked[0];
  if (!top || top.score < BEST_AT_LEAST) return { best: null, alternatives: ranked.slice(0, alternatives) };
  return { best: top, alternatives: ranked.slice(1, 1 + alternatives) };
}

/** Precision of a recent incident's address: as fine as what it was filed with. */
function recentPrecision(r: RecentAddress): Precision | null {
  if (r.lat !== null && r.lng !== null) return 'address';
  if (r.community) return 'community';
  if (r.street) return 'street';
  if (r.district) return 'district';
  return null;
}

/**
 * Suggestions while an address is typed: places first (matched as a prefix
 * of what is being typed, so "湖滨南路3" already offers 388号), then
 * addresses of recent incidents that contain the text, not already offered
 * as a place. A quarter of the list (at least one) is kept for recent
 * addresses when there are any, so a busy address base does not hide them.
 * A recent address that located nothing (no point, no district) is left out:
 * picking it would set nothing.
 */
export function suggest(text: string, candidates: readonly PlaceCandidate[], recent: readonly RecentAddress[], limit: number): GeoMatch[] {
  const typed = normalise(text);
  if (typed.length === 0) return [];
  const places = rankPlaces(text, candidates, true).filter((m) => m.score >= SUGGEST_AT_LEAST);
  const offered = new Set(places.flatMap((m) => [normalise(m.address), normalise(m.name)]));
  const recentMatches: GeoMatch[] = [];
  for (const r of recent) {
    const address = normalise(r.address);
    const precision = recentPrecision(r);
    if (precision === null || offered.has(address) || !recentContains(address, typed)) continue;
    offered.add(address);
    recentMatches.push({
      source: 'recent',
      id: null,
      name: r.address,
      address: r.address,
      kind: null,
      precision,
      district: r.district,
      street: r.street,
      community: r.community,
      lat: r.lat,
      lng: r.lng,
      score: similarity(typed, address),
    });
  }
  const forRecent = Math.min(recentMatches.length, Math.max(1, Math.floor(limit / 4)));
  const placeCount = Math.min(places.length, limit - forRecent);
  return [...places.slice(0, placeCount), ...recentMatches.slice(0, limit - placeCount)];
}

/** Whether a recent address holds the typed text: as written, or its characters in order (an abbreviation). */
function recentContains(address: string, typed: string): boolean {
  if (address.includes(typed)) return true;
  if (ASCII.test(typed)) return false;
  return lcs(typed, address) === typed.length;
}
