import type { BrowserContext, Page } from '@playwright/test';
import type { LinkStatus, SessionInfo } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';

/**
 * Signing in as an operator would, on a console linked to its embedded demo
 * platform: a wrong token is refused by the platform and the form says so in
 * the operator's language; an empty token never leaves the form.
 */

let served: RunningConsole | null = null;
const contexts: BrowserContext[] = [];

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  served = await startConsole(['--demo']);
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterEach(async ({}) => {
  for (const context of contexts.splice(0)) await context.close();
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await stopAll(testInfo, [{ name: 'egret-serve', proc: served }]);
  served = null;
});

/** The demo console signs itself in as the duty chief; each test starts from the sign-in form. */
async function signedOut(): Promise<void> {
  const api = await openTrustedApi(served!);
  try {
    const info = await callOk<SessionInfo>(api, 'session.signOut');
    expect(info).toMatchObject({ signedIn: false, operator: null });
  } finally {
    await api.close();
  }
}

/**
 * A window on the sign-in form in `locale`, recording every request it sends
 * to the host (the page's API WebSocket).
 */
async function openSignIn(browser: import('@playwright/test').Browser, locale: 'zh-CN' | 'en'): Promise<{ page: Page; sent: () => string[] }> {
  const context = await browser.newContext({ locale });
  contexts.push(context);
  // The console remembers the operator's language choice (egret.locale).
  await context.addInitScript((chosen) => localStorage.setItem('egret.locale', chosen), locale);
  const page = await context.newPage();
  const methods: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type?: string; method?: string };
      if (frame.type === 'request' && frame.method) methods.push(frame.method);
    }),
  );
  await page.goto(served!.url);
  await expect(page).toHaveURL(/#\/sign-in$/);
  await expect(page.getByTestId('demo-platform')).toBeVisible();
  await expect(page.getByTestId('signin-token')).toBeFocused();
  return { page, sent: () => [...methods] };
}

const REFUSED = {
  'zh-CN': '平台拒绝了该令牌：令牌错误或已过期，请重新输入。',
  en: 'The platform refused this token: it is wrong or has expired. Enter a valid one.',
} as const;

for (const locale of ['zh-CN', 'en'] as const) {
  test(`a wrong token is refused on the form in the operator's language (${locale}), and the right one then signs in`, async ({ browser }) => {
    await signedOut();
    const { page, sent } = await openSignIn(browser, locale);
    const token = page.getByTestId('signin-token');
    await token.fill('not-a-demo-token');
    await token.press('Enter');

    const error = page.getByTestId('signin-error');
    await expect(error).toHaveAttribute('data-code', 'unauthenticated', { timeout: 15_000 });
    await expect(error.locator('strong')).toHaveText(REFUSED[locale]);
    await expect(page.getByTestId('signin-error-detail')).toBeVisible();
    await expect(token).toHaveAttribute('aria-invalid', 'true');
    await expect(token).toBeFocused();
    // Not a bare English line in the status bar only: the form itself says it, in this language.
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'unauthorized');
    await expect(page).toHaveURL(/#\/sign-in$/);
    expect(sent().filter((m) => m === 'session.signIn')).toHaveLength(1);

    // The right token signs in: the call taker's view.
    await token.fill('demo-taker');
    await token.press('Enter');
    await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'call_taker', { timeout: 15_000 });
  });

  test(`an empty token is a validation message on the form and nothing is sent (${locale})`, async ({ browser }) => {
    await signedOut();
    const { page, sent } = await openSignIn(browser, locale);
    const token = page.getByTestId('signin-token');
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'signed_out');

    await token.press('Enter');
    await expect(page.getByTestId('signin-token-missing')).toHaveText(locale === 'en' ? 'Enter the token.' : '请输入令牌。');
    await token.fill('   ');
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('signin-token-missing')).toBeVisible();
    await expect(token).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('signin-error')).toHaveCount(0);

    // Nothing went to the host, and nothing changed there.
    expect(sent()).not.toContain('session.signIn');
    const api = await openTrustedApi(served!);
    try {
      expect(await callOk<SessionInfo>(api, 'session.info')).toMatchObject({ signedIn: false, operator: null });
      expect((await callOk<LinkStatus>(api, 'link.status')).state).toBe('signed_out');
    } finally {
      await api.close();
    }
  });
}
