import { afterEach, describe, expect, it } from 'vitest';
import { checkEntity } from '../protocol/entities.ts';
import { incident } from '../../tests/support/platform-fixtures.ts';
import { buildAddressBase } from './city/address-base.ts';
import { DistrictMap } from './city/district-map.ts';
import { DISTRICT_LIST, STREETS } from './city/geography.ts';
import type { RawClient } from './raw-client.ts';
import { CommandPlatform } from '../../tests/support/command-platform.ts';
import type { Platform } from './server.ts';

/**
 * The commands Platform Link v1.1 changed (§7): `incident.create` places
 * the incident and sets its supervision deadline; a video patroller may
 * dispatch to traffic police. On a platform without a city, as the
 * console's own tests run one.
 */

const kit = new CommandPlatform('cmd-v11');
afterEach(() => kit.close());

const setup = () => kit.start();
const as = (token: string) => kit.as(token);
const command = (c: RawClient, name: string, args: unknown, id?: string) => kit.command(c, name, args, id);

const filed = (id: string) => kit.platform!.exportState('incident').find((i) => i.id === id)!;
const report = { source: '110', category: 'traffic.collision', priority: 2, title: '两车相撞' };

describe('incident.create places the incident and sets its deadline (v1.1)', () => {
  it('fills district, street and community from lat/lng, as the address base files the same point', async () => {
    await setup();
    const c = await as('demo-taker');
    const base = buildAddressBase(new DistrictMap()).places;
    // A door on a road in each district: the platform locates the point where the base put it.
    for (const d of DISTRICT_LIST) {
      const door = base.find((p) => p.kind === 'address' && p.district === d.code && /路\d+号$/.test(p.name))!;
      const id = `inc-at-${door.id}`;
      expect(await command(c, 'incident.create', { ...report, id, address: door.name, lat: door.lat, lng: door.lng })).toMatchObject({
        ok: true,
      });
      expect(filed(id), door.name).toMatchObject({ district: door.district, street: door.street, community: door.community });
      expect(checkEntity('incident', filed(id)).ok).toBe(true);
    }
  });

  it.each([
    [1, '2026-11-28T09:30:00+08:00'],
    [2, '2026-11-28T11:00:00+08:00'],
    [3, '2026-11-29T09:00:00+08:00'],
    [4, '2026-12-01T09:00:00+08:00'],
  ])('gives a P%i the deadline %s (reported 09:00: P1 30 min, P2 2 h, P3 24 h, P4 72 h)', async (priority, due) => {
    await setup();
    const c = await as('demo-taker');
    expect(await command(c, 'incident.create', { ...report, id: 'inc-due', priority })).toMatchObject({ ok: true });
    expect(filed('inc-due')).toMatchObject({ reported_at: '2026-11-28T09:00:00+08:00', due_at: due });
  });

  it('keeps what the console said and fills only the rest', async () => {
    await setup();
    const c = await as('demo-taker');
    // The point is in Huli (the airport), the operator says Siming: the district stays, the street is Siming's nearest.
    const airport = { lat: 24.5439, lng: 118.1275 };
    expect(await command(c, 'incident.create', { ...report, id: 'inc-said', ...airport, district: '350203' })).toMatchObject({ ok: true });
    const jialian = STREETS.find((s) => s.name === '嘉莲街道')!;
    expect(filed('inc-said')).toMatchObject({ district: '350203', street: jialian.name });
    expect(jialian.communities).toContain(filed('inc-said').community);
    const all = { district: '350206', street: '殿前街道', community: '某某社区' };
    expect(await command(c, 'incident.create', { ...report, id: 'inc-all', ...airport, ...all })).toMatchObject({ ok: true });
    expect(filed('inc-all')).toMatchObject(all);
    // Without a point the district the console gives is all there is.
    expect(await command(c, 'incident.create', { ...report, id: 'inc-no-point', district: '350211' })).toMatchObject({ ok: true });
    expect(filed('inc-no-point')).toMatchObject({ district: '350211' });
    expect(filed('inc-no-point').street).toBeUndefined();
  });

  it('leaves a point at sea, and an incident without one, unplaced, with its deadline all the same', async () => {
    await setup();
    const c = await as('demo-taker');
    expect(await command(c, 'incident.create', { ...report, id: 'inc-sea', lat: 24.43, lng: 118.22 })).toMatchObject({ ok: true });
    expect(await command(c, 'incident.create', { ...report, id: 'inc-none' })).toMatchObject({ ok: true });
    for (const id of ['inc-sea', 'inc-none']) {
      expect(filed(id).district, id).toBeUndefined();
      expect(filed(id).street, id).toBeUndefined();
      expect(filed(id).due_at, id).toBe('2026-11-28T11:00:00+08:00');
    }
  });

  it('refuses a district that is not one of the six, and an empty street or community', async () => {
    await setup();
    const c = await as('demo-taker');
    for (const bad of [{ district: '350200' }, { street: '' }, { community: '' }]) {
      expect(await command(c, 'incident.create', { ...report, ...bad }), JSON.stringify(bad)).toMatchObject({ ok: false, code: 'invalid' });
    }
    expect(kit.platform!.exportState('incident')).toEqual([]);
  });
});

describe('a video patroller dispatches to traffic police only (v1.1)', () => {
  async function withUnits(): Promise<Platform> {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    p.upsert('incident', incident('inc-2'));
    const unit = (id: string, kind: string) => ({ id, name: id, kind, level: 'district', district: '350206' });
    p.upsert('department', unit('dept-huli-traffic-police', 'traffic_police'));
    p.upsert('department', { ...unit('dept-city-traffic-police', 'traffic_police'), level: 'city', district: null });
    p.upsert('department', unit('dept-huli-fire', 'fire'));
    return p;
  }

  it('notifies traffic police of congestion', async () => {
    await withUnits();
    const v = await as('demo-video');
    const units = ['dept-huli-traffic-police', 'dept-city-traffic-police'];
    expect(await command(v, 'incident.dispatch', { incident: 'inc-1', departments: units, note: '仙岳路拥堵' })).toMatchObject({
      ok: true,
    });
    expect(filed('inc-1')).toMatchObject({ status: 'dispatched', departments: units });
  });

  it('may not send anyone else, nor a unit the platform does not know', async () => {
    await withUnits();
    const v = await as('demo-video');
    for (const departments of [['dept-huli-fire'], ['dept-huli-traffic-police', 'dept-huli-fire'], ['dept-nowhere']]) {
      const result = await command(v, 'incident.dispatch', { incident: 'inc-1', departments });
      expect(result, departments.join()).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(filed('inc-1')).toMatchObject({ status: 'new', departments: [] });
    // A call taker sends the fire brigade as before.
    const t = await as('demo-taker');
    expect(await command(t, 'incident.dispatch', { incident: 'inc-2', departments: ['dept-huli-fire'] })).toMatchObject({ ok: true });
  });
});
