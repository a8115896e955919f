import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import {
  attachmentResolver,
  median,
  offerStats,
  patrolByDistrict,
  statsWindow,
  volunteerBoard,
  waitingReports,
} from './volunteer-stats.ts';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const HOUR = 60 * MIN;
/** Midnight 2026-11-28 in Shanghai (16:00 UTC the day before). */
const DAY0 = Date.parse('2026-11-28T00:00:00+08:00');
const NOW = DAY0 + 15 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

type Item = { kind: string; data: Record<string, unknown> };

function cacheWith(items: Item[]) {
  const { cache } = CacheStore.open(tempDir('volunteer-stats'));
  const changes = items.map((item, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: item.kind, data: item.data }, i + 1));
  cache.applyChanges(changes, changes.length);
  return cache;
}

function volunteer(id: string, points: number, extra: Record<string, unknown> = {}): Item {
  return { kind: 'volunteer', data: { id, rev: 1, name: `志愿者${id}`, team: null, district: '350203', points, verified: true, skills: [], ...extra } };
}

let eventN = 0;
function event(incidentId: string, kind: string, at: number, data: Record<string, unknown> = {}, id = `ev-${++eventN}`): Item {
  return { kind: 'incident_event', data: { id, rev: 1, incident: incidentId, at: iso(at), actor: 'x', kind, data } };
}

describe('the points leaderboard (积分)', () => {
  it('lists the top volunteers by points with shared ranks for equal points, and whether each patrols now', () => {
    const cache = cacheWith([volunteer('v1', 50), volunteer('v2', 120), volunteer('v3', 50), volunteer('v4', 10), volunteer('v5', 200, { verified: false })]);
    const board = volunteerBoard(cache.db, 4, (id) => (id === 'v2' ? 'busy' : null));
    expect(board.registered).toBe(5);
    expect(board.items.map((v) => [v.rank, v.id, v.points])).toEqual([
      [1, 'v5', 200],
      [2, 'v2', 120],
      [3, 'v1', 50],
      [3, 'v3', 50],
    ]);
    expect(board.items[0]).toMatchObject({ verified: false, onPatrol: null, name: '志愿者v5' });
    expect(board.items[1]).toMatchObject({ verified: true, onPatrol: 'busy' });
    expect(board.found).toEqual([]);
    cache.close();
  });

  it('finds a volunteer below the top by id or by a part of their masked name, with the rank they hold', () => {
    const cache = cacheWith([volunteer('v1', 50), volunteer('v2', 120), volunteer('v3', 50), volunteer('v4', 10), volunteer('v5', 200)]);
    const byId = volunteerBoard(cache.db, 2, (id) => (id === 'v4' ? 'available' : null), 'v4');
    expect(byId.items.map((v) => v.id)).toEqual(['v5', 'v2']);
    expect(byId.found).toEqual([
      { rank: 5, id: 'v4', name: '志愿者v4', team: null, district: '350203', points: 10, verified: true, onPatrol: 'available' },
    ]);
    // Equal points share the rank the board gives them; several masked names may match.
    expect(volunteerBoard(cache.db, 2, undefined, '志愿者').found.map((v) => [v.rank, v.id])).toEqual([
      [1, 'v5'],
      [2, 'v2'],
      [3, 'v1'],
      [3, 'v3'],
      [5, 'v4'],
    ]);
    // LIKE's wildcards in what was typed are plain characters.
    expect(volunteerBoard(cache.db, 2, undefined, '%').found).toEqual([]);
    expect(volunteerBoard(cache.db, 2, undefined, '志愿者_').found).toEqual([]);
    cache.close();
  });
});

