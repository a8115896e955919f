// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Router } from 'vue-router';
import App from './App.vue';
import { ApiCallError } from './api/api-call-error.ts';
import { LOCALE_STORAGE_KEY } from './i18n/index.ts';
import { egretTestApp, settle } from './test-support/egret-app.ts';
import { sessionInfo } from './test-support/fake-host.ts';
import { incidentRow, todayStats } from './test-support/board-fixtures.ts';

const configured = { configured: true, url: 'wss://platform.example/link', embedded: false };
const callTakerSession = sessionInfo({
  platform: configured,
  signedIn: true,
  role: 'call_taker',
  operator: { id: 'op-12', name: '林晓', role: 'call_taker' },
});

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  localStorage.clear();
});

async function mountApp(options: Parameters<typeof egretTestApp>[0], path = '/') {
  const app = egretTestApp({ ...options, withRouter: true });
  const router = app.router!;
  app.client.start();
  wrapper = mount(App, { global: { plugins: [app.plugin] }, attachTo: document.body });
  await router.push(path);
  await router.isReady();
  await settle();
  return { ...app, router, wrapper };
}

/** Settles once the router's next navigation has finished (a role view's chunk loads first). */
const nextNavigation = (router: Router) =>
  new Promise<void>((resolve) => {
    const off = router.afterEach(() => {
      off();
      resolve();
    });
  });

const navs = (w: VueWrapper) => w.findAll('[data-testid^="nav-"]').map((n) => n.attributes('data-testid'));

