import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ChartPalette } from './chart-palette.ts';
import { hourLabel } from '../../format.ts';

/** Only what the dashboard registers (see DashboardChart.vue), so an option using anything else fails to type-check. */
export type DashboardChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption
>;

export interface HourRow {
  hour: number;
  today: number;
  yesterday: number;
}

/** One row per hour 0–23, whatever length the host sent (a missing hour reads 0). */
export function hourlyRows(byHour: { today: readonly number[]; yesterday: readonly number[] }): HourRow[] {
  return Array.from({ length: 24 }, (_, hour) => ({ hour, today: byHour.today[hour] ?? 0, yesterday: byHour.yesterday[hour] ?? 0 }));
}

function axisStyle(palette: ChartPalette) {
  return {
    axisLine: { lineStyle: { color: palette.border } },
    axisTick: { lineStyle: { color: palette.border } },
    axisLabel: { color: palette.muted },
    splitLine: { lineStyle: { color: palette.border, opacity: 0.5 } },
  };
}

function common(palette: ChartPalette, description: string): DashboardChartOption {
  return {
    // ECharts writes this as the chart's aria-label; the values are in the table beside it.
    aria: { enabled: true, label: { enabled: true, description } },
    textStyle: { color: palette.text, fontFamily: 'inherit' },
    tooltip: {
      trigger: 'axis',
      backgroundColor: palette.surface,
      borderColor: palette.border,
      textStyle: { color: palette.text },
    },
    animation: false,
  };
}

/** Answered calls per hour: today as bars, yesterday as a line for comparison. */
export function hourlyOption(
  rows: readonly HourRow[],
  text: { today: string; yesterday: string; description: string },
  palette: ChartPalette,
): DashboardChartOption {
  const axis = axisStyle(palette);
  return {
    ...common(palette, text.description),
    legend: { top: 0, right: 0, textStyle: { color: palette.text }, data: [text.today, text.yesterday] },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => hourLabel(r.hour)), ...axis, splitLine: { show: false } },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      { name: text.today, type: 'bar', data: rows.map((r) => r.today), itemStyle: { color: palette.accent }, barMaxWidth: 28 },
      {
        name: text.yesterday,
        type: 'line',
        data: rows.map((r) => r.yesterday),
        itemStyle: { color: palette.pending },
        lineStyle: { color: palette.pending, type: 'dashed', width: 2 },
        symbol: 'circle',
        symbolSize: 5,
      },
    ],
  };
}

export interface CategoryCount {
  label: string;
  count: number;
}

/** A count with a stable key (district code, source, department id) for tables and tests. */
export interface KeyedCount extends CategoryCount {
  key: string;
}

/**
 * One series of counts per category. Horizontal bars list the first item on
 * top (a ranking reads top-down); vertical bars read left to right.
 */
export function countBarOption(
  items: readonly CategoryCount[],
  text: { series: string; description: string },
  palette: ChartPalette,
  options: { horizontal?: boolean; colour?: string } = {},
): DashboardChartOption {
  const axis = axisStyle(palette);
  const categories = items.map((i) => i.label);
  const category = { type: 'category' as const, data: categories, ...axis, splitLine: { show: false } };
  const value = { type: 'value' as const, minInterval: 1, ...axis };
  const colour = options.colour ?? palette.accent;
  return {
    ...common(palette, text.description),
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: options.horizontal ? value : category,
    yAxis: options.horizontal ? { ...category, inverse: true } : value,
    series: [
      {
        name: text.series,
        type: 'bar',
        data: items.map((i) => i.count),
        itemStyle: { color: colour },
        barMaxWidth: 28,
        label: { show: true, position: options.horizontal ? 'right' : 'top', color: palette.text },
      },
    ],
  };
}
