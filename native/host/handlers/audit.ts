import type { Handler } from '../console-host.ts';
import type { AuditRecord, StateStore } from '../../store/state-store.ts';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The audit log as a CSV file a spreadsheet opens as UTF-8 (the BOM) with Windows line ends. */
export function auditCsv(records: Iterable<AuditRecord>): string {
  const lines = ['time,operator,role,workstation,action,target,result,detail'];
  for (const r of records) {
    lines.push([new Date(r.atMs).toISOString(), r.operator, r.role, r.workstation, r.action, r.target, r.result, r.detailJson].map(csvField).join(','));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** The audit log for the duty chief: a page (operators named as they signed in here), or all of it as CSV named for the day it was taken. */
export function auditHandlers(state: StateStore, now: () => number = Date.now) {
  const handlers: { 'audit.list': Handler<'audit.list'>; 'audit.csv': Handler<'audit.csv'> } = {
    'audit.list': ({ limit, before }) => {
      const page = state.auditPage({ limit, before });
      const names = state.operatorNames(page.flatMap((r) => (r.operator === null ? [] : [r.operator])));
      return page.map((r) => ({
        n: r.n,
        at: new Date(r.atMs).toISOString(),
        operator: r.operator,
        operatorName: r.operator === null ? null : (names.get(r.operator) ?? null),
        role: r.role,
        workstation: r.workstation,
        action: r.action,
        target: r.target,
        result: r.result,
      }));
    },
    'audit.csv': () => ({ filename: `egret-audit-${new Date(now()).toISOString().slice(0, 10)}.csv`, csv: auditCsv(state.auditLog()) }),
  };
  return handlers;
}
