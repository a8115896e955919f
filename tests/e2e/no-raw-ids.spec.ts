import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import type { IncidentRow } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { DEMO_RATE, callOk, cityClock, stopAll } from './support/demo.ts';

/**
 * Names, not identifiers (issue 10 §3): every role view of the embedded demo,
 * in Chinese and in English, with the details of several incidents open (one
 * dispatched by the test itself, one escalated, one with entries in this
 * workstation's audit log), shows units, volunteers, categories, operators,
 * commands and statuses by name. What the operator sees — the page's text
 * and the title of every visible element — is scanned for what an identifier
 * looks like. Incident and call numbers stay: operators quote them.
 */

const ID_SHAPES: readonly { what: string; pattern: RegExp }[] = [
  { what: 'an entity id', pattern: /\b(?:dept|op|vol|cam|road|st|place)-[\w-]+/g },
  { what: 'a snake_case key', pattern: /\b[a-z]+_[a-z_]+\b/g },
  { what: 'a dotted code or command name', pattern: /\b[a-z]+\.[a-z_]+\b/g },
];
/** References an operator quotes (inc-2026-000123, call-20261128-000042), and addresses. */
const QUOTED = [/\binc-\d{4}-\d+\b/g, /\bcall-\d{8}-\d+\b/g, /\bhttps?:\/\/\S+/g];

/** The id-shaped pieces of `text`, each with a little of what surrounds it. */
function idShaped(text: string): string[] {
  let plain = text;
  for (const quoted of QUOTED) plain = plain.replace(quoted, ' ');
  const found: string[] = [];
  for (const { what, pattern } of ID_SHAPES) {
    for (const m of plain.matchAll(pattern)) {
      const around = plain.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\s+/g, ' ');
      found.push(`${what} "${m[0]}" in "…${around}…"`);
    }
  }
  return found;
}

/** What the operator sees on `page` now: the text, and the titles of visible elements (shown on hover). */
async function visibleText(page: Page): Promise<{ text: string; titles: string[] }> {
  return page.evaluate(() => ({
    text: document.body.innerText,
    titles: [...document.querySelectorAll<HTMLElement>('[title]')].filter((el) => el.checkVisibility()).map((el) => el.title),
  }));
}

/** Adds what `where` shows that looks like an identifier to `found`. */
async function scan(page: Page, where: string, found: string[]): Promise<void> {
  const { text, titles } = await visibleText(page);
  for (const hit of idShaped(text)) found.push(`${where}: ${hit}`);
  for (const title of titles) for (const hit of idShaped(title)) found.push(`${where} (title): ${hit}`);
}

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  // 10:00 city time: a busy morning, so the board has new, dispatched and escalated incidents whatever the hour here.
  demo = await startConsole(['--demo', '--demo-rate', String(DEMO_RATE)], cityClock('10:00').env);
  api = await openTrustedApi(demo);
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterEach(async ({}) => {
  for (const context of contexts.splice(0)) await context.close();
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await api?.close();
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = api = null;
});

async function openConsole(browser: Browser, locale: 'zh-CN' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  contexts.push(context);
  // The operator's remembered language, as the locale switch stores it.
  await context.addInitScript((chosen) => window.localStorage.setItem('egret.locale', chosen), locale);
  const page = await context.newPage();
  await page.goto(demo!.url);
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  return page;
}

type DemoRole = 'duty_chief' | 'call_taker' | 'video_patroller';

/** Signs the demo console in as `role` from the sign-in form's demo buttons (signing out whoever is in first). */
async function signInAs(page: Page, role: DemoRole): Promise<void> {
  const view = page.getByTestId('role-view');
  if (await page.getByTestId('sign-in-view').isHidden()) {
    await expect(view).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('sign-out').click();
  }
  await page.getByTestId(`demo-signin-${role}`).click();
  await expect(view).toHaveAttribute('data-role', role, { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
}

/** The rows the board in `area` shows, once there are some. */
async function boardRows(area: Locator): Promise<{ id: string; status: string }[]> {
  const rows = area.getByTestId('board-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  return rows.evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-id')!, status: el.getAttribute('data-status')! })));
}

