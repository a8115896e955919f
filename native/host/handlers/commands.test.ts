import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Operator, Role } from '../../api/index.ts';
import { StateStore } from '../../store/state-store.ts';
import { ConsoleHost } from '../console-host.ts';
import { silentLogger } from '../../common/logger.ts';
import type { LinkService } from '../../link/link-service.ts';
import { commandHandlers } from './commands.ts';

function hostFor(role: Role) {
  const state = StateStore.open(mkdtempSync(join(tmpdir(), 'egret-cmd-')));
  const operator: Operator = { id: 'op-1', name: '测试', role };
  const link = {
    operator: () => operator,
    queueCommand: (name: string, args: unknown, by: { operator?: string | null }) => state.queue(name, args, by),
  } as unknown as LinkService;
  const handlers = commandHandlers({ link, state, workstation: 'ws-07' });
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: handlers as never });
  const send = (name: string, args: unknown) => host.call('command.send', { name, args }, { label: 'test' });
  const audit = () => state.db.prepare('SELECT action, result, role, workstation FROM audit ORDER BY n').all();
  return { state, send, audit };
}

describe('command.send enforces §7 roles in the host', () => {
  it('refuses a call taker escalating to the city, and audits the refusal', async () => {
    const { send, state, audit } = hostFor('call_taker');
    const outcome = await send('incident.escalate', { incident: 'inc-1', to_level: 'city', note: '需要市级协调' });
    expect(outcome).toMatchObject({ code: 'forbidden', message: 'only a duty chief may escalate to the city or close an incident' });
    expect(state.pendingCount()).toBe(0);
    expect(audit()).toEqual([{ action: 'incident.escalate', result: 'refused: forbidden', role: 'call_taker', workstation: 'ws-07' }]);
  });

  it('refuses a call taker closing an incident, and a video patroller filing a 110 incident', async () => {
    expect(await hostFor('call_taker').send('incident.transition', { incident: 'inc-1', to: 'closed' })).toMatchObject({ code: 'forbidden' });
    const video = hostFor('video_patroller');
    expect(await video.send('incident.create', { source: '110', category: 'traffic.jam', priority: 2, title: '拥堵' })).toMatchObject({ code: 'forbidden' });
    expect(await video.send('incident.dispatch', { incident: 'inc-1', departments: ['d1'] })).toMatchObject({ code: 'forbidden' });
    expect(await video.send('incident.create', { source: 'video', category: 'traffic.jam', priority: 2, title: '拥堵' })).toHaveProperty('result.id');
  });

  it('lets a duty chief escalate to the city; the command is in the outbox', async () => {
    const { send, state } = hostFor('duty_chief');
    const outcome = (await send('incident.escalate', { incident: 'inc-1', to_level: 'city', note: '需要市级协调' })) as { result: { id: string } };
    expect(state.pending().map((c) => c.id)).toEqual([outcome.result.id]);
  });

  it('refuses bad args with invalid_params and queues nothing', async () => {
    const { send, state } = hostFor('duty_chief');
    expect(await send('incident.note', { incident: 'inc-1', text: '   ' })).toMatchObject({ code: 'invalid_params' });
    expect(await send('incident.fly', {})).toMatchObject({ code: 'invalid_params' });
    expect(await send('incident.create', { source: '110', category: 'unicorns', priority: 7, title: 'x' })).toMatchObject({ code: 'invalid_params' });
    expect(state.pendingCount()).toBe(0);
  });
});
