import type { Warning, WarningSettingsView, WarningsState } from '../../../native/api/index.ts';

// 2025-03-14 09:05 in Asia/Shanghai, as the board fixtures.
const AT = Date.UTC(2025, 2, 14, 1, 5);

/** A cluster of four thefts in 思明区, open, as the host computes one. */
export function warning(overrides: Partial<Warning> = {}): Warning {
  return {
    key: 'cluster:criminal.theft:inc-2025-000101',
    kind: 'cluster',
    status: 'open',
    family: 'criminal.theft',
    district: '350203',
    street: null,
    line: null,
    department: null,
    address: null,
    caller: null,
    since: AT - 5 * 3_600_000,
    lastAt: AT,
    raisedAt: AT + 60_000,
    updatedAt: AT + 120_000,
    observed: 4,
    expected: 0.35,
    baseline: 'zone_history_28d',
    pValue: 0.0021,
    recurrenceDays: 476,
    area: { lat: 24.4539, lng: 118.0889, radiusM: 420 },
    outline: [
      [24.452, 118.087],
      [24.456, 118.088],
      [24.455, 118.091],
    ],
    incidents: ['inc-2025-000104', 'inc-2025-000103', 'inc-2025-000102', 'inc-2025-000101'],
    handling: null,
    ...overrides,
  };
}

export function warningsState(warnings: Warning[] = [warning()], overrides: Partial<WarningsState> = {}): WarningsState {
  return {
    warnings,
    computedAt: AT + 120_000,
    tookMs: 38,
    baselineDays: 28,
    open: warnings.filter((w) => w.status === 'open').length,
    ...overrides,
  };
}

export function warningSettingsView(overrides: Partial<WarningSettingsView['settings']> = {}): WarningSettingsView {
  return {
    settings: {
      clusterMaxRadiusM: 500,
      clusterMaxHours: 6,
      clusterMinIncidents: 4,
      clusterRecurrenceDays: 365,
      surgeFalseAlarmsPerDay: 0.5,
      repeatMinCount: 3,
      repeatDays: 3,
      overdueMinIncidents: 5,
      enabled: ['cluster', 'surge', 'repeat_caller', 'repeat_address', 'reopened', 'overdue'],
      ...overrides,
    },
    expectedFalsePerDay: { cluster: 0.8, surge: 0.5 },
  };
}
