import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type Role } from '../api/index.ts';
import { prepareChange } from '../link/prepare.ts';
import { CacheStore } from '../store/cache-store.ts';
import { StateStore } from '../store/state-store.ts';
import { queueCommand, type Enqueue } from './command-queue.ts';

const opened: { close(): void }[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.parse('2026-11-28T09:00:00+08:00');
const unit = (id: string, kind: string) => ({ id, rev: 1, name: `单位 ${id}`, kind, level: 'district', district: '350203' });

/** A data dir's two databases, signed in as `role` (or by nobody), with a traffic police and a fire unit in the cache. */
function dataDir(role: Role | null) {
  const dir = mkdtempSync(join(tmpdir(), 'egret-queue-'));
  dirs.push(dir);
  const state = StateStore.open(dir);
  const { cache } = CacheStore.open(dir);
  opened.push(state, cache);
  const units = [unit('dep-traffic', 'traffic_police'), unit('dep-fire', 'fire')];
  cache.applyChanges(
    units.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'department', data }, i + 1)),
    units.length,
  );
  if (role) state.setSignedInOperator({ id: 'op-031', name: '测试', role });
  const send = (name: string, args: unknown, enqueue?: Enqueue) =>
    queueCommand({ name, args }, { state, cache: cache.db, workstation: 'ws-07', now: () => NOW, ...(enqueue ? { enqueue } : {}) });
  /** Why `send` refused, as the caller sees it. */
  const refusal = (name: string, args: unknown) => {
    try {
      send(name, args);
    } catch (error) {
      if (error instanceof ApiError) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error(`${name} was queued`);
  };
  const audit = () =>
    state.db.prepare('SELECT at_ms, operator, role, workstation, action, target, result, detail FROM audit ORDER BY n').all();
  return { state, send, refusal, audit };
}

