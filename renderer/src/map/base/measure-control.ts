import L from 'leaflet';
import { formatDistance, type MapText } from './map-text.ts';

/**
 * The distance measure (测距): a button on the map; while it is pressed each
 * click adds a point, a dashed line joins them, and the total shows at the
 * last point. Esc (or the button again) ends it and clears the line.
 * Distances are great-circle metres between the clicked points taken back to
 * WGS84 (`fromMap`), so a GCJ-02 base measures the same as the offline one.
 */
export function addMeasureControl(
  map: L.Map,
  t: MapText,
  fromMap: () => (lat: number, lng: number) => [number, number],
): { dispose(): void; active(): boolean } {
  let points: L.LatLng[] = [];
  let line: L.Polyline | null = null;
  let rubber: L.Polyline | null = null;
  let label: L.Tooltip | null = null;
  let measuring = false;
  let button: HTMLButtonElement | null = null;

  const Control = L.Control.extend({
    onAdd() {
      const bar = L.DomUtil.create('div', 'leaflet-bar egret-measure');
      button = L.DomUtil.create('button', 'egret-measure-button', bar) as HTMLButtonElement;
      button.type = 'button';
      button.textContent = t('measure.button');
      button.title = t('measure.start');
      button.setAttribute('aria-pressed', 'false');
      button.dataset.testid = 'map-measure';
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, 'click', () => (measuring ? stop() : start()));
      return bar;
    },
  });
  const control = new Control({ position: 'topleft' });
  control.addTo(map);

  const metres = (a: L.LatLng, b: L.LatLng) => {
    const back = fromMap();
    return L.CRS.Earth.distance(L.latLng(back(a.lat, a.lng)), L.latLng(back(b.lat, b.lng)));
  };
  const total = (list: L.LatLng[]) => list.reduce((sum, p, i) => (i === 0 ? 0 : sum + metres(list[i - 1], p)), 0);

  const showTotal = (list: L.LatLng[]) => {
    const at = list[list.length - 1];
    const text = list.length < 2 ? t('measure.hint') : t('measure.total', { distance: formatDistance(total(list), t) });
    if (!label) {
      label = L.tooltip({ permanent: true, direction: 'right', offset: [8, 0], interactive: false, className: 'egret-measure-label' });
      label.setLatLng(at).setContent(text).addTo(map);
    } else label.setLatLng(at).setContent(text);
  };

  // While measuring, a click is a point, not a click on what lies under it
  // (an incident, a camera): it is taken in the capture phase and goes no
  // further. A click that ends a pan is no point.
  const onClick = (event: MouseEvent) => {
    const panned = (map.dragging as L.Handler & { moved?(): boolean } | undefined)?.moved?.() ?? false;
    if (panned || (event.target as Element | null)?.closest('.leaflet-control')) return;
    event.stopPropagation();
    points.push(map.mouseEventToLatLng(event));
    line ??= L.polyline([], { color: '#c2410c', weight: 2.5, interactive: false }).addTo(map);
    line.setLatLngs(points);
    showTotal(points);
  };
  const onMove = (event: L.LeafletMouseEvent) => {
    if (points.length === 0) return;
    const last = points[points.length - 1];
    rubber ??= L.polyline([], { color: '#c2410c', weight: 1.5, dashArray: '6 4', interactive: false }).addTo(map);
    rubber.setLatLngs([last, event.latlng]);
    showTotal([...points, event.latlng]);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && measuring) {
      event.stopPropagation();
      stop();
    }
  };

  function start(): void {
    measuring = true;
    button?.setAttribute('aria-pressed', 'true');
    L.DomUtil.addClass(map.getContainer(), 'egret-measuring');
    // A double click adds two points; it must not zoom in between them.
    map.doubleClickZoom.disable();
    map.getContainer().addEventListener('click', onClick, true);
    map.on('mousemove', onMove);
    document.addEventListener('keydown', onKey, true);
  }

  function stop(): void {
    measuring = false;
    button?.setAttribute('aria-pressed', 'false');
    L.DomUtil.removeClass(map.getContainer(), 'egret-measuring');
    map.getContainer().removeEventListener('click', onClick, true);
    map.off('mousemove', onMove);
    document.removeEventListener('keydown', onKey, true);
    if (map.options.doubleClickZoom) map.doubleClickZoom.enable();
    for (const layer of [line, rubber, label]) layer?.remove();
    line = rubber = null;
    label = null;
    points = [];
  }

  return {
    dispose: () => {
      if (measuring) stop();
      control.remove();
    },
    active: () => measuring,
  };
}
