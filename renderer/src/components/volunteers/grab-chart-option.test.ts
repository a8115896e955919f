import { describe, expect, it } from 'vitest';
import { chartPalette } from '../dashboard/chart-palette.ts';
import { grabHourOption } from './grab-chart-option.ts';

const none = { declines: 0, expired: 0, grabRate: null, medianAcceptS: null };

describe('the offers-per-hour chart', () => {
  it('draws all 24 hours, offers and offers taken side by side, a missing hour as zero', () => {
    const option = grabHourOption(
      [
        { hour: 9, offers: 4, accepted: 3, ...none },
        { hour: 23, offers: 1, accepted: 0, ...none },
      ],
      { offers: '推送', accepted: '被接', description: '说明' },
      chartPalette(null),
    );
    const series = option.series as { name: string; data: number[] }[];
    expect(series.map((s) => s.name)).toEqual(['推送', '被接']);
    expect(series[0]!.data).toHaveLength(24);
    expect(series[0]!.data[9]).toBe(4);
    expect(series[1]!.data[9]).toBe(3);
    expect(series[0]!.data[23]).toBe(1);
    expect(series[0]!.data.reduce((a, b) => a + b, 0)).toBe(5);
    expect((option.xAxis as { data: string[] }).data.slice(0, 2)).toEqual(['00', '01']);
  });
});
