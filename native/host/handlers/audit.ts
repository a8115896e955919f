import type { Handler } from '../console-host.ts';
import type { StateStore } from '../../store/state-store.ts';

interface AuditRow {
  n: number;
  at_ms: number;
  operator: string | null;
  role: string | null;
  workstation: string | null;
  action: string;
  target: string | null;
  result: string;
  detail: string | null;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The audit log for the duty chief: a page, or all of it as CSV. */
export function auditHandlers(state: StateStore) {
  const handlers: { 'audit.list': Handler<'audit.list'>; 'audit.csv': Handler<'audit.csv'> } = {
    'audit.list': ({ limit, before }) =>
      (
        state.db
          .prepare('SELECT * FROM audit WHERE n < ? ORDER BY n DESC LIMIT ?')
          .all(before ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[]
      ).map((r) => ({
        n: r.n,
        at: new Date(r.at_ms).toISOString(),
        operator: r.operator,
        role: r.role,
        workstation: r.workstation,
        action: r.action,
        target: r.target,
        result: r.result,
      })),
    'audit.csv': () => {
      const lines = ['time,operator,role,workstation,action,target,result,detail'];
      for (const r of state.db.prepare('SELECT * FROM audit ORDER BY n').iterate() as IterableIterator<AuditRow>) {
        lines.push([new Date(r.at_ms).toISOString(), r.operator, r.role, r.workstation, r.action, r.target, r.result, r.detail].map(csvField).join(','));
      }
      return { filename: `egret-audit-${new Date().toISOString().slice(0, 10)}.csv`, csv: '\ufeff' + lines.join('\r\n') + '\r\n' };
    },
  };
  return handlers;
}
