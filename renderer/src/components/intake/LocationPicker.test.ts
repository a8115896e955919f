// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { PlaceMatch } from '../../../../native/api/index.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { loadDistricts } from '../../map/base/districts.ts';
import LocationPicker from './LocationPicker.vue';

const HOUSE: PlaceMatch = {
  source: 'place',
  id: 'pl-hb-388',
  name: '湖滨南路388号',
  address: '厦门市思明区湖滨南路388号',
  kind: 'address',
  precision: 'address',
  district: '350203',
  street: '滨海街道',
  community: '振兴社区',
  lat: 24.4771,
  lng: 118.1102,
  score: 1,
};

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  localStorage.clear();
  document.body.innerHTML = '';
});

type Hook = { pointAt(lat: number, lng: number): { x: number; y: number } | null };
const hook = () => (window as unknown as { __egretIntakeMap?: Hook }).__egretIntakeMap;

async function openPicker(nearest: (params: { lat: number; lng: number; maxMetres?: number }) => { place: PlaceMatch | null; metres: number | null }) {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'zh-CN' });
  const asked: { lat: number; lng: number; maxMetres?: number }[] = [];
  app.host.handlers['map.base'] = () => ({ tiles: null });
  app.host.handlers['places.nearest'] = (params) => {
    asked.push(params);
    return nearest(params);
  };
  app.client.setSignedIn(true);
  app.client.start();
  const host = document.createElement('div');
  document.body.appendChild(host);
  wrapper = mount(LocationPicker, { props: { point: null, candidates: [] }, attachTo: host, global: { plugins: [app.plugin] } });
  await settle();
  expect(wrapper.find('[data-testid="intake-map"]').exists(), 'collapsed at first').toBe(false);
  await wrapper.get('[data-testid="intake-map-toggle"]').trigger('click');
  for (let i = 0; i < 6 && !hook(); i++) await settle();
  expect(hook(), 'the map mounted').toBeTruthy();
  await loadDistricts();
  return { wrapper, asked };
}

async function clickMapAt(w: VueWrapper, lat: number, lng: number) {
  const at = hook()!.pointAt(lat, lng)!;
  w.get('.leaflet-map-pane').element.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: at.x, clientY: at.y }));
  for (let i = 0; i < 6; i++) await settle();
}

describe('LocationPicker', () => {
  it('snaps a dropped pin to the place the host says is near, and says so', async () => {
    const { wrapper, asked } = await openPicker(() => ({ place: HOUSE, metres: 38.4 }));
    await clickMapAt(wrapper, 24.4772, 118.1105);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.lat).toBeCloseTo(24.4772, 2);
    expect(asked[0]!.lng).toBeCloseTo(118.1105, 2);
    expect(asked[0]!.maxMetres).toBe(120);
    expect(wrapper.emitted('pin')).toEqual([[{ lat: HOUSE.lat, lng: HOUSE.lng, place: HOUSE, district: '350203' }]]);
    const status = wrapper.get('[data-testid="intake-map-status"]');
    expect(status.attributes('data-state')).toBe('snapped');
    expect(status.text()).toBe('已吸附到：湖滨南路388号（38 米）');
    expect(localStorage.getItem('egret.intake.map')).toBe('open');
  });

  it('keeps a pin no place is near where it was dropped, in the district its point lies in', async () => {
    const { wrapper } = await openPicker(() => ({ place: null, metres: null }));
    // Haicang, across the water from Siming.
    await clickMapAt(wrapper, 24.4485, 118.0402);
    const [[pin]] = wrapper.emitted('pin') as [[{ lat: number; lng: number; place: PlaceMatch | null; district: string | null }]];
    expect(pin.place).toBeNull();
    expect(pin.district).toBe('350205');
    expect(pin.lat).toBeCloseTo(24.4485, 2);
    expect(pin.lng).toBeCloseTo(118.0402, 2);
    expect(wrapper.get('[data-testid="intake-map-status"]').attributes('data-state')).toBe('unsnapped');
  });

  it('says, folded, that the geocoder’s candidates can be seen on it', async () => {
    const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'zh-CN' });
    wrapper = mount(LocationPicker, { props: { point: null, candidates: [HOUSE, { ...HOUSE, id: 'x', lat: null, lng: null }] }, global: { plugins: [app.plugin] } });
    expect(wrapper.get('[data-testid="intake-map-toggle"]').text()).toBe('在地图上查看 1 个候选位置');
    await wrapper.setProps({ candidates: [] });
    expect(wrapper.get('[data-testid="intake-map-toggle"]').text()).toBe('在地图上定位');
  });

  it('shows the geocoder’s candidates numbered as the question lists them; a click on one chooses it', async () => {
    const { wrapper } = await openPicker(() => ({ place: null, metres: null }));
    const other = { ...HOUSE, id: 'pl-hb-100', name: '湖滨南路100号', lat: 24.4752, lng: 118.0981 };
    await wrapper.setProps({ candidates: [HOUSE, other] });
    await settle();
    const second = document.querySelector<HTMLElement>('[data-testid="intake-map-candidate-2"]')!;
    expect(second.textContent).toBe('2');
    second.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(wrapper.emitted('choose')).toEqual([[other]]);
    expect(wrapper.get('[data-testid="intake-map-status"]').attributes('data-state')).toBe('geocoded');
  });
});
