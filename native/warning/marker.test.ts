import { describe, expect, it } from 'vitest';
import { humanText, markerNote, parseMarker } from './marker.ts';

const handling = { action: 'acknowledged' as const, by: '值班长 陈' + '明', at: 1_793_588_400_000, text: '已通知\n派出所巡逻 "加强"' };

describe('the warning marker in an incident note', () => {
  it('round-trips: human text first, the marker as the last line', () => {
    const human = humanText(handling, '盗窃 聚集 4 起');
    expect(human).toBe('【预警已确认】盗窃 聚集 4 起：已通知\n派出所巡逻 "加强"');
    expect(humanText({ action: 'dismissed', text: '' }, '来电激增')).toBe('【预警已排除】来电激增');
    const note = markerNote({ key: 'cluster:criminal.theft:i1', kind: 'cluster' }, handling, human);
    const lines = note.split('\n');
    expect(lines.at(-1)).toMatch(/^#egret-warning \{"v":1,"key":"cluster:criminal.theft:i1","kind":"cluster","action":"acknowledged",/);
    expect(parseMarker(note)).toEqual({ key: 'cluster:criminal.theft:i1', kind: 'cluster', handling });
    expect(parseMarker(`${note}\n\n  `)).toEqual({ key: 'cluster:criminal.theft:i1', kind: 'cluster', handling }); // trailing blank lines
  });

  it('refuses anything malformed, and never throws', () => {
    const good = { v: 1, key: 'k', kind: 'surge', action: 'dismissed', by: 'x', at: 1, text: '' };
    const line = (o: unknown) => `text\n#egret-warning ${JSON.stringify(o)}`;
    expect(parseMarker(line(good))).not.toBeNull();
    const bad: unknown[] = [
      '',
      'just a note',
      `#egret-warning ${JSON.stringify(good)}\nthen more text`, // not the last line
      '#egret-warning {not json',
      '#egret-warning []',
      '#egret-warning null',
      '#egret-warning 42',
      '#egret-warning' + JSON.stringify(good), // no space
      line({ ...good, v: 2 }),
      line({ ...good, key: '' }),
      line({ ...good, key: 'k'.repeat(301) }),
      line({ ...good, kind: 'earthquake' }),
      line({ ...good, action: 'ignored' }),
      line({ ...good, by: 7 }),
      line({ ...good, at: '2026-11-02' }),
      line({ ...good, at: -1 }),
      line({ ...good, text: null }),
      line({ v: 1, key: 'k', kind: 'surge', action: 'dismissed', at: 1, text: '' }),
      null,
      undefined,
      42,
      { text: line(good) },
    ];
    for (const b of bad) expect(parseMarker(b as string)).toBeNull();
  });
});
