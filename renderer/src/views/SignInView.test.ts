// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import SignInView from './SignInView.vue';
import { ApiCallError } from '../api/api-call-error.ts';
import type { Locale } from '../i18n/index.ts';
import { egretTestApp, settle } from '../test-support/egret-app.ts';
import { linkStatus, sessionInfo } from '../test-support/fake-host.ts';

const configured = { configured: true, url: 'wss://platform.example/link/v1', embedded: false };

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function mountSignIn(locale: Locale, link: Parameters<typeof linkStatus>[0] = { state: 'signed_out' }) {
  const app = egretTestApp({ session: { platform: configured }, link, locale });
  app.client.start();
  wrapper = mount(SignInView, { global: { plugins: [app.plugin], stubs: { RouterLink: true } }, attachTo: document.body });
  await settle();
  await settle();
  const signIns = () => app.host.shell.current.frames('request').filter((f) => f.method === 'session.signIn');
  return { ...app, wrapper, signIns };
}

async function submitToken(w: VueWrapper, token: string): Promise<void> {
  await w.get('[data-testid="signin-token"]').setValue(token);
  await w.get('form').trigger('submit');
  await settle();
  await settle();
}

describe('the sign-in form', () => {
  it.each([
    ['zh-CN', '平台拒绝了该令牌：令牌错误或已过期，请重新输入。', '平台的说明：unknown or expired token'],
    ['en', 'The platform refused this token: it is wrong or has expired. Enter a valid one.', 'The platform said: unknown or expired token'],
  ] as const)('shows a refused token on the form in the operator’s language (%s), the platform’s words beside it', async (locale, text, detail) => {
    const { wrapper, host } = await mountSignIn(locale);
    host.handlers['session.signIn'] = () => {
      throw new ApiCallError('unauthenticated', 'unknown or expired token');
    };
    await submitToken(wrapper, 'wrong-token');
    const error = wrapper.get('[data-testid="signin-error"]');
    expect(error.attributes('data-code')).toBe('unauthenticated');
    expect(error.get('strong').text()).toBe(text);
    expect(wrapper.get('[data-testid="signin-error-detail"]').text()).toBe(detail);
    const input = wrapper.get('[data-testid="signin-token"]');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toContain('signin-error');
    expect(document.activeElement).toBe(input.element);
  });

  it.each([
    ['zh-CN', '请输入令牌。'],
    ['en', 'Enter the token.'],
  ] as const)('an empty or blank token is a validation message on the field, and nothing is sent (%s)', async (locale, text) => {
    const { wrapper, signIns } = await mountSignIn(locale);
    for (const token of ['', '   ']) {
      await submitToken(wrapper, token);
      expect(wrapper.get('[data-testid="signin-token-missing"]').text()).toBe(text);
      expect(wrapper.get('[data-testid="signin-token"]').attributes('aria-invalid')).toBe('true');
      expect(wrapper.find('[data-testid="signin-error"]').exists()).toBe(false);
    }
    expect(signIns()).toEqual([]);
    // Typing clears the message.
    await wrapper.get('[data-testid="signin-token"]').setValue('t');
    expect(wrapper.find('[data-testid="signin-token-missing"]').exists()).toBe(false);
  });

  it('says it is waiting for the platform while the sign-in is in flight, and when the platform has not answered yet', async () => {
    const { wrapper, host } = await mountSignIn('en');
    let answer!: (info: ReturnType<typeof sessionInfo>) => void;
    host.handlers['session.signIn'] = () => new Promise((resolve) => (answer = resolve));
    await submitToken(wrapper, 'token');
    expect(wrapper.get('[data-testid="signin-answer-wait"]').text()).toBe('Waiting for the platform to accept the token…');
    expect(wrapper.get('[data-testid="signin-submit"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('form').attributes('aria-busy')).toBe('true');

    host.state.link = linkStatus({ state: 'offline' });
    host.publish('link.status', host.state.link);
    answer(sessionInfo({ platform: configured }));
    await settle();
    await settle();
    expect(wrapper.find('[data-testid="signin-answer-wait"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="signin-unanswered"]').text()).toBe(
      'Token saved, but the platform has not answered yet (link: Offline). You are signed in as soon as it does.',
    );
  });

  it('a token the platform refuses later (expired while signed in, or the saved one) is said on the form too', async () => {
    const refused = { code: 'unauthorized', message: 'token expired', at: '2026-11-28T01:00:00.000Z' };
    const { wrapper, host } = await mountSignIn('zh-CN', { state: 'unauthorized', lastError: refused });
    expect(wrapper.get('[data-testid="signin-error"] strong').text()).toBe('平台拒绝了该令牌：令牌错误或已过期，请重新输入。');
    expect(wrapper.get('[data-testid="signin-error-detail"]').text()).toBe('平台的说明：token expired');

    // A new attempt takes its place while it is in flight.
    host.handlers['session.signIn'] = () => new Promise(() => {});
    await submitToken(wrapper, 'new-token');
    expect(wrapper.find('[data-testid="signin-error"]').exists()).toBe(false);
  });
});
