import { randomInt } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import type { Incident } from '../../native/protocol/entities.ts';
import { metresBetween } from '../../native/geo/distance.ts';
import { buildAddressBase, type AddressPlace } from '../../native/simulator/city/address-base.ts';
import { DistrictMap } from '../../native/simulator/city/district-map.ts';
import { expect, isErrorResponse, openTrustedApi, startConsole, test, type ApiSocket, type RunningConsole } from './support/console.ts';
import { DEMO_RATE, callOk, cityClock, stopAll } from './support/demo.ts';
import { openSignedIn } from './support/sign-in.ts';

/**
 * The intake map (issue 11): the call taker drops a pin near a place of the
 * demo platform's address base; it snaps to that place (places.nearest), the
 * form takes its address, district, street, community and coordinates, and
 * the incident is filed with them. The oracle is the demo's own address
 * base, built here from its sources.
 */

let demo: RunningConsole | null = null;
let api: ApiSocket | null = null;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  demo = await startConsole(['--demo', '--demo-rate', String(DEMO_RATE)], cityClock('10:00').env);
});

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook uses from this pattern
test.afterAll(async ({}, testInfo) => {
  await api?.close();
  await stopAll(testInfo, [{ name: 'egret-serve-demo', proc: demo }]);
  demo = api = null;
});

/** The map opens on Xiamen's centre. */
const CENTRE = { lat: 24.55, lng: 118.12 };

const pinnable = buildAddressBase(new DistrictMap()).places.filter((p) => p.kind === 'address' || p.kind === 'poi');

/** `metres` east of a place. */
function eastOf(p: { lat: number; lng: number }, metres: number): { lat: number; lng: number } {
  return { lat: p.lat, lng: p.lng + metres / (111_195 * Math.cos((p.lat * Math.PI) / 180)) };
}

/**
 * A place near the map's centre with a drop point 40 m east of it whose
 * nearest address or landmark (by the demo's own base) is that place,
 * well inside the map's snap distance (120 m).
 */
function targetPlace(): { place: AddressPlace; drop: { lat: number; lng: number } } {
  const byCentre = [...pinnable].sort((a, b) => metresBetween(CENTRE.lat, CENTRE.lng, a.lat, a.lng) - metresBetween(CENTRE.lat, CENTRE.lng, b.lat, b.lng));
  for (const place of byCentre.slice(0, 50)) {
    const drop = eastOf(place, 40);
    const nearest = pinnable.reduce((best, p) =>
      metresBetween(drop.lat, drop.lng, p.lat, p.lng) < metresBetween(drop.lat, drop.lng, best.lat, best.lng) ? p : best,
    );
    if (nearest.id === place.id) return { place, drop };
  }
  throw new Error('no place near the centre stands alone enough to be snapped to');
}

async function incidentById(id: string): Promise<Incident | null> {
  const frame = await api!.call('incident.get', { id });
  if (isErrorResponse(frame)) return null;
  return (frame.result as { incident: Incident }).incident;
}

