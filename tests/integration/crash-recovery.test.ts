import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../../native/protocol/entities.ts';
import { seededRandom, startPlatform, type Platform } from '../../native/simulator/index.ts';
import { egret, egretAsync, egretChild, exited } from '../support/cli.ts';
import { camera, incident } from '../support/entities.ts';

// `kill -9` of `egret sync` at random moments — mid-snapshot and mid-changes —
// then a restart: the console must end up exactly equal to the platform, with
// every queued command applied exactly once, in order.

const KILLS_PER_PHASE = 20;
const random = seededRandom(20261128);
let platform: Platform;
const dir = mkdtempSync(join(tmpdir(), 'egret-crash-'));

function syncArgs(extra: string[] = []): string[] {
  return ['sync', '--platform', platform.url, '--token', 'demo-chief', '--data', dir, ...extra];
}

async function killAt(moment: Promise<unknown>): Promise<void> {
  const child = egretChild(syncArgs());
  const stopped = exited(child);
  await Promise.race([moment, stopped]);
  child.kill('SIGKILL');
  await stopped;
}

function expectExportEqualsPlatform(): void {
  for (const kind of ENTITY_KINDS) {
    const out = egret(['export', kind, '--data', dir]);
    expect(out.status, out.stderr).toBe(0);
    const mine = out.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);
    expect(mine, `export ${kind}`).toEqual(platform.exportState(kind));
  }
}

beforeAll(async () => {
  platform = await startPlatform({ snapshotPartSize: 100, batchSize: 50 });
  for (let i = 0; i < 3000; i++) platform.upsert('incident', incident(`inc-${String(i).padStart(5, '0')}`, 1));
  for (let i = 0; i < 200; i++) platform.upsert('camera', camera(`cam-${String(i).padStart(4, '0')}`, 1));
  // The incident the queued notes go to; the churn below never touches it.
  platform.upsert('incident', incident('inc-notes', 1));
});

afterAll(async () => {
  await platform?.close();
});

describe('kill -9 of egret sync', () => {
  it(`during snapshots (${KILLS_PER_PHASE} times) leaves the old state, then the snapshot completes`, async () => {
    platform.faults.delayMs = 5; // spread the 32 parts over time so kills land inside them
    for (let k = 0; k < KILLS_PER_PHASE; k++) {
      const part = Math.floor(random() * 30);
      await killAt(platform.waitFor('snapshot_part', (e: { part: number }) => e.part === part, 30_000));
      const status = JSON.parse(egret(['status', '--data', dir]).stdout) as { cursor: number | null; counts: Record<string, number> };
      // Killed mid-snapshot: nothing of the partial snapshot is visible.
      expect(status.cursor).toBeNull();
      expect(status.counts.incident).toBe(0);
    }
    platform.faults.delayMs = 0;
    const done = await egretAsync(syncArgs(['--exit-idle', '300']));
    expect(done.status, done.stderr).toBe(0);
    expectExportEqualsPlatform();
  }, 240_000);

  it(`during changes (${KILLS_PER_PHASE} times), with commands queued while down: nothing lost, nothing duplicated`, async () => {
    let n = 0;
    const churn = setInterval(() => {
      for (let i = 0; i < 5; i++) {
        n++;
        const id = `inc-${String(Math.floor(random() * 3500)).padStart(5, '0')}`;
        if (random() < 0.1) platform.remove('incident', id);
        else platform.upsert('incident', incident(id, 0, { title: `变化 ${n}`, priority: 1 + (n % 4) }));
      }
    }, 5);
    const queued: string[] = [];
    try {
      for (let k = 0; k < KILLS_PER_PHASE; k++) {
        const target = platform.head + 20 + Math.floor(random() * 200);
        await killAt(platform.waitFor('ack', (a: { seq: number }) => a.seq >= target, 30_000));
        if (k % 4 === 0) {
          const out = egret(['command', 'incident.note', '--args', JSON.stringify({ incident: 'inc-notes', text: `kill ${k}` }), '--data', dir]);
          expect(out.status, out.stderr).toBe(0);
          queued.push(out.stdout.trim());
        }
      }
    } finally {
      clearInterval(churn);
    }
    const received: string[] = [];
    const onCommand = (e: { id: string; duplicate: boolean }) => !e.duplicate && received.push(e.id);
    platform.on('command', onCommand);
    const done = await egretAsync(syncArgs(['--exit-idle', '300']));
    platform.off('command', onCommand);
    expect(done.status, done.stderr).toBe(0);
    expectExportEqualsPlatform();

    const status = JSON.parse(egret(['status', '--data', dir]).stdout) as { cursor: number; outbox: number };
    expect(status.cursor).toBe(platform.head);
    expect(status.outbox).toBe(0);
    for (const id of queued) expect(platform.commandLog.get(id)?.applied, `command ${id}`).toBe(1);
    const firstSeen = [...platform.commandLog.values()].map((c) => c.id).filter((id) => queued.includes(id));
    expect(firstSeen).toEqual(queued);
    expect(received.every((id) => queued.includes(id))).toBe(true);
  }, 240_000);
});