describe('volunteers on patrol by district', () => {
  it('counts live positions under their volunteer’s district, all six districts listed, unknown volunteers last', () => {
    const cache = cacheWith([volunteer('v1', 1, { district: '350206' }), volunteer('v2', 1, { district: '350206' }), volunteer('v3', 1, { district: '350211' })]);
    const patrol = patrolByDistrict(cache.db, [
      { id: 'v1', available: true },
      { id: 'v2', available: false },
      { id: 'v3', available: true },
      { id: 'v-not-cached', available: true },
    ]);
    expect(patrol).toMatchObject({ total: 4, available: 3, busy: 1 });
    expect(patrol.byDistrict).toEqual([
      { district: '350203', available: 0, busy: 0 },
      { district: '350205', available: 0, busy: 0 },
      { district: '350206', available: 1, busy: 1 },
      { district: '350211', available: 1, busy: 0 },
      { district: '350212', available: 0, busy: 0 },
      { district: '350213', available: 0, busy: 0 },
      { district: null, available: 1, busy: 0 },
    ]);
    expect(patrolByDistrict(cache.db, []).byDistrict.map((d) => d.district)).toEqual(['350203', '350205', '350206', '350211', '350212', '350213']);
    cache.close();
  });
});

describe('grab rate and time to accept', () => {
  /**
   * Today (Shanghai), made by hand with known answers:
   * - A (思明 350203), 09:10: accepted after 30 s (a decline before it) → taken.
   * - A again, 09:20: a second wave, accepted after 90 s; the accept names no offer (spec v1.1 carries only the volunteer).
   * - B (湖里 350206), 09:40: declined twice, then expired → not taken.
   * - C (湖里), 14:05: accepted after 12 s, named by `data.offer`; a late second accept changes nothing.
   * - D (no district), 14:30: still open (no answer yet).
   * Yesterday: E (湖里) 23:59:30 offered, accepted today 00:00:20 — it counts for yesterday.
   * Five days ago: F (集美 350211) 10:00, accepted after 60 s.
   * Eight days ago: G, outside both windows.
   */
  function cityOffers() {
    const at = (dayOffset: number, h: number, m: number, s = 0) => DAY0 + dayOffset * 24 * HOUR + h * HOUR + m * MIN + s * 1000;
    return cacheWith([
      { kind: 'incident', data: incident('A', 1, { district: '350203' }) },
      { kind: 'incident', data: incident('B', 1, { district: '350206' }) },
      { kind: 'incident', data: incident('C', 1, { district: '350206' }) },
      { kind: 'incident', data: incident('D', 1, { district: null }) },
      { kind: 'incident', data: incident('E', 1, { district: '350206' }) },
      { kind: 'incident', data: incident('F', 1, { district: '350211' }) },
      { kind: 'incident', data: incident('G', 1, { district: '350211' }) },
      event('A', 'offer', at(0, 9, 10), { volunteers: ['v1', 'v2'] }, 'offer-a1'),
      event('A', 'decline', at(0, 9, 10, 5), { volunteer: 'v1', offer: 'offer-a1' }),
      event('A', 'accept', at(0, 9, 10, 30), { volunteer: 'v2', offer: 'offer-a1' }),
      event('A', 'offer', at(0, 9, 20), { volunteers: ['v3'] }, 'offer-a2'),
      event('A', 'accept', at(0, 9, 21, 30), { volunteer: 'v3' }),
      event('B', 'offer', at(0, 9, 40), { volunteers: ['v4', 'v5'] }, 'offer-b'),
      event('B', 'decline', at(0, 9, 40, 10), { volunteer: 'v4' }),
      event('B', 'decline', at(0, 9, 40, 20), { volunteer: 'v5' }),
      event('B', 'expire', at(0, 9, 41), { offer: 'offer-b' }),
      event('C', 'offer', at(0, 14, 5), { volunteers: ['v6', 'v7'] }, 'offer-c'),
      event('C', 'accept', at(0, 14, 5, 12), { volunteer: 'v6', offer: 'offer-c' }),
      event('C', 'accept', at(0, 14, 5, 40), { volunteer: 'v7', offer: 'offer-c' }),
      event('C', 'note', at(0, 14, 6), {}),
      event('D', 'offer', at(0, 14, 30), { volunteers: ['v8'] }, 'offer-d'),
      event('E', 'offer', at(-1, 23, 59, 30), { volunteers: ['v9'] }, 'offer-e'),
      event('E', 'accept', at(0, 0, 0, 20), { volunteer: 'v9', offer: 'offer-e' }),
      event('F', 'offer', at(-5, 10, 0), { volunteers: ['v1'] }, 'offer-f'),
      event('F', 'accept', at(-5, 10, 1), { volunteer: 'v1', offer: 'offer-f' }),
      event('G', 'offer', at(-8, 10, 0), { volunteers: ['v1'] }, 'offer-g'),
      event('G', 'accept', at(-8, 10, 0, 5), { volunteer: 'v1', offer: 'offer-g' }),
    ]);
  }

  it('today: offers taken / offers made, the median wait to the first acceptance, by district and hour', () => {
    const cache = cityOffers();
    const today = offerStats(cache.db, NOW, TZ, 1);
    expect(today).toMatchObject({ tz: TZ, day: '2026-11-28', days: 1, from: DAY0, to: DAY0 + 24 * HOUR, heldSince: DAY0 - 8 * 24 * HOUR + 10 * HOUR });
    // A1 30 s, A2 90 s, C 12 s taken; B expired; D open: 3 of 5, median of [12, 30, 90].
    expect(today.offers).toEqual({ offers: 5, accepted: 3, declines: 3, expired: 1, grabRate: 3 / 5, medianAcceptS: 30 });
    const district = (code: string | null) => today.byDistrict.find((d) => d.district === code);
    expect(district('350203')).toEqual({ district: '350203', offers: 2, accepted: 2, declines: 1, expired: 0, grabRate: 1, medianAcceptS: 60 });
    expect(district('350206')).toEqual({ district: '350206', offers: 2, accepted: 1, declines: 2, expired: 1, grabRate: 0.5, medianAcceptS: 12 });
    expect(district('350211')).toMatchObject({ offers: 0, grabRate: null, medianAcceptS: null });
    expect(district(null)).toMatchObject({ offers: 1, accepted: 0, grabRate: 0 });
    expect(today.byDistrict.map((d) => d.district)).toEqual(['350203', '350205', '350206', '350211', '350212', '350213', null]);
    expect(today.byHour).toHaveLength(24);
    expect(today.byHour[9]).toEqual({ hour: 9, offers: 3, accepted: 2, declines: 3, expired: 1, grabRate: 2 / 3, medianAcceptS: 60 });
    expect(today.byHour[14]).toMatchObject({ offers: 2, accepted: 1, medianAcceptS: 12 });
    expect(today.byHour[0]).toMatchObject({ offers: 0, grabRate: null });
    cache.close();
  });

  it('the last 7 days: today and the six local days before it, an offer counted on the day it was made', () => {
    const cache = cityOffers();
    const week = offerStats(cache.db, NOW, TZ, 7);
    expect(week.from).toBe(DAY0 - 6 * 24 * HOUR);
    // Today's 5, yesterday's E (taken at 00:00:20, 50 s) and F (60 s); G is eight days old.
    expect(week.offers).toEqual({ offers: 7, accepted: 5, declines: 3, expired: 1, grabRate: 5 / 7, medianAcceptS: 50 });
    expect(week.byHour[23]).toMatchObject({ offers: 1, accepted: 1, medianAcceptS: 50 });
    expect(week.byDistrict.find((d) => d.district === '350211')).toMatchObject({ offers: 1, accepted: 1, medianAcceptS: 60 });
    cache.close();
  });

  it('"today" turns at the platform zone’s midnight, not UTC’s or the workstation’s', () => {
    const cache = cityOffers();
    // 23:59:59 yesterday in Shanghai: yesterday is "today", holding only E (made 23:59:30, its answer after midnight not yet read).
    const justBefore = offerStats(cache.db, DAY0 - 1000, TZ, 1);
    expect(justBefore.day).toBe('2026-11-27');
    expect(justBefore.offers).toMatchObject({ offers: 1, accepted: 0 });
    // One second after midnight: a new day, E's acceptance no longer counts (it belongs to yesterday's offer).
    const justAfter = offerStats(cache.db, DAY0 + 1000, TZ, 1);
    expect(justAfter.day).toBe('2026-11-28');
    expect(justAfter.offers).toMatchObject({ offers: 5, accepted: 3 });
    // In UTC the same instant is still the 27th: the window is that zone's day.
    expect(statsWindow(DAY0 + 1000, 'UTC', 1)).toEqual({ from: Date.parse('2026-11-27T00:00:00Z'), to: Date.parse('2026-11-28T00:00:00Z'), day: '2026-11-27' });
    cache.close();
  });

  it('an answer naming an offer made before the window is not credited to a later offer of the same incident', () => {
    const cache = cacheWith([
      { kind: 'incident', data: incident('H', 1, { district: '350203' }) },
      event('H', 'offer', DAY0 - 20_000, { volunteers: ['v1'] }, 'offer-h1'),
      event('H', 'offer', DAY0 + 5_000, { volunteers: ['v2'] }, 'offer-h2'),
      event('H', 'accept', DAY0 + 10_000, { volunteer: 'v1', offer: 'offer-h1' }),
    ]);
    expect(offerStats(cache.db, NOW, TZ, 1).offers).toMatchObject({ offers: 1, accepted: 0, grabRate: 0 });
    expect(offerStats(cache.db, NOW, TZ, 7).offers).toMatchObject({ offers: 2, accepted: 1, medianAcceptS: 30 });
    cache.close();
  });

  it('the median of an even count is the mean of the middle two', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([])).toBeNull();
  });
});

