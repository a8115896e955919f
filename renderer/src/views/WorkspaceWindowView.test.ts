// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { LiveWorkspace, Params, SessionInfo } from '../../../native/api/index.ts';
import type { Component } from 'vue';
import { RouterView } from 'vue-router';
import App from '../App.vue';
import { egretTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { liveWorkspace, panelWindow } from '../test-support/workspaces.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

/** A page at `path` of a console whose host holds `live`; the workspace calls it gets are recorded. */
async function windowPage(path: string, live: LiveWorkspace | null, session: SessionInfo = signedInSession('call_taker'), root: Component = RouterView) {
  const app = egretTestApp({ session, locale: 'en', withRouter: true });
  const calls: unknown[] = [];
  let current = live;
  Object.assign(app.host.handlers, {
    'workspace.live': () => current,
    'workspace.dock': (params: Params<'workspace.dock'>) => {
      calls.push(['dock', params]);
      current = { rev: current!.rev + 1, workspace: { ...current!.workspace, windows: current!.workspace.windows.filter((w) => w.id !== params.window) } };
      return current;
    },
    'workspace.setWindow': (params: Params<'workspace.setWindow'>) => {
      calls.push(['setWindow', params]);
      const windows = current!.workspace.windows.map((w) => (w.id === params.window ? { ...w, pinned: params.pinned ?? w.pinned } : w));
      current = { rev: current!.rev + 1, workspace: { ...current!.workspace, windows } };
      return current;
    },
    'selection.get': () => ({ incident: null, window: null, seq: 0, at: '2025-03-14T01:05:00.000Z' }),
  });
  app.client.start();
  const router = app.router!;
  wrapper = mount(root, { global: { plugins: [app.plugin] }, attachTo: document.body });
  await router.push(path);
  await router.isReady();
  await settle();
  await settle();
  return { app, router, wrapper, calls };
}

describe('a workspace window', () => {
  it("shows its panel under a slim header with the panel's name, dock and pin", async () => {
    const { wrapper } = await windowPage('/w/detail', liveWorkspace([panelWindow('detail', 'detail')]));
    expect(wrapper.get('[data-testid="workspace-window"]').attributes('data-window')).toBe('detail');
    expect(wrapper.get('[data-testid="window-title"]').text()).toBe('Incident detail');
    expect(wrapper.find('[data-testid="workspace-panel"][data-panel="detail"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="window-pin"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.find('[data-testid="window-recovered"]').exists()).toBe(false);
  });

  it('pins itself and docks itself back through the host', async () => {
    const { wrapper, calls } = await windowPage('/w/detail', liveWorkspace([panelWindow('detail', 'detail')]));
    await wrapper.get('[data-testid="window-pin"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="window-pin"]').attributes('aria-pressed')).toBe('true');
    await wrapper.get('[data-testid="window-dock"]').trigger('click');
    await settle();
    expect(calls).toEqual([
      ['setWindow', { window: 'detail', pinned: true }],
      ['dock', { window: 'detail' }],
    ]);
    // Docked: until its owner closes it, the page says it is no longer part of the workspace.
    expect(wrapper.find('[data-testid="window-missing"]').exists()).toBe(true);
  });

  it('says it was reopened after being closed by hand', async () => {
    const { wrapper } = await windowPage('/w/detail?recovered=closed', liveWorkspace([panelWindow('detail', 'detail')]));
    expect(wrapper.get('[data-testid="window-recovered"]').text()).toContain('closed without being docked');
  });

  it("shows an arrangement's panels side by side, and refuses a panel the role's view does not have", async () => {
    const arrangement = panelWindow('panels', 'map', { content: { kind: 'arrangement', name: 'wall+detail', panels: ['wall', 'detail'] } });
    const { wrapper } = await windowPage('/w/panels', liveWorkspace([arrangement]));
    expect(wrapper.get('[data-testid="window-title"]').text()).toBe('Camera wall + Incident detail');
    expect(wrapper.findAll('[data-testid="workspace-panel"]').map((p) => p.attributes('data-panel'))).toEqual(['detail']);
    expect(wrapper.text()).toContain('“Camera wall” is not part of the Call taker view.');
  });

  it('keeps its panel when Alt+2 (the role views\' shortcut) is pressed in it', async () => {
    const { router } = await windowPage('/w/detail', liveWorkspace([panelWindow('detail', 'detail')]), signedInSession('call_taker'), App);
    const attempted: string[] = [];
    router.beforeEach((to) => void attempted.push(to.fullPath));
    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code: 'Digit2', key: '2' }));
    await settle();
    expect(attempted).toEqual([]);
    expect(router.currentRoute.value.fullPath).toBe('/w/detail');
  });

  it('sends a signed-out page to sign-in', async () => {
    const { router } = await windowPage('/w/detail', null, signedOutSession());
    expect(router.currentRoute.value.name).toBe('sign-in');
  });
});
