import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import type { SessionInfo } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';

/**
 * The call taker's first screen on the two screens operators have (1366×768
 * and 1920×1080): after filing an incident from the intake form, the form,
 * the board's first rows and the new incident's detail header are all in the
 * viewport without scrolling, and the status bar is one line at the bottom —
 * on a short page too.
 */

const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

let served: RunningConsole | null = null;
const contexts: BrowserContext[] = [];

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  served = await startConsole(['--demo']);
  const api = await openTrustedApi(served);
  try {
    expect(await callOk<SessionInfo>(api, 'session.signIn', { token: 'demo-taker' })).toMatchObject({ role: 'call_taker' });
  } finally {
    await api.close();
  }
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

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} has no box (not rendered)`);
  return box;
}

/** Half a pixel of rounding either way. */
const SLACK = 0.5;

/** The element's box lies wholly inside `outer` (the viewport, or the scroller it sits in). */
async function expectInside(locator: Locator, outer: Box, what: string): Promise<void> {
  const box = await boxOf(locator);
  const where = `${what}: ${JSON.stringify(box)} within ${JSON.stringify(outer)}`;
  expect(box.width, where).toBeGreaterThan(0);
  expect(box.height, where).toBeGreaterThan(0);
  expect(box.x, where).toBeGreaterThanOrEqual(outer.x - SLACK);
  expect(box.y, where).toBeGreaterThanOrEqual(outer.y - SLACK);
  expect(box.x + box.width, where).toBeLessThanOrEqual(outer.x + outer.width + SLACK);
  expect(box.y + box.height, where).toBeLessThanOrEqual(outer.y + outer.height + SLACK);
}

/**
 * The status bar is one line at the very bottom: its content is no taller
 * than one line of its text (the link-state badge's border and padding
 * included), and all its items sit on that line.
 */
async function expectStatusBarOneLineAtBottom(page: Page, screen: { width: number; height: number }): Promise<void> {
  const bar = page.getByTestId('status-bar');
  const box = await boxOf(bar);
  expect(box.y + box.height, 'the status bar ends at the bottom of the window').toBeCloseTo(screen.height, 0);
  expect(box.width).toBeCloseTo(screen.width, 0);
  const measured = await bar.evaluate((el) => {
    const style = getComputedStyle(el);
    const px = (v: string) => parseFloat(v) || 0;
    // The items that show something (the spacer between the two groups has no height).
    const items = [...el.children].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
    return {
      lineHeight: px(style.lineHeight),
      content: el.getBoundingClientRect().height - px(style.paddingTop) - px(style.paddingBottom) - px(style.borderTopWidth) - px(style.borderBottomWidth),
      heights: items.map((r) => r.height),
      middles: items.map((r) => (r.top + r.bottom) / 2),
      bottoms: items.map((r) => r.bottom),
    };
  });
  const lines = `status bar: ${JSON.stringify(measured)}`;
  expect(measured.lineHeight, lines).toBeGreaterThan(0);
  expect(measured.middles.length, lines).toBeGreaterThan(3);
  expect(measured.content, lines).toBeLessThan(1.5 * measured.lineHeight);
  // No item is two lines tall, and none sits a line below the others.
  expect(Math.max(...measured.heights), lines).toBeLessThan(1.5 * measured.lineHeight);
  expect(Math.max(...measured.middles) - Math.min(...measured.middles), lines).toBeLessThan(measured.lineHeight / 2);
  expect(Math.max(...measured.bottoms), lines).toBeLessThanOrEqual(screen.height + SLACK);
}

/** A fresh window at the call taker's workstation, live, with the intake form focused. */
async function openTaker(browser: Browser, screen: { width: number; height: number }, locale: 'zh-CN' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: screen, locale });
  contexts.push(context);
  await context.addInitScript((chosen) => localStorage.setItem('egret.locale', chosen), locale);
  const page = await context.newPage();
  await page.goto(`${served!.url}#/taker`);
  await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'call_taker');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('intake-line')).toBeFocused();
  await expect(page.getByTestId('board-row').nth(1)).toBeVisible({ timeout: 15_000 });
  return page;
}

