import type { CityMapHandle } from '../base/create-map.ts';
import { PointLayer } from '../engine/point-layer.ts';
import { SELECTION_STYLES } from './styles.ts';

/**
 * The ring around the selected incident: a layer of its own with at most
 * one point, drawn above the incidents, so selecting changes nothing in the
 * incident layer's data. It is given the point the incident layer holds
 * (already in the map's datum).
 */
export class SelectionMark {
  private readonly layer = new PointLayer({ name: 'selection', styles: SELECTION_STYLES, zIndex: 460 });

  constructor(handle: Pick<CityMapHandle, 'map'>) {
    this.layer.addTo(handle.map);
  }

  show(selected: { id: string; at: [number, number] } | null): void {
    this.layer.setData(
      selected
        ? { ids: [selected.id], lat: Float64Array.of(selected.at[0]), lng: Float64Array.of(selected.at[1]), style: Uint8Array.of(0) }
        : { ids: [], lat: new Float64Array(0), lng: new Float64Array(0), style: new Uint8Array(0) },
    );
  }

  dispose(): void {
    this.layer.remove();
  }
}
