import { describe, expect, it } from 'vitest';
import { incident } from '../../../../tests/support/entities.ts';
import { planOf } from '../../../../tests/support/query-plan.ts';
import { tempDir } from '../../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../../link/prepare.ts';
import { CacheStore } from '../../cache-store.ts';
import { TABLES } from '../../entity-rows.ts';
import { cachePath, openDatabase, type Db } from '../../open.ts';
import { BREAKDOWN_SQL, breakdowns, ESCALATIONS_SHOWN } from '../../queries/breakdowns.ts';
import { TODAY_SQL, todayStats } from '../../queries/today.ts';
import { cacheMigrations } from './index.ts';

const TZ = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-28T12:00:00+08:00');
const at = (hhmm: string) => `2026-11-28T${hhmm}:00+08:00`;

/** A day of incidents and calls, some at the city level, written to a cache of `version`. */
function cacheAt(dir: string, version: number): Db {
  const db = openDatabase(cachePath(dir), cacheMigrations.slice(0, version), { durable: false });
  const items = [
    { kind: 'incident', data: incident('a', 1, { district: '350203', source: '110', category: 'criminal.theft', reported_at: at('08:00') }) },
    { kind: 'incident', data: incident('b', 1, { district: '350206', source: '122', level: 'city', status: 'verified', reported_at: at('09:00') }) },
    { kind: 'incident', data: incident('c', 1, { district: null, source: 'volunteer', level: 'city', status: 'closed', reported_at: at('10:00') }) },
    { kind: 'incident', data: incident('y', 1, { district: '350213', source: '110', reported_at: '2026-11-27T23:59:00+08:00' }) },
    { kind: 'call', data: { id: 'call-1', rev: 1, line: '110', received_at: at('08:00'), answered_at: at('08:01') } },
    { kind: 'call', data: { id: 'call-2', rev: 1, line: '110', received_at: at('09:00'), answered_at: null } },
  ];
  // Written as rows of that version's tables: today's CacheStore writes columns added since (0014's call.district).
  for (const [i, item] of items.entries()) {
    const prepared = prepareChange({ seq: i + 1, op: 'upsert', ...item }, i + 1);
    if (prepared.op !== 'upsert') throw new Error(`test item ${i} is not an entity`);
    const has = new Set((db.prepare(`PRAGMA table_info(${prepared.kind})`).all() as { name: string }[]).map((c) => c.name));
    const columns = [...TABLES[prepared.kind].columns, 'data'];
    const kept = columns.flatMap((c, at) => (has.has(c) ? [[c, prepared.row[at]] as const] : []));
    db.prepare(`INSERT INTO ${prepared.kind} (${kept.map(([c]) => c).join(', ')}) VALUES (${kept.map(() => '?').join(', ')})`).run(
      kept.map(([, v]) => v),
    );
  }
  return db;
}

describe("the dashboard's figures from indexes alone (cache migration 0013)", () => {
  it('migrates a cache of version 12 to the same figures, read without the table', () => {
    const dir = tempDir('dashboard-indexes');
    const old = cacheAt(dir, 12);
    const before = { today: todayStats(old, NOW, TZ), breakdowns: breakdowns(old, NOW, TZ) };
    old.close();

    const { cache } = CacheStore.open(dir);
    expect(cache.db.pragma('user_version', { simple: true })).toBe(cacheMigrations.length);
    expect({ today: todayStats(cache.db, NOW, TZ), breakdowns: breakdowns(cache.db, NOW, TZ) }).toEqual(before);
    expect(before.breakdowns.escalationsTotal).toBe(1);
    expect(before.today.calls).toEqual({ received: 2, answered: 1, answerRate: 0.5 });
    expect(before.today.incidents.criminal).toBe(1);

    const plan = (sql: string) => planOf(cache.db, sql, ...new Array<number>((sql.match(/\?/g) ?? []).length).fill(NOW));
    expect(plan(BREAKDOWN_SQL.byDistrict)).toMatch(/^SEARCH incident USING COVERING INDEX incident_reported /);
    expect(plan(BREAKDOWN_SQL.bySource)).toMatch(/^SEARCH incident USING COVERING INDEX incident_reported /);
    expect(plan(TODAY_SQL.criminal)).toMatch(/^SEARCH incident USING COVERING INDEX incident_reported /);
    expect(plan(TODAY_SQL.answered)).toMatch(/^SEARCH call USING COVERING INDEX call_received /);
    expect(plan(BREAKDOWN_SQL.escalationsTotal)).toMatch(/^SEARCH incident USING COVERING INDEX incident_city_open /);
    expect(planOf(cache.db, BREAKDOWN_SQL.escalations, ESCALATIONS_SHOWN)).toMatch(/^SEARCH incident USING INDEX incident_city_open /);
    cache.close();
  });
});
