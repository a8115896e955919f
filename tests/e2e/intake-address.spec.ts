import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { IncidentRow, PlaceMatch } from '../../native/api/index.ts';
import type { Incident } from '../../native/protocol/entities.ts';
import { buildAddressBase, type AddressPlace } from '../../native/simulator/city/address-base.ts';
import { DistrictMap } from '../../native/simulator/city/district-map.ts';
import { expect, isErrorResponse, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { DEMO_RATE, callOk, cityClock, stopAll } from './support/demo.ts';

/**
 * The call taker's address field on the embedded demo (`egret serve --demo`,
 * signed in as the call taker from the sign-in form's demo buttons), issue 10
 * §1–2: a typed address is geocoded against the platform's address base
 * before it is filed; the suggestion list never takes a click meant for the
 * next field; a P1 without a location is confirmed first; a double click on
 * submit leaves the fresh form clean.
 *
 * The oracle for "the right place" is the demo platform's own address base,
 * built here from its sources: what the console's cache and geocoder make of
 * the typed text must come out as the platform's place.
 */

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  // 10:00 city time, whatever the hour here: the demo city's day does not decide what these tests see.
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

// ── helpers (local to this file) ───────────────────────────────────────────

/** The platform's address base, as the demo publishes it (the same for every run). */
const addressBase = buildAddressBase(new DistrictMap());

/** A house-number address of the demo's base on `road`, in `district`. */
function addressOn(road: string, district: string): AddressPlace {
  const place = addressBase.places.find(
    (p) => p.kind === 'address' && p.district === district && p.name.startsWith(road) && /\d+号$/.test(p.name),
  );
  if (!place) throw new Error(`the demo's address base has no house number on ${road} in ${district}`);
  return place;
}

interface TakerWindow {
  page: Page;
  /** Titles of the incident.create commands the window sent, in order (read off its API socket). */
  created: string[];
}

/** The call taker's window at 1366×768, signed in from the demo buttons, its link live and the address base in its cache. */
async function openTaker(browser: Browser): Promise<TakerWindow> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  const created: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { method?: string; params?: { name?: string; args?: { title?: string } } };
      if (frame.method === 'command.send' && frame.params?.name === 'incident.create') created.push(frame.params.args?.title ?? '');
    }),
  );
  await page.goto(demo!.url);
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
  const view = page.getByTestId('role-view');
  if (await page.getByTestId('sign-in-view').isHidden()) {
    await expect(view).toBeVisible({ timeout: 30_000 });
    if ((await view.getAttribute('data-role')) !== 'call_taker') {
      await page.getByTestId('sign-out').click();
      await page.getByTestId('demo-signin-call_taker').click();
    }
  } else {
    await page.getByTestId('demo-signin-call_taker').click();
  }
  await expect(view).toHaveAttribute('data-role', 'call_taker', { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  // The places come with the snapshot; the suggestions say when they are in.
  await expect
    .poll(
      async () =>
        (await callOk<{ items: PlaceMatch[] }>(api!, 'places.suggest', { text: '湖滨南路' })).items.filter((m) => m.source === 'place')
          .length,
      {
        message: 'the address base never reached the console’s cache',
        timeout: 60_000,
      },
    )
    .toBeGreaterThan(0);
  await expect(page.getByTestId('intake-line')).toBeFocused();
  return { page, created };
}

/** Picks the only category the typed words leave (Enter takes the highlighted one). */
async function chooseCategory(page: Page, words: string, code: string): Promise<void> {
  await page.keyboard.press('Alt+C');
  await page.keyboard.type(words);
  await expect(page.getByTestId('intake-category-option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-category')).toHaveAttribute('data-value', code);
}

/** The incident as the console's cache has it, or null while it has not come back from the platform. */
async function incidentById(id: string): Promise<Incident | null> {
  const frame = await api!.call('incident.get', { id });
  if (isErrorResponse(frame)) {
    expect(frame.error.code).toBe('not_found');
    return null;
  }
  return (frame.result as { incident: Incident }).incident;
}

function randomPhone(): string {
  return `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

// ── the tests ──────────────────────────────────────────────────────────────

test('a free-typed Xiamen address is geocoded to its district and coordinates, filed with them, gets its deadline and can be offered to volunteers', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const target = addressOn('集美大道', '350211');
  testInfo.annotations.push({ type: 'address', description: JSON.stringify(target) });
  const { page } = await openTaker(browser);
  const kb = page.keyboard;
  const tag = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const title = `E2E 地址定位 ${tag}`;

  await kb.press('Alt+P');
  await kb.type(randomPhone());
  await expect(page.getByTestId('intake-phone-reading')).toHaveAttribute('data-kind', 'mobile');
  // Typed, not picked: the list may offer it, the operator types on.
  await kb.press('Alt+A');
  await kb.type(target.name);
  await chooseCategory(page, '燃气泄漏', 'hazard.gas_leak');
  await expect(page.getByTestId('intake-address')).toHaveValue(target.name);
  await expect(page.getByTestId('intake-priority')).toHaveAttribute('data-value', '2');
  await kb.press('Alt+T');
  await kb.type(title);
  await kb.press('Control+Enter');

  // Before it is filed: the best match, its precision and district, in place of the submit button.
  const confirm = page.getByTestId('intake-confirm');
  await expect(confirm).toHaveAttribute('data-step', 'location');
  await expect(page.getByTestId('intake-submit')).toHaveCount(0);
  const best = page.getByTestId('intake-location-option').first();
  await expect(best).toHaveAttribute('data-precision', 'address');
  await expect(best).toContainText(target.name);
  await expect(best).toContainText('门牌地址');
  await expect(best).toContainText('集美区');
  await expect(page.getByTestId('intake-location-options')).toBeFocused();
  await kb.press('Enter');

  const result = page.getByTestId('intake-result');
  await expect(result).toHaveAttribute('data-state', 'queued');
  const id = /inc-[A-Za-z0-9-]+/.exec((await result.textContent()) ?? '')?.[0];
  expect(id, 'no incident id in the result line').toBeTruthy();
  await expect(page.getByTestId('intake-result-unlocated')).toHaveCount(0);

  // On the platform and back: the platform's place, and the P2 deadline (2 h after it was reported).
  let incident: Incident | null = null;
  await expect
    .poll(async () => (incident = await incidentById(id!)) !== null, { message: `the cache never got ${id}`, timeout: 30_000 })
    .toBe(true);
  expect(incident!).toMatchObject({ title, address: target.name, district: '350211', street: target.street, community: target.community });
  expect(incident!.lat).toBeCloseTo(target.lat, 6);
  expect(incident!.lng).toBeCloseTo(target.lng, 6);
  expect(Date.parse(incident!.due_at!) - Date.parse(incident!.reported_at)).toBe(2 * 3_600_000);

  // The detail beside the form: its deadline shown, and 推送志愿者 offered (it has a location now).
  const detail = page.getByTestId('detail');
  await expect(detail).toHaveAttribute('data-id', id!);
  const due = page.getByTestId('detail-fields').locator('dt', { hasText: '督办期限' }).locator('xpath=following-sibling::dd[1]');
  await expect(due).toHaveText(/\d{1,2}:\d{2}/);
  await expect(page.getByTestId('detail-action-offer')).toBeVisible();
  await expect(page.getByTestId('detail-action-offer')).toContainText('推送志愿者');
});

test('with the address suggestions open, a click on the category field lands there and the address stays', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page } = await openTaker(browser);
  const address = page.getByTestId('intake-address');
  await page.keyboard.press('Alt+A');
  await page.keyboard.type('湖滨南路');
  await expect(page.getByTestId('intake-address-suggestion').first()).toBeVisible();
  await expect(address).toHaveAttribute('aria-expanded', 'true');

  // Playwright clicks only what receives the click at that point: the list must not lie over the field.
  await page.getByTestId('intake-category').click();
  await expect(page.getByTestId('intake-category')).toBeFocused();
  await expect(address).toHaveValue('湖滨南路');
  await expect(address).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('intake-address-note')).toHaveCount(0);
});

test('a P1 without a location asks before it is filed: Esc goes back and files nothing, Enter files it', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, created } = await openTaker(browser);
  const kb = page.keyboard;
  const title = `E2E 无位置一级 ${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  await chooseCategory(page, '建筑火灾', 'fire.building');
  await expect(page.getByTestId('intake-priority')).toHaveAttribute('data-value', '1');
  await kb.press('Alt+T');
  await kb.type(title);
  await page.getByTestId('intake-submit').click();

  const confirm = page.getByTestId('intake-confirm');
  await expect(confirm).toHaveAttribute('data-step', 'unlocated');
  await expect(confirm).toContainText('1 紧急事件没有位置（未填地址），仍然提交吗？');
  await expect(page.getByTestId('intake-confirm-file')).toBeFocused();
  await kb.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('intake-address')).toBeFocused();
  await expect(page.getByTestId('intake-title')).toHaveValue(title);
  await expect(page.getByTestId('intake-result')).toHaveCount(0);
  // Nothing went out.
  expect(created).toEqual([]);

  await kb.press('Control+Enter');
  await expect(confirm).toHaveAttribute('data-step', 'unlocated');
  await kb.press('Enter');
  const result = page.getByTestId('intake-result');
  await expect(result).toHaveAttribute('data-state', 'queued');
  await expect(page.getByTestId('intake-result-unlocated')).toContainText('地址未定位');
  expect(created).toEqual([title]);
  await expect
    .poll(
      async () => (await callOk<{ rows: IncidentRow[] }>(api!, 'incidents.page', { filter: { search: title }, limit: 5 })).rows.length,
      {
        timeout: 30_000,
      },
    )
    .toBe(1);
});

test('a double click on 提交 files one incident and leaves no error on the fresh form', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, created } = await openTaker(browser);
  const kb = page.keyboard;
  const title = `E2E 双击提交 ${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  await chooseCategory(page, '遗失物品', 'other.lost_property');
  await kb.press('Alt+T');
  await kb.type(title);
  await page.getByTestId('intake-submit').dblclick();

  const result = page.getByTestId('intake-result');
  await expect(result).toHaveAttribute('data-state', 'queued');
  await expect(page.getByTestId('intake-title')).toHaveValue('');
  // The platform's answer comes and goes; the form stays clean all the while.
  await expect(result).toContainText('平台已受理事件');
  await expect(result).toHaveAttribute('data-state', 'queued');
  await expect(page.locator('[data-testid^="intake-error-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="intake-panel"] [aria-invalid="true"]')).toHaveCount(0);
  await expect
    .poll(
      async () => (await callOk<{ rows: IncidentRow[] }>(api!, 'incidents.page', { filter: { search: title }, limit: 5 })).rows.length,
      {
        timeout: 30_000,
      },
    )
    .toBe(1);
  expect(created).toEqual([title]);
});
