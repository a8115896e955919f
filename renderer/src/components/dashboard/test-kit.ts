import { defineComponent, h, type PropType } from 'vue';
import type { Breakdowns } from '../../../../native/api/index.ts';
import type { DashboardChartOption } from './chart-options.ts';

// Test helpers for the dashboard (used by its *.test.ts only).

/**
 * Stands in for DashboardChart: happy-dom has no canvas for ECharts. It keeps
 * the option it was given on the element, so a test can read what would be drawn.
 */
export const ChartStub = defineComponent({
  name: 'DashboardChart',
  props: { option: { type: Object as PropType<DashboardChartOption>, required: true }, height: { type: String, default: undefined } },
  setup(props) {
    return () => h('div', { 'data-testid': 'chart-stub', 'data-series': JSON.stringify(seriesData(props.option)) });
  },
});

/** The data arrays of each series in an option. */
export function seriesData(option: DashboardChartOption): unknown[][] {
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.map((s) => (s as { data?: unknown[] }).data ?? []);
}

export function breakdownsFixture(overrides: Partial<Breakdowns> = {}): Breakdowns {
  return {
    tz: 'Asia/Shanghai',
    day: '2025-03-14',
    byDistrict: [
      { district: '350203', count: 31 },
      { district: '350205', count: 8 },
      { district: '350206', count: 22 },
      { district: '350211', count: 12 },
      { district: '350212', count: 5 },
      { district: '350213', count: 4 },
    ],
    noDistrict: 2,
    bySource: [
      { source: '110', count: 40 },
      { source: '119', count: 3 },
      { source: '122', count: 18 },
      { source: '12345', count: 25 },
      { source: 'city_mgmt', count: 6 },
      { source: 'grid', count: 9 },
      { source: 'volunteer', count: 11 },
      { source: 'video', count: 7 },
      { source: 'petition', count: 1 },
    ],
    workload: [
      { department: 'dept-siming-police', name: '思明公安分局', open: 9 },
      { department: 'dept-huli-fire', name: '湖里消防救援大队', open: 4 },
      { department: 'dept-new', name: null, open: 1 },
    ],
    escalations: [
      { id: 'inc-2025-000412', title: '公园步道旁墙体开裂 60 米', priority: 1, status: 'verified', district: '350203', reportedAt: Date.UTC(2025, 2, 14, 1, 5) },
      { id: 'inc-2025-000398', title: '化工园区异味', priority: 2, status: 'dispatched', district: '350213', reportedAt: Date.UTC(2025, 2, 13, 14, 30) },
    ],
    escalationsTotal: 2,
    ...overrides,
  };
}