describe('role views and navigation', () => {
  it('with no platform configured, offers all three role views for preview and says so on sign-in', async () => {
    const { wrapper, router } = await mountApp({ locale: 'en' });
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(wrapper.get('[data-testid="no-platform"]').text()).toContain('No platform configured');
    expect(navs(wrapper)).toEqual(['nav-chief', 'nav-taker', 'nav-video']);

    await router.push('/video');
    await settle();
    expect(wrapper.get('[data-testid="role-view"]').attributes('data-role')).toBe('video_patroller');
    expect(wrapper.find('[data-testid="preview-notice"]').exists()).toBe(true);
  });

  it('Alt+1/2/3 switch between the allowed role views', async () => {
    const { wrapper, router } = await mountApp({}, '/chief');
    let navigated = nextNavigation(router);
    window.dispatchEvent(new KeyboardEvent('keydown', { code: 'Digit2', key: '2', altKey: true }));
    await navigated;
    await settle();
    expect(router.currentRoute.value.name).toBe('taker');
    navigated = nextNavigation(router);
    window.dispatchEvent(new KeyboardEvent('keydown', { code: 'Digit3', key: '3', altKey: true }));
    await navigated;
    await settle();
    expect(router.currentRoute.value.name).toBe('video');
    expect(wrapper.get('[data-testid="role-view"]').attributes('data-role')).toBe('video_patroller');
  });

  it('sends a signed-in operator to their own view and refuses the others, shortcuts included', async () => {
    const { wrapper, router } = await mountApp({ session: callTakerSession, locale: 'en' }, '/chief');
    expect(router.currentRoute.value.name).toBe('taker');
    expect(wrapper.get('[data-testid="refused-notice"]').text()).toContain('Duty chief');
    expect(navs(wrapper)).toEqual(['nav-taker']);

    window.dispatchEvent(new KeyboardEvent('keydown', { code: 'Digit1', key: '1', altKey: true }));
    await settle();
    expect(router.currentRoute.value.name).toBe('taker');

    await router.push('/sign-in');
    await settle();
    expect(router.currentRoute.value.name).toBe('taker');
  });

  it('signs in with a token, lands on the role view, and signs out back to sign-in', async () => {
    const app = await mountApp({ session: { platform: configured }, locale: 'en' });
    const { wrapper, router, host } = app;
    host.handlers['session.signIn'] = ({ token }) => {
      if (!token.trim()) throw new ApiCallError('invalid_params', 'invalid params for session.signIn', [{ path: 'token', message: 'token is empty' }]);
      host.state.session = callTakerSession;
      return callTakerSession;
    };
    host.handlers['session.signOut'] = () => (host.state.session = sessionInfo({ platform: configured }));

    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(navs(wrapper)).toEqual([]);
    const input = wrapper.get('[data-testid="signin-token"]');
    expect(document.activeElement).toBe(input.element);

    // An empty token is the form's own validation message: nothing goes to the host.
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="signin-token-missing"]').text()).toBe('Enter the token.');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="signin-error"]').exists()).toBe(false);
    expect(host.shell.current.frames('request').filter((f) => f.method === 'session.signIn')).toEqual([]);

    await input.setValue('valid-token');
    await wrapper.get('form').trigger('submit');
    await settle();
    await settle();
    expect(router.currentRoute.value.name).toBe('taker');
    expect(wrapper.get('[data-testid="operator"]').text()).toContain('林晓');

    await wrapper.get('[data-testid="sign-out"]').trigger('click');
    await settle();
    await settle();
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(wrapper.find('[data-testid="sign-out"]').exists()).toBe(false);
  });

  it('switches the UI language and remembers the choice', async () => {
    const { wrapper } = await mountApp({}, '/chief');
    expect(wrapper.get('[data-testid="role-view"] h1').text()).toBe('值班长工作台');
    await wrapper.get('[data-testid="locale-switch"]').setValue('en');
    expect(wrapper.get('[data-testid="role-view"] h1').text()).toBe('Duty chief workstation');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('diagnostics link test', () => {
  it('sends text through diag.echo and lists what comes back on the topic', async () => {
    const app = await mountApp({}, '/taker');
    const { wrapper, host } = app;
    host.handlers['diag.echo'] = ({ text }) => {
      queueMicrotask(() => host.publish('diag.echo', [{ text, at: '2025-01-01T08:00:00.000Z' }]));
      return { delivered: 1 };
    };
    await wrapper.get('[data-testid="echo-input"]').setValue('环路测试 1');
    await wrapper.get('[data-testid="echo-send"]').trigger('click');
    await settle();
    await settle();
    const entries = wrapper.findAll('[data-testid="echo-log"] li');
    expect(entries.map((e) => e.find('.echo-text').text())).toEqual(['环路测试 1']);
    expect((wrapper.get('[data-testid="echo-input"]').element as HTMLInputElement).value).toBe('');
  });
});

describe('host connection', () => {
  it('shows a banner when the window loses its host connection and clears it on reconnect', async () => {
    const { wrapper, host, timers } = await mountApp({ locale: 'en' }, '/chief');
    expect(wrapper.find('[data-testid="host-connection-lost"]').exists()).toBe(false);
    host.shell.current.close();
    await settle();
    expect(wrapper.get('[data-testid="host-connection-lost"]').text()).toContain('lost its connection');
    timers.advance(500);
    await settle();
    await settle();
    expect(wrapper.find('[data-testid="host-connection-lost"]').exists()).toBe(false);
    // Re-subscribed on the new connection: link.status and session.info snapshots flow again.
    // Not signed in: the topics the host serves only after sign-in are not asked for.
    expect(host.shell.current.frames('subscribe').map((f) => f.topic).sort()).toEqual(['diag.echo', 'link.notice', 'link.status', 'session.info']);
  });
});

describe('board and figures in the role views', () => {
  it('before sign-in (preview) says the figures appear after sign-in and asks the host for none', async () => {
    const { wrapper, host } = await mountApp({ locale: 'en' }, '/chief');
    expect(wrapper.get('[data-testid="board-signed-out"]').text()).toContain('appear here after sign-in');
    expect(wrapper.find('[data-testid="board-row"]').exists()).toBe(false);
    const asked = host.shell.current.frames('request').map((f) => f.method);
    expect(asked).not.toContain('incidents.page');
    expect(asked).not.toContain('stats.today');
    // The echo diagnostics stay reachable.
    expect(wrapper.find('[data-testid="echo-input"]').exists()).toBe(true);
  });

  it('signed in: shows the live board and today’s figures from the host, and follows entities.changed', async () => {
    const rows = [incidentRow({ id: 'inc-7', priority: 2, title: '嘉禾路车辆故障' })];
    const app = egretTestApp({ session: callTakerSession, locale: 'en', withRouter: true });
    app.host.handlers['incidents.page'] = () => ({ total: rows.length, byPriority: [0, 0, 0, 0], rows: [...rows] });
    app.host.handlers['stats.today'] = () => todayStats({ calls: { received: rows.length, answered: rows.length, answerRate: 1 } });
    app.client.start();
    wrapper = mount(App, { global: { plugins: [app.plugin] }, attachTo: document.body });
    await app.router!.push('/taker');
    await settle();
    await settle();
    const w = wrapper;
    expect(w.findAll('[data-testid="board-row"]').map((r) => r.attributes('data-id'))).toEqual(['inc-7']);
    expect(w.get('[data-testid="alarm-state"]').attributes('data-state')).toBe('armed');
    expect(w.get('[data-testid="counter-calls-received"]').text()).toBe('1');
    expect(w.get('[data-testid="counter-answer-rate"]').text()).toBe('100.0');
    expect(w.find('[data-testid="notice-tray"]').exists()).toBe(true);
    expect(app.host.shell.current.frames('subscribe').map((f) => f.topic)).toEqual(
      expect.arrayContaining(['entities.changed', 'command.result', 'link.notice']),
    );

    // A new P1: the host's alarm announces it at once and its change follows.
    const fresh = incidentRow({ id: 'inc-8', priority: 1, title: '轮渡码头人员落水' });
    rows.unshift(fresh);
    app.host.publish('incidents.alarm', [{ kind: 'new_p1', incident: fresh }]);
    app.host.publish('entities.changed', [
      { kind: 'incident', upserted: ['inc-8'], deleted: [] },
      { kind: 'call', upserted: ['call-3'], deleted: [] },
    ]);
    await settle();
    await settle();
    const first = w.get('[data-testid="board-row"]');
    expect(first.attributes('data-id')).toBe('inc-8');
    expect(first.classes()).toContain('flash');
    expect(w.get('[data-testid="board-total"]').text()).toBe('2');
    // Today's figures wait out their one-second throttle.
    app.timers.advance(1_000);
    await settle();
    await settle();
    expect(w.get('[data-testid="counter-calls-received"]').text()).toBe('2');
  });

  it('sounds the new-P1 alarm from the console window only, not from a window popped out of it', async () => {
    const { wrapper: console } = await mountApp({ session: callTakerSession }, '/taker');
    expect(console.find('[data-testid="alarm-sound"]').exists()).toBe(true);
    console.unmount();
    wrapper = null;
    const { wrapper: popped } = await mountApp({ session: callTakerSession }, '/w/map');
    expect(popped.find('[data-testid="alarm-sound"]').exists()).toBe(false);
  });
});
