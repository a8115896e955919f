import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './city-map.css';
import { browserTimers, type Timers } from '../../api/timers.ts';
import { datumConverter, type Datum, type DatumConverter } from './datum.ts';
import { addMeasureControl } from './measure-control.ts';
import { defaultMapText, type MapText } from './map-text.ts';
import { showMapNotice } from './notice-control.ts';
import { XIAMEN_BOUNDS, loadDistricts, offlineBaseLayer } from './offline-base.ts';
import { TileWatch } from './tile-watch.ts';

export type { Datum } from './datum.ts';

/** What `map.base` returns: the configured tile server, or null for the offline base. */
export interface MapBaseConfig {
  tiles: { url: string; datum: Datum; maxZoom: number; attribution: string } | null;
}

export interface CityMapHandle {
  /** The Leaflet map; preferCanvas is false (the layers draw their own canvases). */
  map: L.Map;
  /** The datum of what is drawn (the offline base: wgs84). */
  readonly datum: Datum;
  /** WGS84 → the drawn datum, [lat, lng]. */
  toMap(lat: number, lng: number): [number, number];
  /** The drawn datum → WGS84, [lat, lng]. */
  fromMap(lat: number, lng: number): [number, number];
  /** A tile server that failed falls back to the offline base: the datum may change, and layers re-project. */
  onBaseChange(cb: (datum: Datum) => void): () => void;
  dispose(): void;
}

export interface CityMapOptions {
  /** Called with an operator-readable message when the base falls back (it is also shown on the map). */
  notice?: (message: string) => void;
  /** False: a map to look at, not to pan or zoom (default true). */
  interactive?: boolean;
  /** Translator for the `mapBase` i18n section; default Chinese. */
  t?: MapText;
  /** District names in this language (default zh-CN). */
  locale?: 'zh-CN' | 'en';
  /** Tile probation's clock (tests). */
  timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
}

/** Xiamen as the console first shows it: the six districts at once. */
export const XIAMEN_CENTER: L.LatLngTuple = [24.55, 118.12];
export const XIAMEN_ZOOM = 11;

/**
 * A tile server has this long from its first tile request to deliver one, or
 * this many failed tiles, before the map gives up on it (tile-watch.ts). A
 * tile server on the city network answers in well under a second; five
 * seconds of an empty map is already long for an operator.
 */
const TILE_PROBATION_MS = 5_000;
const TILE_PROBATION_ERRORS = 4;

/**
 * Creates the city's base map in `el`: the offline districts, or the
 * configured tile server (with the districts drawn until its first tile
 * arrives, and instead of it if it fails), a scale bar and a distance
 * measure. `el.dataset.mapBase` says which base shows ('tiles' once a tile
 * loaded, 'offline', or 'trying' while a tile server is on probation) and
 * `el.dataset.datum` its datum, for tests and for styles.
 */
export function createCityMap(el: HTMLElement, config: MapBaseConfig, options: CityMapOptions = {}): CityMapHandle {
  const t = options.t ?? defaultMapText;
  const interactive = options.interactive ?? true;
  const locale = options.locale ?? 'zh-CN';
  const tiles = config.tiles;

  el.classList.add('egret-city-map');
  el.setAttribute('aria-label', t('region'));
  const padded = L.latLngBounds(XIAMEN_BOUNDS).pad(0.5);
  const map = L.map(el, {
    preferCanvas: false,
    center: XIAMEN_CENTER,
    zoom: XIAMEN_ZOOM,
    minZoom: 9,
    maxZoom: tiles?.maxZoom ?? 18,
    maxBounds: padded,
    zoomControl: interactive,
    dragging: interactive,
    scrollWheelZoom: interactive,
    doubleClickZoom: interactive,
    boxZoom: interactive,
    keyboard: interactive,
    touchZoom: interactive,
  });
  // No "Leaflet" link in the corner: a console window never navigates away.
  map.attributionControl.setPrefix(false);
  L.control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(map);
  const measure = interactive ? addMeasureControl(map, t, () => converter.fromMap) : null;

  let converter: DatumConverter = datumConverter(tiles?.datum ?? 'wgs84');
  let offline: L.LayerGroup | null = null;
  let tileLayer: L.TileLayer | null = null;
  let disposed = false;
  const listeners = new Set<(datum: Datum) => void>();
  const setState = (state: 'tiles' | 'offline' | 'trying') => {
    el.dataset.mapBase = state;
    el.dataset.datum = converter.datum;
  };

  const drawOffline = () => {
    void loadDistricts().then((data) => {
      if (disposed || el.dataset.mapBase === 'tiles') return;
      offline?.remove();
      offline = offlineBaseLayer(data, converter.toMap, locale).addTo(map);
    });
  };

  if (!tiles) {
    setState('offline');
    map.attributionControl.addAttribution(t('offlineAttribution'));
    drawOffline();
  } else {
    setState('trying');
    // The districts show (in the server's datum) until its first tile covers them: never an empty map.
    drawOffline();
    const layer = L.tileLayer(tiles.url, { maxZoom: tiles.maxZoom, attribution: tiles.attribution });
    tileLayer = layer;
    const watch = new TileWatch({
      timers: options.timers ?? browserTimers,
      timeoutMs: TILE_PROBATION_MS,
      maxErrors: TILE_PROBATION_ERRORS,
      onProven: () => {
        setState('tiles');
        offline?.remove();
        offline = null;
      },
      onFail: () => {
        layer.remove();
        tileLayer = null;
        const was = converter.datum;
        converter = datumConverter('wgs84');
        setState('offline');
        map.attributionControl.addAttribution(t('offlineAttribution'));
        drawOffline();
        const message = t('tilesFailed', { origin: originOf(tiles.url) });
        showMapNotice(map, message, t('closeNotice'));
        options.notice?.(message);
        if (was !== converter.datum) for (const cb of [...listeners]) cb(converter.datum);
      },
    });
    layer.on('loading', () => watch.requested());
    layer.on('tileload', () => watch.loaded());
    layer.on('tileerror', () => watch.errored());
    layer.addTo(map);
    map.on('unload', () => watch.dispose());
  }

  // A panel that opens, splits or collapses resizes the map's box: Leaflet must re-measure it.
  const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => map.invalidateSize({ pan: false }));
  resize?.observe(el);

  return {
    map,
    get datum() {
      return converter.datum;
    },
    toMap: (lat, lng) => converter.toMap(lat, lng),
    fromMap: (lat, lng) => converter.fromMap(lat, lng),
    onBaseChange: (cb) => {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      resize?.disconnect();
      measure?.dispose();
      tileLayer?.remove();
      listeners.clear();
      map.remove();
      el.classList.remove('egret-city-map');
    },
  };
}

/** The tile server as an operator can name it: its origin, not the template. */
function originOf(template: string): string {
  try {
    return new URL(template.replace(/\{[a-z]\}/g, '0')).origin;
  } catch {
    return template;
  }
}
