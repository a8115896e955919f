import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { ANSWERS_BY_SQL, OFFERS_TO_SQL, volunteerProfile } from './volunteer-profile.ts';

const T0 = Date.parse('2026-11-28T09:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

type Item = { kind: string; data: Record<string, unknown> };
function cacheWith(...items: Item[]) {
  const { cache } = CacheStore.open(tempDir('volunteer-profile'));
  const rows = items.map(({ kind, data }, i) => prepareChange({ seq: i + 1, op: 'upsert', kind, data }, i + 1));
  cache.applyChanges(rows, rows.length);
  return cache;
}
let n = 0;
const event = (incidentId: string, kind: string, data: Record<string, unknown>): Item => ({
  kind: 'incident_event',
  data: { id: `e-${++n}`, rev: 1, incident: incidentId, at: iso(T0 + n * 1000), actor: 'platform', kind, data },
});
const LIN = {
  id: 'vol-lin',
  rev: 1,
  name: '林*',
  team: '鹭岛蓝马甲',
  district: '350203',
  points: 42.5,
  verified: true,
  skills: ['first_aid', 'traffic'],
};

describe('a volunteer’s profile', () => {
  it('counts the offers made to them, those they took (and on how many incidents) and declined', () => {
    const cache = cacheWith(
      { kind: 'volunteer', data: LIN },
      { kind: 'incident', data: incident('i-1', 1) },
      { kind: 'incident', data: incident('i-2', 1) },
      event('i-1', 'offer', { volunteers: ['vol-lin', 'vol-chen'], expires_at: iso(T0 + 60_000) }),
      event('i-1', 'accept', { volunteer: 'vol-lin', offer: 'e-1' }),
      event('i-2', 'offer', { volunteers: ['vol-lin'], expires_at: iso(T0 + 60_000) }),
      event('i-2', 'decline', { volunteer: 'vol-lin', offer: 'e-3' }),
      event('i-2', 'offer', { volunteers: ['vol-chen', 'vol-lin'], expires_at: iso(T0 + 60_000) }),
      event('i-2', 'accept', { volunteer: 'vol-lin', offer: 'e-5' }),
      event('i-2', 'offer', { volunteers: ['vol-lin'], expires_at: iso(T0 + 60_000) }),
      event('i-2', 'expire', { offer: 'e-7' }),
      // Someone else's answers and an offer to others only.
      event('i-1', 'decline', { volunteer: 'vol-chen', offer: 'e-1' }),
      event('i-1', 'offer', { volunteers: ['vol-chen'], expires_at: iso(T0 + 60_000) }),
      event('i-1', 'note', { volunteer: 'vol-lin' }),
    );
    expect(volunteerProfile(cache.db, 'vol-lin')).toEqual({
      id: 'vol-lin',
      name: '林*',
      team: '鹭岛蓝马甲',
      district: '350203',
      skills: ['first_aid', 'traffic'],
      points: 42.5,
      verified: true,
      offers: 4,
      accepted: 2,
      declined: 1,
      acceptanceRate: 0.5,
      tasksTaken: 2,
    });
    expect(planOf(cache.db, ANSWERS_BY_SQL, 'vol-lin')).toMatch(
      /^SEARCH incident_event USING INDEX incident_event_answers \(<expr>=\? AND kind=\?\)/,
    );
    // Offers only, through their own index: never every event.
    expect(planOf(cache.db, OFFERS_TO_SQL, 'vol-lin')).toMatch(/incident_event USING INDEX incident_event_offers/);
    cache.close();
  });

  it('has no rate without offers, and nothing for a volunteer the cache does not hold', () => {
    const cache = cacheWith({ kind: 'volunteer', data: { ...LIN, team: null, district: null, verified: false } });
    expect(volunteerProfile(cache.db, 'vol-lin')).toMatchObject({
      team: null,
      district: null,
      verified: false,
      offers: 0,
      accepted: 0,
      acceptanceRate: null,
      tasksTaken: 0,
    });
    expect(volunteerProfile(cache.db, 'vol-404')).toBeNull();
    cache.close();
  });
});
