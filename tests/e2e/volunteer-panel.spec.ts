import { randomBytes } from 'node:crypto';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { LinkStatus, Result } from '../../native/api/index.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';

/**
 * The volunteer panel (issue 11, "volunteers as a resource") on the embedded
 * demo, in the duty chief's 志愿者 tab: the leaderboard and the patrols come
 * from the demo's volunteers; two photo reports filed here as volunteers'
 * (the city's own are verified by the city within minutes, so the test files
 * its own, which nobody else touches) are verified and rejected from the
 * panel, and the platform's incident says so. Nothing here depends on the
 * city's hour: its volunteers patrol around the clock, and the reports are
 * the test's own.
 */

/** A 2×2 PNG: a real image the page must load from the demo's files origin (the CSP's img-src). */
const PHOTO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNQlpNUlpNkKFmyqWTJJgATjgRJKk8g7wAAAABJRU5ErkJggg==';

type Reports = Result<'volunteers.reports'>;
type Incident = Result<'incident.get'>;

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

/** Files a volunteer's photo report (as the demo's volunteers' reports look) and waits for it in the waiting list, photo attached. */
async function fileReport(title: string): Promise<string> {
  await callOk(api!, 'command.send', {
    name: 'incident.create',
    args: {
      source: 'volunteer',
      category: 'hazard.building',
      priority: 3,
      title,
      address: '思明区湖滨南路388号',
      lat: 24.4771,
      lng: 118.1102,
      caller: { name: '林**' },
    },
  });
  let id = '';
  await expect
    .poll(async () => (id = (await callOk<Reports>(api!, 'volunteers.reports', { limit: 100 })).items.find((r) => r.title === title)?.id ?? ''), {
      message: `"${title}" never reached the waiting reports`,
      timeout: 15_000,
    })
    .not.toBe('');
  await callOk(api!, 'command.send', { name: 'incident.attach', args: { incident: id, kind: 'photo', data_base64: PHOTO_PNG, mime: 'image/png' } });
  await expect
    .poll(async () => (await callOk<Reports>(api!, 'volunteers.reports', { limit: 100 })).items.find((r) => r.id === id)?.photos.length ?? 0, {
      message: `the photo of "${title}" never arrived`,
      timeout: 15_000,
    })
    .toBe(1);
  return id;
}

async function statusOf(id: string): Promise<string> {
  return (await callOk<Incident>(api!, 'incident.get', { id })).incident.status;
}

/** The demo's window, as the duty chief (the demo signs itself in as one), on the 志愿者 tab. */
async function openVolunteerTab(page: Page): Promise<Locator> {
  await page.goto(demo!.url);
  await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief', { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await page.getByTestId('chief-tab-volunteers').click();
  const panel = page.getByTestId('volunteer-panel');
  await expect(panel).toBeVisible();
  return panel;
}

