import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  REPO_ROOT,
  expect,
  httpGet,
  isErrorResponse,
  openApi,
  openTrustedApi,
  runEgret,
  test,
  type EventFrame,
  type ResponseFrame,
  type ServedConsole,
} from './support/console.ts';

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Opens the console the way an operator does (the printed URL) and waits until it talks to the host. */
async function openConsole(page: Page, egret: ServedConsole): Promise<void> {
  await page.goto(egret.url);
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
}

function expectOk(frame: ResponseFrame): unknown {
  if (isErrorResponse(frame)) throw new Error(`expected an ok response, got ${JSON.stringify(frame)}`);
  return frame.result;
}

function expectError(frame: ResponseFrame, code: string) {
  expect(frame.ok, JSON.stringify(frame)).toBe(false);
  if (!isErrorResponse(frame)) throw new Error('unreachable');
  expect(frame.error.code, JSON.stringify(frame)).toBe(code);
  expect(frame.error.message.length).toBeGreaterThan(0);
  return frame.error;
}

test('the page connects to its host, shows the unconfigured link and reaches every role view by click and by Alt+1/2/3', async ({
  page,
  egret,
}) => {
  await openConsole(page, egret);
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'unconfigured');

  // The token leaves the address bar (it is kept in this tab's sessionStorage).
  await expect(page).not.toHaveURL(/token=/);
  expect(await page.evaluate('sessionStorage.getItem("egret.apiToken")')).toBe(egret.token);

  // Without a platform the home route is the sign-in view, which says so.
  await expect(page).toHaveURL(/#\/sign-in$/);
  await expect(page.getByTestId('no-platform')).toBeVisible();
  const roleView = page.getByTestId('role-view');
  await expect(roleView).toHaveCount(0);

  const views = [
    { nav: 'nav-chief', role: 'duty_chief', hash: '#/chief', key: 'Alt+1' },
    { nav: 'nav-taker', role: 'call_taker', hash: '#/taker', key: 'Alt+2' },
    { nav: 'nav-video', role: 'video_patroller', hash: '#/video', key: 'Alt+3' },
  ] as const;

  for (const view of views) {
    await page.getByTestId(view.nav).click();
    await expect(roleView).toHaveAttribute('data-role', view.role);
    await expect(page).toHaveURL(new RegExp(`${view.hash}$`));
    await expect(page.getByTestId(view.nav)).toHaveClass(/\bactive\b/);
  }

  // Now on the video view: every shortcut below moves to a different view.
  for (const view of [views[1], views[0], views[2]]) {
    await page.keyboard.press(view.key);
    await expect(roleView).toHaveAttribute('data-role', view.role);
    await expect(page).toHaveURL(new RegExp(`${view.hash}$`));
  }
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'unconfigured');
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
});

test('a diag.echo round-trips through the host and fans out to a second tab', async ({ page, context, egret }) => {
  await openConsole(page, egret);
  await page.getByTestId('nav-taker').click();
  await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'call_taker');

  const log = (p: Page) => p.getByTestId('echo-log').locator('li .echo-text');
  async function send(p: Page, text: string): Promise<void> {
    await p.getByTestId('echo-input').fill(text);
    await p.getByTestId('echo-send').click();
    await expect(p.getByTestId('echo-input')).toHaveValue('');
  }

  await expect(log(page)).toHaveCount(0);
  await send(page, '环路测试 A');
  await expect(log(page)).toHaveText(['环路测试 A']);
  await expect(page.getByTestId('echo-error')).toHaveCount(0);

  // Another tab on the same URL: its own socket, its own subscription.
  const second = await context.newPage();
  await openConsole(second, egret);
  await second.getByTestId('nav-video').click();
  await expect(second.getByTestId('role-view')).toHaveAttribute('data-role', 'video_patroller');
  await expect(log(second)).toHaveCount(0);

  // From the second tab to both (this also proves the second tab is subscribed)…
  await send(second, 'second tab B');
  await expect(log(second)).toHaveText(['second tab B']);
  await expect(log(page)).toHaveText(['second tab B', '环路测试 A']);

  // …and from the first tab to both; the echo from before the second tab opened is not replayed.
  await send(page, '第三条 C');
  await expect(log(page)).toHaveText(['第三条 C', 'second tab B', '环路测试 A']);
  await expect(log(second)).toHaveText(['第三条 C', 'second tab B']);
});

