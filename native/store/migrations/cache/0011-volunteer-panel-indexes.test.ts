import { describe, expect, it } from 'vitest';
import { incident } from '../../../../tests/support/entities.ts';
import { planOf } from '../../../../tests/support/query-plan.ts';
import { tempDir } from '../../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../../link/prepare.ts';
import { CacheStore } from '../../cache-store.ts';
import { VOLUNTEER_SQL, volunteerBoard, waitingReports } from '../../queries/volunteer-stats.ts';

const DAY0 = Date.parse('2026-11-28T00:00:00+08:00');
const HOUR = 3_600_000;

function cache() {
  const { cache } = CacheStore.open(tempDir('volunteer-panel-indexes'));
  const items = [
    ...Array.from({ length: 30 }, (_, i) => ({
      kind: 'volunteer',
      data: { id: `v-${i}`, rev: 1, name: `志愿者${i}`, district: '350203', points: (i * 7) % 50, verified: true, skills: [] },
    })),
    { kind: 'incident', data: incident('r-1', 1, { source: 'volunteer' }) },
    { kind: 'incident', data: incident('c-1', 1, { source: '110' }) },
    {
      kind: 'incident_event',
      data: { id: 'ev-1', rev: 1, incident: 'r-1', at: '2026-11-28T09:00:00+08:00', actor: 'x', kind: 'offer', data: { volunteers: ['v-1'] } },
    },
  ];
  const changes = items.map((item, i) => prepareChange({ seq: i + 1, op: 'upsert', ...item }, i + 1));
  cache.applyChanges(changes, changes.length);
  return cache;
}

describe('the volunteer panel reads by index (cache migrations 0010, 0011)', () => {
  it('takes the leaderboard from the top of the points index, without a sort', () => {
    const db = cache();
    expect(planOf(db.db, VOLUNTEER_SQL.board, 20)).toBe('SCAN volunteer USING INDEX volunteer_points');
    expect(volunteerBoard(db.db, 3).items.map((v) => v.points)).toEqual([49, 48, 47]);
    db.close();
  });

  it('reads waiting volunteer reports from their own partial index, in order, and counts them there', () => {
    const db = cache();
    expect(planOf(db.db, VOLUNTEER_SQL.reports, 50)).toBe('SCAN incident USING INDEX incident_volunteer_reports');
    expect(planOf(db.db, VOLUNTEER_SQL.reportsWaiting)).toBe('SCAN incident USING COVERING INDEX incident_volunteer_reports');
    expect(waitingReports(db.db, 50, () => null).items.map((r) => r.id)).toEqual(['r-1']);
    db.close();
  });

  it('finds offers by time and their answers by incident, never reading every event', () => {
    const db = cache();
    const plan = planOf(db.db, VOLUNTEER_SQL.offerEvents, DAY0, DAY0 + 24 * HOUR, DAY0 + 24 * HOUR);
    expect(plan).toMatch(/SEARCH incident_event USING INDEX incident_event_offers \(at_ms>\? AND at_ms<\?\)/);
    expect(plan).toMatch(/SEARCH e USING INDEX incident_event_by_incident \(incident=\? AND at_ms>\? AND at_ms<\?\)/);
    expect(plan).toMatch(/SEARCH i USING INDEX sqlite_autoindex_incident_1 \(id=\?\)/);
    expect(plan).not.toMatch(/SCAN (incident_event|e)\b/);
    expect(planOf(db.db, VOLUNTEER_SQL.oldestOffer)).toMatch(/incident_event_offers/);
    db.close();
  });
});
