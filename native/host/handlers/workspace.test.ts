import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { waitUntil } from '../../../tests/support/wait.ts';
import {
  displaySetFingerprint,
  methods,
  type Display,
  type HostFrame,
  type LiveWorkspace,
  type Role,
  type Selection,
  type WorkspaceOpened,
} from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { FakeTimers } from '../../common/timers.ts';
import { prepareChange } from '../../link/prepare.ts';
import { startPlatform } from '../../simulator/server.ts';
import { openDataDir } from '../../store/data-dir.ts';
import type { HostChannel } from '../channel.ts';
import { ConsoleHost } from '../console-host.ts';
import { createConsoleRuntime } from '../runtime.ts';
import { operatorDesk } from '../workspace/index.ts';
import { workspaceHandlers } from './workspace.ts';

const PRIMARY: Display = {
  id: '1',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
  primary: true,
};
const SECOND: Display = {
  id: '2',
  bounds: { x: -2560, y: 0, width: 2560, height: 1440 },
  workArea: { x: -2560, y: 0, width: 2560, height: 1400 },
  scaleFactor: 1.5,
  primary: false,
};
const DISPLAYS = [PRIMARY, SECOND];
const WORKSPACE_METHODS = Object.keys(methods).filter((m) => m.startsWith('workspace.') || m.startsWith('selection.'));

/**
 * A window on a host: it subscribes and requests by frames, as a page does,
 * and keeps what it was sent. `request` resolves with the response's body.
 */
function windowOn(connect: (channel: HostChannel, peer: { label: string }) => void, label: string) {
  const frames: HostFrame[] = [];
  const answers = new Map<number, (frame: HostFrame) => void>();
  let receive: (data: unknown) => void = () => {};
  let nextId = 1;
  connect(
    {
      send: (frame) => {
        frames.push(frame);
        if (frame.type === 'response' && frame.id !== null) answers.get(frame.id)?.(frame);
      },
      onMessage: (listener) => (receive = listener),
      onClose: () => {},
      close: () => {},
    },
    { label },
  );
  return {
    subscribe: (...topics: string[]) => topics.forEach((topic) => receive({ type: 'subscribe', topic })),
    request: (
      method: string,
      params: unknown = {},
    ): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }> => {
      const id = nextId++;
      const answered = new Promise<HostFrame>((resolve) => answers.set(id, resolve));
      receive({ type: 'request', id, method, params });
      return answered as never;
    },
    events: <T>(topic: string): T[] => frames.flatMap((f) => (f.type === 'event' && f.topic === topic ? [f.data as T] : [])),
  };
}

async function ok<T>(answer: Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`refused: ${a.error.code} ${a.error.message}`);
  return a.result as T;
}

/** The host with the workspace and selection methods, on a fake clock, signed in as `who` with `role` (null: signed out). */
async function hostAs(role: Role | null, who = 'op-031') {
  const data = await openDataDir(tempDir('workspace-host'), { command: 'test', cacheWriter: 'inline' });
  onTestFinished(() => data.close());
  data.cache.applyChanges([prepareChange({ seq: 1, op: 'upsert', kind: 'incident', data: incident('inc-1', 1) }, 1)], 1);
  const timers = new FakeTimers(Date.parse('2026-12-02T09:00:00+08:00'));
  const desk = operatorDesk({
    data,
    timers,
    signedIn: () => (role === null ? null : { operator: who, role }),
    publishWorkspace: (live) => host.publish('workspace', live),
    publishSelection: (selection) => host.publish('selection', selection),
  });
  const host: ConsoleHost = new ConsoleHost({
    role: () => role,
    logger: silentLogger,
    timers,
    handlers: workspaceHandlers(desk.workspace, desk.selection) as never,
    snapshots: { workspace: () => desk.workspaceSnapshot(), selection: () => desk.selectionSnapshot() },
  });
  return { data, timers, window: (label: string) => windowOn((c, p) => host.connect(c, p), label) };
}

