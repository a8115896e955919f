import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { IncidentRow, LinkStatus, WaveState } from '../../native/api/index.ts';
import type { IncidentEvent } from '../../native/protocol/entities.ts';
import { egretAsync } from '../support/cli.ts';
import { expect, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { callOk, stopAll } from './support/demo.ts';

/**
 * 派单 in waves (issue 11) on the embedded demo: the duty chief offers an
 * incident with one key (Enter on the nearest list) — from the map's
 * incident card, and from the detail — the host runs the waves, and the
 * console shows them.
 *
 * The demo's volunteers answer by chance and walk at their own pace, which
 * a test cannot wait on: each part starts its own console with the demo's
 * test settings (README, tests only) — everyone offered takes it and helps
 * at a 200th of the time (so the winner's points come within seconds), or
 * nobody takes it (so the offer runs out and the next wave must go).
 *
 * Points before the offer are read from the console's cache with `egret
 * export volunteer` (beside the running console; whoever takes it is not
 * known yet), after it from `volunteers.profile` (the map's volunteer card)
 * and on the leaderboard, where the duty chief finds them from their name
 * on the incident (its top 20 seldom hold a volunteer earning 10 points).
 */

/** The city centre (思明区, urban: the first wave reaches 500 m), where volunteers patrol. */
const CENTRE = { lat: 24.4539, lng: 118.0889 };

const contexts: BrowserContext[] = [];
// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterEach(async ({}) => {
  for (const context of contexts.splice(0)) await context.close();
});

interface Demo {
  console: RunningConsole;
  api: ApiSocket;
}

async function startDemo(env: Record<string, string>): Promise<Demo> {
  const started = await startConsole(['--demo'], env);
  try {
    const socket = await openTrustedApi(started);
    await expect
      .poll(async () => (await callOk<LinkStatus>(socket, 'link.status')).state, {
        message: 'the demo console never went live',
        timeout: 60_000,
      })
      .toBe('live');
    return { console: started, api: socket };
  } catch (error) {
    await started.stop();
    throw error;
  }
}

/** The demo console's window as the duty chief (the demo signs itself in as one), on the board. */
async function openBoard(demo: Demo, page: Page): Promise<void> {
  await page.goto(demo.console.url);
  await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief', { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await page.getByTestId('chief-tab-board').click();
}

