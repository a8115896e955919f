import { describe, expect, it } from 'vitest';
import type { Call, Incident, IncidentEvent } from '../protocol/entities.ts';
import { detect } from './detector.ts';
import { inputsFromEntities } from './inputs.ts';
import { overdueFindings } from './overdue.ts';
import { reopenedFindings, repeatFindings } from './repeats.ts';
import { DEFAULT_WARNING_SETTINGS } from './settings.ts';
import type { IncidentRecord, WarningInputs } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-02T15:00:00+08:00');
let n = 0;
const rec = (o: Partial<IncidentRecord>): IncidentRecord => ({
  id: `i-${++n}`,
  category: 'hazard.fire_risk',
  reportedAt: NOW - HOUR,
  lat: 24.48,
  lng: 118.09,
  district: '350203',
  street: '中华街道',
  address: '思明区中山路1号',
  callerKey: null,
  status: 'closed',
  dueAt: null,
  departments: [],
  ...o,
});
const inputs = (incidents: IncidentRecord[], reopened: WarningInputs['reopened'] = []): WarningInputs => ({ now: NOW, tz: 'Asia/Shanghai', incidents, calls: [], reopened });

describe('repeats', () => {
  /** Four weeks of the cache held: one incident elsewhere, of another family, 28 days ago. */
  const held = () => rec({ reportedAt: NOW - 28 * DAY + HOUR, category: 'traffic.collision', address: '湖里区某路1号', callerKey: null });

  it('an address reporting the same family 3 times in 2 days, never before, is raised', () => {
    const three = [0, 20, 40].map((h) => rec({ reportedAt: NOW - h * HOUR - 1 }));
    const found = repeatFindings(inputs([held(), ...three]), DEFAULT_WARNING_SETTINGS, 'repeat_address');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'repeat_address', family: 'hazard.fire_risk', address: '思明区中山路1号', observed: 3, baseline: 'address_history_28d' });
    expect(found[0]!.incidents).toEqual(three.map((r) => r.id));
    // Twice is not a repeat at the default (3); other families at the address do not count.
    expect(repeatFindings(inputs([held(), ...three.slice(0, 2), rec({ category: 'criminal.theft' })]), DEFAULT_WARNING_SETTINGS, 'repeat_address')).toEqual([]);
  });

  it('nothing is raised while the cache holds less history before the window than the window itself', () => {
    const three = [0, 20, 40].map((h) => rec({ reportedAt: NOW - h * HOUR - 1 }));
    // Two days of history only (a demo whose archive is still arriving): every address would look new.
    const twoDays = rec({ reportedAt: NOW - 9 * DAY, category: 'traffic.collision', address: '湖里区某路1号' });
    expect(repeatFindings(inputs([twoDays, ...three]), DEFAULT_WARNING_SETTINGS, 'repeat_address')).toEqual([]);
    // A week before the window is enough to compare with.
    const aWeek = rec({ reportedAt: NOW - 14 * DAY - HOUR, category: 'traffic.collision', address: '湖里区某路1号' });
    expect(repeatFindings(inputs([aWeek, ...three]), DEFAULT_WARNING_SETTINGS, 'repeat_address')).toHaveLength(1);
  });

  it('a busy address repeating at its usual rate is not raised', () => {
    const history = Array.from({ length: 30 }, (_, i) => rec({ reportedAt: NOW - 8 * DAY - i * 12 * HOUR }));
    const three = [0, 20, 40].map((h) => rec({ reportedAt: NOW - h * HOUR - 1 }));
    expect(repeatFindings(inputs([...history, ...three]), DEFAULT_WARNING_SETTINGS, 'repeat_address')).toEqual([]);
  });

  it('the same caller counts by number; a masked number is nobody', () => {
    const calls = (key: string) => [0, 5, 30].map((h) => rec({ reportedAt: NOW - h * HOUR - 1, callerKey: key, address: `某路${h}号` }));
    const found = repeatFindings(inputs([held(), ...calls('13812345678')]), DEFAULT_WARNING_SETTINGS, 'repeat_caller');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'repeat_caller', caller: '138****5678', observed: 3 });
    expect(repeatFindings(inputs([held(), ...calls('138****5678')]), DEFAULT_WARNING_SETTINGS, 'repeat_caller')).toEqual([]);
  });

  it('an incident reopened within the repeat window is raised once, with how often', () => {
    const r = rec({ status: 'dispatched' });
    const found = reopenedFindings(inputs([r], [{ incident: r.id, at: NOW - 2 * HOUR }, { incident: r.id, at: NOW - HOUR }, { incident: r.id, at: NOW - 8 * DAY }]), DEFAULT_WARNING_SETTINGS);
    expect(found).toEqual([expect.objectContaining({ kind: 'reopened', incidents: [r.id], observed: 2, since: NOW - 2 * HOUR, lastAt: NOW - HOUR, baseline: 'rule' })]);
  });
});

