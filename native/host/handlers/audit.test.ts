import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateStore } from '../../store/state-store.ts';
import type { CallContext } from '../console-host.ts';
import { auditCsv, auditHandlers, csvField } from './audit.ts';

const CHIEF: CallContext = { role: 'duty_chief', peer: { label: 't' } };
const T = Date.parse('2026-11-28T09:00:00+08:00');

const dirs: string[] = [];
const stores: StateStore[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function stateStore(): StateStore {
  const dir = mkdtempSync(join(tmpdir(), 'egret-audit-'));
  dirs.push(dir);
  const state = StateStore.open(dir);
  stores.push(state);
  return state;
}

describe('the audit log', () => {
  it('exports every action as CSV with the fields a duty chief needs, safely quoted, named for the day', async () => {
    const state = stateStore();
    state.audit({ operator: 'op-031', role: 'call_taker', workstation: 'ws-07', action: 'incident.note', target: 'inc-1', result: 'queued', detail: { text: '说明, "引号"' } }, T);
    state.audit({ operator: 'op-001', role: 'duty_chief', workstation: 'ws-01', action: 'incident.escalate', target: 'inc-1', result: 'refused: forbidden' }, T + 1000);
    const { filename, csv } = await auditHandlers(state, () => T)['audit.csv']({}, CHIEF);
    expect(filename).toBe('egret-audit-2026-11-28.csv');
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.replace('\ufeff', '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('time,operator,role,workstation,action,target,result,detail');
    expect(lines[1]).toBe('2026-11-28T01:00:00.000Z,op-031,call_taker,ws-07,incident.note,inc-1,queued,"{""text"":""说明, \\""引号\\""""}"');
    expect(lines[2]).toBe('2026-11-28T01:00:01.000Z,op-001,duty_chief,ws-01,incident.escalate,inc-1,refused: forbidden,');
  });

  it('lists the newest first, a page at a time', async () => {
    const state = stateStore();
    for (let i = 1; i <= 5; i++) state.audit({ operator: 'op-031', role: 'call_taker', workstation: 'ws-07', action: `a${i}`, result: 'queued' }, T + i);
    const list = auditHandlers(state)['audit.list'];
    const first = await list({ limit: 2 }, CHIEF);
    expect(first.map((r) => r.action)).toEqual(['a5', 'a4']);
    expect(first[0]).toEqual({
      n: 5,
      at: new Date(T + 5).toISOString(),
      operator: 'op-031',
      operatorName: null,
      role: 'call_taker',
      workstation: 'ws-07',
      action: 'a5',
      target: null,
      result: 'queued',
    });
    const next = await list({ limit: 2, before: first.at(-1)!.n }, CHIEF);
    expect(next.map((r) => r.action)).toEqual(['a3', 'a2']);
    expect((await list({ limit: 10, before: 2 }, CHIEF)).map((r) => r.action)).toEqual(['a1']);
  });

  it('names each operator as the platform named them when they signed in here, also one signed out since', async () => {
    const state = stateStore();
    state.setSignedInOperator({ id: 'op-031', name: '接警员 林晓', role: 'call_taker' }, T);
    state.audit({ operator: 'op-031', role: 'call_taker', workstation: 'ws-07', action: 'incident.create', result: 'queued' }, T + 1);
    state.setSignedInOperator(null);
    state.setSignedInOperator({ id: 'op-001', name: '值班长 陈', role: 'duty_chief' }, T + 2);
    state.audit({ operator: 'op-001', role: 'duty_chief', workstation: 'ws-07', action: 'incident.escalate', result: 'applied' }, T + 3);
    // Headless, before anyone signed in: no operator at all; and an id from a log older than the names.
    state.audit({ operator: null, role: null, workstation: 'ws-07', action: 'incident.note', result: 'queued: role unverified' }, T + 4);
    state.audit({ operator: 'op-099', role: 'call_taker', workstation: 'ws-07', action: 'incident.note', result: 'queued' }, T + 5);
    const rows = await auditHandlers(state)['audit.list']({ limit: 10 }, CHIEF);
    expect(rows.map((r) => [r.operator, r.operatorName])).toEqual([
      ['op-099', null],
      [null, null],
      ['op-001', '值班长 陈'],
      ['op-031', '接警员 林晓'],
    ]);
  });

  it('writes a header alone for an empty log', () => {
    expect(auditCsv([])).toBe('\ufefftime,operator,role,workstation,action,target,result,detail\r\n');
  });

  it('defuses spreadsheet formulas in fields', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+86 138')).toBe(`'+86 138`);
    expect(csvField('-1')).toBe(`'-1`);
    expect(csvField('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(null)).toBe('');
    expect(csvField('plain')).toBe('plain');
  });

  it('defuses a formula an operator typed into an exported field', () => {
    const csv = auditCsv([
      { n: 1, atMs: T, operator: '=cmd|"/c calc"!A1', role: null, workstation: null, action: 'incident.note', target: null, result: 'queued', detailJson: null },
    ]);
    expect(csv.split('\r\n')[1]).toBe(`2026-11-28T01:00:00.000Z,"'=cmd|""/c calc""!A1",,,incident.note,,queued,`);
  });
});