test('a pin dropped near a place snaps to it, and the incident is filed with its coordinates, district and address', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { place, drop } = targetPlace();
  testInfo.annotations.push({ type: 'place', description: JSON.stringify(place) });

  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  const created: { id: string; lat?: number; lng?: number; district?: string; street?: string; community?: string; address?: string; title?: string }[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { method?: string; params?: { name?: string; args?: (typeof created)[number] } };
      if (frame.method === 'command.send' && frame.params?.name === 'incident.create' && frame.params.args) created.push(frame.params.args);
    }),
  );
  await openSignedIn(page, demo!, 'call_taker');
  await expect(page.getByTestId('link-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  // The test's own API socket once the core is up (the page's window got in first).
  api = await openTrustedApi(demo!);
  // The address base comes with the snapshot.
  await expect
    .poll(async () => (await callOk<{ place: { id: string } | null }>(api!, 'places.nearest', { lat: place.lat, lng: place.lng, maxMetres: 1 })).place?.id, {
      message: 'the address base never reached the console’s cache',
      timeout: 60_000,
    })
    .toBe(place.id);

  const kb = page.keyboard;
  const title = `E2E 地图定位 ${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  await kb.press('Alt+C');
  await kb.type('燃气泄漏');
  await expect(page.getByTestId('intake-category-option')).toHaveCount(1);
  await kb.press('Enter');
  await expect(page.getByTestId('intake-category')).toHaveAttribute('data-value', 'hazard.gas_leak');
  await kb.press('Alt+T');
  await kb.type(title);

  await page.getByTestId('intake-map-toggle').click();
  const map = page.getByTestId('intake-map');
  await expect(map).toHaveAttribute('data-map-base', 'offline');
  // Under the form: the intake column scrolls it into view.
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  expect(box.y + box.height, 'the intake map is on screen').toBeLessThanOrEqual(768);
  const pointAt = (p: { lat: number; lng: number }) =>
    page.evaluate(
      ([lat, lng]) => (window as unknown as { __egretIntakeMap?: { pointAt(lat: number, lng: number): { x: number; y: number } | null } }).__egretIntakeMap?.pointAt(lat, lng) ?? null,
      [p.lat, p.lng] as const,
    );
  // Zoom in on the place with the wheel, as an operator does, until 40 m is a good few pixels.
  const start = (await pointAt(place))!;
  expect(start.x, 'the place is on the map as it opens').toBeGreaterThan(0);
  expect(start.x).toBeLessThan(box.width);
  await page.mouse.move(box.x + start.x, box.y + start.y);
  await expect
    .poll(
      async () => {
        const [a, b] = [await pointAt(place), await pointAt(drop)];
        const apart = b!.x - a!.x;
        if (apart < 8) {
          const here = (await pointAt(place))!;
          await page.mouse.move(box.x + here.x, box.y + here.y);
          await page.mouse.wheel(0, -120);
        }
        return apart;
      },
      { message: 'the map zooms in on the wheel', timeout: 20_000, intervals: [300] },
    )
    .toBeGreaterThanOrEqual(8);
  const at = (await pointAt(drop))!;
  await page.mouse.click(box.x + at.x, box.y + at.y);

  const status = page.getByTestId('intake-map-status');
  await expect(status).toHaveAttribute('data-state', 'snapped');
  await expect(status).toContainText(place.name);
  const note = page.getByTestId('intake-address-note');
  await expect(note).toHaveAttribute('data-state', 'located');
  await expect(note).toHaveAttribute('data-district', place.district);
  await expect(page.getByTestId('intake-address')).toHaveValue(new RegExp(`${place.name}$`));
  await expect(page.getByTestId('intake-map-pin')).toBeVisible();
  const pinned = (await page.getByTestId('intake-map-pin').boundingBox())!;
  const placeAt = (await pointAt(place))!;
  expect(Math.abs(pinned.x + pinned.width / 2 - (box.x + placeAt.x)), 'the pin moved onto the place').toBeLessThan(3);

  await kb.press('Control+Enter');
  await expect(page.getByTestId('intake-result')).toHaveAttribute('data-state', 'queued', { timeout: 15_000 });
  const filed = created.find((c) => c.title === title);
  expect(filed, 'the incident.create the window sent').toBeTruthy();
  expect(filed).toMatchObject({ lat: place.lat, lng: place.lng, district: place.district });
  if (place.street) expect(filed!.street).toBe(place.street);
  if (place.community) expect(filed!.community).toBe(place.community);

  // And the platform has it so.
  await expect.poll(async () => (await incidentById(filed!.id)) !== null, { timeout: 30_000 }).toBe(true);
  const incident = (await incidentById(filed!.id))!;
  expect(incident).toMatchObject({ lat: place.lat, lng: place.lng, district: place.district });
  expect(incident.address).toMatch(new RegExp(`${place.name}$`));
});
