import { describe, expect, it } from 'vitest';
import { wordsIn } from '../../names/test-words.ts';
import { warning } from '../../test-support/warning-fixtures.ts';
import { formatProbability, warningCompared, warningHeadline, warningLikelihood, warningTarget, warningWhere } from './wording.ts';

const zh = wordsIn('zh-CN');
const en = wordsIn('en');
const units = (id: string) => (id === 'dept-siming-police' ? '厦门市公安局思明分局' : 'Unknown unit');

describe('a warning in words', () => {
  it('says what was found by name: the family, the line, the unit — never a code', () => {
    expect(warningHeadline(zh, warning(), units)).toBe('刑事案件 · 盗窃聚集：4 起');
    expect(warningHeadline(en, warning(), units)).toBe('Criminal · Theft cluster: 4 incidents');
    const surge = warning({ kind: 'surge', family: null, line: '110', observed: 37 });
    expect(warningHeadline(zh, surge, units)).toBe('110 报警来电激增：37 个');
    expect(warningHeadline(en, { ...surge, line: null }, units)).toBe('Call surge on all four lines: 37 calls');
    const overdue = warning({ kind: 'overdue', family: null, department: 'dept-siming-police', observed: 6 });
    expect(warningHeadline(en, overdue, units)).toBe('Overdue work at 厦门市公安局思明分局: 6 incidents');
    expect(warningHeadline(zh, { ...overdue, department: null, street: '莲前街道' }, units)).toBe('莲前街道超时积压：6 起');
  });

  it('says where: the district by name, the address, the masked caller, the radius', () => {
    expect(warningWhere(zh, warning())).toBe('思明区、半径约 420 米');
    const repeat = warning({ kind: 'repeat_caller', area: null, district: '350206', caller: '138****0000' });
    expect(warningWhere(en, repeat)).toBe('Huli, caller 138****0000');
    expect(warningWhere(en, warning({ district: null, area: null }))).not.toMatch(/\d{6}/);
  });

  it('names every baseline the detector uses, the weeks behind a surge as many as there are', () => {
    expect(warningCompared(zh, warning({ kind: 'repeat_address', baseline: 'address_history_28d', observed: 8, expected: 0.2 }))).toBe(
      '实际 8，基线预期 0.2（该地址过去 28 天）',
    );
    expect(warningCompared(en, warning({ kind: 'surge', baseline: 'same_hour_weekday_2w', observed: 30, expected: 12 }))).toBe(
      'observed 30, baseline expected 12 (same hour and weekday, last 2 weeks)',
    );
    expect(warningCompared(en, warning({ kind: 'overdue', baseline: 'rule', observed: 6, expected: 0 }))).toBe(
      'observed 6 (by rule, no baseline)',
    );
  });

  it('says what it was compared with and how unlikely, in both languages', () => {
    expect(warningCompared(zh, warning())).toBe('实际 4，基线预期 0.4（该区域过去 28 天）');
    expect(warningCompared(en, warning({ kind: 'surge', baseline: 'same_hour_weekday_4w', observed: 37, expected: 18.2 }))).toBe(
      'observed 37, baseline expected 18 (same hour and weekday, last 4 weeks)',
    );
    expect(warningLikelihood(zh, warning())).toBe('p = 0.0021，约每 476 天偶然出现一次');
    expect(warningLikelihood(en, warning({ recurrenceDays: 12_345.6 }))).toBe('p = 0.0021: by chance about once in 12,346 days');
    expect(warningLikelihood(en, warning({ kind: 'reopened', pValue: null, recurrenceDays: null }))).toBe(
      'Raised by rule, no statistical baseline',
    );
    expect(warningLikelihood(zh, warning({ pValue: 0.00001, recurrenceDays: 27_839_264 }))).toBe(
      'p < 0.0001，偶然出现的可能极小（少于每 10 万天一次）',
    );
    expect(warningLikelihood(en, warning({ pValue: 0.0003, recurrenceDays: 150_000 }))).toBe(
      'p < 0.0001: by chance less than once in 100,000 days',
    );
    expect(formatProbability(0.04567)).toBe('0.046');
  });
});

describe('a warning an audit entry is about', () => {
  it('is named by its headline while listed, else by its kind, never by its key', () => {
    const listed = [warning()];
    expect(warningTarget(zh, warning().key, listed, units)).toBe('刑事案件 · 盗窃聚集：4 起');
    expect(warningTarget(en, 'surge:350206:110:2025-03-14T01', listed, units)).toBe('Call surge');
    expect(warningTarget(en, 'something-else', listed, units)).toBe('Early warnings');
  });
});
