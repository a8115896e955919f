import type { WarningSettings } from '../api/contract.ts';
import { isOpenStatus } from '../api/rules.ts';
import { MAX_LISTED, mostCommon } from './family.ts';
import { hullOf } from './repeats.ts';
import { EMPTY_FINDING, type Finding, type IncidentRecord, type WarningInputs } from './types.ts';

/**
 * Overdue work piling up: one department, or one street, with at least
 * `overdueMinIncidents` open incidents past their deadline. A rule, not a
 * test: a deadline missed is a fact, not a chance.
 */
export function overdueFindings(inputs: WarningInputs, s: WarningSettings): Finding[] {
  const byDepartment = new Map<string, IncidentRecord[]>();
  const byStreet = new Map<string, IncidentRecord[]>();
  const add = (map: Map<string, IncidentRecord[]>, key: string, r: IncidentRecord) => {
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  };
  for (const r of inputs.incidents) {
    // The deadline first: a number compared, and most incidents held are past the question (none, or not yet due).
    if (r.dueAt === null || r.dueAt >= inputs.now || !isOpenStatus(r.status)) continue;
    const departments = r.departments.length > 1 ? new Set(r.departments) : r.departments;
    for (const d of departments) add(byDepartment, d, r);
    if (r.street) add(byStreet, r.street, r);
  }
  const out: Finding[] = [];
  const raise = (records: IncidentRecord[], department: string | null, street: string | null) => {
    records.sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : -1));
    out.push({
      ...EMPTY_FINDING,
      kind: 'overdue',
      department,
      street: street ?? mostCommon(records.map((r) => r.street)),
      district: mostCommon(records.map((r) => r.district)),
      since: records[records.length - 1]!.reportedAt,
      lastAt: records[0]!.reportedAt,
      observed: records.length,
      expected: 0,
      baseline: 'rule',
      outline: hullOf(records),
      incidents: records.slice(0, MAX_LISTED).map((r) => r.id),
    });
  };
  for (const [d, records] of [...byDepartment].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (records.length >= s.overdueMinIncidents) raise(records, d, null);
  }
  for (const [street, records] of [...byStreet].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (records.length >= s.overdueMinIncidents) raise(records, null, street);
  }
  return out;
}
