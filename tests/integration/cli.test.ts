import { mkdtempSync, writeFileSync } from 'node:fs';
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
afterAll(() => platform.close());

const tmp = () => mkdtempSync(join(tmpdir(), 'egret-cli-'));

describe('egret headless commands', () => {
  it('sync --exit-idle exits 0 once caught up; status and export read the result', async () => {
    const dir = tmp();
    const run = await egretAsync(['sync', '--platform', platform.url, '--token', 'demo-taker', '--data', dir, '--exit-idle', '200']);
    expect(run.status, run.stderr).toBe(0);
    const status = JSON.parse(egret(['status', '--data', dir]).stdout);
    expect(status).toEqual({
      cursor: platform.head,
      counts: { incident: 2, incident_event: 0, call: 0, camera: 0, department: 0, volunteer: 0, road: 0 },
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
    await waitUntil(() => JSON.parse(egret(['status', '--data', dir]).stdout).cursor === platform.head, 15_000, 'first sync');
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
    const id = queued.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(egret(['status', '--data', dir]).stdout).outbox).toBe(1);
    const run = await egretAsync(['sync', '--platform', platform.url, '--token', 'demo-chief', '--data', dir, '--exit-idle', '200']);
    expect(run.status, run.stderr).toBe(0);
    expect(platform.commandLog.get(id)).toMatchObject({ applied: 1 });
    const exported = egret(['export', 'incident', '--data', dir]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(exported.find((i: { id: string }) => i.id === 'inc-a').status).toBe('verified');
  });
});
