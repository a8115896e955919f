import L from 'leaflet';

/**
 * A notice drawn on the map itself (a tile server that failed), so it is seen
 * where the map is looked at, whatever the panel around it does with
 * `options.notice`. The operator can close it.
 */
export function showMapNotice(map: L.Map, message: string, closeLabel: string): L.Control {
  const Notice = L.Control.extend({
    onAdd() {
      const box = L.DomUtil.create('div', 'egret-map-notice');
      box.setAttribute('role', 'status');
      box.dataset.testid = 'map-base-notice';
      const text = L.DomUtil.create('span', 'egret-map-notice-text', box);
      text.textContent = message;
      const close = L.DomUtil.create('button', 'egret-map-notice-close', box) as HTMLButtonElement;
      close.type = 'button';
      close.textContent = '×';
      close.title = closeLabel;
      close.setAttribute('aria-label', closeLabel);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.on(close, 'click', () => notice.remove());
      return box;
    },
  });
  const notice = new Notice({ position: 'topright' });
  return notice.addTo(map);
}
