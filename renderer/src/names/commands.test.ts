import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../native/api/rules.ts';
import { commandName, commandOutcome } from './commands.ts';
import { operatorLabel } from './operators.ts';
import { wordsIn } from './test-words.ts';

const zh = wordsIn('zh-CN');
const en = wordsIn('en');

describe('commands and their outcomes by name', () => {
  it('names every platform command by its action, in both languages', () => {
    expect(commandName(zh, 'incident.create')).toBe('新建事件');
    expect(commandName(en, 'incident.dispatch')).toBe('Dispatch');
    for (const words of [zh, en]) {
      for (const name of COMMAND_NAMES) {
        expect(words.te(`names.command.${name}`), name).toBe(true);
        expect(commandName(words, name), name).not.toContain('.');
      }
    }
  });

  it('makes an unknown command readable', () => {
    expect(commandName(en, 'incident.reopen_case')).toBe('Reopen case');
    expect(commandName(zh, 'session.signIn')).toBe('Sign in');
  });

  it('reads the audit log’s outcomes: queued and applied are fine, refusals and failures are errors', () => {
    expect(commandOutcome(en, 'queued')).toEqual({ kind: 'queued', text: 'Queued to send', failed: false });
    expect(commandOutcome(zh, 'queued: role unverified')).toEqual({ kind: 'queued', text: '已进入发送队列（角色未核实）', failed: false });
    expect(commandOutcome(en, 'applied')).toEqual({ kind: 'applied', text: 'Applied by the platform', failed: false });
    expect(commandOutcome(en, 'refused: forbidden')).toEqual({ kind: 'refused', text: 'Refused: Your role may not do this', failed: true });
    expect(commandOutcome(zh, 'refused: invalid_params')).toEqual({ kind: 'refused', text: '已拒绝：输入不符合要求', failed: true });
    expect(commandOutcome(en, 'failed: conflict')).toEqual({ kind: 'failed', text: 'Failed: Someone else changed this meanwhile', failed: true });
    expect(commandOutcome(en, 'failed: quota_exceeded')).toEqual({ kind: 'failed', text: 'Failed: Quota exceeded', failed: true });
    expect(commandOutcome(en, 'failed')).toEqual({ kind: 'failed', text: 'Failed: Reason unknown', failed: true });
    expect(commandOutcome(en, 'held_back')).toEqual({ kind: 'other', text: 'Held back', failed: false });
  });
});

describe('operators by name', () => {
  it('shows the name the platform gave, a dash for nobody, and hides an unknown id in the tooltip', () => {
    expect(operatorLabel(zh, { operator: 'op-031', operatorName: '接警员 林晓' })).toEqual({ text: '接警员 林晓', title: undefined });
    expect(operatorLabel(en, { operator: null, operatorName: null })).toEqual({ text: '—', title: undefined });
    expect(operatorLabel(en, { operator: 'op-099', operatorName: null })).toEqual({ text: 'Unknown operator', title: 'op-099' });
    expect(operatorLabel(zh, { operator: 'op-099', operatorName: null })).toEqual({ text: '未知操作员', title: 'op-099' });
  });
});
