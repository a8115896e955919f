import { describe, expect, it } from 'vitest';
import type { Role, WaveState } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { FakeTimers } from '../../common/timers.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../../store/cache-store.ts';
import { StateStore } from '../../store/state-store.ts';
import { incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { DEFAULT_WAVE_SETTINGS, offerWaves } from './index.ts';

const T0 = Date.parse('2026-12-01T09:00:00+08:00');

/** A console signed in as `role`, with one incident in 思明 (urban) in its cache and volunteers at known distances. */
function consoleAs(role: Role) {
  const dir = tempDir('offers');
  const state = StateStore.open(dir);
  const { cache } = CacheStore.open(dir);
  let seq = 0;
  const apply = (kind: string, data: object) =>
    cache.applyChanges([prepareChange({ seq: ++seq, op: 'upsert', kind: kind as never, data }, seq)], seq);
  apply('incident', incident('inc-1', 1));
  state.setSignedInOperator({ id: 'op-1', name: '测试', role });
  const timers = new FakeTimers(T0);
  const published: WaveState[][] = [];
  const asked: { radiusM: number; exclude: readonly string[] }[] = [];
  const waves = offerWaves({
    data: { state, cache },
    link: { queueCommand: (name, args, by) => state.queue(name, args, by, timers.now()) },
    workstation: 'ws-07',
    timers,
    nearest: (q) => {
      asked.push({ radiusM: q.radiusM, exclude: q.exclude });
      return ['vol-1', 'vol-2', 'vol-3', 'vol-4', 'vol-5', 'vol-6'].filter((id) => !q.exclude.includes(id)).slice(0, q.k);
    },
    publish: (states) => published.push(states),
  });
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: waves.handlers as never, timers });
  const call = (method: string, params: unknown) => host.call(method, params, { label: 'test' });
  const audit = () => state.db.prepare('SELECT operator, role, action, target, result FROM audit ORDER BY n').all();
  return { state, cache, apply, timers, waves, call, audit, published, asked };
}

