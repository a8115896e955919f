import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../native/simulator/index.ts';
import { egret, egretAsync, egretChild, exited } from '../support/cli.ts';
import { incident } from '../support/entities.ts';
import { waitUntil } from '../support/wait.ts';

// The headless interface of spec §9, driven as an operator or checker would.

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform();
  platform.upsert('incident', incident('inc-b', 1));
  platform.upsert('incident', incident('inc-a', 1));
});
const dirs: string[] = [];
afterAll(async () => {
  await platform.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'egret-cli-'));
  dirs.push(dir);
  return dir;
};

// Each test spawns `egret` several times; on a busy 2-core machine one spawn
// has taken 4–5 s (tsx compiles at every start), so the bounds are generous:
// they catch a hang, not slowness.
describe('egret headless commands', { timeout: 120_000 }, () => {
  it('sync --exit-idle exits 0 once caught up; status and export read the result', async () => {
    const dir = tmp();
    const run = await egretAsync(['sync', '--platform', platform.url, '--token', 'demo-taker', '--data', dir, '--exit-idle', '200']);
    expect(run.status, run.stderr).toBe(0);
    const status = JSON.parse(egret(['status', '--data', dir]).stdout);
    expect(status).toEqual({
      cursor: platform.head,
      counts: { incident: 2, incident_event: 0, call: 0, camera: 0, department: 0, volunteer: 0, road: 0, place: 0 },
      outbox: 0,
      quarantine: 0,
    });
    const lines = egret(['export', 'incident', '--data', dir]).stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(platform.exportState('incident'));
  });

  it('sync with a refused token exits 1 with the reason, without a retry loop', async () => {
    const run = await egretAsync(['sync', '--platform', platform.url, '--token', 'stolen', '--data', tmp(), '--exit-idle', '200']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unauthorized/);
  });

  it('usage mistakes exit 2 with a message', () => {
    const cases = [
      ['sync', '--platform', 'ws://192.0.2.1/link/v1', '--token', 't', '--data', tmp()],
      ['sync', '--platform', 'http://127.0.0.1/x', '--token', 't', '--data', tmp()],
      ['sync', '--token', 't', '--data', tmp()],
      ['export', 'unicorn', '--data', tmp()],
      ['command', 'incident.fly', '--args', '{}', '--data', tmp()],
      ['command', 'incident.note', '--args', '{not json', '--data', tmp()],
      ['command', 'incident.note', '--args', '[1]', '--data', tmp()],
      ['sync', '--platform', platform.url, '--token', 't', '--data', tmp(), '--exit-idle', 'soon'],
      ['frobnicate'],
      // The base map's tile server is checked before anything starts (serve would otherwise keep running).
      ['serve', '--port', '0', '--data', tmp(), '--map-tiles', 'ftp://tiles.example/{z}/{x}/{y}.png'],
      ['serve', '--port', '0', '--data', tmp(), '--map-tiles', 'http://127.0.0.1:9/{z}/{x}.png'],
      ['serve', '--port', '0', '--data', tmp(), '--map-tiles', 'http://127.0.0.1:9/{z}/{x}/{y}.png', '--map-datum', 'bd09'],
      ['start', '--browser-shell', '--port', '0', '--data', tmp(), '--map-datum', 'gcj02'],
    ];
    for (const args of cases) {
      const run = egret(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
  });

  it('--ca must name a readable PEM bundle', () => {
    const dir = tmp();
    const notPem = join(dir, 'ca.txt');
    writeFileSync(notPem, 'hello');
    expect(egret(['sync', '--platform', 'wss://brain.example.gov/link/v1', '--token', 't', '--data', dir, '--ca', notPem]).status).toBe(2);
    expect(egret(['sync', '--platform', 'wss://brain.example.gov/link/v1', '--token', 't', '--data', dir, '--ca', join(dir, 'missing.pem')]).status).toBe(2);
  });

  it('a second writer on the same data dir refuses clearly; status and export read beside it', async () => {
    const dir = tmp();
    const writer = egretChild(['sync', '--platform', platform.url, '--token', 'demo-chief', '--data', dir]);
    await waitUntil(() => JSON.parse(egret(['status', '--data', dir]).stdout).cursor === platform.head, 60_000, 'first sync');
    const second = await egretAsync(['sync', '--platform', platform.url, '--token', 'demo-chief', '--data', dir]);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/in use by process \d+/);
    expect(egret(['export', 'incident', '--data', dir]).status).toBe(0);
    writer.kill('SIGTERM');
    expect(await exited(writer)).toBe(0);
  });

  it('command queues into the outbox and prints the id; the next sync delivers it', async () => {
    const dir = tmp();
    const queued = egret(['command', 'incident.transition', '--args', JSON.stringify({ incident: 'inc-a', to: 'verified' }), '--data', dir]);
    expect(queued.status, queued.stderr).toBe(0);
    // Nobody has signed in on a fresh data dir: the role is the platform's to check.
    expect(queued.stderr).toMatch(/without a role check/);
    const id = queued.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(egret(['status', '--data', dir]).stdout).outbox).toBe(1);
    const run = await egretAsync(['sync', '--platform', platform.url, '--token', 'demo-chief', '--data', dir, '--exit-idle', '200']);
    expect(run.status, run.stderr).toBe(0);
    expect(platform.commandLog.get(id)).toMatchObject({ applied: 1 });
    const exported = egret(['export', 'incident', '--data', dir]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(exported.find((i: { id: string }) => i.id === 'inc-a').status).toBe('verified');
  });

  it('command checks the signed-in role as the console does: a refusal exits 1 with the reason, queues nothing, and is audited', async () => {
    const dir = tmp();
    const signIn = await egretAsync(['sync', '--platform', platform.url, '--token', 'demo-video', '--data', dir, '--exit-idle', '200']);
    expect(signIn.status, signIn.stderr).toBe(0);
    const filed110 = { source: '110', category: 'traffic.jam', priority: 2, title: '拥堵' };
    const refused = egret(['command', 'incident.create', '--args', JSON.stringify(filed110), '--data', dir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/incident\.create refused \(forbidden\): a video patroller files incidents with source "video" only/);
    expect(refused.stdout).toBe('');
    expect(JSON.parse(egret(['status', '--data', dir]).stdout).outbox).toBe(0);

    const allowed = egret(['command', 'incident.create', '--args', JSON.stringify({ ...filed110, source: 'video' }), '--data', dir]);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stderr).toBe('');
    expect(JSON.parse(egret(['status', '--data', dir]).stdout).outbox).toBe(1);
    expect(auditOf(dir)).toEqual([
      { role: 'video_patroller', workstation: 'cli', action: 'incident.create', result: 'refused: forbidden' },
      { role: 'video_patroller', workstation: 'cli', action: 'incident.create', result: 'queued' },
    ]);
  });

  it('command refuses args that break the command\'s schema: exit 1 naming the field, nothing queued', () => {
    const dir = tmp();
    const run = egret(['command', 'incident.note', '--args', JSON.stringify({ incident: 'inc-a', text: '   ' }), '--data', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/incident\.note refused \(invalid_params\): invalid arguments: args\.text/);
    expect(JSON.parse(egret(['status', '--data', dir]).stdout).outbox).toBe(0);
    expect(auditOf(dir)).toEqual([{ role: null, workstation: 'cli', action: 'incident.note', result: 'refused: invalid_params' }]);
  });

  it('command refuses while state.db holds an operator that is not one: exit 1, sign in again', () => {
    const dir = tmp();
    expect(egret(['command', 'incident.note', '--args', JSON.stringify({ incident: 'inc-a', text: '到场' }), '--data', dir]).status).toBe(0);
    const state = new Database(join(dir, 'state.db'));
    state.prepare("INSERT OR REPLACE INTO setting (key, value) VALUES ('platform.operator', ?)").run(JSON.stringify({ id: 'op-9', role: 'mayor' }));
    state.close();
    const run = egret(['command', 'incident.note', '--args', JSON.stringify({ incident: 'inc-a', text: '到场' }), '--data', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/refused \(unauthenticated\): state\.db holds an invalid platform\.operator .*sign in again/);
    expect(JSON.parse(egret(['status', '--data', dir]).stdout).outbox).toBe(1);
  });
});

/** The audit log of a data dir, read beside the console as a checker would. */
function auditOf(dir: string): unknown[] {
  const state = new Database(join(dir, 'state.db'), { readonly: true });
  try {
    return state.prepare('SELECT role, workstation, action, result FROM audit ORDER BY n').all();
  } finally {
    state.close();
  }
}