test('the /api WebSocket refuses a missing or wrong token and a foreign Origin or Host, and serves the page origin', async ({ egret }) => {
  const wrongToken = egret.token.slice(0, -1) + (egret.token.endsWith('A') ? 'B' : 'A');
  const refusals: { name: string; options: Parameters<typeof openApi>[1]; status: number }[] = [
    { name: 'no token', options: { token: null, origin: egret.origin }, status: 401 },
    { name: 'empty token', options: { token: '', origin: egret.origin }, status: 401 },
    { name: 'wrong token (same length)', options: { token: wrongToken, origin: egret.origin }, status: 401 },
    { name: 'wrong token (other length)', options: { token: 'not-the-token', origin: egret.origin }, status: 401 },
    { name: 'foreign Origin', options: { token: egret.token, origin: 'http://evil.example' }, status: 403 },
    { name: 'no Origin', options: { token: egret.token, origin: null }, status: 403 },
    { name: 'foreign Origin, no token', options: { token: null, origin: 'http://evil.example' }, status: 403 },
    {
      name: 'foreign Host (DNS rebinding)',
      options: { token: egret.token, origin: egret.origin, host: `evil.example:${egret.port}` },
      status: 403,
    },
  ];
  for (const refusal of refusals) {
    const result = await openApi(egret.port, refusal.options);
    if (!('refused' in result)) {
      await result.close();
      throw new Error(`${refusal.name}: the API accepted the connection`);
    }
    expect(result.status, refusal.name).toBe(refusal.status);
  }
  await expect.poll(() => egret.stderr()).toContain('refused API connection');

  const api = await openTrustedApi(egret);
  const info = expectOk(await api.call('session.info')) as Record<string, unknown>;
  expect(info).toMatchObject({
    shell: 'browser',
    version: PACKAGE_VERSION,
    operator: null,
    role: null,
    signedIn: false,
    platform: { configured: false, url: null, embedded: false },
  });
  expect(typeof info.workstation).toBe('string');
  await api.close();
});

