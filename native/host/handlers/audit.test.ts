import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../store/state-store.ts';
import { auditHandlers, csvField } from './audit.ts';

describe('the audit log', () => {
  it('exports every action as CSV with the fields a duty chief needs, safely quoted', async () => {
    const state = StateStore.open(mkdtempSync(join(tmpdir(), 'egret-audit-')));
    state.audit({ operator: 'op-031', role: 'call_taker', workstation: 'ws-07', action: 'incident.note', target: 'inc-1', result: 'queued', detail: { text: '说明, "引号"' } });
    state.audit({ operator: 'op-001', role: 'duty_chief', workstation: 'ws-01', action: 'incident.escalate', target: 'inc-1', result: 'refused: forbidden' });
    const { csv } = await auditHandlers(state)['audit.csv']({}, { role: 'duty_chief', peer: { label: 't' } });
    const lines = csv.replace('\ufeff', '').trim().split('\r\n');
    expect(lines[0]).toBe('time,operator,role,workstation,action,target,result,detail');
    expect(lines[1]).toMatch(/,op-031,call_taker,ws-07,incident.note,inc-1,queued,"{""text"":""说明, \\""引号\\""""}"$/);
    const list = await auditHandlers(state)['audit.list']({ limit: 10 }, { role: 'duty_chief', peer: { label: 't' } });
    expect(list.map((r) => r.action)).toEqual(['incident.escalate', 'incident.note']);
    state.close();
  });

  it('defuses spreadsheet formulas in fields', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('plain')).toBe('plain');
  });
});
