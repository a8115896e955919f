import { describe, expect, it } from 'vitest';
import { ChangeLog } from './log.ts';
import { camera, incident } from '../../tests/support/platform-fixtures.ts';

describe('ChangeLog', () => {
  it('gives each change the next seq and each entity rev previous+1', () => {
    const log = new ChangeLog();
    const a = log.upsert('incident', incident('inc-1'));
    const b = log.upsert('incident', incident('inc-1', { title: 'x' }));
    const c = log.remove('incident', 'inc-1');
    const d = log.upsert('incident', incident('inc-1'));
    expect([a.seq, b.seq, c.seq, d.seq]).toEqual([1, 2, 3, 4]);
    expect(a.op === 'upsert' && (a.data as { rev: number }).rev).toBe(1);
    expect(b.op === 'upsert' && (b.data as { rev: number }).rev).toBe(2);
    expect(c).toEqual({ seq: 3, op: 'delete', kind: 'incident', id: 'inc-1', rev: 3 });
    expect(d.op === 'upsert' && (d.data as { rev: number }).rev).toBe(4);
    expect(log.head).toBe(4);
  });

  it('rejects data that breaks §8', () => {
    const log = new ChangeLog();
    expect(() => log.upsert('incident', incident('inc-1', { priority: 9 }))).toThrow(/priority/);
    expect(log.head).toBe(0);
  });

  it('logs an explicit stale rev but keeps the state', () => {
    const log = new ChangeLog();
    log.upsert('camera', camera('cam-1', { rev: 5 }));
    const stale = log.upsert('camera', camera('cam-1', { rev: 3, name: 'old' }));
    expect(stale.seq).toBe(2);
    expect(log.entry(2)!.effect).toBe('stale');
    expect(log.exportState('camera')[0]!.rev).toBe(5);
    log.remove('camera', 'cam-1');
    log.upsert('camera', camera('cam-1', { rev: 6 }));
    expect(log.exportState('camera')).toEqual([]);
  });

  it('exports sorted by the UTF-8 bytes of the id', () => {
    const log = new ChangeLog();
    for (const id of ['b', 'é', 'Z', '中', 'a', 'aa']) log.upsert('camera', camera(id));
    expect(log.exportState('camera').map((c) => c.id)).toEqual(['Z', 'a', 'aa', 'b', 'é', '中']);
  });

  it('keeps only keepLog entries: older cursors cannot replay', () => {
    const log = new ChangeLog(3);
    for (let i = 1; i <= 5; i++) log.upsert('camera', camera(`cam-${i}`));
    expect(log.oldestSeq).toBe(3);
    expect(log.canReplay(1)).toBe(false);
    expect(log.canReplay(2)).toBe(true);
    expect(log.canReplay(5)).toBe(true);
    expect(log.canReplay(6)).toBe(false);
    expect(log.canReplay(null)).toBe(false);
    expect(log.entry(2)).toBeUndefined();
    expect(log.entry(4)!.change.seq).toBe(4);
  });

  it('bulkLoad sets state without entries and restarts the log one seq later', () => {
    const log = new ChangeLog();
    log.upsert('camera', camera('cam-0'));
    log.bulkLoad('camera', [camera('cam-1'), camera('cam-2')]);
    expect(log.head).toBe(2);
    expect(log.size).toBe(0);
    expect(log.canReplay(1)).toBe(false);
    expect(log.canReplay(2)).toBe(true);
    expect(log.exportState('camera').map((c) => c.id)).toEqual(['cam-0', 'cam-1', 'cam-2']);
    const next = log.upsert('camera', camera('cam-3'));
    expect(next.seq).toBe(3);
    expect(log.entry(3)).toBeDefined();
  });
});
