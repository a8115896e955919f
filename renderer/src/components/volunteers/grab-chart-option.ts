import type { ChartPalette } from '../dashboard/chart-palette.ts';
import type { DashboardChartOption } from '../dashboard/chart-options.ts';
import { hourLabel } from '../../format.ts';
import type { VolunteerStats } from './use-volunteer-panel.ts';

/**
 * Offers made and offers taken per hour of the platform's day, as two bars
 * side by side: the gap between them is the grab rate an operator reads at
 * a glance (the tables beside it hold the figures). All 24 hours, so the
 * quiet ones show as quiet.
 */
export function grabHourOption(
  byHour: VolunteerStats['byHour'],
  text: { offers: string; accepted: string; description: string },
  palette: ChartPalette,
): DashboardChartOption {
  const hours = Array.from({ length: 24 }, (_, hour) => byHour.find((h) => h.hour === hour) ?? { hour, offers: 0, accepted: 0 });
  const axis = {
    axisLine: { lineStyle: { color: palette.border } },
    axisTick: { lineStyle: { color: palette.border } },
    axisLabel: { color: palette.muted },
  };
  return {
    aria: { enabled: true, label: { enabled: true, description: text.description } },
    textStyle: { color: palette.text, fontFamily: 'inherit' },
    tooltip: { trigger: 'axis', backgroundColor: palette.surface, borderColor: palette.border, textStyle: { color: palette.text } },
    animation: false,
    legend: { top: 0, right: 0, textStyle: { color: palette.text }, data: [text.offers, text.accepted] },
    grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: hours.map((h) => hourLabel(h.hour)), ...axis },
    yAxis: { type: 'value', minInterval: 1, ...axis, splitLine: { lineStyle: { color: palette.border, opacity: 0.5 } } },
    series: [
      { name: text.offers, type: 'bar', data: hours.map((h) => h.offers), itemStyle: { color: palette.accent }, barMaxWidth: 14 },
      { name: text.accepted, type: 'bar', data: hours.map((h) => h.accepted), itemStyle: { color: palette.ok }, barMaxWidth: 14 },
    ],
  };
}
