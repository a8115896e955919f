import { zh } from '../../i18n/sections/map-base.ts';

/**
 * The base map is plain Leaflet, not a component: whoever creates it passes
 * a translator for the `mapBase` section (use-city-map.ts passes vue-i18n's).
 * Without one it speaks the console's default language.
 */
export type MapText = (key: string, params?: Record<string, string | number>) => string;

type Tree = { [key: string]: string | Tree };

export const defaultMapText: MapText = (key, params = {}) => {
  let node: string | Tree | undefined = zh as Tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') return key;
  return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
};

/** Metres as an operator reads them: "850 米" under a kilometre, "1.25 公里" above. */
export function formatDistance(metres: number, t: MapText): string {
  if (metres < 1000) return t('measure.metres', { n: Math.round(metres) });
  const km = metres / 1000;
  return t('measure.kilometres', { n: km < 10 ? km.toFixed(2) : km.toFixed(1) });
}