test('invalid API requests get the contract error codes and change nothing', async ({ egret }) => {
  const api = await openTrustedApi(egret);
  const watcher = await openTrustedApi(egret);
  watcher.subscribe('diag.echo');
  // Frames on one socket are handled in order: once the session.info snapshot
  // arrives, the diag.echo subscription is in place.
  watcher.subscribe('session.info');
  await watcher.waitForFrame((f): f is EventFrame => f.type === 'event' && f.topic === 'session.info');

  const infoBefore = expectOk(await api.call('session.info'));
  const statusBefore = expectOk(await api.call('link.status')) as { state: string };
  expect(statusBefore.state).toBe('unconfigured');

  const invalid: { method: string; params: unknown; path: string }[] = [
    { method: 'diag.echo', params: { text: '' }, path: 'text' },
    { method: 'diag.echo', params: { text: 5 }, path: 'text' },
    { method: 'diag.echo', params: { text: 'x'.repeat(201) }, path: 'text' },
    { method: 'diag.echo', params: {}, path: 'text' },
    { method: 'diag.echo', params: null, path: 'text' },
    { method: 'diag.echo', params: 'hello', path: '(root)' },
    { method: 'diag.echo', params: { text: 'ok', extra: true }, path: '(root)' },
    { method: 'session.signIn', params: { token: '' }, path: 'token' },
    { method: 'session.signIn', params: { token: '   ' }, path: 'token' },
    { method: 'session.signIn', params: { token: 42 }, path: 'token' },
    { method: 'session.signIn', params: {}, path: 'token' },
    { method: 'session.info', params: { verbose: true }, path: '(root)' },
  ];
  for (const c of invalid) {
    const error = expectError(await api.call(c.method, c.params), 'invalid_params');
    expect(error.issues, `${c.method} ${JSON.stringify(c.params)}`).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: c.path, message: expect.any(String) })]),
    );
  }
  // The unknown key is named, so a form can point at it.
  const extra = expectError(await api.call('diag.echo', { text: 'ok', extra: true }), 'invalid_params');
  expect(JSON.stringify(extra.issues)).toContain('extra');

  for (const name of ['diag.nope', '', 'constructor', '__proto__', 'toString']) {
    expectError(await api.call(name, {}), 'unknown_method');
  }

  // Each is answered with bad_frame — pinned on the frame's id when it has a numeric one — and none runs.
  const badFrames: { frame: string | Buffer; id: number | null }[] = [
    { frame: 'not json at all', id: null },
    { frame: '{"type":"request","id":1,', id: null },
    { frame: 'null', id: null },
    { frame: '[]', id: null },
    { frame: '{"type":"shout"}', id: null },
    { frame: '{"type":"request","method":"diag.echo","params":{"text":"no id"}}', id: null },
    { frame: '{"type":"request","id":"7","method":"diag.echo","params":{"text":"string id"}}', id: null },
    { frame: '{"type":"request","id":1.5,"method":"diag.echo","params":{"text":"fractional id"}}', id: 1.5 },
    { frame: '{"type":"request","id":-3,"method":"diag.echo","params":{"text":"negative id"}}', id: -3 },
    { frame: '{"type":"request","id":8,"params":{"text":"no method"}}', id: 8 },
    { frame: Buffer.from(JSON.stringify({ type: 'request', id: 9, method: 'diag.echo', params: { text: 'binary' } })), id: null },
  ];
  for (const { frame, id } of badFrames) {
    const reply = await api.sendRaw(frame, id);
    expectError(reply, 'bad_frame');
  }

  // An unknown topic is refused too, and the socket is still usable after all of it.
  const from = api.frames.length;
  api.subscribe('no.such.topic');
  const topicRefusal = await api.waitForFrame((f): f is ResponseFrame => f.type === 'response' && f.id === null, from);
  expectError(topicRefusal, 'invalid_params');
  expect(api.closed).toBe(false);
  expect(api.protocolErrors).toEqual([]);

  expect(expectOk(await api.call('session.info'))).toEqual(infoBefore);
  expect((expectOk(await api.call('link.status')) as { state: string }).state).toBe('unconfigured');

  // The echo topic saw nothing of the above: the first thing it carries is this sentinel.
  expect(expectOk(await api.call('diag.echo', { text: 'sentinel' }))).toEqual({ delivered: expect.any(Number) });
  await watcher.waitForFrame((f): f is EventFrame => f.type === 'event' && f.topic === 'diag.echo');
  const texts = watcher.events('diag.echo').flatMap((batch) => (batch as { text: string }[]).map((e) => e.text));
  expect(texts).toEqual(['sentinel']);

  await api.close();
  await watcher.close();
});

test('a request frame without params is treated as empty params', async ({ egret }) => {
  const api = await openTrustedApi(egret);
  const info = await api.request({ method: 'session.info' });
  expect(expectOk(info)).toMatchObject({ shell: 'browser' });
  const echo = await api.request({ method: 'diag.echo' });
  expectError(echo, 'invalid_params');
  await api.close();
});

