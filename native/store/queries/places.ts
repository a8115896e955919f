import { DISTRICTS, isDistrictCode } from '../../api/rules.ts';
import type { PlaceCandidate, PlaceKind, RecentAddress } from '../../geo/geocode.ts';
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

export const PLACE_SQL = {
  /** Places whose text matches an FTS expression, the best bm25 first. */
  matching: `SELECT p.id, p.name, p.kind, p.district, p.street, p.community, p.lat, p.lng, p.pinyin,
      json_extract(p.data, '$.aliases') AS aliases
    FROM place_fts JOIN place p ON p.rowid = place_fts.rowid
    WHERE place_fts MATCH ? ORDER BY place_fts.rank LIMIT ?`,
  /**
   * Distinct addresses of incidents reported since a time whose text entry
   * matches, the most recently reported first. Incidents whose entry is still
   * being built (`unindexed`, migration 0004) are looked at by their address.
   */
  recent: `SELECT address, district, street, community, lat, lng, max(reported_ms) AS last
    FROM incident
    WHERE reported_ms >= ? AND address IS NOT NULL
      AND ((rowid IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?) AND unindexed IS NULL)
        OR (unindexed IS NOT NULL AND address LIKE ? ESCAPE '\\'))
    GROUP BY address ORDER BY last DESC LIMIT ?`,
} as const;

/** How far back "recent incidents" go. */
export const RECENT_DAYS = 7;

/** The FTS expressions for typed text; null when nothing searchable remains. */
export function placeQuery(text: string): { names: string; everywhere: string; fuzzy: string | null } | null {
  const plain = text.normalize('NFKC').toLowerCase();
  // Pinyin or a Latin name: one token, spaces and all ("hu bin nan lu" is "hubinnanlu").
  if (/^[a-z0-9\s'-]+$/.test(plain)) {
    const word = plain.replace(/[^a-z0-9]/g, '');
    if (!word) return null;
    return { names: `{names pinyin} : "${word}"*`, everywhere: `"${word}"*`, fuzzy: null };
  }
  const tokens = segment(plain)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  const all = tokens.map((t) => `"${t}"*`).join(' AND ');
  // Every pair of neighbouring tokens, any of them: a misspelt or extra character still leaves most pairs.
  const pairs = tokens.length < 2 ? null : tokens.slice(1).map((t, i) => `"${tokens[i]} ${t}"`).join(' OR ');
  return { names: `{names pinyin} : (${all})`, everywhere: all, fuzzy: pairs && `{names} : (${pairs})` };
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
  pinyin: string;
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
 * address "思明区湖滨南路…"); and with `fuzzy` (geocoding, or nothing found),
 * those sharing a pair of neighbouring characters with it (a misspelling, a
 * house number the base lacks).
 */
export function placeCandidates(db: Db, text: string, options: { limit: number; fuzzy: boolean }): PlaceCandidate[] {
  const query = placeQuery(text);
  if (!query) return [];
  const statement = prepared(db, PLACE_SQL.matching);
  const found = new Map<string, PlaceRow>();
  const take = (expression: string, limit: number) => {
    for (const r of statement.all(expression, limit) as PlaceRow[]) if (!found.has(r.id)) found.set(r.id, r);
  };
  take(query.names, options.limit);
  if (found.size < options.limit) take(query.everywhere, options.limit);
  if (query.fuzzy && (options.fuzzy || found.size === 0)) take(query.fuzzy, options.limit * 2);
  return [...found.values()].map(candidateOf);
}

/** Distinct addresses of incidents reported in the last RECENT_DAYS whose text holds every typed character. */
export function recentAddresses(db: Db, text: string, now: number, limit: number): RecentAddress[] {
  const query = placeQuery(text);
  // Incident text has no pinyin: Latin input finds only Latin addresses.
  if (!query) return [];
  const like = `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = prepared(db, PLACE_SQL.recent).all(now - RECENT_DAYS * 86_400_000, query.everywhere, like, limit) as (RecentAddress & { last: number })[];
  return rows.map(({ address, district, street, community, lat, lng }) => ({ address, district, street, community, lat, lng }));
}
