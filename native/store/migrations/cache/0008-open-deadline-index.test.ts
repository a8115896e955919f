import { describe, expect, it } from 'vitest';
import { incident } from '../../../../tests/support/entities.ts';
import { planOf } from '../../../../tests/support/query-plan.ts';
import { tempDir } from '../../../../tests/support/temp-dir.ts';
import { OPEN_STATUSES } from '../../../api/rules.ts';
import { prepareChange } from '../../../link/prepare.ts';
import { CacheStore } from '../../cache-store.ts';
import { boardCountSql, boardPageSql, incidentPage } from '../../queries/incident-board.ts';
import { TODAY_SQL, todayStats } from '../../queries/today.ts';

const NOW = Date.parse('2026-11-28T12:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

describe('overdue through the open-deadline index (cache migration 0008)', () => {
  it('counts open incidents past their deadline from the index alone, and the board filters them the same', () => {
    const { cache } = CacheStore.open(tempDir('deadline'));
    const rows = [
      incident('late-open', 1, { status: 'dispatched', due_at: iso(NOW - 60_000) }),
      incident('late-closed', 1, { status: 'closed', due_at: iso(NOW - 60_000) }),
      incident('in-time', 1, { status: 'new', due_at: iso(NOW + 60_000) }),
      incident('no-deadline', 1, { status: 'new' }),
    ].map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'incident', data }, i + 1));
    cache.applyChanges(rows, rows.length);

    expect(planOf(cache.db, TODAY_SQL.overdue, NOW)).toMatch(/^SEARCH incident USING COVERING INDEX incident_status_due \(status=\? AND due_ms<\?\)$/);
    expect(todayStats(cache.db, NOW, 'Asia/Shanghai').incidents.overdue).toBe(1);

    const filter = { status: [...OPEN_STATUSES], overdue: true };
    const page = boardPageSql({ filter, sort: 'priority', offset: 0, limit: 50, now: NOW })!;
    expect(planOf(cache.db, page.sql, ...page.params)).toMatch(/incident_status_due/);
    const counted = boardCountSql(filter, NOW)!;
    expect(planOf(cache.db, counted.sql, ...counted.params)).toMatch(/incident_status_due/);
    expect(incidentPage(cache.db, { filter, sort: 'priority', offset: 0, limit: 50, now: NOW, showPhones: true }).rows.map((r) => r.id)).toEqual(['late-open']);
    cache.close();
  });
});
