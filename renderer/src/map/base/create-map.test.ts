// @vitest-environment happy-dom
import L from 'leaflet';
import { afterEach, describe, expect, it } from 'vitest';
import { createCityMap, type CityMapHandle, type MapBaseConfig } from './create-map.ts';
import { loadDistricts } from './districts.ts';
import { defaultMapText, formatDistance } from './map-text.ts';

const handles: CityMapHandle[] = [];
afterEach(() => {
  for (const h of handles.splice(0)) h.dispose();
  document.body.innerHTML = '';
});

function mapIn(config: MapBaseConfig, options: Parameters<typeof createCityMap>[2] = {}) {
  const el = document.createElement('div');
  el.style.width = '800px';
  el.style.height = '600px';
  document.body.appendChild(el);
  const handle = createCityMap(el, config, { timers: { setTimeout: () => 0, clearTimeout: () => {} }, ...options });
  handles.push(handle);
  return { el, handle };
}

function tileLayerOf(map: L.Map): L.TileLayer | null {
  let found: L.TileLayer | null = null;
  map.eachLayer((layer) => {
    if (layer instanceof L.TileLayer) found = layer;
  });
  return found;
}

const GCJ_TILES: MapBaseConfig = { tiles: { url: 'http://127.0.0.1:9/{z}/{x}/{y}.png', datum: 'gcj02', maxZoom: 18, attribution: 'test tiles' } };

describe('the city base map', () => {
  it('draws the six districts with their names when no tile server is configured', async () => {
    const { el, handle } = mapIn({ tiles: null });
    expect(el.dataset.mapBase).toBe('offline');
    expect(handle.datum).toBe('wgs84');
    expect(handle.toMap(24.5, 118.1)).toEqual([24.5, 118.1]);
    await loadDistricts();
    await Promise.resolve();
    const labels = [...el.querySelectorAll('.egret-district-label')].map((n) => n.textContent);
    expect(labels.sort()).toEqual(['同安区', '思明区', '海沧区', '湖里区', '翔安区', '集美区'].sort());
    expect(el.querySelector('.leaflet-control-scale')).not.toBeNull();
    expect(el.querySelector('[data-testid="map-measure"]')).not.toBeNull();
  });

  it('names the districts in English when asked', async () => {
    const { el } = mapIn({ tiles: null }, { locale: 'en' });
    await loadDistricts();
    await Promise.resolve();
    expect([...el.querySelectorAll('.egret-district-label')].map((n) => n.textContent)).toContain('Siming');
  });

  it('draws overlays in the tile server’s datum while it works', () => {
    const { el, handle } = mapIn(GCJ_TILES);
    expect(el.dataset.mapBase).toBe('trying');
    expect(handle.datum).toBe('gcj02');
    const [lat, lng] = handle.toMap(24.4468, 118.066);
    expect(lng).toBeGreaterThan(118.07);
    expect(lat).toBeLessThan(24.4468);
    tileLayerOf(handle.map)!.fire('tileload');
    expect(el.dataset.mapBase).toBe('tiles');
    expect(handle.datum).toBe('gcj02');
  });

  it('falls back to the offline base, in WGS84, with a notice, when the first tiles fail', async () => {
    const notices: string[] = [];
    const changes: string[] = [];
    const { el, handle } = mapIn(GCJ_TILES, { notice: (m) => notices.push(m) });
    handle.onBaseChange((datum) => changes.push(datum));
    const layer = tileLayerOf(handle.map)!;
    for (let i = 0; i < 4; i++) layer.fire('tileerror');
    expect(el.dataset.mapBase).toBe('offline');
    expect(el.dataset.datum).toBe('wgs84');
    expect(handle.datum).toBe('wgs84');
    expect(handle.toMap(24.4468, 118.066)).toEqual([24.4468, 118.066]);
    expect(changes).toEqual(['wgs84']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('http://127.0.0.1:9');
    expect(el.querySelector('[data-testid="map-base-notice"]')?.textContent).toContain('离线底图');
    expect(tileLayerOf(handle.map)).toBeNull();
    await loadDistricts();
    await Promise.resolve();
    expect(el.querySelectorAll('.egret-district-label')).toHaveLength(6);
  });

  it('measures a distance click by click, keeps those clicks from the layers, and Esc ends it', () => {
    const { el, handle } = mapIn({ tiles: null });
    const layerClicks: unknown[] = [];
    handle.map.on('click', (e) => layerClicks.push(e));
    const button = el.querySelector<HTMLButtonElement>('[data-testid="map-measure"]')!;
    button.click();
    expect(button.getAttribute('aria-pressed')).toBe('true');
    const at = (x: number, y: number) => {
      const event = new MouseEvent('click', { bubbles: true, clientX: x, clientY: y });
      el.querySelector('.leaflet-map-pane')!.dispatchEvent(event);
    };
    at(100, 100);
    at(300, 100);
    const a = handle.map.containerPointToLatLng([100, 100]);
    const b = handle.map.containerPointToLatLng([300, 100]);
    const expected = L.CRS.Earth.distance(a, b);
    expect(expected).toBeGreaterThan(1000);
    const label = el.querySelector('.egret-measure-label')!;
    expect(label.textContent).toBe(`总长 ${formatDistance(expected, defaultMapText)}`);
    expect(label.textContent).toMatch(/^总长 [\d.]+ 公里$/);
    expect(layerClicks).toHaveLength(0);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(el.querySelector('.egret-measure-label')).toBeNull();
    at(120, 120);
    expect(layerClicks).toHaveLength(1);
  });

  it('a map that is only looked at cannot be dragged or measured', () => {
    const { el, handle } = mapIn({ tiles: null }, { interactive: false });
    expect(handle.map.dragging.enabled()).toBe(false);
    expect(el.querySelector('[data-testid="map-measure"]')).toBeNull();
  });
});
