import gcoord, { type CRSTypes } from 'gcoord';

/**
 * The datum a base map is drawn in. The wire and the host are WGS84; a tile
 * server may be GCJ-02 (火星坐标, China's obfuscated datum), about 580 m off
 * in Xiamen. CGCS2000 (Tianditu) is treated as WGS84: they are sub-metre apart.
 */
export type Datum = 'wgs84' | 'gcj02';

export interface DatumConverter {
  datum: Datum;
  /** WGS84 → the drawn datum, as [lat, lng]. */
  toMap(lat: number, lng: number): [number, number];
  /** The drawn datum → WGS84, as [lat, lng] (GCJ-02's inverse is gcoord's iteration: centimetres off). */
  fromMap(lat: number, lng: number): [number, number];
}

const same = (lat: number, lng: number): [number, number] => [lat, lng];

/** gcoord takes and gives [lng, lat]; the map's side speaks [lat, lng] like Leaflet. */
function via(from: CRSTypes, to: CRSTypes) {
  return (lat: number, lng: number): [number, number] => {
    const [x, y] = gcoord.transform([lng, lat], from, to) as [number, number];
    return [y, x];
  };
}

export function datumConverter(datum: Datum): DatumConverter {
  if (datum === 'wgs84') return { datum, toMap: same, fromMap: same };
  return { datum, toMap: via(gcoord.WGS84, gcoord.GCJ02), fromMap: via(gcoord.GCJ02, gcoord.WGS84) };
}
