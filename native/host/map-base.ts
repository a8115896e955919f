import type { MapBaseConfig } from '../api/index.ts';

/**
 * The base map's configuration (issue 11): `--map-tiles URL` and
 * `--map-datum wgs84|gcj02` on `egret start`/`serve`, `$EGRET_MAP_TILES` and
 * `$EGRET_MAP_DATUM` for Electron. Checked once, before anything starts: a
 * template a browser cannot load tiles from would only show up later as an
 * empty map, and its origin goes into the page's Content Security Policy.
 */

export class MapBaseConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MapBaseConfigError';
  }
}

/** Tianditu mirrors and city GIS servers go to z18; the offline base is vector, any zoom. */
const TILE_MAX_ZOOM = 18;
const DATUMS: Record<string, 'wgs84' | 'gcj02'> = { wgs84: 'wgs84', cgcs2000: 'wgs84', gcj02: 'gcj02' };
const EXAMPLE = 'e.g. https://tiles.example.gov/{z}/{x}/{y}.png';

/** Why a tile URL template cannot be used, or null when it can. */
export function tileUrlProblem(template: string): string | null {
  for (const key of ['{z}', '{x}', '{y}']) {
    if (!template.includes(key)) return `the map tile URL must contain {z}, {x} and {y} (${EXAMPLE}); "${template}" has no ${key}`;
  }
  const other = /\{(?![zxy]\})[^}]*\}/.exec(template);
  // {s} would spread tiles over subdomains the page's CSP does not name; {r}, {-y} and the rest are not the XYZ scheme.
  if (other) return `the map tile URL may use only {z}, {x} and {y}, not ${other[0]} (${EXAMPLE})`;
  let url: URL;
  try {
    url = new URL(template.replace(/\{[zxy]\}/g, '0'));
  } catch {
    return `the map tile URL "${template}" is not a URL (${EXAMPLE})`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the map tile URL must be http:// or https://, got ${url.protocol}//`;
  if (url.username || url.password) return 'the map tile URL must not carry a user name or password';
  if (url.origin.includes('{')) return `the map tile URL's host cannot hold a placeholder (${EXAMPLE})`;
  return null;
}

/** The base map from the options as given; throws MapBaseConfigError with the reason on a bad value. */
export function mapBaseConfig(options: { tiles?: string | undefined; datum?: string | undefined }): MapBaseConfig {
  const tiles = options.tiles?.trim();
  const datumText = options.datum?.trim().toLowerCase();
  if (!tiles) {
    if (datumText) throw new MapBaseConfigError('--map-datum needs --map-tiles: the offline base map is WGS84');
    return { tiles: null };
  }
  const problem = tileUrlProblem(tiles);
  if (problem) throw new MapBaseConfigError(problem);
  const datum = DATUMS[datumText ?? 'wgs84'];
  if (!datum) throw new MapBaseConfigError(`--map-datum must be wgs84 (or cgcs2000) or gcj02, got "${options.datum}"`);
  const origin = tileOrigin(tiles);
  return { tiles: { url: tiles, datum, maxZoom: TILE_MAX_ZOOM, attribution: new URL(origin).host } };
}

/** The tile server's origin, for img-src of the page's CSP. */
export function tileOrigin(template: string): string {
  return new URL(template.replace(/\{[zxy]\}/g, '0')).origin;
}

/** The origins the base map loads images from: the tile server's, or none. */
export function mapImageOrigins(config: MapBaseConfig): string[] {
  return config.tiles ? [tileOrigin(config.tiles.url)] : [];
}
