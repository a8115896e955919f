import type { IncidentRow, Result, Role, SessionInfo, TodayStats } from '../../../native/api/index.ts';
import { sessionInfo } from './fake-host.ts';

/** A session the platform confirmed, as the host reports it after `welcome`. */
export function signedInSession(role: Role = 'duty_chief'): SessionInfo {
  return sessionInfo({
    platform: { configured: true, url: 'wss://platform.example/link', embedded: false },
    signedIn: true,
    role,
    operator: { id: 'op-01', name: '陈静', role },
  });
}

/** A signed-out session on a configured console. */
export function signedOutSession(): SessionInfo {
  return sessionInfo({ platform: { configured: true, url: 'wss://platform.example/link', embedded: false } });
}

// 2025-03-14 09:05 in Asia/Shanghai.
const REPORTED = Date.UTC(2025, 2, 14, 1, 5);

export function incidentRow(overrides: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id: 'inc-1',
    rev: 1,
    title: '湖滨南路两车追尾',
    status: 'new',
    priority: 2,
    source: '122',
    category: 'traffic.collision',
    level: 'street',
    district: '350203',
    address: '湖滨南路 388 号',
    reportedAt: REPORTED,
    updatedAt: REPORTED,
    dueAt: null,
    overdue: false,
    callerPhone: '138****0000',
    ...overrides,
  };
}

/** A §8 incident as `incident.get` returns it (the caller's phone masked, as a call taker's window would not get it). */
export function incidentRecord(overrides: Partial<Result<'incident.get'>['incident']> = {}): Result<'incident.get'>['incident'] {
  return {
    id: 'inc-2025-000123',
    rev: 4,
    source: '110',
    category: 'fire.warehouse',
    priority: 1,
    status: 'new',
    level: 'street',
    title: '仓库起火',
    description: '二楼冒烟',
    address: '湖里区华光路 12 号',
    lat: 24.5,
    lng: 118.1,
    district: '350206',
    departments: [],
    volunteers: [],
    caller: { name: '王先生', phone: '138****5678' },
    call: 'call-9',
    reported_at: '2025-03-14T09:05:00+08:00',
    updated_at: '2025-03-14T09:06:00+08:00',
    attachments: [],
    ...overrides,
  };
}

export function todayStats(overrides: Partial<TodayStats> = {}): TodayStats {
  return {
    tz: 'Asia/Shanghai',
    day: '2025-03-14',
    calls: { received: 412, answered: 398, answerRate: 398 / 412 },
    incidents: { reported: 120, criminal: 17, open: 33, overdue: 4 },
    openByPriority: [3, 9, 15, 6],
    answeredByHour: { today: Array<number>(24).fill(0), yesterday: Array<number>(24).fill(0) },
    roads: { smooth: 210, slow: 31, congested: 12, blocked: 2 },
    ...overrides,
  };
}
