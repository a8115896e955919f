import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incident } from '../../../../tests/support/entities.ts';
import { prepareChange, prepareSnapshotItem } from '../../../link/prepare.ts';
import { OPEN_STATUSES } from '../../../api/rules.ts';
import { CacheStore } from '../../cache-store.ts';
import { boardCountSql, boardPageSql, incidentPage } from '../../queries/incident-board.ts';
import type { Db } from '../../open.ts';
import { planOf } from '../../../../tests/support/query-plan.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshCache(): CacheStore {
  const dir = mkdtempSync(join(tmpdir(), 'egret-keyset-'));
  dirs.push(dir);
  return CacheStore.open(dir).cache;
}

const NOW = Date.parse('2026-11-28T12:00:00+08:00');
const at = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString().replace('Z', '+00:00');
const planOfQuery = (db: Db, q: { sql: string; params: unknown[] }) => planOf(db, q.sql, ...q.params);
const open = { status: [...OPEN_STATUSES] };

/** 300 open incidents over 4 priorities, many sharing a report time (reports share a second). */
function board(cache: CacheStore): void {
  const items = Array.from({ length: 300 }, (_, i) =>
    prepareChange(
      { seq: i + 1, op: 'upsert', kind: 'incident', data: incident(`inc-${String(i).padStart(3, '0')}`, 1, { priority: 1 + (i % 4), reported_at: at(Math.floor(i / 7)) }) },
      i + 1,
    ),
  );
  cache.applyChanges(items, items.length);
}

describe('keyset paging of the board (cache migration 0007)', () => {
  it('a page that starts after a row seeks it in the board-order index: no walk, no sort', () => {
    const cache = freshCache();
    const after = { priority: 3, reportedAt: NOW, updatedAt: NOW, id: 'inc-100' };
    const page = boardPageSql({ filter: open, sort: 'priority', offset: 0, limit: 200, after, now: NOW })!;
    expect(planOfQuery(cache.db, page)).toMatch(/SEARCH incident USING INDEX incident_board_order \(\(priority,newest_first,id\)>\(\?,\?,\?\)\)/);
    expect(planOfQuery(cache.db, page)).not.toMatch(/TEMP B-TREE/);
    const first = boardPageSql({ filter: open, sort: 'priority', offset: 0, limit: 200, now: NOW })!;
    expect(planOfQuery(cache.db, first)).toMatch(/incident_board_order/);
    expect(planOfQuery(cache.db, first)).not.toMatch(/TEMP B-TREE/);
    // The counts per priority: one pass over the status index, grouped in its order.
    const counted = boardCountSql(open, NOW)!;
    expect(planOfQuery(cache.db, counted)).toMatch(/COVERING INDEX incident_board/);
    expect(planOfQuery(cache.db, counted)).not.toMatch(/TEMP B-TREE/);
    cache.close();
  });

  it('pages chained by their last row are exactly the pages by offset, ties on the report time included', () => {
    const cache = freshCache();
    board(cache);
    for (const sort of ['priority', 'reported', 'updated'] as const) {
      const byOffset = incidentPage(cache.db, { filter: open, sort, offset: 0, limit: 500, now: NOW, showPhones: true }).rows.map((r) => r.id);
      const chained: string[] = [];
      let after: { priority: number; reportedAt: number; updatedAt: number; id: string } | undefined;
      for (;;) {
        const { rows } = incidentPage(cache.db, { filter: open, sort, offset: 0, limit: 37, after, now: NOW, showPhones: true });
        if (rows.length === 0) break;
        chained.push(...rows.map((r) => r.id));
        const last = rows.at(-1)!;
        after = { priority: last.priority, reportedAt: last.reportedAt, updatedAt: last.updatedAt, id: last.id };
      }
      expect(chained, sort).toEqual(byOffset);
      expect(new Set(chained).size).toBe(300);
    }
    cache.close();
  });

  it('counts per priority come with the page, with the filter’s own priority choice left out', () => {
    const cache = freshCache();
    board(cache);
    const page = incidentPage(cache.db, { filter: { ...open, priority: [1, 2] }, sort: 'priority', offset: 0, limit: 5, now: NOW, showPhones: true });
    expect(page.byPriority).toEqual([75, 75, 75, 75]);
    expect(page.total).toBe(150);
    expect(page.rows.every((r) => r.priority <= 2)).toBe(true);
    // A board re-reading its rows between counts asks for none.
    const uncounted = incidentPage(cache.db, { filter: open, sort: 'priority', offset: 0, limit: 5, count: false, now: NOW, showPhones: true });
    expect(uncounted).toMatchObject({ total: null, byPriority: null });
    expect(uncounted.rows).toHaveLength(5);
    cache.close();
  });

  it('a snapshot’s stage becomes the live table with the column and the index', () => {
    const cache = freshCache();
    cache.beginSnapshot(5);
    cache.stageSnapshotPart([prepareSnapshotItem({ kind: 'incident', data: incident('inc-s', 1, { reported_at: at(3) }) })]);
    cache.commitSnapshot(5);
    expect(cache.db.prepare('SELECT newest_first FROM incident').pluck().get()).toBe(-(NOW - 3 * 60_000));
    const page = boardPageSql({ filter: open, sort: 'priority', offset: 0, limit: 50, now: NOW })!;
    expect(planOfQuery(cache.db, page)).toMatch(/incident_board_order/);
    cache.close();
  });
});
