import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import type { LinkService } from '../../link/link-service.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../../store/cache-store.ts';
import { StateStore } from '../../store/state-store.ts';
import { ConsoleHost } from '../console-host.ts';
import { commandHandlers } from './commands.ts';

const opened: { close(): void }[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A host signed in as `role`, as the link's welcome leaves it: the operator in state.db, a traffic police unit in the cache. */
function hostFor(role: Role) {
  const dir = mkdtempSync(join(tmpdir(), 'egret-cmd-'));
  dirs.push(dir);
  const state = StateStore.open(dir);
  const { cache } = CacheStore.open(dir);
  opened.push(state, cache);
  const traffic = { id: 'dep-traffic', rev: 1, name: '思明交警大队', kind: 'traffic_police', level: 'district', district: '350203' };
  cache.applyChanges([prepareChange({ seq: 1, op: 'upsert', kind: 'department', data: traffic }, 1)], 1);
  state.setSignedInOperator({ id: 'op-1', name: '测试', role });
  const link = {
    operator: () => state.signedInOperator(),
    queueCommands: (commands: { name: string; args: unknown }[], by: { operator?: string | null }, alongside: (q: unknown[]) => void) =>
      state.db.transaction(() => {
        const queued = commands.map((c) => state.queue(c.name, c.args, by));
        alongside(queued);
        return queued;
      })(),
  } as unknown as LinkService;
  const handlers = commandHandlers({ link, state, cache: cache.db, workstation: 'ws-07' });
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: handlers as never });
  const send = (name: string, args: unknown) => host.call('command.send', { name, args }, { label: 'test' });
  const audit = () => state.db.prepare('SELECT operator, action, result, role, workstation FROM audit ORDER BY n').all();
  return { state, send, audit };
}

describe('command.send enforces §7 roles in the host', () => {
  it('refuses a call taker escalating to the city, and audits the refusal', async () => {
    const { send, state, audit } = hostFor('call_taker');
    const outcome = await send('incident.escalate', { incident: 'inc-1', to_level: 'city', note: '需要市级协调' });
    expect(outcome).toMatchObject({ code: 'forbidden', message: 'only a duty chief may escalate to the city or close an incident' });
    expect(state.pendingCount()).toBe(0);
    expect(audit()).toEqual([
      { operator: 'op-1', action: 'incident.escalate', result: 'refused: forbidden', role: 'call_taker', workstation: 'ws-07' },
    ]);
  });

  it('refuses a call taker closing an incident, and a video patroller filing a 110 incident', async () => {
    expect(await hostFor('call_taker').send('incident.transition', { incident: 'inc-1', to: 'closed' })).toMatchObject({
      code: 'forbidden',
    });
    const video = hostFor('video_patroller');
    expect(await video.send('incident.create', { source: '110', category: 'traffic.jam', priority: 2, title: '拥堵' })).toMatchObject({
      code: 'forbidden',
    });
    expect(await video.send('incident.create', { source: 'video', category: 'traffic.jam', priority: 2, title: '拥堵' })).toHaveProperty(
      'result.id',
    );
  });

  it('lets a video patroller dispatch to traffic police (v1.1), and to nothing else', async () => {
    const video = hostFor('video_patroller');
    expect(await video.send('incident.dispatch', { incident: 'inc-1', departments: ['dep-traffic'] })).toHaveProperty('result.id');
    expect(await video.send('incident.dispatch', { incident: 'inc-1', departments: ['d1'] })).toMatchObject({
      code: 'forbidden',
      message: 'a video patroller dispatches to traffic police units only',
    });
    expect(video.state.pendingCount()).toBe(1);
  });

  it('lets a duty chief escalate to the city; the command is in the outbox and the audit log', async () => {
    const { send, state, audit } = hostFor('duty_chief');
    const outcome = (await send('incident.escalate', { incident: 'inc-1', to_level: 'city', note: '需要市级协调' })) as {
      result: { id: string };
    };
    expect(state.pending().map((c) => c.id)).toEqual([outcome.result.id]);
    expect(audit()).toEqual([
      { operator: 'op-1', action: 'incident.escalate', result: 'queued', role: 'duty_chief', workstation: 'ws-07' },
    ]);
  });

  it('writes the outbox row and its audit row in one transaction: a failed audit write queues nothing', async () => {
    const { send, state } = hostFor('duty_chief');
    state.db.exec(`CREATE TEMP TRIGGER queued_audit_fails BEFORE INSERT ON audit WHEN NEW.result = 'queued'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    expect(await send('incident.note', { incident: 'inc-1', text: '复核' })).toMatchObject({ code: 'internal' });
    expect(state.pendingCount()).toBe(0);
    expect(state.db.prepare('SELECT action, result FROM audit').all()).toEqual([{ action: 'incident.note', result: 'failed: internal' }]);
  });

  it('refuses bad args with invalid_params and queues nothing', async () => {
    const { send, state } = hostFor('duty_chief');
    expect(await send('incident.note', { incident: 'inc-1', text: '   ' })).toMatchObject({ code: 'invalid_params' });
    expect(await send('incident.fly', {})).toMatchObject({ code: 'invalid_params' });
    expect(await send('incident.create', { source: '110', category: 'unicorns', priority: 7, title: 'x' })).toMatchObject({
      code: 'invalid_params',
    });
    expect(state.pendingCount()).toBe(0);
  });
});