test('the duty chief sees the leaderboard and who patrols where, and verifies one photo report and rejects another with a reason', async ({ browser }) => {
  test.setTimeout(150_000);
  const tag = randomBytes(4).toString('hex');
  const toVerify = await fileReport(`E2E 墙体裂缝 ${tag}`);
  const toReject = await fileReport(`E2E 井盖缺失 ${tag}`);

  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  contexts.push(context);
  const page = await context.newPage();
  const panel = await openVolunteerTab(page);

  // The leaderboard: the demo's volunteers, most points first, by name (masked), never by id.
  const rows = panel.getByTestId('leaderboard-row');
  await expect(rows.first()).toBeVisible({ timeout: 15_000 });
  expect(await rows.count()).toBe(20);
  const points = await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-points'))));
  expect(points).toEqual([...points].sort((a, b) => b - a));
  await expect(rows.first()).toHaveAttribute('data-rank', '1');
  await expect(rows.first().getByTestId('leaderboard-name')).not.toContainText('vol-');

  // On patrol now: the demo's 2,000 on duty report every few seconds; each counted in one of the six districts.
  const summary = panel.getByTestId('volunteer-patrol-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-total')), { timeout: 30_000 }).toBeGreaterThan(1_000);
  const perDistrict = await panel.getByTestId('volunteer-patrol-count').allTextContents();
  expect(perDistrict.length).toBeGreaterThanOrEqual(6);
  const total = Number(await summary.getAttribute('data-total'));
  // The table and the summary are read a moment apart; both come from one answer, so they agree.
  expect(perDistrict.map(Number).reduce((a, b) => a + b, 0)).toBe(total);
  expect(perDistrict.slice(0, 6).map(Number).filter((n) => n > 0).length).toBe(6);

  // The reports, each with its photo, loaded from the platform's files origin (allowed by the page's CSP).
  const verifyCard = panel.locator(`[data-testid="volunteer-report"][data-id="${toVerify}"]`);
  const rejectCard = panel.locator(`[data-testid="volunteer-report"][data-id="${toReject}"]`);
  await expect(verifyCard).toBeVisible({ timeout: 15_000 });
  await expect(rejectCard).toBeVisible();
  const thumb = verifyCard.getByTestId('report-photo').locator('img');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(2);

  // Click to enlarge, Esc to close.
  await verifyCard.getByTestId('report-photo').click();
  const lightbox = page.getByTestId('report-lightbox');
  await expect(lightbox).toBeVisible();
  await expect(lightbox.locator('img')).toHaveAttribute('src', /\/files\//);
  await page.keyboard.press('Escape');
  await expect(lightbox).toHaveCount(0);

  // Verify: the incident becomes verified and the report leaves the list.
  await verifyCard.getByTestId('report-verify').click();
  await expect(verifyCard).toHaveCount(0, { timeout: 20_000 });
  expect(await statusOf(toVerify)).toBe('verified');

  // Reject: no reason, nothing sent; with one, the incident is cancelled with it as the transition's note.
  await rejectCard.getByTestId('report-reject').click();
  await rejectCard.getByTestId('report-reject-confirm').click();
  await expect(rejectCard.getByTestId('report-reason-missing')).toBeVisible();
  await expect(rejectCard.getByTestId('report-phase')).toHaveCount(0);
  expect(await statusOf(toReject)).toBe('new');
  const reason = `照片与描述不符 ${tag}`;
  await rejectCard.getByTestId('report-reason').fill(reason);
  await rejectCard.getByTestId('report-reject-confirm').click();
  await expect(rejectCard).toHaveCount(0, { timeout: 20_000 });
  const rejected = await callOk<Incident>(api!, 'incident.get', { id: toReject });
  expect(rejected.incident.status).toBe('cancelled');
  expect(rejected.events.find((e) => e.kind === 'status' && e.data?.to === 'cancelled')?.text).toBe(reason);
});

test('the call taker unfolds the volunteer panel below the workspace, and may verify from it', async ({ browser }) => {
  test.setTimeout(90_000);
  const toVerify = await fileReport(`E2E 路灯损坏 ${randomBytes(4).toString('hex')}`);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(demo!.url);
  const view = page.getByTestId('role-view');
  await expect(view).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sign-out').click();
  await page.getByTestId('demo-signin-call_taker').click();
  await expect(view).toHaveAttribute('data-role', 'call_taker', { timeout: 30_000 });

  // Folded, the panel asks the host nothing; unfolded, it is all there.
  const folded = page.getByTestId('taker-volunteers');
  await expect(folded.getByTestId('volunteer-panel')).toHaveCount(0);
  await folded.locator('summary').click();
  const panel = folded.getByTestId('volunteer-panel');
  await expect(panel.getByTestId('leaderboard-row').first()).toBeVisible({ timeout: 15_000 });
  const card = panel.locator(`[data-testid="volunteer-report"][data-id="${toVerify}"]`);
  await card.getByTestId('report-verify').click();
  await expect(card).toHaveCount(0, { timeout: 20_000 });
  expect(await statusOf(toVerify)).toBe('verified');
});