describe('overdue', () => {
  it('raises a department and a street with 5 open incidents past their deadline, not 4, not closed ones', () => {
    const late = (o: Partial<IncidentRecord>) => rec({ status: 'dispatched', dueAt: NOW - HOUR, ...o });
    const dept = Array.from({ length: 5 }, () => late({ departments: ['dept-police'], street: null }));
    const street = Array.from({ length: 4 }, () => late({ street: '鼓浪屿街道' }));
    const notYet = late({ street: '鼓浪屿街道', dueAt: NOW + HOUR });
    const closed = rec({ street: '鼓浪屿街道', status: 'closed', dueAt: NOW - HOUR });
    let found = overdueFindings(inputs([...dept, ...street, notYet, closed]), DEFAULT_WARNING_SETTINGS);
    expect(found.map((f) => [f.department, f.street, f.observed])).toEqual([['dept-police', null, 5]]);
    found = overdueFindings(inputs([...dept, ...street, late({ street: '鼓浪屿街道' })]), DEFAULT_WARNING_SETTINGS);
    expect(found.map((f) => [f.department, f.street, f.observed])).toEqual([
      ['dept-police', null, 5],
      [null, '鼓浪屿街道', 5],
    ]);
  });
});

describe('inputs from entities', () => {
  const incident = (o: Partial<Incident>): Incident => ({
    id: 'inc-1',
    rev: 1,
    source: '110',
    category: 'criminal.theft',
    priority: 2,
    status: 'resolved',
    level: 'community',
    title: 't',
    departments: [],
    volunteers: [],
    reported_at: new Date(NOW - HOUR).toISOString(),
    updated_at: new Date(NOW - HOUR).toISOString(),
    attachments: [],
    ...o,
  });
  it('keeps the last 29 days, keys callers by number (never a masked one) and finds reopenings in status events', () => {
    const call: Call = { id: 'c1', rev: 1, line: '110', received_at: new Date(NOW - HOUR).toISOString(), district: '350203', incident: 'inc-1' };
    const events: IncidentEvent[] = [
      { id: 'e1', rev: 1, incident: 'inc-1', at: new Date(NOW - 30 * 60_000).toISOString(), actor: 'x', kind: 'status', data: { from: 'resolved', to: 'dispatched' } },
      { id: 'e2', rev: 1, incident: 'inc-1', at: new Date(NOW - 40 * 60_000).toISOString(), actor: 'x', kind: 'status', data: { from: 'on_scene', to: 'resolved' } },
    ];
    const inp = inputsFromEntities(
      {
        incidents: [
          incident({ caller: { phone: '138 1234 5678' } }),
          incident({ id: 'inc-2', caller: { phone: '138****5678' } }),
          incident({ id: 'old', reported_at: new Date(NOW - 30 * DAY).toISOString() }),
        ],
        calls: [call],
        events,
      },
      NOW,
      'Asia/Shanghai',
    );
    expect(inp.incidents.map((r) => [r.id, r.callerKey])).toEqual([
      ['inc-1', '13812345678'],
      ['inc-2', null],
    ]);
    expect(inp.calls).toEqual([{ id: 'c1', line: '110', receivedAt: NOW - HOUR, district: '350203', incident: 'inc-1' }]);
    expect(inp.reopened).toEqual([{ incident: 'inc-1', at: NOW - 30 * 60_000 }]);
  });

  it('switched-off kinds are not computed', () => {
    const late = Array.from({ length: 5 }, () => rec({ status: 'dispatched', dueAt: NOW - HOUR, departments: ['d'] }));
    expect(detect(inputs(late), DEFAULT_WARNING_SETTINGS).map((f) => f.kind)).toContain('overdue');
    expect(detect(inputs(late), { ...DEFAULT_WARNING_SETTINGS, enabled: ['cluster', 'surge'] })).toEqual([]);
  });
});