test('the sign-in view answers Enter on an empty token with a validation message on the field', async ({ page, egret }) => {
  await openConsole(page, egret);
  await expect(page).toHaveURL(/#\/sign-in$/);
  await expect(page.getByTestId('sign-in-view')).toBeVisible();
  await expect(page.getByTestId('no-platform')).toBeVisible();

  const token = page.getByTestId('signin-token');
  await expect(token).toBeFocused();
  await expect(token).toHaveValue('');
  await expect(page.getByTestId('signin-error')).toHaveCount(0);

  await token.press('Enter');
  await expect(page.getByTestId('signin-token-missing')).toHaveText('请输入令牌。');
  await expect(page.getByTestId('signin-error')).toHaveCount(0);
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await expect(token).toBeFocused();

  // Nothing changed: still signed out, still on the sign-in view.
  await expect(page).toHaveURL(/#\/sign-in$/);
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'unconfigured');
  const api = await openTrustedApi(egret);
  expect(expectOk(await api.call('session.info'))).toMatchObject({ signedIn: false, operator: null });
  await api.close();
});

test('the served page has a strict CSP, foreign Host headers get 403 and paths cannot escape the app', async ({ page, egret }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(egret.url);
  expect(response?.status()).toBe(200);
  const csp = response?.headers()['content-security-policy'] ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values] as const),
  );
  expect(directives.get('script-src'), csp).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors'), csp).toEqual(["'none'"]);
  expect(directives.get('object-src'), csp).toEqual(["'none'"]);
  // The app runs under that policy.
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
  expect(violations).toEqual([]);

  // Same request, own Host: served; foreign Host: refused.
  const own = await httpGet(egret.port, '/');
  expect(own.status).toBe(200);
  expect(own.headers['content-security-policy']).toBe(csp);
  expect(own.body).toContain('<div id="app"');
  for (const host of ['evil.example', `evil.example:${egret.port}`, `127.0.0.1.evil.example:${egret.port}`]) {
    const foreign = await httpGet(egret.port, '/', { host });
    expect(foreign.status, host).toBe(403);
    expect(foreign.body).not.toContain('<div id="app"');
  }

  // package.json sits two levels above dist/renderer: a traversal that worked would serve it.
  const traversals = [
    '/..%2f..%2fetc/passwd',
    '/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/../../package.json',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/%2fetc%2fpasswd',
  ];
  for (const path of traversals) {
    const reply = await httpGet(egret.port, path);
    expect([403, 404], `${path} → ${reply.status}`).toContain(reply.status);
    expect(reply.body, path).not.toContain('root:');
    expect(reply.body, path).not.toContain('egret-console');
  }
  // The server is still up and serving after all that.
  expect((await httpGet(egret.port, '/index.html')).status).toBe(200);
});

test.describe('the egret CLI', () => {
  test('egret --help exits 0 and lists serve', async () => {
    const run = await runEgret(['--help']);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Usage: egret/);
    expect(run.stdout).toMatch(/\bserve\b/);
  });

  test('egret serve without --port exits 2 with a usage message', async () => {
    const run = await runEgret(['serve']);
    expect(run.timedOut, 'egret serve started instead of refusing').toBe(false);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--port/);
    expect(run.stderr).toMatch(/egret --help/);
    expect(run.stdout).not.toMatch(/http:\/\//);
  });

  test('egret serve --port 99999 exits 2', async () => {
    const run = await runEgret(['serve', '--port', '99999']);
    expect(run.timedOut, 'egret serve started instead of refusing').toBe(false);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--port must be 0–65535/);
    expect(run.stdout).not.toMatch(/http:\/\//);
  });

  test('egret bogus exits 2', async () => {
    const run = await runEgret(['bogus']);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/bogus/);
  });
});

test('the UI language switches to English, survives a reload, and switches back', async ({ page, egret }) => {
  await openConsole(page, egret);
  const html = page.locator('html');
  const localeSwitch = page.getByTestId('locale-switch');
  const title = page.getByTestId('role-view').locator('h1');
  const cjk = /[\u4e00-\u9fff]/;
  const english = /^[\x20-\x7e]+$/;

  await page.getByTestId('nav-chief').click();
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(localeSwitch).toHaveValue('zh-CN');
  await expect(title).toHaveText(cjk);

  await localeSwitch.selectOption('en');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(localeSwitch).toHaveValue('en');
  await expect(title).toHaveText(english);

  // Remembered across a reload — which also reconnects with the token kept in sessionStorage.
  await page.reload();
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(localeSwitch).toHaveValue('en');
  await expect(title).toHaveText(english);

  await localeSwitch.selectOption('zh-CN');
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(localeSwitch).toHaveValue('zh-CN');
  await expect(title).toHaveText(cjk);
});