describe('workspaces and the shared selection through the host', () => {
  it('a selection made in one window reaches the other at once, not held for the ~100 ms flush the workspace waits for', async () => {
    const { timers, window } = await hostAs('call_taker');
    const console_ = window('main');
    const map = window('map');
    console_.subscribe('selection', 'workspace');
    map.subscribe('selection', 'workspace');
    // The selection's snapshot comes at once; there is no workspace to send before one is opened.
    expect(map.events<Selection>('selection')).toEqual([{ incident: null, window: null, seq: 0, at: '2026-12-02T01:00:00.000Z' }]);
    expect(map.events('workspace')).toEqual([]);

    await ok(console_.request('workspace.open', { displays: DISPLAYS }));
    const selected = await ok<Selection>(console_.request('selection.set', { incident: 'inc-1', window: 'main' }));
    expect(selected).toMatchObject({ incident: 'inc-1', window: 'main', seq: 1 });
    // No time has passed on the host's clock: the selection is there, the workspace still pending.
    expect(map.events<Selection>('selection').at(-1)).toEqual(selected);
    expect(map.events('workspace')).toEqual([]);
    timers.advance(100);
    expect(map.events<LiveWorkspace>('workspace').map((l) => l.rev)).toEqual([1]);

    expect(await console_.request('selection.set', { incident: 'inc-404', window: 'main' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'no incident inc-404 in the cache' },
    });
    expect(map.events('selection')).toHaveLength(2);
  });

  it('a panel popped out reaches every window on `workspace` with its new window; a window opened later gets it first', async () => {
    const { timers, window } = await hostAs('duty_chief', 'op-001');
    const console_ = window('main');
    const traffic = window('traffic');
    console_.subscribe('workspace');
    traffic.subscribe('workspace');
    const opened = await ok<WorkspaceOpened>(console_.request('workspace.open', { displays: DISPLAYS }));
    expect(opened.live.workspace.windows.map((w) => w.id)).toEqual(['main', 'map']);
    timers.advance(100);

    const popped = await ok<{ window: { id: string }; live: LiveWorkspace }>(
      traffic.request('workspace.popOut', { content: { kind: 'panel', panel: 'hourly_chart' } }),
    );
    expect(popped.window.id).toBe('hourly-chart');
    timers.advance(100);
    for (const w of [console_, traffic]) {
      const last = w.events<LiveWorkspace>('workspace').at(-1)!;
      expect(last).toEqual(popped.live);
      expect(last.workspace.windows.map((x) => x.id)).toEqual(['main', 'map', 'hourly-chart']);
    }
    const later = window('hourly-chart');
    later.subscribe('workspace');
    expect(later.events('workspace')).toEqual([popped.live]);

    expect(await ok(console_.request('workspace.dock', { window: 'hourly-chart' }))).toMatchObject({ rev: popped.live.rev + 1 });
    expect(await console_.request('workspace.dock', { window: 'main' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await console_.request('workspace.dock', { window: 'hourly-chart' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a damaged saved workspace opens as the role default, with the reason for the operator’s notice', async () => {
    const { data, window } = await hostAs('call_taker');
    data.state.db
      .prepare('INSERT INTO workspace (operator, role, display_set, layout, saved_ms) VALUES (?, ?, ?, ?, 1)')
      .run('op-031', 'call_taker', displaySetFingerprint(DISPLAYS), '{"version":1,"windows":"x"');
    const opened = await ok<WorkspaceOpened>(window('main').request('workspace.open', { displays: DISPLAYS }));
    expect(opened.fallback).toEqual({ reason: 'not_json', message: 'the saved workspace is not JSON' });
    expect(opened.live.workspace.windows.map((w) => w.id)).toEqual(['main', 'map']);
    expect(methods['workspace.open'].result.safeParse(opened).success).toBe(true);
  });

  it("refuses to save another operator's workspace", async () => {
    const { data, window } = await hostAs('call_taker');
    const main = window('main');
    const opened = await ok<WorkspaceOpened>(main.request('workspace.open', { displays: DISPLAYS }));
    const theirs = { ...opened.live.workspace, operator: 'op-032' };
    expect(await main.request('workspace.save', { workspace: theirs })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'this is the workspace of op-032 as call_taker; op-031 as call_taker may save only their own' },
    });
    expect(data.state.db.prepare('SELECT count(*) FROM workspace').pluck().get()).toBe(0);
    expect(await ok(main.request('workspace.live'))).toEqual(opened.live);
  });

  it('refuses every workspace and selection call from a window nobody is signed in at', async () => {
    const { window } = await hostAs(null);
    const main = window('main');
    for (const method of WORKSPACE_METHODS) {
      expect(await main.request(method, {}), method).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    main.subscribe('selection');
    expect(main.events('selection')).toEqual([]);
  });
});

describe('workspaces and the selection across a sign-out (the console runtime, linked to a platform)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('sign-out clears the selection in every window and refuses the calls; the next sign-in opens the saved workspace', async () => {
    const platform = await startPlatform();
    cleanups.push(() => platform.close());
    platform.upsert('incident', incident('inc-1', 1));
    const runtime = await createConsoleRuntime({
      shell: 'browser',
      dataDir: tempDir('workspace-runtime'),
      version: 'test',
      logger: silentLogger,
      platform: { url: platform.url, token: null },
    });
    cleanups.push(() => runtime.close());
    const console_ = windowOn((c, p) => runtime.connect(c, p), 'main');
    const board = windowOn((c, p) => runtime.connect(c, p), 'board');

    expect(await console_.request('workspace.open', { displays: DISPLAYS })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    await ok(console_.request('session.signIn', { token: 'demo-taker' }));
    await waitUntil(() => runtime.data.cache.cursor() === platform.head, 10_000, 'the cache up to the platform');
    board.subscribe('selection', 'workspace');

    await ok(console_.request('workspace.open', { displays: DISPLAYS }));
    const popped = await ok<{ live: LiveWorkspace }>(board.request('workspace.popOut', { content: { kind: 'panel', panel: 'board' } }));
    await waitUntil(() => board.events<LiveWorkspace>('workspace').at(-1)?.rev === popped.live.rev, 5_000, 'the pop-out pushed');
    await ok(board.request('selection.set', { incident: 'inc-1', window: 'board' }));
    expect(board.events<Selection>('selection').at(-1)).toMatchObject({ incident: 'inc-1', window: 'board' });

    await ok(console_.request('session.signOut'));
    expect(board.events<Selection>('selection').at(-1)).toMatchObject({ incident: null, window: null });
    for (const method of ['workspace.live', 'selection.get']) {
      expect(await board.request(method), method).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }

    await ok(console_.request('session.signIn', { token: 'demo-taker' }));
    expect(await ok(console_.request('workspace.live'))).toBeNull();
    expect(await ok(console_.request('selection.get'))).toMatchObject({ incident: null });
    const again = await ok<WorkspaceOpened>(console_.request('workspace.open', { displays: DISPLAYS }));
    expect(again.fallback).toBeNull();
    expect(again.live.workspace).toEqual(popped.live.workspace);
    expect(again.live.rev).toBeGreaterThan(popped.live.rev);
  });

  it('another operator signing in at the console without a sign-out inherits neither the selection nor the live workspace', async () => {
    const platform = await startPlatform();
    cleanups.push(() => platform.close());
    platform.upsert('incident', incident('inc-1', 1));
    const runtime = await createConsoleRuntime({
      shell: 'browser',
      dataDir: tempDir('workspace-runtime'),
      version: 'test',
      logger: silentLogger,
      platform: { url: platform.url, token: 'demo-taker' },
    });
    cleanups.push(() => runtime.close());
    await waitUntil(() => runtime.link.status().state === 'live', 10_000, 'the taker signed in');
    const main = windowOn((c, p) => runtime.connect(c, p), 'main');
    const map = windowOn((c, p) => runtime.connect(c, p), 'map');
    map.subscribe('selection');
    await ok(main.request('workspace.open', { displays: DISPLAYS }));
    await ok(main.request('selection.set', { incident: 'inc-1', window: 'main' }));

    await ok(main.request('session.signIn', { token: 'demo-chief' }));
    expect(runtime.link.operator()?.id).toBe('op-001');
    expect(map.events<Selection>('selection').at(-1)).toMatchObject({ incident: null, window: null });
    expect(await ok(main.request('selection.get'))).toMatchObject({ incident: null });
    expect(await ok(main.request('workspace.live'))).toBeNull();
    expect(await main.request('workspace.popOut', { content: { kind: 'panel', panel: 'map' } })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});