/** Opens incident `id` from the board in `area` and waits for its detail and timeline there. */
async function openDetail(area: Locator, id: string, clickTimeout?: number): Promise<void> {
  await area.locator(`[data-testid="board-row"][data-id="${id}"]`).click({ timeout: clickTimeout });
  await expect(area.getByTestId('detail')).toHaveAttribute('data-id', id);
  await expect(area.getByTestId('detail-title')).toBeVisible();
  await expect(area.getByTestId('timeline-event').first()).toBeVisible();
}

/**
 * Opens, one after another, `n` incidents of the board that are not in `skip`, scanning each detail. The live
 * board re-sorts as the city moves incidents on: a row that has left it by the time it is clicked is passed over
 * for the next one.
 */
async function scanDetails(area: Locator, where: string, n: number, found: string[], skip: ReadonlySet<string> = new Set()): Promise<void> {
  const candidates = (await boardRows(area)).map((r) => r.id).filter((id) => !skip.has(id));
  let opened = 0;
  for (const id of candidates) {
    if (opened === n) break;
    try {
      await openDetail(area, id, 5_000);
    } catch {
      continue;
    }
    await scan(area.page(), `${where}, detail of ${id}`, found);
    opened++;
  }
  expect(opened, `${where}: no incident detail could be opened`).toBeGreaterThanOrEqual(Math.min(n, 2));
}

/**
 * Dispatches a new incident (the board filtered to new ones: the city moves incidents on by itself) to the first
 * unit the form offers; resolves with its id once the timeline shows the dispatch. The board's filter is reset after.
 */
async function dispatchOne(area: Locator): Promise<string> {
  await area.getByTestId('board-filter-status-any').click();
  await area.locator('[data-testid="board-filter-status"] [data-value="new"]').click();
  const row = area.locator('[data-testid="board-row"][data-status="new"]').first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  const id = (await row.getAttribute('data-id'))!;
  await openDetail(area, id);
  await area.getByTestId('detail-action-dispatch').click();
  const unit = area.getByTestId('dispatch-department').first();
  // The unit's name as the dispatch form shows it beside its box.
  const unitName = (await unit.locator('xpath=following-sibling::span[1]').textContent())!.trim();
  await unit.check();
  await area.getByTestId('dispatch-submit').click();
  await expect(area.getByTestId('action-result')).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
  await expect(area.locator('[data-testid="timeline-event"][data-kind="dispatch"]').first()).toBeVisible({ timeout: 15_000 });
  // The timeline says whom the dispatch sent, by name, and so does the incident.
  expect.soft(unitName).not.toBe('');
  await expect.soft(area.locator('[data-testid="timeline-event"][data-kind="dispatch"]').filter({ hasText: unitName })).not.toHaveCount(0);
  await expect.soft(area.getByTestId('detail-departments')).toContainText(unitName);
  await area.getByTestId('board-filter-reset').click();
  return id;
}