/** Files an incident where a volunteer on duty near the centre stands now; its id and place. */
async function fileAtVolunteers(demo: Demo, title: string): Promise<{ id: string; lat: number; lng: number }> {
  let found: { lat: number; lng: number }[] = [];
  await expect
    .poll(async () => (found = await callOk<{ lat: number; lng: number }[]>(demo.api, 'volunteers.nearest', { ...CENTRE, k: 3 })).length, {
      message: 'no volunteer on duty near the centre',
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(3);
  const where = { lat: found[0]!.lat, lng: found[0]!.lng };
  await callOk(demo.api, 'command.send', {
    name: 'incident.create',
    args: { source: '110', category: 'rescue.medical', priority: 3, title, address: `思明区 E2E 分波推送 ${title}`, ...where },
  });
  let id = '';
  await expect
    .poll(
      async () =>
        (id =
          (await callOk<{ rows: IncidentRow[] }>(demo.api, 'incidents.page', { filter: { search: title }, limit: 5 })).rows[0]?.id ?? ''),
      {
        message: `the console never got "${title}"`,
        timeout: 15_000,
      },
    )
    .not.toBe('');
  return { id, ...where };
}

/** Files an incident where volunteers are and opens it from the board; its id. */
async function incidentAtVolunteers(demo: Demo, page: Page, title: string): Promise<string> {
  const { id } = await fileAtVolunteers(demo, title);
  await page.getByTestId('board-search').fill(title);
  await page.getByTestId('board-search').press('Enter');
  const row = page.locator(`[data-testid="board-row"][data-id="${id}"]`);
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await row.click();
  await expect(page.getByTestId('detail')).toHaveAttribute('data-id', id);
  return id;
}

/** The duty chief's map tab, beside the selected incident's detail. */
async function openMap(demo: Demo, page: Page): Promise<void> {
  await page.goto(demo.console.url);
  await expect(page.getByTestId('role-view')).toHaveAttribute('data-role', 'duty_chief', { timeout: 30_000 });
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await page.getByTestId('chief-tab-map').click();
  await expect(page.getByTestId('city-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

type MapHook = {
  pointAt(layer: string, id: string): { x: number; y: number } | null;
  hitAt(x: number, y: number): { layer: string; id: string } | null;
  view(lat: number, lng: number, zoom: number): void;
};

/** Clicks the incident where the map's incident layer draws it (found through the layer's own hit-test); its card opens. */
async function clickIncidentOnMap(page: Page, incident: { id: string; lat: number; lng: number }): Promise<void> {
  let drawn: { x: number; y: number } | null = null;
  await expect
    .poll(
      async () =>
        (drawn = await page.evaluate(({ id, lat, lng }) => {
          const map = (window as unknown as { __egretMap: MapHook }).__egretMap;
          map.view(lat, lng, 17);
          const at = map.pointAt('incidents', id);
          return at && map.hitAt(at.x, at.y)?.id === id ? at : null;
        }, incident)),
      { message: 'the map never drew the incident', timeout: 30_000 },
    )
    .not.toBeNull();
  const box = (await page.getByTestId('city-map-canvas').boundingBox())!;
  await page.mouse.click(box.x + drawn!.x, box.y + drawn!.y);
  await expect(page.getByTestId('map-incident-card')).toHaveAttribute('data-id', incident.id, { timeout: 15_000 });
}

/** Opens the detail's offer launcher and offers with one key: Enter on the nearest list. Returns the ids the list showed. */
async function offerWithEnter(page: Page): Promise<string[]> {
  await page.getByTestId('detail-action-offer').click();
  const list = page.getByTestId('offer-nearest');
  await expect(list.getByTestId('offer-nearest-volunteer').first()).toBeVisible({ timeout: 15_000 });
  // The distance is labelled straight-line (直线距离), with how long ago each was seen.
  await expect(list.getByTestId('offer-nearest-volunteer').first()).toContainText(/直线距离 \d/);
  await expect(list.getByTestId('offer-nearest-volunteer').first()).toContainText(/前定位/);
  const listed = await list.getByTestId('offer-nearest-volunteer').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
  // The list takes the focus as it opens: one key offers.
  await expect(list).toBeFocused();
  await page.keyboard.press('Enter');
  return listed;
}

/** Every volunteer's points in the console's cache (`egret export volunteer`, beside the running console). */
async function pointsInCache(demo: Demo): Promise<Map<string, number>> {
  const out = await egretAsync(['export', 'volunteer', '--data', join(demo.console.dataDir, 'demo')]);
  expect(out.status, out.stderr).toBe(0);
  return new Map(
    out.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; points: number })
      .map((v) => [v.id, v.points]),
  );
}

const runOf = async (demo: Demo, incident: string) =>
  (await callOk<WaveState[]>(demo.api, 'offers.list')).find((r) => r.incident === incident) ?? null;

test.describe('an offer that is taken', () => {
  let demo: Demo | null = null;
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    demo = await startDemo({ EGRET_DEMO_ACCEPT: '1', EGRET_DEMO_TASK_SCALE: '0.005' });
  });
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
  test.afterAll(async ({}, testInfo) => {
    await demo?.api.close();
    await stopAll(testInfo, [{ name: 'egret-serve-demo-accept', proc: demo?.console }]);
    demo = null;
  });

  test('made from the map, is accepted in the platform: the incident shows who took it, and their points rise when the help is done', async ({
    browser,
  }, testInfo) => {
    test.setTimeout(240_000);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    const page = await context.newPage();
    await openMap(demo!, page);
    const filed = await fileAtVolunteers(demo!, `E2E 分波接单 ${randomBytes(4).toString('hex')}`);
    const id = filed.id;
    testInfo.annotations.push({ type: 'incident', description: id });
    await clickIncidentOnMap(page, filed);
    await expect(page.getByTestId('detail')).toHaveAttribute('data-id', id, { timeout: 15_000 });

    // The map card's launcher: the nearest list, straight-line distances; Enter on it offers.
    const card = page.getByTestId('map-incident-card');
    const list = card.getByTestId('offer-nearest');
    await expect(list.getByTestId('offer-nearest-volunteer').first()).toContainText(/直线距离 \d/, { timeout: 15_000 });
    const before = await pointsInCache(demo!);
    await list.focus();
    await page.keyboard.press('Enter');

    // Wave 1 of 3 within 500 m (思明 is urban) goes at once, then the platform's acceptance ends the run: on the card and the detail alike.
    const status = card.getByTestId('offer-waves');
    await expect(page.getByTestId('detail').getByTestId('offer-waves')).toHaveAttribute('data-wave', '1', { timeout: 15_000 });
    await expect(status).toHaveAttribute('data-wave', '1', { timeout: 15_000 });
    await expect(status).toHaveAttribute('data-radius', '500');
    await expect(status).toHaveAttribute('data-state', 'accepted', { timeout: 60_000 });
    const run = (await runOf(demo!, id))!;
    expect(run).toMatchObject({ state: 'accepted', wave: 1, radiusM: 500 });
    expect(run.offered).toContain(run.acceptedBy);

    // Who took it: by name, on the wave's state, the offer's outcome and the incident's volunteers — the platform's accept says so.
    const events = (await callOk<{ events: IncidentEvent[] }>(demo!.api, 'incident.get', { id })).events;
    const accept = events.find((e) => e.kind === 'accept')!;
    expect((accept.data as { volunteer: string }).volunteer).toBe(run.acceptedBy);
    const [named] = await callOk<{ id: string; name: string }[]>(demo!.api, 'volunteers.names', { ids: [run.acceptedBy!] });
    await expect(status.getByTestId('offer-waves-ending')).toHaveText(`${named!.name} 已接单`);
    await expect(page.getByTestId('offer-status').getByTestId('offer-outcome')).toHaveText(`${named!.name} 已接单`);
    await expect(page.getByTestId('detail-volunteers')).toContainText(named!.name, { timeout: 15_000 });

    // The help done (a 200th of the time), the platform credits 10 points; the console's profile of them (the map's volunteer card) shows them.
    const had = before.get(run.acceptedBy!)!;
    await expect
      .poll(async () => (await callOk<{ points: number }>(demo!.api, 'volunteers.profile', { id: run.acceptedBy! })).points, {
        message: 'the volunteer who took it earned no points',
        timeout: 90_000,
      })
      .toBeGreaterThanOrEqual(had + 10);

    // …and on the leaderboard, wherever they rank: the duty chief picks their name on the incident (masked names are
    // shared, so by id) and opens the 志愿者 tab.
    await page.getByTestId('detail').locator(`[data-testid="detail-volunteer"][data-id="${run.acceptedBy!}"]`).click();
    await page.getByTestId('chief-tab-volunteers').click();
    await expect(page.getByTestId('leaderboard-focus')).toContainText(named!.name);
    const row = page.locator(`[data-testid="leaderboard-found-row"][data-id="${run.acceptedBy!}"]`);
    await expect(row).toContainText(named!.name, { timeout: 15_000 });
    await expect
      .poll(async () => Number(await row.getAttribute('data-points')), { message: 'the leaderboard shows the points before the offer', timeout: 30_000 })
      .toBeGreaterThanOrEqual(had + 10);
  });
});

test.describe('an offer nobody takes', () => {
  let demo: Demo | null = null;
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    demo = await startDemo({ EGRET_DEMO_ACCEPT: '0' });
    // Short waves of two, so the test watches one expire and the next go (the duty chief's settings, as an operator sets them).
    await callOk(demo.api, 'offers.setSettings', { n: 2, expiresInS: 15 });
  });
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
  test.afterAll(async ({}, testInfo) => {
    await demo?.api.close();
    await stopAll(testInfo, [{ name: 'egret-serve-demo-never', proc: demo?.console }]);
    demo = null;
  });

  test('expires, and the next wave goes out with twice the radius and none of the first wave’s volunteers', async ({
    browser,
  }, testInfo) => {
    test.setTimeout(240_000);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    const page = await context.newPage();
    await openBoard(demo!, page);
    const id = await incidentAtVolunteers(demo!, page, `E2E 分波超时 ${randomBytes(4).toString('hex')}`);
    testInfo.annotations.push({ type: 'incident', description: id });
    await offerWithEnter(page);

    const status = page.getByTestId('detail').getByTestId('offer-waves');
    await expect(status).toHaveAttribute('data-wave', '1', { timeout: 15_000 });
    await expect(status.getByTestId('offer-waves-countdown')).toHaveText(/后推送第 2 波$/);
    const first = (await runOf(demo!, id))!;
    expect(first.waves[0]).toMatchObject({ wave: 1, radiusM: 500 });
    expect(first.waves[0]!.volunteers.length).toBeGreaterThan(0);

    // The first wave's offer runs out on the platform…
    const timeline = page.getByTestId('detail').locator('[data-testid="timeline-event"][data-kind="expire"]');
    await expect(timeline).toHaveCount(1, { timeout: 60_000 });
    // …and the second goes: 1 km, none of the first's.
    await expect(status).toHaveAttribute('data-wave', '2', { timeout: 30_000 });
    await expect(status).toHaveAttribute('data-radius', '1000');
    const second = (await runOf(demo!, id))!;
    expect(second.waves.map((w) => w.radiusM)).toEqual([500, 1000]);
    const [one, two] = [second.waves[0]!.volunteers, second.waves[1]!.volunteers];
    expect(two.filter((v) => one.includes(v))).toEqual([]);
    await expect(status.getByTestId('offer-wave').nth(1)).toHaveAttribute('data-volunteers', two.join(','));

    // The platform saw exactly those offers: two offer events, the second to nobody of the first.
    await expect
      .poll(
        async () =>
          (await callOk<{ events: IncidentEvent[] }>(demo!.api, 'incident.get', { id })).events.filter((e) => e.kind === 'offer').length,
        {
          timeout: 15_000,
        },
      )
      .toBe(2);
    const offers = (await callOk<{ events: IncidentEvent[] }>(demo!.api, 'incident.get', { id })).events.filter((e) => e.kind === 'offer');
    expect(offers.map((e) => (e.data as { volunteers: string[] }).volunteers)).toEqual([one, two]);

    // The operator stops it before a third.
    await status.getByTestId('offer-waves-stop').click();
    await expect(status).toHaveAttribute('data-state', 'stopped');
    expect((await runOf(demo!, id))!).toMatchObject({ state: 'stopped', wave: 2, reason: 'operator' });
  });
});
