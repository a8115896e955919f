import { describe, expect, it } from 'vitest';
import { eventSummary } from './timeline.ts';
import { unitList, type Unit } from './departments.ts';
import { wordsIn } from './test-words.ts';

const zh = wordsIn('zh-CN');
const en = wordsIn('en');
const UNITS: ReadonlyMap<string, Unit> = new Map([
  ['dept-huli-fire', { name: '湖里区消防救援大队', kind: 'fire' }],
  ['dept-huli-police', { name: '厦门市公安局湖里分局', kind: 'police' }],
]);

describe('what a timeline event did, by name', () => {
  it('a dispatch names the units it dispatched (an unknown one as such, never by id)', () => {
    const names = (words: typeof zh) => (ids: readonly string[]) => unitList(words, UNITS, ids);
    const dispatch = { kind: 'dispatch', data: { from: 'new', departments: ['dept-huli-fire', 'dept-huli-police'] } };
    expect(eventSummary(zh, dispatch, names(zh))).toBe('派往：湖里区消防救援大队、厦门市公安局湖里分局');
    expect(eventSummary(en, dispatch, names(en))).toBe('To: 湖里区消防救援大队, 厦门市公安局湖里分局');
    const unknown = { kind: 'dispatch', data: { departments: ['dept-huli-fire', 'dept-new-unit'] } };
    expect(eventSummary(en, unknown, names(en))).toBe('To: 湖里区消防救援大队, Unknown unit');
  });

  it('an escalation says from which level to which; a status change from → to', () => {
    const none = () => '';
    expect(eventSummary(zh, { kind: 'escalate', data: { from: 'community', to: 'street' } }, none)).toBe('社区 → 街道');
    expect(eventSummary(en, { kind: 'escalate', data: { from: 'district', to: 'city' } }, none)).toBe('District → City');
    expect(eventSummary(zh, { kind: 'status', data: { from: 'dispatched', to: 'on_scene' } }, none)).toBe('已派单 → 已到场');
    expect(eventSummary(en, { kind: 'status', data: { to: 'resolved' } }, none)).toBe('Resolved');
    expect(eventSummary(en, { kind: 'status', data: { from: 'new', to: 'under_review' } }, none)).toBe('New → Under review');
    expect(eventSummary(zh, { kind: 'merge', data: { into: 'inc-2026-000123', from: 'new' } }, none)).toBe('合并至 inc-2026-000123');
  });

  it('says nothing when the platform left the facts out, or the kind needs none', () => {
    const none = () => '';
    expect(eventSummary(en, { kind: 'dispatch', data: null }, none)).toBeNull();
    expect(eventSummary(en, { kind: 'dispatch', data: { departments: 'dept-x' } }, none)).toBeNull();
    expect(eventSummary(en, { kind: 'escalate' }, none)).toBeNull();
    expect(eventSummary(en, { kind: 'note', data: { call: 'call-20261128-000001' } }, none)).toBeNull();
    expect(eventSummary(en, { kind: 'created', data: { source: '110', priority: 1 } }, none)).toBeNull();
  });
});