describe('queueCommand: the one way a command reaches the outbox', () => {
  it('queues what the schema parsed, for the signed-in operator, and audits it', () => {
    const { state, send, audit } = dataDir('call_taker');
    const queued = send('incident.note', { incident: 'inc-1', text: '  到场处置  ' });
    expect(queued).toEqual({ id: expect.any(String), name: 'incident.note', madeMs: NOW, roleVerified: true });
    expect(state.pending()).toEqual([
      expect.objectContaining({ id: queued.id, args: { incident: 'inc-1', text: '到场处置' }, operator: 'op-031', workstation: 'ws-07' }),
    ]);
    expect(audit()).toEqual([
      {
        at_ms: NOW,
        operator: 'op-031',
        role: 'call_taker',
        workstation: 'ws-07',
        action: 'incident.note',
        target: 'inc-1',
        result: 'queued',
        detail: JSON.stringify({ id: queued.id }),
      },
    ]);
  });

  it('refuses what the role may not send, queues nothing, and audits the refusal with the reason', () => {
    const { state, refusal, audit } = dataDir('call_taker');
    expect(refusal('incident.escalate', { incident: 'inc-1', to_level: 'city', note: '需要市级协调' })).toEqual({
      code: 'forbidden',
      message: 'only a duty chief may escalate to the city or close an incident',
    });
    expect(state.pendingCount()).toBe(0);
    expect(audit()).toEqual([
      expect.objectContaining({
        operator: 'op-031',
        role: 'call_taker',
        action: 'incident.escalate',
        target: 'inc-1',
        result: 'refused: forbidden',
        detail: JSON.stringify({ reason: 'only a duty chief may escalate to the city or close an incident' }),
      }),
    ]);
  });

  it('refuses args that break the schema, naming the field, and queues nothing', () => {
    const { state, refusal, audit } = dataDir('duty_chief');
    expect(refusal('incident.note', { incident: 'inc-1', text: '   ' })).toMatchObject({ code: 'invalid_params', message: /args\.text/ });
    expect(refusal('incident.transition', { incident: 'inc-1', to: 'teleported' })).toMatchObject({
      code: 'invalid_params',
      message: /args\.to/,
    });
    expect(refusal('incident.fly', {})).toMatchObject({ code: 'invalid_params' });
    expect(state.pendingCount()).toBe(0);
    const rows = audit() as { action: string; result: string; detail: string }[];
    expect(rows.map((r) => [r.action, r.result])).toEqual([
      ['incident.note', 'refused: invalid_params'],
      ['incident.transition', 'refused: invalid_params'],
      ['incident.fly', 'refused: invalid_params'],
    ]);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ issues: [{ path: 'args.text' }] });
  });

  it('holds a video patroller to traffic police units, read from the cache', () => {
    const { state, send, refusal } = dataDir('video_patroller');
    expect(send('incident.dispatch', { incident: 'inc-1', departments: ['dep-traffic'] }).roleVerified).toBe(true);
    const onlyTraffic = { code: 'forbidden', message: 'a video patroller dispatches to traffic police units only' };
    expect(refusal('incident.dispatch', { incident: 'inc-1', departments: ['dep-fire'] })).toEqual(onlyTraffic);
    expect(refusal('incident.dispatch', { incident: 'inc-1', departments: ['dep-traffic', 'dep-fire'] })).toEqual(onlyTraffic);
    expect(refusal('incident.dispatch', { incident: 'inc-1', departments: ['dep-nobody-knows'] })).toEqual(onlyTraffic);
    expect(state.pendingCount()).toBe(1);
  });

  it('where nobody has signed in, checks the schema only, queues, and audits the role as unverified', () => {
    const { state, send, refusal, audit } = dataDir(null);
    const queued = send('incident.escalate', { incident: 'inc-1', to_level: 'city', note: '需要市级协调' });
    expect(queued.roleVerified).toBe(false);
    expect(state.pending()).toEqual([expect.objectContaining({ id: queued.id, operator: null })]);
    expect(refusal('incident.note', { incident: 'inc-1' })).toMatchObject({ code: 'invalid_params' });
    expect(state.pendingCount()).toBe(1);
    expect(audit()).toEqual([
      expect.objectContaining({ operator: null, role: null, action: 'incident.escalate', result: 'queued: role unverified' }),
      expect.objectContaining({ operator: null, role: null, action: 'incident.note', result: 'refused: invalid_params' }),
    ]);
  });

  it('refuses everything while the stored operator is not one: a role is never taken on trust', () => {
    const { state, refusal, audit } = dataDir(null);
    state.setSetting('platform.operator', JSON.stringify({ id: 'op-9', name: '某人', role: 'mayor' }));
    expect(refusal('incident.note', { incident: 'inc-1', text: '到场' })).toMatchObject({
      code: 'unauthenticated',
      message: /sign in again/,
    });
    expect(state.pendingCount()).toBe(0);
    expect(audit()).toEqual([
      expect.objectContaining({ operator: null, role: null, action: 'incident.note', result: 'refused: unauthenticated' }),
    ]);
  });

  it('hands the checked command to the enqueue it is given (the link), and nothing refused', () => {
    const { send } = dataDir('duty_chief');
    const handed: unknown[] = [];
    const enqueue: Enqueue = (name, args, by) => {
      handed.push({ name, args, by });
      return { id: 'cmd-1', madeMs: NOW + 5 };
    };
    expect(send('incident.note', { incident: 'inc-1', text: ' 到场 ' }, enqueue)).toEqual({
      id: 'cmd-1',
      name: 'incident.note',
      madeMs: NOW + 5,
      roleVerified: true,
    });
    expect(() => send('incident.note', { incident: 'inc-1' }, enqueue)).toThrow(ApiError);
    expect(handed).toEqual([
      { name: 'incident.note', args: { incident: 'inc-1', text: '到场' }, by: { operator: 'op-031', workstation: 'ws-07' } },
    ]);
  });

  it('audits a command the outbox could not take as failed', () => {
    const { send, audit } = dataDir('duty_chief');
    const noPlatform: Enqueue = () => {
      throw new ApiError('unavailable', 'no platform is configured: commands have nowhere to go');
    };
    expect(() => send('incident.note', { incident: 'inc-1', text: '到场' }, noPlatform)).toThrow(/nowhere to go/);
    expect(audit()).toEqual([expect.objectContaining({ action: 'incident.note', result: 'failed: unavailable' })]);
  });
});