/** Files an incident from the form with the keyboard, as a call taker does; resolves with its id. */
async function fileIncident(page: Page, title: string, locale: 'zh-CN' | 'en'): Promise<string> {
  const kb = page.keyboard;
  await kb.press('Alt+P');
  await kb.type('13912345678');
  // An address picked from the address base: it carries its place, so no question follows.
  await kb.press('Alt+A');
  await kb.type('湖滨南路');
  await expect(page.getByTestId('intake-address-suggestion').first()).toBeVisible();
  await kb.press('ArrowDown');
  await kb.press('Enter');
  await kb.press('Alt+C');
  await kb.type(locale === 'en' ? 'collision' : '追尾');
  // ↓ through the options to the collision, then Enter, as the keyboard-only intake does.
  const wanted = page.locator('[data-testid="intake-category-option"][data-key="traffic.collision"]');
  await expect(wanted).toBeVisible();
  for (let step = 0; step < 10 && (await wanted.getAttribute('aria-selected')) !== 'true'; step++) await kb.press('ArrowDown');
  await expect(wanted).toHaveAttribute('aria-selected', 'true');
  await kb.press('Enter');
  await expect(page.getByTestId('intake-category')).toHaveAttribute('data-value', 'traffic.collision');
  await kb.press('Alt+T');
  await kb.type(title);
  await kb.press('Control+Enter');
  const result = page.getByTestId('intake-result');
  const confirm = page.getByTestId('intake-confirm');
  await expect(result.or(confirm)).toBeVisible({ timeout: 15_000 });
  // Should the form still ask (a place it wants confirmed), Enter takes its first answer.
  if (await confirm.isVisible()) await kb.press('Enter');
  await expect(result).toHaveAttribute('data-state', 'queued', { timeout: 15_000 });
  const id = /inc-[A-Za-z0-9-]+/.exec((await result.textContent()) ?? '')?.[0];
  if (!id) throw new Error(`no incident id in the result line: ${await result.textContent()}`);
  return id;
}

const CASES = [...SCREENS.map((screen) => ({ screen, locale: 'zh-CN' as const })), { screen: SCREENS[0], locale: 'en' as const }];

for (const { screen, locale } of CASES) {
  test(`${screen.width}×${screen.height} (${locale}): after filing, the intake form, the board's first rows and the new incident's detail header are in view; the status bar is one line`, async ({
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const page = await openTaker(browser, screen, locale);
    const title = `E2E 布局 ${screen.width} ${randomBytes(3).toString('hex')}`;
    const id = await fileIncident(page, title, locale);

    // The detail opens on the incident just filed.
    const detail = page.getByTestId('detail');
    await expect(detail).toHaveAttribute('data-id', id);
    await expect(page.getByTestId('detail-title')).toHaveText(title);
    await expect(page.getByTestId('detail-title')).toHaveAttribute('title', title);

    const viewport: Box = { x: 0, y: 0, ...screen };
    // No scrolling: neither the page nor the main area moved.
    expect(await page.evaluate(() => [window.scrollY, document.querySelector('.app-main')?.scrollTop ?? -1])).toEqual([0, 0]);

    // The intake form, from its first field to its submit button, in its column and on screen.
    const intake = page.getByTestId('intake-slot');
    await expectInside(intake, viewport, 'intake column');
    const intakeBox = await boxOf(intake);
    for (const part of ['intake-line', 'intake-phone', 'intake-address', 'intake-category', 'intake-priority', 'intake-title', 'intake-submit']) {
      await expectInside(page.getByTestId(part), intakeBox, part);
    }

    // The board's first rows, visible in its list.
    const list = page.getByTestId('board-list');
    await expectInside(list, viewport, 'board list');
    const listBox = await boxOf(list);
    for (const index of [0, 1]) {
      await expectInside(page.locator(`[data-testid="board-row"][data-index="${index}"]`), listBox, `board row ${index}`);
    }

    // Each cell of a row keeps to its column ("Dispatched" never runs into "Siming"), its full text on hover.
    for (const index of [0, 1]) {
      const row = page.locator(`[data-testid="board-row"][data-index="${index}"]`);
      const [status, district] = [row.locator('.status'), row.locator('.district')];
      const [statusBox, districtBox] = [await boxOf(status), await boxOf(district)];
      expect(statusBox.x + statusBox.width, `row ${index}: status ends before the district begins`).toBeLessThanOrEqual(districtBox.x + SLACK);
      for (const cell of [status, district]) {
        await expect(cell).toHaveAttribute('title', (await cell.textContent())!.trim());
        // Cut, not spilled: what does not fit is hidden inside the cell.
        expect(await cell.evaluate((el) => getComputedStyle(el).overflow)).toBe('hidden');
      }
    }

    // The new incident's detail header: priority, title and status.
    await expectInside(detail, viewport, 'detail panel');
    const header = detail.locator('header').first();
    await expectInside(header, viewport, 'detail header');
    await expectInside(page.getByTestId('detail-status'), await boxOf(header), 'detail status');

    await expectStatusBarOneLineAtBottom(page, screen);
    // The page is in the operator's language and offers no translation.
    await expect(page.locator('html')).toHaveAttribute('translate', 'no');
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await testInfo.attach(`taker-${screen.width}-${locale}.png`, { body: await page.screenshot(), contentType: 'image/png' });
  });
}

for (const screen of SCREENS) {
  test(`${screen.width}×${screen.height}: on a short page (sign-in, no platform) the status bar is still one line at the very bottom`, async ({
    page,
    egret,
  }) => {
    await page.setViewportSize(screen);
    await page.goto(egret.url);
    await expect(page).toHaveURL(/#\/sign-in$/);
    await expect(page.getByTestId('no-platform')).toBeVisible();
    const main = await boxOf(page.locator('.app-main'));
    const view = await boxOf(page.getByTestId('sign-in-view'));
    expect(view.height, 'the sign-in page is shorter than the window').toBeLessThan(main.height);
    await expectStatusBarOneLineAtBottom(page, screen);
  });
}
