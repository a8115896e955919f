import { DISTRICTS, isDistrictCode } from '../../api/rules.ts';
import type { PlaceCandidate, PlaceKind, RecentAddress } from '../../geo/geocode.ts';
import { boxAround, metresBetween } from '../../geo/distance.ts';
import { segment } from '../fts.ts';
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

/**
 * The places and recent addresses a typed address could mean: a superset,
 * fetched by full text (migration 0009's place_fts, ranked by bm25 with the
 * name weighing most) for geo/geocode.ts to rank. Every lookup is one of a
 * few fixed statement texts (statements.ts keeps them prepared): a call
 * taker's every keystroke asks.
 */

/** How many of the newest matching incidents the recent-address lookup looks at. */
const RECENT_SCAN = 400;

export const PLACE_SQL = {
  /** Places whose text matches an FTS expression, the best bm25 first. */
  matching: `SELECT p.id, p.name, p.kind, p.district, p.street, p.community, p.lat, p.lng, p.pinyin,
      json_extract(p.data, '$.aliases') AS aliases
    FROM place_fts JOIN place p ON p.rowid = place_fts.rowid
    WHERE place_fts MATCH ? ORDER BY place_fts.rank LIMIT ?`,
  /**
   * Addresses of incidents reported since a time whose text matches, most
   * recently reported first. Only the newest RECENT_SCAN matches by rowid are
   * looked at (rowids grow as incidents arrive): a common character matches
   * tens of thousands of incidents, and ranking them all took 60–130 ms at
   * 100,000. Incidents whose text entry is still being built (`unindexed`,
   * migration 0004) are looked at by their address, the newest RECENT_SCAN.
   */
  recent: `WITH hits (rid) AS (
      SELECT rowid FROM (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ? ORDER BY rowid DESC LIMIT ${RECENT_SCAN})
      UNION ALL
      SELECT rowid FROM (SELECT rowid FROM incident WHERE unindexed = 1 ORDER BY rowid DESC LIMIT ${RECENT_SCAN})
    )
    SELECT i.address, i.district, i.street, i.community, i.lat, i.lng, max(i.reported_ms) AS last
    FROM hits JOIN incident i ON i.rowid = hits.rid
    WHERE i.reported_ms >= ? AND i.address IS NOT NULL AND (i.unindexed IS NULL OR i.address LIKE ? ESCAPE '\\')
    GROUP BY i.address ORDER BY last DESC LIMIT ?`,
  /**
   * Addresses and landmarks in a lat/lng box, for the nearest to a point. A
   * scan of the place table (a few thousand rows, about a millisecond): it is
   * asked once per pin the operator drops, not per frame.
   */
  inBox: `SELECT id, name, kind, district, street, community, lat, lng, pinyin, json_extract(data, '$.aliases') AS aliases
    FROM place WHERE kind IN ('address', 'poi') AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?`,
} as const;

const HAN_TOKEN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/;

/** How far back "recent incidents" go. */
export const RECENT_DAYS = 7;

/**
 * The FTS expressions for typed text; null when nothing searchable remains.
 * - `names`: every token in a place's names or pinyin;
 * - `everywhere`: every token in any column, 厦门市 left out (a full address);
 * - `chinese`: only the Chinese characters of `everywhere`, when it has other
 *   tokens: a house number the base lacks still finds its road; null otherwise;
 * - `fuzzy`: any pair of neighbouring Chinese characters in the names: a
 *   misspelt or extra character leaves most pairs. Null under two characters.
 */
