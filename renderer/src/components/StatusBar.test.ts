// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { LinkState } from '../../../native/api/index.ts';
import StatusBar from './StatusBar.vue';
import { egretTestApp, settle } from '../test-support/egret-app.ts';
import { linkStatus } from '../test-support/fake-host.ts';
import { signedInSession } from '../test-support/board-fixtures.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function mountStatusBar(options: Parameters<typeof egretTestApp>[0] = {}) {
  const app = egretTestApp(options);
  wrapper = mount(StatusBar, { global: { plugins: [app.plugin] } });
  app.client.start();
  await settle();
  await settle();
  return { ...app, wrapper };
}

const expected: [LinkState, string, string][] = [
  ['live', '实时', 'tone-ok'],
  ['connecting', '正在连接', 'tone-pending'],
  ['snapshot', '正在同步快照', 'tone-pending'],
  ['offline', '离线', 'tone-fault'],
  ['unauthorized', '令牌无效', 'tone-fault'],
  ['update_required', '需要升级', 'tone-fault'],
  ['unconfigured', '未配置', 'tone-idle'],
  ['signed_out', '未登录', 'tone-idle'],
];

describe('StatusBar', () => {
  it.each(expected)('shows link state %s as text "%s" with colour %s', async (state, text, tone) => {
    const { wrapper } = await mountStatusBar({ link: { state } });
    const badge = wrapper.get('[data-testid="link-state"]');
    expect(badge.attributes('data-state')).toBe(state);
    expect(badge.text()).toBe(text);
    expect(badge.classes()).toContain(tone);
  });

  it('follows live pushes of link.status: cursor, head, lag and the last error', async () => {
    const { wrapper, host } = await mountStatusBar({ link: { state: 'connecting' }, locale: 'en' });
    expect(wrapper.find('[data-testid="link-position"]').exists()).toBe(false);

    host.publish(
      'link.status',
      linkStatus({
        state: 'live',
        cursor: 1200,
        head: 1205,
        lag: 5,
        outbox: 2,
        lastError: { code: 'gap', message: 'sequence gap 1180→1182; replayed', at: '2025-01-01T00:00:00Z' },
      }),
    );
    await settle();
    expect(wrapper.get('[data-testid="link-state"]').text()).toBe('Live');
    expect(wrapper.get('[data-testid="link-position"]').text()).toBe('Cursor 1200 · Head 1205 · Lag 5');
    expect(wrapper.get('[data-testid="link-outbox"]').text()).toBe('2 commands awaiting the platform');
    expect(wrapper.find('[data-testid="link-quarantine"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="link-error"]').text()).toContain('sequence gap 1180→1182; replayed');
    // The code by name (a code the console has no word for, made readable), never as the key.
    expect(wrapper.get('[data-testid="link-error"]').attributes('title')).toBe('Gap: sequence gap 1180→1182; replayed');
  });

  it('shows shell, version, operator name and role from session.info', async () => {
    const { wrapper } = await mountStatusBar({
      locale: 'en',
      session: {
        shell: 'electron',
        version: '1.4.2',
        signedIn: true,
        role: 'duty_chief',
        operator: { id: 'op-1', name: '陈建国', role: 'duty_chief' },
        platform: { configured: true, url: 'wss://p.example', embedded: false },
      },
    });
    expect(wrapper.get('[data-testid="shell-version"]').text()).toBe('Desktop · Version 1.4.2');
    expect(wrapper.get('[data-testid="operator"]').text()).toContain('陈建国 · Duty chief');
    expect(wrapper.get('[data-testid="clock"]').text()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  });

  it('shows the platform’s time in its zone once the platform has welcomed the console, and the local time too when the zones differ', async () => {
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // A zone no test machine shares with its own: UTC−12 (or UTC+14 on the rare machine in UTC−12).
    const elsewhere = new Date().getTimezoneOffset() === 720 ? 'Pacific/Kiritimati' : 'Etc/GMT+12';
    const { wrapper, host } = await mountStatusBar({ locale: 'en', link: { state: 'live', platformClock: { tz: here, aheadMs: 0 } } });
    const clock = () => wrapper.get('[data-testid="clock"]');
    expect(clock().attributes('data-zone')).toBe(here);
    expect(clock().attributes('aria-label')).toBe(`Platform time (${here})`);
    expect(wrapper.find('[data-testid="clock-local"]').exists()).toBe(false);

    host.publish('link.status', linkStatus({ state: 'live', platformClock: { tz: elsewhere, aheadMs: 0 } }));
    await settle();
    expect(clock().attributes('data-zone')).toBe(elsewhere);
    expect(clock().text()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(wrapper.get('[data-testid="clock-local"]').text()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(clock().text()).not.toBe(wrapper.get('[data-testid="clock-local"]').text());
    expect(wrapper.findAll('.clocks > *').map((el) => el.text().replace(/\d/g, '9'))).toEqual(['Platform', '99:99:99', 'Local', '99:99:99']);
  });

  it('says plainly when the window has lost its host connection', async () => {
    const { wrapper, host } = await mountStatusBar({ locale: 'en' });
    const connection = () => wrapper.get('[data-testid="api-connection"]');
    expect(connection().attributes('data-state')).toBe('connected');
    expect(connection().text()).toBe('Connected to host');

    host.shell.current.close();
    await settle();
    expect(connection().attributes('data-state')).toBe('lost');
    expect(connection().text()).toBe('Host connection lost');
    expect(connection().attributes('role')).toBe('alert');
  });

  it('shows whether the new-P1 alarm works once signed in, and that it is down when the host is lost', async () => {
    const { wrapper, host } = await mountStatusBar({ locale: 'en', session: signedInSession('call_taker') });
    const alarm = () => wrapper.get('[data-testid="status-alarm"] [data-testid="alarm-state"]');
    expect(alarm().attributes('data-state')).toBe('armed');
    host.shell.current.close();
    await settle();
    expect(alarm().attributes('data-state')).toBe('down');
    expect(alarm().text()).toContain('The console host is unreachable');
  });

  it('shows no alarm before sign-in', async () => {
    const { wrapper } = await mountStatusBar({ locale: 'en' });
    expect(wrapper.find('[data-testid="status-alarm"]').exists()).toBe(false);
  });
});
