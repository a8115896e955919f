import { describe, expect, it } from 'vitest';
import { eventSummary, eventText, warningMarkerOf } from './timeline.ts';
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

describe("a warning's marker note on the timeline (issue 14)", () => {
  const marker = (fields: Record<string, unknown>) =>
    `【预警已确认】治安 · 盗窃聚集：4 起：已通知巡逻\n#egret-warning ${JSON.stringify({ v: 1, key: 'cluster:criminal.theft:inc-1', kind: 'cluster', action: 'acknowledged', by: '陈静', at: 1_741_914_300_000, text: '已通知巡逻', ...fields })}`;
  const none = () => '';

  it('is worded in the operator\'s language, and shows the note alone, never the machine line', () => {
    const note = { kind: 'note', text: marker({}) };
    expect(eventSummary(zh, note, none)).toBe('预警已确认：警情聚集');
    expect(eventSummary(en, note, none)).toBe('Warning acknowledged: Cluster');
    expect(eventText(note)).toBe('已通知巡逻');
    const dismissed = { kind: 'note', text: marker({ action: 'dismissed', kind: 'surge', text: '演练，非真实警情' }) };
    expect(eventSummary(zh, dismissed, none)).toBe('预警已排除：来电激增');
    expect(eventSummary(en, dismissed, none)).toBe('Warning dismissed: Call surge');
    expect(eventText(dismissed)).toBe('演练，非真实警情');
    // Acknowledged without a note: the summary says it all.
    expect(eventText({ kind: 'note', text: marker({ text: '' }) })).toBeNull();
  });

  it('reads the marker back whole, and a kind it does not know by a readable name', () => {
    expect(warningMarkerOf(marker({}))).toEqual({
      key: 'cluster:criminal.theft:inc-1',
      kind: 'cluster',
      action: 'acknowledged',
      by: '陈静',
      at: 1_741_914_300_000,
      text: '已通知巡逻',
    });
    expect(eventSummary(en, { kind: 'note', text: marker({ kind: 'heat_wave' }) }, none)).toBe('Warning acknowledged: Heat wave');
  });

  it('an ordinary note, or one whose marker is damaged, reads as it was written', () => {
    const plain = { kind: 'note', text: '现场已处置' };
    expect(eventSummary(zh, plain, none)).toBeNull();
    expect(eventText(plain)).toBe('现场已处置');
    for (const damaged of ['【预警已确认】x\n#egret-warning {not json', marker({ v: 2 }), marker({ action: 'deleted' }), marker({ at: 'yesterday' })]) {
      expect(warningMarkerOf(damaged), damaged).toBeNull();
      expect(eventText({ kind: 'note', text: damaged })).toBe(damaged);
    }
    // The marker counts only as the last line, and only on a note.
    expect(warningMarkerOf(`${marker({})}\n追加说明`)).toBeNull();
    expect(eventText({ kind: 'created', text: marker({}) })).toBe(marker({}));
  });
});
