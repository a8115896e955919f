import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import type { IncidentRow, LinkStatus } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';

/**
 * Volunteer offers finish (issue 10 §5), on the embedded demo (`egret serve
 * --demo`, real time on both sides: the console's clock and the platform's
 * agree). The call taker offers an incident with a location to the volunteers
 * nearest it from the detail (one key: Enter on the nearest list, issue 11),
 * with a 30-second deadline and a single wave (the duty chief's wave
 * settings, set before the call taker signs in), and the offer must end visibly: taken by a named
 * volunteer, or expired — whichever the city's volunteers decide; the test
 * accepts either but not neither. Near volunteers answer within seconds, so
 * most runs end in an acceptance; the wait is the deadline plus a generous
 * margin, never a guess at how long a volunteer takes.
 */

const OFFER_EXPIRES_S = 30;
/** Long enough for the deadline, the platform's expire event and the detail's re-read, on a busy machine. */
const OUTCOME_TIMEOUT_MS = (OFFER_EXPIRES_S + 60) * 1000;
/** Where the incident is put: the city centre (思明区), where volunteers patrol. */
const CENTRE = { lat: 24.4539, lng: 118.0889 };

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;
const contexts: BrowserContext[] = [];

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  demo = await startConsole(['--demo']);
  api = await openTrustedApi(demo);
  await expect
    .poll(async () => (await callOk<LinkStatus>(api!, 'link.status')).state, { message: 'the demo console never went live', timeout: 60_000 })
    .toBe('live');
  // One wave of 30 s: this test watches one offer end (offer-waves.spec.ts watches the waves).
  await callOk(api, 'offers.setSettings', { expiresInS: OFFER_EXPIRES_S, maxWaves: 1 });
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

/** The demo console's window, signed in as the call taker from the sign-in form's demo buttons. */
async function openAsCallTaker(page: Page): Promise<void> {
  await page.goto(demo!.url);
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected');
  const view = page.getByTestId('role-view');
  // The embedded demo signs itself in as the duty chief: sign out first.
  await expect(view.or(page.getByTestId('sign-in-view'))).toBeVisible({ timeout: 30_000 });
  if (await view.isVisible()) await page.getByTestId('sign-out').click();
  await page.getByTestId('demo-signin-call_taker').click();
  await expect(view).toHaveAttribute('data-role', 'call_taker', { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
}

/** Where a volunteer on duty near the city centre stands now (positions arrive every few seconds). */
async function nearVolunteers(): Promise<{ lat: number; lng: number }> {
  let found: { lat: number; lng: number }[] = [];
  await expect
    .poll(async () => (found = await callOk<{ lat: number; lng: number }[]>(api!, 'volunteers.nearest', { ...CENTRE, k: 3 })).length, {
      message: 'no volunteer on duty near the centre',
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(3);
  return { lat: found[0]!.lat, lng: found[0]!.lng };
}

test('an offer made from the detail ends accepted by a named volunteer or expired, on the incident and in its timeline', async ({ browser }, testInfo) => {
  test.setTimeout(60_000 + OUTCOME_TIMEOUT_MS + 60_000);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  contexts.push(context);
  const page = await context.newPage();
  await openAsCallTaker(page);

  // An incident with a location, where volunteers are.
  const tag = randomBytes(4).toString('hex');
  const title = `E2E 志愿者推送 ${tag}`;
  const where = await nearVolunteers();
  await callOk(api!, 'command.send', {
    name: 'incident.create',
    args: { source: '110', category: 'rescue.medical', priority: 3, title, address: `思明区 E2E 推送测试点 ${tag}`, ...where },
  });
  let id = '';
  await expect
    .poll(
      async () => {
        const rows = (await callOk<{ rows: IncidentRow[] }>(api!, 'incidents.page', { filter: { search: title }, limit: 5 })).rows;
        return (id = rows[0]?.id ?? '');
      },
      { message: `the console never got "${title}"`, timeout: 15_000 },
    )
    .not.toBe('');
  testInfo.annotations.push({ type: 'incident', description: id });

  // Open it from the board.
  await page.getByTestId('board-search').fill(title);
  await page.getByTestId('board-search').press('Enter');
  const row = page.locator(`[data-testid="board-row"][data-id="${id}"]`);
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await row.click();
  const detail = page.getByTestId('detail');
  await expect(detail).toHaveAttribute('data-id', id);
  await expect(page.getByTestId('detail-title')).toHaveText(title);

  // Offer it to the volunteers nearest it: Enter on the nearest list.
  await page.getByTestId('detail-action-offer').click();
  const nearest = page.getByTestId('offer-nearest');
  await expect(nearest.getByTestId('offer-nearest-volunteer').first()).toBeVisible({ timeout: 15_000 });
  await nearest.focus();
  const sentAt = Date.now();
  await page.keyboard.press('Enter');
  const wave = detail.getByTestId('offer-waves');
  await expect(wave).toHaveAttribute('data-wave', '1', { timeout: 15_000 });
  const offeredIds = ((await wave.getAttribute('data-offered')) ?? '').split(',').filter(Boolean);
  expect(offeredIds.length).toBeGreaterThanOrEqual(1);
  const offeredNames = (await callOk<{ id: string; name: string }[]>(api!, 'volunteers.names', { ids: offeredIds })).map((v) => v.name);

  // The offer shows on the incident, waiting with its time left…
  const offer = detail.getByTestId('offer-status').getByTestId('offer');
  await expect(offer).toHaveCount(1, { timeout: 15_000 });
  const offerId = (await offer.getAttribute('data-id'))!;

  // …and ends: accepted or expired, never left waiting. The console may call it expired the moment the
  // deadline passes; the platform's own event (accept or expire) then settles which it was.
  await expect(offer).toHaveAttribute('data-state', /^(accepted|expired)$/, { timeout: OUTCOME_TIMEOUT_MS });
  const endings = detail.locator('[data-testid="timeline-event"][data-kind="accept"], [data-testid="timeline-event"][data-kind="expire"]');
  await expect(endings).toHaveCount(1, { timeout: 30_000 });
  const ending = (await endings.getAttribute('data-kind')) === 'accept' ? 'accepted' : 'expired';
  await expect(offer).toHaveAttribute('data-state', ending);
  const outcome = offer.getByTestId('offer-outcome');
  testInfo.annotations.push({
    type: 'outcome',
    description: JSON.stringify({ ending, afterMs: Date.now() - sentAt, text: await outcome.textContent(), offeredNames }),
  });

  const timelineOffer = detail.locator(`[data-testid="timeline-event"][data-kind="offer"] [data-testid="offer"][data-id="${offerId}"]`);
  await expect(timelineOffer).toHaveAttribute('data-state', ending);
  if (ending === 'accepted') {
    // By a volunteer's name — one of those offered, never an id — on the incident and in the offer's timeline row.
    await expect(outcome).toHaveText(/^(.+) 已接单$/);
    const name = /^(.+) 已接单$/.exec(((await outcome.textContent()) ?? '').trim())![1]!;
    expect(name).not.toMatch(/vol-/);
    expect(offeredNames).toContain(name);
    await expect(timelineOffer.getByTestId('offer-outcome')).toHaveText(`${name} 已接单`);
  } else {
    await expect(outcome).toHaveText(/超时，无人接单$/);
    await expect(timelineOffer.getByTestId('offer-outcome')).toHaveText(/超时，无人接单$/);
    await expect(offer).toHaveAttribute('data-expired-by', 'event');
  }
  // An offer never ends twice.
  await expect(endings).toHaveCount(1);
});
