// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '../../../../native/api/index.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { warning, warningsState } from '../../test-support/warning-fixtures.ts';
import { WARNING_PULSE_MS } from '../../stores/warnings.ts';
import WarningsBadge from './WarningsBadge.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function mountBadge(role: Role) {
  // The role views by name only: what the badge navigates between.
  const blank = { render: () => null };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: blank },
      { path: '/chief', name: 'chief', component: blank },
      { path: '/taker', name: 'taker', component: blank },
    ],
  });
  const app = egretTestApp({ session: signedInSession(role), locale: 'en', router });
  app.host.handlers['warnings.list'] = () => warningsState([warning(), warning({ key: 'b', status: 'acknowledged' })], { open: 1 });
  app.host.handlers['incident.get'] = ({ id }) => {
    throw new Error(`not asked in this test: ${id}`);
  };
  app.client.setSignedIn(true);
  app.client.start();
  const keys = new EventTarget();
  wrapper = mount(WarningsBadge, { props: { keys: keys as unknown as Window }, global: { plugins: [app.plugin] } });
  for (let i = 0; i < 3; i++) await settle();
  const altW = () => keys.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyW', altKey: true }));
  return { ...app, wrapper, altW, keys };
}

const badge = (w: VueWrapper) => w.get('[data-testid="warnings-badge"]');

describe('the warnings badge', () => {
  it('counts the open warnings, and pulses for a new one only, for a few seconds', async () => {
    const { wrapper, host, timers } = await mountBadge('call_taker');
    expect(badge(wrapper).get('[data-testid="warnings-count"]').text()).toBe('1');
    expect(badge(wrapper).classes()).toContain('has-open');
    expect(badge(wrapper).attributes('title')).toBe('1 open warnings (Alt+W)');
    expect(badge(wrapper).attributes('data-pulsing')).toBe('false');

    host.publish('warnings', warningsState([warning(), warning({ key: 'c' })], { computedAt: Date.UTC(2025, 2, 14, 3) }));
    await settle();
    expect(badge(wrapper).get('[data-testid="warnings-count"]').text()).toBe('2');
    expect(badge(wrapper).attributes('data-pulsing')).toBe('true');
    timers.advance(WARNING_PULSE_MS);
    await settle();
    expect(badge(wrapper).attributes('data-pulsing')).toBe('false');
  });

  it('opens the read-only list for a call taker, by click and by Alt+W, and closes it again', async () => {
    const { wrapper, altW } = await mountBadge('call_taker');
    expect(wrapper.find('[data-testid="warnings-drop"]').exists()).toBe(false);
    altW();
    await settle();
    const drop = wrapper.get('[data-testid="warnings-drop"]');
    expect(drop.findAll('[data-testid="warning-card"]')).toHaveLength(2);
    expect(drop.find('[data-testid="warning-acknowledge"]').exists()).toBe(false);
    expect(badge(wrapper).attributes('aria-expanded')).toBe('true');
    await wrapper.get('[data-testid="warnings-drop-close"]').trigger('click');
    expect(wrapper.find('[data-testid="warnings-drop"]').exists()).toBe(false);
    await badge(wrapper).trigger('click');
    expect(wrapper.find('[data-testid="warnings-drop"]').exists()).toBe(true);
  });

  it("takes the duty chief to the chief view's warnings, not a list of its own", async () => {
    const { wrapper, router, altW } = await mountBadge('duty_chief');
    await router!.push({ name: 'taker' }).catch(() => {});
    altW();
    for (let i = 0; i < 3; i++) await settle();
    expect(wrapper.find('[data-testid="warnings-drop"]').exists()).toBe(false);
    expect(router!.currentRoute.value.name).toBe('chief');
  });

  it('ignores Alt with another key, and Alt+W with Ctrl', async () => {
    const { wrapper, keys } = await mountBadge('video_patroller');
    keys.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyQ', altKey: true }));
    keys.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyW', altKey: true, ctrlKey: true }));
    await settle();
    expect(wrapper.find('[data-testid="warnings-drop"]').exists()).toBe(false);
  });
});