async function chiefViews(page: Page, found: string[]): Promise<void> {
  await signInAs(page, 'duty_chief');
  // The dashboard: figures, charts' tables, escalations waiting for the city, road status, workload by unit.
  await expect(page.getByTestId('escalation-item').first().or(page.getByTestId('escalations-empty'))).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('road-status-table')).toBeVisible();
  // Each chart's data table too (a shown table's button is renamed "hide", so the next one is always the first).
  const showTable = page.getByRole('button', { name: /显示数据表|Show data table/ });
  for (let left = await showTable.count(); left > 0; left--) await showTable.first().click();
  await scan(page, 'chief dashboard', found);

  // The board tab (the dashboard's compact board stays mounted, hidden: everything is looked for in the tab's panel).
  const board = page.locator('#chief-panel-board');
  await page.getByTestId('chief-tab-board').click();
  const dispatched = await dispatchOne(board);
  await scan(page, `chief board, detail of ${dispatched} just dispatched`, found);
  await scanDetails(board, 'chief board', 3, found, new Set([dispatched]));
  // Escalated incidents: their timelines say from which level to which.
  await board.getByTestId('board-filter-level').selectOption('district');
  await scanDetails(board, 'chief board, escalated to the district', 2, found);
  await board.getByTestId('board-filter-reset').click();

  // This workstation's audit log holds the dispatch just sent (queued, then applied).
  await page.getByTestId('chief-tab-audit').click();
  await expect(page.getByTestId('audit-row').first()).toBeVisible({ timeout: 15_000 });
  const audited = page.getByTestId('audit-row').filter({ hasText: dispatched });
  await expect(audited.first()).toBeVisible();
  // Queued, then applied: neither is an error, so neither is painted as one.
  await expect.soft(audited.locator('[data-testid="audit-outcome"].failed')).toHaveCount(0);
  await scan(page, 'chief audit log', found);

  // The warnings (issue 14) with their thresholds unfolded: kinds, families, districts, baselines by name.
  await page.getByTestId('chief-tab-warnings').click();
  await expect(page.getByTestId('warning-list')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('warning-settings-fold').locator('summary').click();
  await expect(page.getByTestId('warning-settings-save')).toBeEnabled({ timeout: 15_000 });
  await scan(page, 'chief warnings', found);

  await page.getByTestId('chief-tab-link').click();
  await expect(page.getByTestId('link-status-panel')).toBeVisible();
  await scan(page, 'chief link diagnostics', found);

  // Back on the board, the incident with audit entries is opened once more, now that its log is seen.
  await page.getByTestId('chief-tab-board').click();
  await expect(board.getByTestId('board-row').first()).toBeVisible({ timeout: 30_000 });
  await board.getByTestId('board-filter-status-any').click();
  const row = board.locator(`[data-testid="board-row"][data-id="${dispatched}"]`);
  if (await row.isVisible()) {
    await openDetail(board, dispatched);
    await scan(page, `chief board, detail of ${dispatched} (audited)`, found);
  }
}

async function takerViews(page: Page, found: string[]): Promise<void> {
  await signInAs(page, 'call_taker');
  await scan(page, 'call taker', found);
  // The read-only warnings under the top bar's badge.
  await page.getByTestId('warnings-badge').click();
  await expect(page.getByTestId('warnings-drop')).toBeVisible();
  await scan(page, 'call taker, warnings', found);
  await page.getByTestId('warnings-drop-close').click();
  await scanDetails(page.getByTestId('taker-workspace'), 'call taker board', 3, found);
  // A caller who has called before (the demo city's own callers' numbers are masked): the intake form lists
  // that caller's open incidents as possible duplicates.
  const phone = `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const title = `E2E 名称检查 ${phone}`;
  await callOk(api!, 'command.send', {
    name: 'incident.create',
    args: { source: '110', category: 'hazard.gas_leak', priority: 2, title, address: '思明区湖滨南路388号', caller: { phone } },
  });
  await expect
    .poll(async () => (await callOk<{ rows: IncidentRow[] }>(api!, 'incidents.page', { filter: { search: phone }, limit: 5 })).rows.length, {
      message: `the cache never got "${title}"`,
      timeout: 30_000,
    })
    .toBe(1);
  await page.getByTestId('intake-phone').fill(phone!);
  await expect(page.getByTestId('duplicate-item').first()).toBeVisible({ timeout: 15_000 });
  await scan(page, 'call taker, possible duplicates', found);
}

async function videoViews(page: Page, found: string[]): Promise<void> {
  await signInAs(page, 'video_patroller');
  // The side column opens on the camera directory; the live incidents are its 事件 tab.
  await expect(page.getByTestId('camera-directory')).toBeVisible({ timeout: 30_000 });
  await scan(page, 'video patroller, camera directory', found);
  await page.getByTestId('video-tab-incidents').click();
  await boardRows(page.getByTestId('role-view'));
  await scan(page, 'video patroller', found);
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`${locale}: every role view and several incident details show names, not identifiers`, async ({ browser }, testInfo) => {
    test.setTimeout(240_000);
    const page = await openConsole(browser, locale);
    const found: string[] = [];
    await chiefViews(page, found);
    await takerViews(page, found);
    await videoViews(page, found);
    testInfo.annotations.push({ type: 'found', description: JSON.stringify(found.length) });
    expect(found, found.join('\n')).toEqual([]);
  });
}
