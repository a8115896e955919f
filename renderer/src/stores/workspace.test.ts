// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { LiveWorkspace, Params, Role } from '../../../native/api/index.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { liveWorkspace, panelWindow, TWO_DISPLAYS } from '../test-support/workspaces.ts';
import { useWorkspaceStore, windowIdOf } from './workspace.ts';

/** A host holding `live` for op-01 as a call taker, recording the workspace calls; the page at `path`. */
async function consoleWith(live: LiveWorkspace | null, path = '/taker', role: Role = 'call_taker') {
  const app = storeTestApp({ session: signedInSession(role), withRouter: true });
  const calls: { method: string; params: unknown }[] = [];
  let current = live;
  const next = (patch: (l: LiveWorkspace) => LiveWorkspace) => {
    current = patch(current!);
    return current;
  };
  Object.assign(app.host.handlers, {
    'workspace.live': () => current,
    'workspace.open': (params: Params<'workspace.open'>) => {
      calls.push({ method: 'workspace.open', params });
      current = liveWorkspace([panelWindow('map', 'map')], 1);
      return { live: current, fallback: { reason: 'invalid', message: 'the saved workspace is damaged (windows: two windows share an id)' } };
    },
    'workspace.popOut': (params: Params<'workspace.popOut'>) => {
      calls.push({ method: 'workspace.popOut', params });
      const window = panelWindow('detail', 'detail');
      return { window, live: next((l) => ({ rev: l.rev + 1, workspace: { ...l.workspace, windows: [...l.workspace.windows, window] } })) };
    },
    'workspace.dock': (params: Params<'workspace.dock'>) => {
      calls.push({ method: 'workspace.dock', params });
      if (params.window === 'main') throw new ApiCallError('conflict', 'the console window cannot be docked');
      return next((l) => ({ rev: l.rev + 1, workspace: { ...l.workspace, windows: l.workspace.windows.filter((w) => w.id !== params.window) } }));
    },
    'workspace.setWindow': (params: Params<'workspace.setWindow'>) => {
      calls.push({ method: 'workspace.setWindow', params });
      return next((l) => ({
        rev: l.rev + 1,
        workspace: {
          ...l.workspace,
          windows: l.workspace.windows.map((w) =>
            w.id === params.window ? { ...w, pinned: params.pinned ?? w.pinned, wallMode: params.wallMode ?? w.wallMode } : w,
          ),
        },
      }));
    },
  });
  app.client.start();
  await app.router!.push(path);
  const store = app.run(() => useWorkspaceStore());
  await settle();
  return { app, store, calls };
}

describe('which window a page is', () => {
  it('is named by the route #/w/<id>; every other route is the console', () => {
    expect(windowIdOf({ name: 'workspace-window', params: { window: 'map-2' } })).toBe('map-2');
    expect(windowIdOf({ name: 'taker', params: {} })).toBe('main');
    expect(windowIdOf(null)).toBe('main');
  });
});

describe('the workspace store mirrors the live workspace', () => {
  it("reads the host's live workspace at sign-in and finds this window's entry", async () => {
    const { store } = await consoleWith(liveWorkspace([panelWindow('map', 'map', { pinned: true, wallMode: true })]), '/w/map');
    expect(store.windowId).toBe('map');
    expect(store.entry?.content).toEqual({ kind: 'panel', panel: 'map' });
    expect([store.pinned, store.wallMode]).toEqual([true, true]);
  });

  it('follows the workspace topic in rev order: a late older push changes nothing', async () => {
    const { app, store } = await consoleWith(liveWorkspace([], 3));
    app.host.publish('workspace', liveWorkspace([panelWindow('map', 'map')], 5));
    await settle();
    expect(store.workspace?.windows.map((w) => w.id)).toEqual(['main', 'map']);
    app.host.publish('workspace', liveWorkspace([], 4));
    await settle();
    expect(store.workspace?.windows.map((w) => w.id)).toEqual(['main', 'map']);
    // Another role's workspace is not this window's.
    app.host.publish('workspace', liveWorkspace([panelWindow('wall', 'wall')], 9, 'video_patroller'));
    await settle();
    expect(store.workspace?.windows.map((w) => w.id)).toEqual(['main', 'map']);
  });

  it('opens the workspace for the displays and keeps why a saved one was not used', async () => {
    const { store, calls } = await consoleWith(null);
    expect(store.live).toBeNull();
    await store.open(TWO_DISPLAYS);
    expect(calls).toEqual([{ method: 'workspace.open', params: { displays: TWO_DISPLAYS } }]);
    expect(store.workspace?.windows.map((w) => w.id)).toEqual(['main', 'map']);
    expect(store.fallback?.reason).toBe('invalid');
  });

  it('shows why a saved workspace was not used when the opened one is pushed (Electron: the main process opened it)', async () => {
    const { app, store } = await consoleWith(null);
    const opened = { ...liveWorkspace([panelWindow('map', 'map')], 2), fallback: { reason: 'foreign' as const, message: 'the saved workspace belongs to op-02' } };
    app.host.publish('workspace', opened);
    await settle();
    expect(store.fallback?.message).toBe('the saved workspace belongs to op-02');
  });

  it('pops a panel out, pins and puts this window in wall mode, docks it: each the host answer shown', async () => {
    const { store, calls } = await consoleWith(liveWorkspace([panelWindow('map', 'map')]), '/w/map');
    const window = await store.popOut({ kind: 'panel', panel: 'detail' });
    expect(window?.id).toBe('detail');
    await store.setPinned(true);
    await store.setWallMode(true);
    expect([store.pinned, store.wallMode]).toEqual([true, true]);
    await store.dock();
    expect(store.entry).toBeNull();
    expect(store.workspace?.windows.map((w) => w.id)).toEqual(['main', 'detail']);
    expect(calls.map((c) => [c.method, c.params])).toEqual([
      ['workspace.popOut', { content: { kind: 'panel', panel: 'detail' } }],
      ['workspace.setWindow', { window: 'map', pinned: true }],
      ['workspace.setWindow', { window: 'map', wallMode: true }],
      ['workspace.dock', { window: 'map' }],
    ]);
  });

  it("keeps the host's refusal for the operator and changes nothing", async () => {
    const { store } = await consoleWith(liveWorkspace([panelWindow('map', 'map')]));
    const before = store.live;
    await store.dock();
    expect(store.error?.code).toBe('conflict');
    expect(store.live).toBe(before);
  });

  it('forgets the live workspace at sign-out (the host keeps the saved one)', async () => {
    const { app, store } = await consoleWith(liveWorkspace([panelWindow('map', 'map')]));
    expect(store.live).not.toBeNull();
    app.host.state.session = signedOutSession();
    app.host.publish('session.info', signedOutSession());
    await settle();
    expect(store.live).toBeNull();
  });
});
