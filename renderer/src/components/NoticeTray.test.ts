// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import NoticeTray from './NoticeTray.vue';
import { egretTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession } from '../test-support/board-fixtures.ts';
import { INFO_NOTICE_MS, MAX_NOTICES } from '../stores/notices.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function mountTray() {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'en' });
  // In the app the session store says so; command.result is only asked for once signed in.
  app.client.setSignedIn(true);
  app.client.start();
  wrapper = mount(NoticeTray, { global: { plugins: [app.plugin] } });
  await settle();
  await settle();
  return { ...app, wrapper };
}

const items = (w: VueWrapper) => w.findAll('[data-testid="notice-item"]');

describe('NoticeTray', () => {
  it('is a polite live region', async () => {
    const { wrapper } = await mountTray();
    expect(wrapper.get('[data-testid="notice-tray"]').attributes('aria-live')).toBe('polite');
  });

  it('shows link notices, warnings in amber, until dismissed', async () => {
    const { wrapper, host } = await mountTray();
    host.publish('link.notice', [
      { level: 'warn', message: '3 item(s) from the platform broke the contract and were quarantined', at: '2025-03-14T01:00:00.000Z' },
    ]);
    await settle();
    const [warn] = items(wrapper);
    expect(warn!.attributes('data-level')).toBe('warn');
    expect(warn!.classes()).toContain('warn');
    expect(warn!.text()).toContain('Warning');
    expect(warn!.text()).toContain('were quarantined');

    await warn!.get('[data-testid="notice-dismiss"]').trigger('click');
    expect(items(wrapper)).toHaveLength(0);
  });

  it('shows failed command results in red with code and message, and ignores successes', async () => {
    const { wrapper, host } = await mountTray();
    host.publish('command.result', [
      { id: 'c1', name: 'incident.create', ok: true, code: null, message: null, seq: 88 },
      { id: 'c2', name: 'incident.dispatch', ok: false, code: 'conflict', message: 'the incident was closed meanwhile', seq: null },
    ]);
    await settle();
    expect(items(wrapper)).toHaveLength(1);
    const [failed] = items(wrapper);
    expect(failed!.attributes('data-level')).toBe('error');
    expect(failed!.classes()).toContain('error');
    // By name, not the command's dotted name or the platform's code.
    expect(failed!.text()).toContain('Dispatch: not done');
    expect(failed!.get('[data-testid="notice-code"]').text()).toBe('Someone else changed this meanwhile');
    expect(failed!.get('[data-testid="notice-code"]').attributes('data-code')).toBe('conflict');
    expect(failed!.text()).toContain('the incident was closed meanwhile');
  });

  it('lets info notices go by themselves and keeps only the newest few', async () => {
    const { wrapper, host, timers } = await mountTray();
    host.publish('link.notice', [{ level: 'info', message: 'platform maintenance at 02:00', at: '2025-03-14T01:00:00.000Z' }]);
    host.publish('link.notice', [{ level: 'warn', message: 'stays', at: '2025-03-14T01:00:01.000Z' }]);
    await settle();
    expect(items(wrapper).map((i) => i.attributes('data-level'))).toEqual(['info', 'warn']);
    timers.advance(INFO_NOTICE_MS);
    await settle();
    expect(items(wrapper).map((i) => i.attributes('data-level'))).toEqual(['warn']);

    host.publish(
      'link.notice',
      Array.from({ length: MAX_NOTICES + 2 }, (_, i) => ({ level: 'warn' as const, message: `w${i}`, at: '2025-03-14T01:00:02.000Z' })),
    );
    await settle();
    expect(items(wrapper)).toHaveLength(MAX_NOTICES);
    expect(items(wrapper).at(-1)!.text()).toContain(`w${MAX_NOTICES + 1}`);
  });
});
