import type { IncidentRow, Role, SessionInfo, TodayStats } from '../../../native/api/index.ts';
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
