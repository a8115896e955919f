import L from 'leaflet';
import type { Feature, Geometry } from 'geojson';
import type { DistrictProperties, Districts } from './districts.ts';

export { loadDistricts, type Districts } from './districts.ts';

/** Xiamen's six districts, WGS84 [[south, west], [north, east]], for the map's bounds before the file has loaded. */
export const XIAMEN_BOUNDS: L.LatLngBoundsLiteral = [
  [24.38, 117.86],
  [24.93, 118.44],
];

/**
 * The offline base: district polygons on a plain land colour (the sea is the
 * map container's background, city-map.css) with their names, drawn in the
 * map's datum. Not interactive: clicks belong to the layers above it.
 */
export function offlineBaseLayer(
  data: Districts,
  toMap: (lat: number, lng: number) => [number, number],
  locale: 'zh-CN' | 'en',
): L.LayerGroup {
  const group = L.layerGroup();
  const polygons = L.geoJSON(data, {
    interactive: false,
    coordsToLatLng: (c) => L.latLng(...toMap(c[1], c[0])),
    style: () => ({ color: '#7a8fa6', weight: 1.5, fillColor: '#f4f1e8', fillOpacity: 1, className: 'egret-district' }),
  });
  group.addLayer(polygons);
  for (const feature of data.features as Feature<Geometry, DistrictProperties>[]) {
    const p = feature.properties;
    const at = p.cp ? toMap(p.cp[1], p.cp[0]) : null;
    if (!at) continue;
    const label = L.tooltip({ permanent: true, direction: 'center', interactive: false, className: 'egret-district-label' })
      .setLatLng(at)
      .setContent(locale === 'en' ? p.name_en : p.name);
    group.addLayer(label);
  }
  return group;
}
