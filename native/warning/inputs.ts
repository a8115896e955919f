import { CALL_LINES, OPEN_STATUSES, phoneKey } from '../api/rules.ts';
import type { Call, Incident, IncidentEvent } from '../protocol/entities.ts';
import { usableCallerKey } from './repeats.ts';
import { DAY_MS, HISTORY_DAYS } from './settings.ts';
import type { CallRecord, IncidentRecord, Line, WarningInputs } from './types.ts';

/**
 * WarningInputs from the wire's entities (tests, and any caller without the
 * cache): incidents and calls of the last HISTORY_DAYS up to `now`, and the
 * reopenings found in status events (resolved → an open status again).
 */
export function inputsFromEntities(e: { incidents: Incident[]; calls: Call[]; events: IncidentEvent[] }, now: number, tz: string): WarningInputs {
  const from = now - HISTORY_DAYS * DAY_MS;
  const inSpan = (t: number) => Number.isFinite(t) && t > from && t <= now;
  const incidents: IncidentRecord[] = [];
  for (const i of e.incidents) {
    const reportedAt = Date.parse(i.reported_at);
    if (!inSpan(reportedAt)) continue;
    const key = phoneKey(i.caller?.phone ?? null);
    incidents.push({
      id: i.id,
      category: i.category,
      reportedAt,
      lat: i.lat ?? null,
      lng: i.lng ?? null,
      district: i.district ?? null,
      street: i.street ?? null,
      address: i.address ?? null,
      callerKey: usableCallerKey(key) ? key : null,
      status: i.status,
      dueAt: i.due_at ? Date.parse(i.due_at) : null,
      departments: [...i.departments],
    });
  }
  const calls: CallRecord[] = [];
  for (const c of e.calls) {
    const receivedAt = Date.parse(c.received_at);
    if (!inSpan(receivedAt) || !(CALL_LINES as readonly string[]).includes(c.line)) continue;
    calls.push({ id: c.id, line: c.line as Line, receivedAt, district: c.district ?? null, incident: c.incident ?? null });
  }
  const reopened: WarningInputs['reopened'] = [];
  for (const ev of e.events) {
    const at = Date.parse(ev.at);
    if (ev.kind !== 'status' || !inSpan(at)) continue;
    const from = ev.data?.['from'];
    const to = ev.data?.['to'];
    if (from === 'resolved' && typeof to === 'string' && (OPEN_STATUSES as readonly string[]).includes(to)) reopened.push({ incident: ev.incident, at });
  }
  return { now, tz, incidents, calls, reopened };
}
