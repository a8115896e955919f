import { afterEach, describe, expect, it } from 'vitest';
import { checkEntity } from '../protocol/entities.ts';
import { incident } from '../../tests/support/platform-fixtures.ts';
import type { RawClient } from './raw-client.ts';
import { CommandPlatform } from '../../tests/support/command-platform.ts';

const kit = new CommandPlatform('cmd');
afterEach(() => kit.close());

const setup = () => kit.start();
const as = (token: string) => kit.as(token);
const command = (c: RawClient, name: string, args: unknown, id?: string) => kit.command(c, name, args, id);

function status(id: string): unknown {
  return kit.platform!.exportState('incident').find((i) => i.id === id)?.status;
}

describe('incident.create', () => {
  it('creates an incident and a created event; result.seq is the last change', async () => {
    const p = await setup();
    const c = await as('demo-taker');
    const result = await command(c, 'incident.create', {
      source: '110',
      category: 'traffic.collision',
      priority: 2,
      title: '湖滨南路 两车相撞',
      lat: 24.47,
      lng: 118.1,
      caller: { name: '张', phone: '138****5678' },
    });
    expect(result).toMatchObject({ ok: true, seq: 2 });
    const [inc] = p.exportState('incident');
    expect(inc).toMatchObject({
      id: 'inc-2026-000001',
      rev: 1,
      status: 'new',
      level: 'community',
      departments: [],
      volunteers: [],
      attachments: [],
      reported_at: '2026-11-28T09:00:00+08:00',
      updated_at: '2026-11-28T09:00:00+08:00',
    });
    expect(checkEntity('incident', inc).ok).toBe(true);
    const [ev] = p.exportState('incident_event');
    expect(ev).toMatchObject({ incident: 'inc-2026-000001', kind: 'created', actor: '接警员 林晓', rev: 1 });
    expect(checkEntity('incident_event', ev).ok).toBe(true);
    // The sender sees its own effect through changes.
    await c.until(() => (c.changeItems().length >= 2 ? true : undefined), 5000);
    expect(c.changeItems().map((i) => [i.seq, i.kind])).toEqual([
      [1, 'incident'],
      [2, 'incident_event'],
    ]);
  });

  it('uses a given id and refuses an existing one with conflict', async () => {
    await setup();
    const c = await as('demo-chief');
    const args = { id: 'inc-x', source: '119', category: 'fire', priority: 1, title: '火情' };
    expect(await command(c, 'incident.create', args)).toMatchObject({ ok: true });
    expect(await command(c, 'incident.create', args)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('refuses invalid args', async () => {
    await setup();
    const c = await as('demo-chief');
    expect(await command(c, 'incident.create', { source: 'x', category: 'fire', priority: 1, title: 't' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await command(c, 'incident.create', { source: '110', category: 'nope.x', priority: 1, title: 't' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await command(c, 'incident.create', { source: '110', category: 'fire', priority: 5, title: 't' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await command(c, 'incident.fly', {})).toMatchObject({ ok: false, code: 'invalid' });
  });
});

describe('idempotency', () => {
  it('applies a command id once and answers a repeat with the first result', async () => {
    const p = await setup();
    const c = await as('demo-taker');
    const args = { source: '110', category: 'public_order', priority: 3, title: '噪音' };
    const first = await command(c, 'incident.create', args, 'same-id');
    const head = p.head;
    const second = await command(c, 'incident.create', args, 'same-id');
    expect(second).toEqual(first);
    expect(p.head).toBe(head);
    expect(p.exportState('incident')).toHaveLength(1);
    expect(p.commandLog.get('same-id')).toMatchObject({ received: 2, applied: 1 });
    // A failed result is also the first result.
    const f1 = await command(c, 'incident.note', { incident: 'missing', text: 'x' }, 'fail-id');
    p.upsert('incident', incident('missing'));
    const f2 = await command(c, 'incident.note', { incident: 'missing', text: 'x' }, 'fail-id');
    expect(f1).toMatchObject({ ok: false, code: 'not_found' });
    expect(f2).toEqual(f1);
    expect(p.commandLog.get('fail-id')).toMatchObject({ received: 2, applied: 0 });
  });

  it('keeps the result across connections', async () => {
    const p = await setup();
    const a = await as('demo-chief');
    const args = { source: '110', category: 'fire', priority: 1, title: 't' };
    const first = await command(a, 'incident.create', args, 'cross');
    a.ws.terminate();
    const b = await as('demo-chief');
    expect(await command(b, 'incident.create', args, 'cross')).toEqual(first);
    expect(p.commandLog.get('cross')).toMatchObject({ received: 2, applied: 1 });
  });
});

describe('roles', () => {
  it('lets a video patroller create only from video, note and attach', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    const v = await as('demo-video');
    const base = { category: 'public_order.fight', priority: 2, title: '斗殴' };
    expect(await command(v, 'incident.create', { ...base, source: '110' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await command(v, 'incident.create', { ...base, source: 'video' })).toMatchObject({ ok: true });
    expect(await command(v, 'incident.note', { incident: 'inc-1', text: '画面可见' })).toMatchObject({ ok: true });
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    expect(await command(v, 'incident.attach', { incident: 'inc-1', kind: 'photo', data_base64: png, mime: 'image/png', camera: 'cam-1' })).toMatchObject({ ok: true });
    const att = p.exportState('incident').find((i) => i.id === 'inc-1')!.attachments as { url: string }[];
    const res = await fetch(att[0]!.url);
    expect(Buffer.from(await res.arrayBuffer()).toString('hex')).toBe('89504e470d0a1a0a');
    for (const [name, args] of [
      ['incident.dispatch', { incident: 'inc-1', departments: ['d-1'] }],
      ['incident.transition', { incident: 'inc-1', to: 'verified' }],
      ['incident.update', { incident: 'inc-1', rev: 1, patch: {} }],
      ['incident.escalate', { incident: 'inc-1', to_level: 'street', note: 'x' }],
    ] as const) {
      expect(await command(v, name, args)).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  it('lets a call taker verify and cancel but not close or escalate', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    p.upsert('incident', incident('inc-2', { status: 'resolved' }));
    const t = await as('demo-taker');
    expect(await command(t, 'incident.transition', { incident: 'inc-2', to: 'closed' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await command(t, 'incident.transition', { incident: 'inc-1', to: 'dispatched' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await command(t, 'incident.escalate', { incident: 'inc-1', to_level: 'city', note: 'x' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await command(t, 'incident.transition', { incident: 'inc-1', to: 'verified' })).toMatchObject({ ok: true });
    expect(await command(t, 'incident.dispatch', { incident: 'inc-1', departments: ['dept-siming-police'] })).toMatchObject({ ok: true });
    expect(status('inc-1')).toBe('dispatched');
  });

  it('lets a duty chief escalate to city and close', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1', { status: 'resolved' }));
    const chief = await as('demo-chief');
    expect(await command(chief, 'incident.escalate', { incident: 'inc-1', to_level: 'city', note: '重大' })).toMatchObject({ ok: true });
    expect(await command(chief, 'incident.escalate', { incident: 'inc-1', to_level: 'district', note: 'x' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await command(chief, 'incident.transition', { incident: 'inc-1', to: 'closed' })).toMatchObject({ ok: true });
    const inc = p.exportState('incident')[0]!;
    expect(inc).toMatchObject({ status: 'closed', level: 'city', rev: 3 });
    const kinds = p.exportState('incident_event').map((e) => e.kind);
    expect(kinds).toEqual(['escalate', 'status']);
  });
});

describe('lifecycle', () => {
  it('walks the whole lifecycle and refuses what it does not allow', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    const c = await as('demo-chief');
    const go = (to: string) => command(c, 'incident.transition', { incident: 'inc-1', to });
    expect(await go('accepted')).toMatchObject({ ok: false, code: 'conflict' });
    expect(await go('new')).toMatchObject({ ok: false, code: 'conflict' });
    for (const to of ['verified', 'dispatched', 'accepted', 'on_scene', 'resolved', 'dispatched', 'accepted', 'on_scene', 'resolved', 'closed']) {
      expect(await go(to), to).toMatchObject({ ok: true });
    }
    for (const to of ['new', 'verified', 'dispatched', 'cancelled', 'resolved']) {
      expect(await go(to), to).toMatchObject({ ok: false, code: 'conflict' });
    }
    expect(await command(c, 'incident.dispatch', { incident: 'inc-1', departments: ['d'] })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await go('nonsense')).toMatchObject({ ok: false, code: 'invalid' });
    expect(await command(c, 'incident.transition', { incident: 'nope', to: 'verified' })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('allows new → dispatched, new|verified → cancelled|merged only', async () => {
    const p = await setup();
    for (const id of ['a', 'b', 'c', 'd']) p.upsert('incident', incident(id));
    p.upsert('incident', incident('e', { status: 'dispatched' }));
    const c = await as('demo-chief');
    expect(await command(c, 'incident.dispatch', { incident: 'a', departments: ['d1'] })).toMatchObject({ ok: true });
    expect(await command(c, 'incident.dispatch', { incident: 'a', departments: ['d2', 'd1'] })).toMatchObject({ ok: true });
    expect(p.exportState('incident').find((i) => i.id === 'a')!.departments).toEqual(['d1', 'd2']);
    expect(await command(c, 'incident.transition', { incident: 'b', to: 'cancelled' })).toMatchObject({ ok: true });
    expect(await command(c, 'incident.merge', { incident: 'c', into: 'd' })).toMatchObject({ ok: true });
    expect(p.exportState('incident').find((i) => i.id === 'c')).toMatchObject({ status: 'merged', merged_into: 'd' });
    expect(await command(c, 'incident.merge', { incident: 'e', into: 'd' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await command(c, 'incident.merge', { incident: 'd', into: 'c' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await command(c, 'incident.merge', { incident: 'd', into: 'zz' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await command(c, 'incident.transition', { incident: 'e', to: 'cancelled' })).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('checks update revs and follow-up status', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    const c = await as('demo-taker');
    expect(await command(c, 'incident.update', { incident: 'inc-1', rev: 0, patch: { title: 'x' } })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await command(c, 'incident.update', { incident: 'inc-1', rev: 1, patch: { title: '新标题', priority: 1 } })).toMatchObject({ ok: true });
    expect(p.exportState('incident')[0]).toMatchObject({ rev: 2, title: '新标题', priority: 1 });
    expect(await command(c, 'incident.update', { incident: 'inc-1', rev: 1, patch: { title: 'y' } })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await command(c, 'incident.followup', { incident: 'inc-1', reached: true, rating: 5 })).toMatchObject({ ok: false, code: 'conflict' });
    p.upsert('incident', incident('inc-2', { status: 'resolved' }));
    expect(await command(c, 'incident.followup', { incident: 'inc-2', reached: true, rating: 6 })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await command(c, 'incident.followup', { incident: 'inc-2', reached: true, rating: 5, text: '满意' })).toMatchObject({ ok: true });
    expect(await command(c, 'incident.offer', { incident: 'inc-2', volunteers: ['vol-1'], expires_in_s: 120 })).toMatchObject({ ok: true });
    const big = Buffer.alloc(2 * 1024 * 1024 + 1).toString('base64');
    expect(await command(c, 'incident.attach', { incident: 'inc-2', kind: 'file', data_base64: big, mime: 'application/octet-stream' })).toMatchObject({ ok: false, code: 'invalid' });
    for (const e of p.exportState('incident_event')) expect(checkEntity('incident_event', e).ok).toBe(true);
    for (const i of p.exportState('incident')) expect(checkEntity('incident', i).ok).toBe(true);
  });
});

describe('incident.offer', () => {
  it('records an offer event with its volunteers and expires_at (v1.1), in the platform zone', async () => {
    const p = await setup();
    p.upsert('incident', incident('inc-1'));
    const c = await as('demo-taker');
    expect(await command(c, 'incident.offer', { incident: 'inc-1', volunteers: ['vol-1', 'vol-2', 'vol-1'], expires_in_s: 90 })).toMatchObject({ ok: true });
    const offer = p.exportState('incident_event').find((e) => e.kind === 'offer')!;
    expect(offer).toMatchObject({ incident: 'inc-1', at: '2026-11-28T09:00:00+08:00' });
    expect(offer.data).toEqual({ volunteers: ['vol-1', 'vol-2'], expires_at: '2026-11-28T09:01:30+08:00', operator: expect.any(String) });
    expect(checkEntity('incident_event', offer).ok).toBe(true);
    expect(await command(c, 'incident.offer', { incident: 'inc-1', volunteers: [], expires_in_s: 90 })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await command(c, 'incident.offer', { incident: 'inc-1', volunteers: ['vol-1'], expires_in_s: 0 })).toMatchObject({ ok: false, code: 'invalid' });
  });
});
