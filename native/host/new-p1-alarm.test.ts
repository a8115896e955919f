import { describe, expect, it } from 'vitest';
import type { AlarmEvent, IncidentRow } from '../api/index.ts';
import { NewP1Alarm, type NewP1Reader } from './new-p1-alarm.ts';

/** A cache in a map: id → priority and status, as the alarm's reader sees it. */
function cacheOf(entries: Record<string, { priority: number; status: string }>) {
  const incidents = new Map(Object.entries(entries));
  let failing: Error | null = null;
  const row = (id: string): IncidentRow => ({
    id, rev: 1, title: id, status: 'new', priority: 1, source: '110', category: 'fire.building', level: 'community',
    district: null, address: null, reportedAt: 0, updatedAt: 0, dueAt: null, overdue: false, callerPhone: null,
  });
  const isNewP1 = (id: string) => incidents.get(id)?.priority === 1 && incidents.get(id)?.status === 'new';
  const reader: NewP1Reader = {
    among: (ids) => {
      if (failing) throw failing;
      return ids.filter(isNewP1).map(row);
    },
    all: () => {
      if (failing) throw failing;
      return [...incidents.keys()].filter(isNewP1);
    },
  };
  /** A committed batch as the writer reports it: the ids touched, and which of them it left P1 `new`. */
  const changes = (upserted: string[]) => ({ via: 'changes' as const, upserted, deleted: [], newP1: upserted.filter(isNewP1) });
  return { incidents, reader, changes, fail: (e: Error | null) => (failing = e) };
}

function alarmOver(cache: ReturnType<typeof cacheOf>) {
  const pushed: AlarmEvent[][] = [];
  const alarm = new NewP1Alarm(cache.reader, (events) => pushed.push(events), () => Date.parse('2026-11-28T09:00:00Z'));
  alarm.baseline();
  const announced = () => pushed.flat().flatMap((e) => (e.kind === 'new_p1' ? [e.incident.id] : []));
  return { alarm, pushed, announced };
}

describe('the new-P1 alarm', () => {
  it('reads the cache only for the new P1s the writer saw, not for every incident a batch touched', () => {
    const cache = cacheOf({ 'inc-noise': { priority: 3, status: 'new' } });
    const { alarm } = alarmOver(cache);
    const asked: string[][] = [];
    const among = cache.reader.among;
    cache.reader.among = (ids) => (asked.push([...ids]), among(ids));
    alarm.applied(cache.changes(['inc-noise']));
    cache.incidents.set('inc-fire', { priority: 1, status: 'new' });
    alarm.applied(cache.changes(['inc-noise', 'inc-fire']));
    expect(asked).toEqual([['inc-fire']]);
  });

  it('announces a P1 that arrives, once, and not what was there at start', () => {
    const cache = cacheOf({ 'inc-old': { priority: 1, status: 'new' } });
    const { alarm, announced } = alarmOver(cache);
    cache.incidents.set('inc-fire', { priority: 1, status: 'new' });
    cache.incidents.set('inc-noise', { priority: 3, status: 'new' });
    alarm.applied(cache.changes(['inc-fire', 'inc-noise', 'inc-old']));
    // A retitle of the same incident is not news.
    alarm.applied(cache.changes(['inc-fire']));
    expect(announced()).toEqual(['inc-fire']);
  });

  it('announces an incident raised to P1, and again if it is raised after being lowered', () => {
    const cache = cacheOf({ 'inc-1': { priority: 2, status: 'new' } });
    const { alarm, announced } = alarmOver(cache);
    cache.incidents.set('inc-1', { priority: 1, status: 'new' });
    alarm.applied(cache.changes(['inc-1']));
    cache.incidents.set('inc-1', { priority: 2, status: 'new' });
    alarm.applied(cache.changes(['inc-1']));
    cache.incidents.set('inc-1', { priority: 1, status: 'new' });
    alarm.applied(cache.changes(['inc-1']));
    expect(announced()).toEqual(['inc-1', 'inc-1']);
  });

  it('after a snapshot, announces the P1s it brings that were not known', () => {
    const cache = cacheOf({ 'inc-known': { priority: 1, status: 'new' } });
    const { alarm, announced } = alarmOver(cache);
    cache.incidents.set('inc-while-offline', { priority: 1, status: 'new' });
    alarm.applied({ via: 'snapshot' });
    alarm.applied({ via: 'snapshot' });
    expect(announced()).toEqual(['inc-while-offline']);
  });

  it('says it is down when the cache cannot be read, tells new windows so, and says when it works again', () => {
    const cache = cacheOf({});
    const { alarm, pushed, announced } = alarmOver(cache);
    expect(alarm.state()).toEqual([]);
    cache.fail(new Error('database is locked'));
    cache.incidents.set('inc-1', { priority: 1, status: 'new' });
    cache.incidents.set('inc-2', { priority: 1, status: 'new' });
    alarm.applied(cache.changes(['inc-1']));
    alarm.applied(cache.changes(['inc-2']));
    expect(pushed).toEqual([[{ kind: 'down', reason: expect.stringContaining('database is locked'), at: '2026-11-28T09:00:00.000Z' }]]);
    expect(alarm.state()).toEqual([expect.objectContaining({ kind: 'down' })]);
    cache.fail(null);
    cache.incidents.set('inc-3', { priority: 1, status: 'new' });
    alarm.applied(cache.changes(['inc-3']));
    expect(pushed[1]!.map((e) => e.kind)).toEqual(['restored', 'new_p1']);
    expect(announced()).toEqual(['inc-3']);
    expect(alarm.state()).toEqual([]);
  });
});