describe('volunteer photo reports waiting for verification', () => {
  it('lists new volunteer reports oldest first with their photos, URLs resolved against the platform', () => {
    const photo = (id: string, url: string) => ({ id, kind: 'photo', url, mime: 'image/png' });
    const cache = cacheWith([
      {
        kind: 'incident',
        data: incident('r-late', 1, {
          source: 'volunteer',
          reported_at: iso(DAY0 + 10 * HOUR),
          caller: { name: '林**', phone: '13800001111' },
          attachments: [photo('p1', '/files/p1'), { id: 'a1', kind: 'audio', url: '/files/a1', mime: 'audio/mpeg' }, photo('p2', 'javascript:alert(1)')],
        }),
      },
      { kind: 'incident', data: incident('r-early', 1, { source: 'volunteer', reported_at: iso(DAY0 + 9 * HOUR), attachments: [photo('p3', 'https://files.example/p3')] }) },
      { kind: 'incident', data: incident('r-verified', 1, { source: 'volunteer', status: 'verified' }) },
      { kind: 'incident', data: incident('call-new', 1, { source: '110' }) },
    ]);
    const reports = waitingReports(cache.db, 10, attachmentResolver('ws://127.0.0.1:7001/link/v1'));
    expect(reports.waiting).toBe(2);
    expect(reports.items.map((r) => r.id)).toEqual(['r-early', 'r-late']);
    expect(reports.items[1]).toMatchObject({ reporter: '林**', district: '350203', photos: [{ id: 'p1', url: 'http://127.0.0.1:7001/files/p1', mime: 'image/png' }] });
    expect(reports.items[0]!.photos).toEqual([{ id: 'p3', url: 'https://files.example/p3', mime: 'image/png' }]);
    // The reporter's phone never leaves through this list.
    expect(JSON.stringify(reports)).not.toContain('13800001111');
    expect(waitingReports(cache.db, 1, attachmentResolver(null)).items.map((r) => r.id)).toEqual(['r-early']);
    cache.close();
  });

  it('a relative URL without a platform to resolve against, or a non-http one, is not shown', () => {
    expect(attachmentResolver(null)('/files/p1')).toBeNull();
    expect(attachmentResolver('wss://platform.example/link/v1')('/files/p1')).toBe('https://platform.example/files/p1');
    expect(attachmentResolver('wss://platform.example/link/v1')('data:image/png;base64,AAAA')).toBeNull();
  });
});
