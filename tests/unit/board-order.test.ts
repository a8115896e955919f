import { describe, expect, it } from 'vitest';
import { incident } from '../support/entities.ts';
import { tempDir } from '../support/temp-dir.ts';
import { prepareChange } from '../../native/link/prepare.ts';
import { CacheStore } from '../../native/store/cache-store.ts';
import { incidentPage } from '../../native/store/queries/incident-board.ts';
import { defaultBoardFilter, matchesFilter, sortsBefore, toIncidentFilter, type BoardFilterState } from '../../renderer/src/stores/board-filter.ts';

// The board places a new P1 itself before the host answers (stores/board.ts):
// its order and filter must agree with the host's SQL, or a row would show
// in the wrong place until the next re-read. Checked here against the real
// queries over incidents that share report times.

const NOW = Date.parse('2026-11-28T12:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cacheOfRandomIncidents(r: () => number) {
  const { cache } = CacheStore.open(tempDir('board-order'));
  const items = Array.from({ length: 400 }, (_, i) =>
    prepareChange(
      {
        seq: i + 1,
        op: 'upsert',
        kind: 'incident',
        data: incident(`inc-${String(Math.floor(r() * 1e6)).padStart(6, '0')}-${i}`, 1, {
          priority: 1 + Math.floor(r() * 4),
          status: pick(r, ['new', 'verified', 'dispatched', 'on_scene', 'closed']),
          source: pick(r, ['110', '119', '12345']),
          district: pick(r, ['350203', '350206', null]),
          level: pick(r, ['community', 'street']),
          category: pick(r, ['fire.building', 'fire', 'traffic.collision', 'firefly']),
          // Few distinct times: many ties, decided by id.
          reported_at: iso(NOW - Math.floor(r() * 8) * 60_000),
          updated_at: iso(NOW - Math.floor(r() * 8) * 60_000),
          due_at: r() < 0.5 ? iso(NOW + (r() < 0.5 ? -1 : 1) * 60_000) : null,
        }),
      },
      i + 1,
    ),
  );
  cache.applyChanges(items, items.length);
  return cache;
}

describe('the board’s own order and filter agree with the host’s queries', () => {
  it('orders rows as the host does, for every sort', () => {
    const cache = cacheOfRandomIncidents(seeded(7));
    for (const sort of ['priority', 'reported', 'updated'] as const) {
      const rows = incidentPage(cache.db, { filter: {}, sort, offset: 0, limit: 500, now: NOW, showPhones: true }).rows;
      const mine = [...rows].sort((a, b) => (sortsBefore(sort, a, b) ? -1 : sortsBefore(sort, b, a) ? 1 : 0));
      expect(mine.map((r) => r.id), sort).toEqual(rows.map((r) => r.id));
    }
    cache.close();
  });

  it('keeps exactly the rows the host keeps, for random filters', () => {
    const r = seeded(11);
    const cache = cacheOfRandomIncidents(r);
    const all = incidentPage(cache.db, { filter: {}, sort: 'priority', offset: 0, limit: 500, now: NOW, showPhones: true }).rows;
    for (let n = 0; n < 200; n++) {
      const some = <T>(xs: readonly T[]) => xs.filter(() => r() < 0.3);
      const state: BoardFilterState = {
        ...defaultBoardFilter(),
        status: some(['new', 'verified', 'dispatched', 'on_scene', 'closed'] as const),
        priority: some([1, 2, 3, 4] as const),
        source: some(['110', '119', '12345']),
        district: some(['350203', '350206']),
        level: some(['community', 'street'] as const),
        category: pick(r, ['', '', 'fire', 'traffic', 'fire.building']),
        overdue: r() < 0.2,
      };
      const host = incidentPage(cache.db, { filter: toIncidentFilter(state), sort: 'priority', offset: 0, limit: 500, now: NOW, showPhones: true });
      expect(all.filter((row) => matchesFilter(state, row)).map((row) => row.id), JSON.stringify(state)).toEqual(host.rows.map((row) => row.id));
    }
    cache.close();
  });
});
