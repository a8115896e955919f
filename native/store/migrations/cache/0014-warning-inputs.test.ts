import { describe, expect, it } from 'vitest';
import { incident } from '../../../../tests/support/entities.ts';
import { planOf } from '../../../../tests/support/query-plan.ts';
import { tempDir } from '../../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../../link/prepare.ts';
import { CacheStore } from '../../cache-store.ts';
import { cachePath, openDatabase } from '../../open.ts';
import { callsBetween, earliestCallAfter, WARNING_INPUT_SQL } from '../../queries/warning-inputs.ts';
import { cacheMigrations } from './index.ts';

const T0 = Date.parse('2026-11-28T08:00:00+08:00');

describe("early warning's inputs from indexes (cache migration 0014)", () => {
  it('gives calls of an older cache the district their JSON holds, and new calls theirs as they are written', () => {
    const dir = tempDir('warning-inputs-migration');
    const old = openDatabase(cachePath(dir), cacheMigrations.slice(0, 13), { durable: false });
    const insert = old.prepare('INSERT INTO call (id, rev, line, received_ms, data) VALUES (?, 1, ?, ?, ?)');
    insert.run(
      'call-1',
      '110',
      T0,
      JSON.stringify({ id: 'call-1', rev: 1, line: '110', received_at: '2026-11-28T08:00:00+08:00', district: '350206' }),
    );
    insert.run('call-2', '122', T0 + 1, JSON.stringify({ id: 'call-2', rev: 1, line: '122', received_at: '2026-11-28T08:00:00+08:00' }));
    old.close();

    const { cache } = CacheStore.open(dir);
    expect(cache.db.pragma('user_version', { simple: true })).toBe(cacheMigrations.length);
    const change = prepareChange(
      {
        seq: 1,
        op: 'upsert',
        kind: 'call',
        data: { id: 'call-3', rev: 1, line: '119', received_at: '2026-11-28T09:00:00+08:00', district: '350203' },
      },
      1,
    );
    cache.applyChanges([change], 1);
    expect(callsBetween(cache.db, T0 - 1, T0 + 86_400_000).map((c) => [c.id, c.line, c.district])).toEqual([
      ['call-1', '110', '350206'],
      ['call-2', '122', null],
      ['call-3', '119', '350203'],
    ]);
    // A span is [from, to); how far back the calls reach is the first after a time.
    expect(callsBetween(cache.db, T0, T0 + 1).map((c) => c.id)).toEqual(['call-1']);
    expect(earliestCallAfter(cache.db, T0 - 1)).toBe(T0);
    expect(earliestCallAfter(cache.db, T0 + 3_600_000)).toBeNull();
    cache.close();
  });

  it('a snapshot brings calls with their district (the stage has the column too)', () => {
    const dir = tempDir('warning-inputs-snapshot');
    const { cache } = CacheStore.open(dir);
    cache.beginSnapshot(5);
    const item = prepareChange(
      {
        seq: 1,
        op: 'upsert',
        kind: 'call',
        data: { id: 'call-9', rev: 1, line: '110', received_at: '2026-11-28T09:00:00+08:00', district: '350211' },
      },
      1,
    );
    cache.stageSnapshotPart([{ ...item, seq: null } as never]);
    cache.commitSnapshot(5);
    expect(callsBetween(cache.db, T0 - 1, T0 + 86_400_000).map((c) => c.district)).toEqual(['350211']);
    cache.close();
  });

  it('reads the span, changed ids, reopenings and marker notes over their indexes', () => {
    const dir = tempDir('warning-inputs-plans');
    const { cache } = CacheStore.open(dir);
    const changes = [{ kind: 'incident', data: incident('a', 1) }].map((item, i) =>
      prepareChange({ seq: i + 1, op: 'upsert', ...item }, i + 1),
    );
    cache.applyChanges(changes, changes.length);
    const plan = (sql: string, ...params: unknown[]) => planOf(cache.db, sql, ...params);
    expect(plan(WARNING_INPUT_SQL.incidentsSince, T0)).toMatch(/^SEARCH incident USING INDEX incident_reported \(reported_ms>\?\)$/);
    expect(plan(WARNING_INPUT_SQL.callsBetween, T0, T0 + 1)).toMatch(/^SEARCH call USING COVERING INDEX call_warning \(received_ms>\? AND received_ms<\?\)$/);
    expect(plan(WARNING_INPUT_SQL.earliestCallAfter, T0)).toMatch(/^SEARCH call USING COVERING INDEX call_(received|warning) \(received_ms>\?\)$/);
    expect(plan(WARNING_INPUT_SQL.reopenedSince, T0)).toMatch(/^SEARCH incident_event USING INDEX incident_event_reopened \(at_ms>\?\)$/);
    expect(plan(WARNING_INPUT_SQL.incidentsById, '["a"]')).toMatch(/SEARCH incident USING INDEX sqlite_autoindex_incident_1 \(id=\?\)/);
    expect(plan(WARNING_INPUT_SQL.reopenedById, '["a"]')).toMatch(
      /SEARCH incident_event USING INDEX sqlite_autoindex_incident_event_1 \(id=\?\)/,
    );
    expect(plan(WARNING_INPUT_SQL.markerNotes, '["a"]')).toMatch(
      /SEARCH incident_event USING INDEX incident_event_warning_marks \(incident=\?\)/,
    );
    cache.close();
  });
});