describe('offers.* in the host', () => {
  it('offers.start sends wave 1 through the outbox as incident.offer, audited like a command, 500 m in 思明', async () => {
    const c = consoleAs('call_taker');
    const outcome = (await c.call('offers.start', { incident: 'inc-1' })) as { result: WaveState };
    expect(outcome.result).toMatchObject({
      state: 'running',
      wave: 1,
      radiusM: 500,
      volunteers: ['vol-1', 'vol-2', 'vol-3'],
      startedBy: 'op-1',
    });
    const [queued] = c.state.pending();
    expect(queued).toMatchObject({
      name: 'incident.offer',
      args: { incident: 'inc-1', volunteers: ['vol-1', 'vol-2', 'vol-3'], expires_in_s: 60 },
      operator: 'op-1',
    });
    expect(outcome.result.waves[0]!.command).toBe(queued!.id);
    expect(c.audit()).toEqual([
      { operator: 'op-1', role: 'call_taker', action: 'offers.start', target: 'inc-1', result: 'started' },
      { operator: 'op-1', role: 'call_taker', action: 'incident.offer', target: 'inc-1', result: 'queued' },
    ]);
    expect(c.published.at(-1)).toEqual([outcome.result]);
  });

  it('an accept event from the platform ends the run when the cache applies it', async () => {
    const c = consoleAs('duty_chief');
    await c.call('offers.start', { incident: 'inc-1' });
    c.timers.advance(60_000);
    expect(c.asked.at(-1)).toEqual({ radiusM: 1000, exclude: ['vol-1', 'vol-2', 'vol-3'] });
    c.apply('incident_event', {
      id: 'ev-9',
      rev: 1,
      incident: 'inc-1',
      at: new Date(c.timers.now()).toISOString(),
      actor: '陈*',
      kind: 'accept',
      text: '志愿者已接单',
      data: { volunteer: 'vol-5', offer: 'ev-8' },
    });
    c.waves.cacheChanged();
    const [run] = ((await c.call('offers.list', {})) as { result: WaveState[] }).result;
    expect(run).toMatchObject({ state: 'accepted', acceptedBy: 'vol-5', wave: 2 });
    c.timers.advance(600_000);
    expect(c.state.pending()).toHaveLength(2);
  });

  it('offers.stop, and the roles: a video patroller may neither start nor stop; only the duty chief changes settings', async () => {
    const video = consoleAs('video_patroller');
    expect(await video.call('offers.start', { incident: 'inc-1' })).toMatchObject({ code: 'forbidden' });
    expect(await video.call('offers.settings', {})).toEqual({ result: DEFAULT_WAVE_SETTINGS });

    const taker = consoleAs('call_taker');
    await taker.call('offers.start', { incident: 'inc-1' });
    expect(await taker.call('offers.stop', { incident: 'inc-1' })).toMatchObject({ result: { state: 'stopped', reason: 'operator' } });
    expect(await taker.call('offers.setSettings', { n: 5 })).toMatchObject({ code: 'forbidden' });
    expect(taker.audit().map((a) => (a as { action: string }).action)).toEqual(['offers.start', 'incident.offer', 'offers.stop']);
  });

  it('settings: defaults from the issue, changed in part by the duty chief, checked as a whole; a bad change stores nothing', async () => {
    const c = consoleAs('duty_chief');
    expect(await c.call('offers.settings', {})).toEqual({
      result: {
        urbanRadiusM: 500,
        otherRadiusM: 1000,
        n: 3,
        expiresInS: 60,
        maxWaves: 3,
        maxRadiusM: 3000,
        urbanDistricts: ['350203', '350206'],
      },
    });
    expect(await c.call('offers.setSettings', { n: 5, expiresInS: 90 })).toMatchObject({
      result: { n: 5, expiresInS: 90, urbanRadiusM: 500 },
    });
    expect(await c.call('offers.setSettings', { n: 0 })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('offers.setSettings', { expiresInS: 5 })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('offers.setSettings', { urbanDistricts: ['Siming'] })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('offers.setSettings', { maxRadiusM: 800 })).toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/largest radius \(800 m\) is smaller than a first wave's/),
    });
    expect(await c.call('offers.setSettings', { urbanDistricts: ['350203', '350203'] })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('offers.settings', {})).toMatchObject({ result: { n: 5, expiresInS: 90, maxRadiusM: 3000 } });
    // The next run takes them.
    expect(await c.call('offers.start', { incident: 'inc-1' })).toMatchObject({
      result: { volunteers: ['vol-1', 'vol-2', 'vol-3', 'vol-4', 'vol-5'] },
    });
    expect(c.state.pending()[0]!.args).toMatchObject({ expires_in_s: 90 });
    // A stored value that no longer reads as settings is not half-trusted.
    c.state.setSetting('offers.waves', '{"n": 999}');
    expect(await c.call('offers.settings', {})).toEqual({ result: DEFAULT_WAVE_SETTINGS });
  });

  it('after a restart the waves resume once the link is live (the cache caught up), or after a wait when it does not come', async () => {
    const c = consoleAs('duty_chief');
    await c.call('offers.start', { incident: 'inc-1' });
    c.waves.dispose(); // the console goes down; wave 2 falls due meanwhile
    c.timers.advance(120_000);
    type Listener = (status: { state: string }) => void;
    const link = (state: string) => {
      const listeners = new Set<Listener>();
      return {
        status: () => ({ state }) as never,
        onStatus: (l: Listener) => (listeners.add(l), () => listeners.delete(l)),
        goLive: () => listeners.forEach((l) => l({ state: 'live' })),
        listeners,
      };
    };
    const restart = () =>
      offerWaves({
        data: { state: c.state, cache: c.cache },
        link: { queueCommand: (name, args, by) => c.state.queue(name, args, by, c.timers.now()) },
        workstation: 'ws-07',
        timers: c.timers,
        nearest: (q) =>
          ['vol-1', 'vol-2', 'vol-3', 'vol-4', 'vol-5', 'vol-6', 'vol-7'].filter((id) => !q.exclude.includes(id)).slice(0, q.k),
        publish: () => {},
      });

    const connecting = link('connecting');
    const again = restart();
    again.resumeWhenCaughtUp(connecting as never, 15_000);
    c.timers.advance(5_000);
    expect(c.state.pending()).toHaveLength(1); // still waiting for the platform's news
    connecting.goLive();
    expect(c.state.pending().map((p) => (p.args as { volunteers: string[] }).volunteers)).toEqual([
      ['vol-1', 'vol-2', 'vol-3'],
      ['vol-4', 'vol-5', 'vol-6'],
    ]);
    expect(connecting.listeners.size).toBe(0);
    again.dispose();

    c.timers.advance(120_000); // down again, past wave 3's time
    const offline = link('offline');
    const third = restart();
    third.resumeWhenCaughtUp(offline as never, 15_000);
    c.timers.advance(14_999);
    expect(c.state.pending()).toHaveLength(2);
    c.timers.advance(1);
    expect(c.state.pending()).toHaveLength(3); // wave 3 from the cache as it is, into the outbox
    third.dispose();
  });
});