export function placeQuery(text: string): { names: string; everywhere: string; chinese: string | null; fuzzy: string | null } | null {
  const plain = text.normalize('NFKC').toLowerCase().trim();
  // Pinyin or a Latin name: one token, spaces and all ("hu bin nan lu" is "hubinnanlu").
  if (/^[a-z0-9\s'-]+$/.test(plain)) {
    const word = plain.replace(/[^a-z0-9]/g, '');
    if (!word) return null;
    return { names: `{names pinyin} : "${word}"*`, everywhere: `"${word}"*`, chinese: null, fuzzy: null };
  }
  const tokens = segment(plain)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  // A Chinese character is a whole token (fts.ts): a prefix query would only make FTS5 gather
  // every token starting with it into one list first (the most common ones cost 100 ms at 100,000 incidents).
  const all = (words: string[]) => words.map((t) => (HAN_TOKEN.test(t) ? `"${t}"` : `"${t}"*`)).join(' AND ');
  const city = /^(福建省?)?厦门市/.exec(plain);
  const inCity = city && tokens.length > city[0].length ? tokens.slice(city[0].length) : tokens;
  const han = inCity.filter((t) => HAN_TOKEN.test(t));
  const pairs = tokens.slice(1).flatMap((t, i) => (HAN_TOKEN.test(t) && HAN_TOKEN.test(tokens[i]!) ? [`"${tokens[i]} ${t}"`] : []));
  return {
    names: `{names pinyin} : (${all(tokens)})`,
    everywhere: all(inCity),
    chinese: han.length > 0 && han.length < inCity.length ? all(han) : null,
    fuzzy: pairs.length > 0 ? `{names} : (${[...new Set(pairs)].join(' OR ')})` : null,
  };
}

interface PlaceRow {
  id: string;
  name: string;
  kind: PlaceKind;
  district: string;
  street: string | null;
  community: string | null;
  lat: number;
  lng: number;
  pinyin: string | null;
  aliases: string | null;
}

function candidateOf(r: PlaceRow): PlaceCandidate {
  let aliases: string[] = [];
  try {
    const parsed: unknown = r.aliases === null ? [] : JSON.parse(r.aliases);
    if (Array.isArray(parsed)) aliases = parsed.filter((a): a is string => typeof a === 'string');
  } catch {
    // The row's data was checked when applied (§8); a non-array here cannot happen, and would only cost the aliases.
  }
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    district: r.district,
    districtName: isDistrictCode(r.district) ? DISTRICTS[r.district].zh : null,
    street: r.street,
    community: r.community,
    lat: r.lat,
    lng: r.lng,
    aliases,
    pinyin: r.pinyin ? r.pinyin.split(' ') : [],
  };
}

/**
 * Candidate places for typed text: those whose name (or pinyin) holds every
 * typed character; if fewer than `limit`, also those whose area does (a full
 * address "思明区湖滨南路…"); if none yet, those holding its Chinese
 * characters (a house number the base lacks); and with `fuzzy` (geocoding,
 * or still nothing), those sharing a pair of neighbouring characters with it
 * (a misspelling). Each step is one FTS lookup, the best `limit` by bm25.
 */
export function placeCandidates(db: Db, text: string, options: { limit: number; fuzzy: boolean }): PlaceCandidate[] {
  const query = placeQuery(text);
  if (!query) return [];
  const statement = prepared(db, PLACE_SQL.matching);
  const found = new Map<string, PlaceRow>();
  const take = (expression: string | null) => {
    if (expression === null) return;
    for (const r of statement.all(expression, options.limit) as PlaceRow[]) if (!found.has(r.id)) found.set(r.id, r);
  };
  take(query.names);
  if (found.size < options.limit) take(query.everywhere);
  if (found.size === 0 || options.fuzzy) take(query.chinese);
  if (found.size === 0 || options.fuzzy) take(query.fuzzy);
  return [...found.values()].map(candidateOf);
}

/** Distinct addresses of incidents reported in the last RECENT_DAYS whose text holds every typed character. */
export function recentAddresses(db: Db, text: string, now: number, limit: number): RecentAddress[] {
  const query = placeQuery(text);
  // Incident text has no pinyin: Latin input finds only Latin addresses.
  if (!query) return [];
  const like = `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // By the Chinese characters alone where there are any: a number being typed ("3"*) would gather every number first.
  const expression = query.chinese ?? query.everywhere;
  const rows = prepared(db, PLACE_SQL.recent).all(expression, now - RECENT_DAYS * 86_400_000, like, limit) as (RecentAddress & { last: number })[];
  return rows.map(({ address, district, street, community, lat, lng }) => ({ address, district, street, community, lat, lng }));
}

/**
 * The address or landmark nearest a WGS84 point, no farther than `maxMetres`
 * (great-circle), with its distance; ties go to the smaller id. Districts,
 * streets, communities and roads are left out: their point is a centre, not
 * a place a pin could mean.
 */
export function nearestPlace(db: Db, lat: number, lng: number, maxMetres: number): { place: PlaceCandidate; metres: number } | null {
  // The box is only a prefilter: a little wider than the circle, so a place right at its edge is never lost to the box's rounding.
  const box = boxAround(lat, lng, maxMetres * 1.01 + 1);
  const rows = prepared(db, PLACE_SQL.inBox).all(box.minLat, box.maxLat, box.minLng, box.maxLng) as PlaceRow[];
  let best: { row: PlaceRow; metres: number } | null = null;
  for (const row of rows) {
    const metres = metresBetween(lat, lng, row.lat, row.lng);
    if (metres > maxMetres) continue;
    if (!best || metres < best.metres || (metres === best.metres && row.id < best.row.id)) best = { row, metres };
  }
  return best ? { place: candidateOf(best.row), metres: best.metres } : null;
}
