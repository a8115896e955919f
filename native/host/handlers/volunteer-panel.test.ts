import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { VolunteerBoard, VolunteerReports, VolunteerStats, type Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { PositionBook } from '../../geo/position-book.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { PATROL_FRESH_MS, onPatrol, volunteerPanelHandlers } from './volunteer-panel.ts';

const NOW = Date.parse('2026-11-28T09:10:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

const volunteer = (id: string, district: string, points: number) => ({
  id,
  rev: 1,
  name: `志愿者${id}`,
  district,
  points,
  verified: true,
  skills: [],
});

async function consoleAs(role: Role | null) {
  const data = await openDataDir(tempDir('volunteer-panel-host'), { command: 'test', cacheWriter: 'inline' });
  const items = [
    { kind: 'volunteer', data: volunteer('v-siming', '350203', 30) },
    { kind: 'volunteer', data: volunteer('v-huli', '350206', 90) },
    { kind: 'volunteer', data: volunteer('v-quiet', '350206', 10) },
    { kind: 'volunteer', data: volunteer('v-home', '350211', 60) },
    {
      kind: 'incident',
      data: incident('r-1', 1, { source: 'volunteer', attachments: [{ id: 'p1', kind: 'photo', url: '/files/p1', mime: 'image/png' }] }),
    },
  ];
  data.cache.applyChanges(items.map((item, i) => prepareChange({ seq: i + 1, op: 'upsert', ...item }, i + 1)), items.length);
  const book = new PositionBook();
  book.apply([
    { id: 'v-siming', lat: 24.45, lng: 118.08, ts: iso(NOW - 5_000), state: 'available' },
    { id: 'v-huli', lat: 24.5, lng: 118.12, ts: iso(NOW - 60_000), state: 'busy' },
    // Its last report is older than a patrol's: gone off duty, or no signal.
    { id: 'v-quiet', lat: 24.5, lng: 118.13, ts: iso(NOW - PATROL_FRESH_MS - 1_000), state: 'available' },
    { id: 'v-home', lat: 24.6, lng: 118.05, ts: iso(NOW - 5_000), state: 'offline' },
  ]);
  const handlers = volunteerPanelHandlers(data, book, 'ws://127.0.0.1:7001/link/v1', () => NOW);
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: handlers as never });
  const call = (method: string, params: unknown) => host.call(method, params, { label: 'test' });
  return { call, book, close: () => data.close() };
}

describe('the volunteer panel through the host', () => {
  it('counts on patrol only the volunteers who reported lately and are not offline', async () => {
    const { book, close } = await consoleAs('duty_chief');
    expect(onPatrol(book, NOW)).toEqual([
      { id: 'v-siming', available: true },
      { id: 'v-huli', available: false },
    ]);
    await close();
  });

  it('answers the board, the stats and the reports in the contract’s shapes, for any signed-in role', async () => {
    const { call, close } = await consoleAs('call_taker');
    const board = (await call('volunteers.board', { limit: 3 })) as { result: unknown };
    const parsed = VolunteerBoard.parse(board.result);
    expect(parsed.items.map((v) => [v.rank, v.id, v.onPatrol])).toEqual([
      [1, 'v-huli', 'busy'],
      [2, 'v-home', null],
      [3, 'v-siming', 'available'],
    ]);

    const stats = VolunteerStats.parse(((await call('volunteers.stats', {})) as { result: unknown }).result);
    expect(stats.days).toBe(1);
    expect(stats.patrol).toMatchObject({ total: 2, available: 1, busy: 1 });
    expect(stats.patrol.byDistrict.find((d) => d.district === '350206')).toEqual({ district: '350206', available: 0, busy: 1 });
    expect(stats.offers.offers).toBe(0);

    const reports = VolunteerReports.parse(((await call('volunteers.reports', {})) as { result: unknown }).result);
    expect(reports.items.map((r) => [r.id, r.photos.map((p) => p.url)])).toEqual([['r-1', ['http://127.0.0.1:7001/files/p1']]]);
    await close();
  });

  it('refuses a window other than today or 7 days, and a signed-out window', async () => {
    const { call, close } = await consoleAs('duty_chief');
    expect(await call('volunteers.stats', { days: 3 })).toMatchObject({ code: 'invalid_params' });
    expect(await call('volunteers.board', { limit: 101 })).toMatchObject({ code: 'invalid_params' });
    await close();
    const signedOut = await consoleAs(null);
    expect(await signedOut.call('volunteers.reports', {})).toMatchObject({ code: 'unauthenticated' });
    await signedOut.close();
  });
});
