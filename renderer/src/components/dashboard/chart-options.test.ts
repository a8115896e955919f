import { describe, expect, it } from 'vitest';
import { countBarOption, hourlyOption, hourlyRows } from './chart-options.ts';
import { hourLabel } from '../../format.ts';
import { FALLBACK_PALETTE } from './chart-palette.ts';
import { seriesData } from './test-kit.ts';

describe('dashboard chart options', () => {
  it('always has 24 hourly rows, a short array from the host reading as zeros', () => {
    const rows = hourlyRows({ today: [5, 4], yesterday: Array.from({ length: 24 }, (_, h) => h) });
    expect(rows).toHaveLength(24);
    expect(rows[1]).toEqual({ hour: 1, today: 4, yesterday: 1 });
    expect(rows[23]).toEqual({ hour: 23, today: 0, yesterday: 23 });
    expect(hourLabel(7)).toBe('07');
  });

  it('draws today as bars and yesterday as a dashed line over the 24 hours, with aria on', () => {
    const rows = hourlyRows({ today: [1, 2, 3], yesterday: [4, 5, 6] });
    const option = hourlyOption(rows, { today: 'Today', yesterday: 'Yesterday', description: 'Answered calls per hour.' }, FALLBACK_PALETTE);
    expect(option.aria).toMatchObject({ enabled: true, label: { enabled: true, description: 'Answered calls per hour.' } });
    expect((option.xAxis as { data: string[] }).data).toEqual(rows.map((r) => hourLabel(r.hour)));
    const series = option.series as { type: string; name: string; lineStyle?: { type: string } }[];
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['bar', 'Today'],
      ['line', 'Yesterday'],
    ]);
    expect(series[1]!.lineStyle?.type).toBe('dashed');
    expect(seriesData(option)[0]!.slice(0, 4)).toEqual([1, 2, 3, 0]);
    expect(seriesData(option)[1]!.slice(0, 4)).toEqual([4, 5, 6, 0]);
  });

  it('puts the first item of a horizontal ranking on top, and categories on x for vertical bars', () => {
    const items = [
      { label: '思明公安分局', count: 9 },
      { label: '湖里消防', count: 4 },
    ];
    const horizontal = countBarOption(items, { series: 'Open', description: 'd' }, FALLBACK_PALETTE, { horizontal: true });
    expect(horizontal.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['思明公安分局', '湖里消防'] });
    expect(horizontal.xAxis).toMatchObject({ type: 'value' });
    expect(seriesData(horizontal)).toEqual([[9, 4]]);

    const vertical = countBarOption(items, { series: 'Open', description: 'd' }, FALLBACK_PALETTE);
    expect(vertical.xAxis).toMatchObject({ type: 'category', data: ['思明公安分局', '湖里消防'] });
    expect((vertical.series as { itemStyle: { color: string } }[])[0]!.itemStyle.color).toBe(FALLBACK_PALETTE.accent);
  });
});
