import type { Warning } from '../../../../native/api/index.ts';
import { categoryName } from '../../names/categories.ts';
import { districtName, termName } from '../../names/terms.ts';
import { isKeySegment, named, type Words } from '../../names/words.ts';

/**
 * A warning in words (issue 14): the host sends it as data — kind, family,
 * district, line, department, figures — and the operator reads what was
 * found, where, since when, against what, how unlikely, in either language
 * and never by code. Pure: the words and the unit lookup come in.
 */

/** A unit's name by id (the departments store's lookup; an unknown one named as such, never by id). */
export type UnitName = (id: string) => string;

/** The name of a warning's kind ("警情聚集", "Call surge"). */
export function warningKindName(words: Words, kind: string): string {
  return named(words, 'warnings.kind', kind);
}

/** What was found, in one line: "治安 · 盗窃聚集：4 起", "Call surge on 110 police: 37 calls". */
export function warningHeadline(words: Words, w: Warning, unitName: UnitName): string {
  const n = w.observed;
  const family = w.family ? categoryName(words, w.family) : words.t('warnings.anyFamily');
  switch (w.kind) {
    case 'cluster':
    case 'repeat_caller':
    case 'repeat_address':
      return words.t(`warnings.headline.${w.kind}`, { family, n });
    case 'surge':
      return words.t('warnings.headline.surge', { line: w.line ? termName(words, 'source', w.line) : words.t('warnings.allLines'), n });
    case 'overdue': {
      const owner = w.department ? unitName(w.department) : (w.street ?? districtName(words, w.district));
      return words.t('warnings.headline.overdue', { owner, n });
    }
    case 'reopened':
      return words.t('warnings.headline.reopened', { n });
    default:
      return `${warningKindName(words, w.kind)}: ${n}`;
  }
}

/**
 * A warning an audit entry is about (its target is the warning's key): the
 * warning's headline while it is listed, else its kind (a key starts with
 * it, native/warning/keys.ts), else just "a warning" — never the key.
 */
export function warningTarget(words: Words, key: string, listed: readonly Warning[], unitName: UnitName): string {
  const shown = listed.find((w) => w.key === key);
  if (shown) return warningHeadline(words, shown, unitName);
  const kind = key.split(':')[0] ?? '';
  return isKeySegment(kind) && words.te(`warnings.kind.${kind}`) ? words.t(`warnings.kind.${kind}`) : words.t('warnings.title');
}

/** Where: the district, the street, the address or the caller (masked as the role sees phones), the cluster's radius. */
export function warningWhere(words: Words, w: Warning): string {
  const parts: string[] = [districtName(words, w.district)];
  if (w.street) parts.push(w.street);
  if (w.address) parts.push(w.address);
  if (w.caller) parts.push(words.t('warnings.caller', { phone: w.caller }));
  if (w.area) parts.push(words.t('warnings.radius', { m: Math.round(w.area.radiusM) }));
  return parts.join(words.t('names.separator'));
}

/** What the figures were compared with: observed, expected, over which baseline. */
export function warningCompared(words: Words, w: Warning): string {
  if (w.baseline === 'rule') return words.t('warnings.comparedRule', { observed: w.observed });
  const baseline = baselineName(words, w.baseline);
  return words.t('warnings.comparedText', { observed: w.observed, expected: formatExpected(w.expected), baseline });
}

/** The baseline by name: `same_hour_weekday_<n>w` (n weeks behind it while the archive fills), or one of the fixed ones. */
export function baselineName(words: Words, code: string): string {
  const weeks = /^same_hour_weekday_(\d+)w$/.exec(code)?.[1];
  return weeks === undefined ? named(words, 'warnings.baseline', code) : words.t('warnings.baseline.sameHourWeekday', { n: Number(weeks) });
}

/** How unlikely: the tail probability and "about once in N days"; rule-based kinds say they have no baseline. */
export function warningLikelihood(words: Words, w: Warning): string {
  if (w.pValue === null || w.recurrenceDays === null) return words.t('warnings.ruleBased');
  // Beyond the scan's resolution a figure would only look precise.
  if (w.pValue < 0.0001 || w.recurrenceDays >= RARE_DAYS) return words.t('warnings.likelihoodRare');
  return words.t('warnings.likelihoodText', { p: formatProbability(w.pValue), days: formatDays(w.recurrenceDays) });
}

/** An expected count: one decimal under 10 (a baseline of 0.35 calls reads 0.4, not 0), whole above. */
export function formatExpected(value: number): string {
  return value < 10 ? (Math.round(value * 10) / 10).toFixed(1) : String(Math.round(value));
}

/** A p-value to two significant figures (warningLikelihood words one under 0.0001). */
export function formatProbability(p: number): string {
  return String(Number(p.toPrecision(2)));
}

/** "About once in this many days" or more reads as "less than once in 100,000 days". */
const RARE_DAYS = 100_000;

/** Days between chance signals this strong, whole, with a thousands separator. */
export function formatDays(days: number): string {
  return Math.round(days).toLocaleString('en-US');
}
