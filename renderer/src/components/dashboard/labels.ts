import type { Breakdowns } from '../../../../native/api/index.ts';
import type { KeyedCount } from './chart-options.ts';

type Translate = (key: string) => string;
type Has = (key: string) => boolean;

/** Message keys cannot start with a digit everywhere, so numeric codes get a letter in front. */
const keyOf = (prefix: string, code: string) => (/^\d/.test(code) ? `${prefix}${code}` : code);

export function districtName(code: string, t: Translate, te: Has): string {
  const key = `dashboardArea.district.names.${keyOf('d', code)}`;
  return te(key) ? t(key) : code;
}

export function sourceName(source: string, t: Translate, te: Has): string {
  const key = `dashboardArea.source.names.${keyOf('s', source)}`;
  return te(key) ? t(key) : source;
}

/** The six districts, then incidents with none when there are any. */
export function districtCounts(b: Breakdowns, t: Translate, te: Has): KeyedCount[] {
  const rows = b.byDistrict.map((d) => ({ key: d.district, label: districtName(d.district, t, te), count: d.count }));
  if (b.noDistrict > 0) rows.push({ key: 'none', label: t('dashboardArea.district.none'), count: b.noDistrict });
  return rows;
}

export function sourceCounts(b: Breakdowns, t: Translate, te: Has): KeyedCount[] {
  return b.bySource.map((s) => ({ key: s.source, label: sourceName(s.source, t, te), count: s.count }));
}

/** A unit the cache does not know (yet) is shown by its id. */
export function workloadCounts(b: Breakdowns): KeyedCount[] {
  return b.workload.map((w) => ({ key: w.department, label: w.name ?? w.department, count: w.open }));
}
