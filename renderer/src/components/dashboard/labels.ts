import type { Breakdowns } from '../../../../native/api/index.ts';
import { districtName, termName } from '../../names/terms.ts';
import type { Words } from '../../names/words.ts';
import type { KeyedCount } from './chart-options.ts';

/** The six districts, then incidents with none when there are any. */
export function districtCounts(b: Breakdowns, words: Words): KeyedCount[] {
  const rows = b.byDistrict.map((d) => ({ key: d.district, label: districtName(words, d.district), count: d.count }));
  if (b.noDistrict > 0) rows.push({ key: 'none', label: words.t('dashboardArea.district.none'), count: b.noDistrict });
  return rows;
}

export function sourceCounts(b: Breakdowns, words: Words): KeyedCount[] {
  return b.bySource.map((s) => ({ key: s.source, label: termName(words, 'source', s.source), count: s.count }));
}

/** A unit the cache does not know (yet) reads "unknown unit", never its id. */
export function workloadCounts(b: Breakdowns, words: Words): KeyedCount[] {
  return b.workload.map((w) => ({ key: w.department, label: w.name ?? words.t('names.unknown.unit'), count: w.open }));
}
