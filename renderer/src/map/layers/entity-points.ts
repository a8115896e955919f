import type { CityMapHandle } from '../base/create-map.ts';
import { PointLayer, type PointData, type PointStyle } from '../engine/point-layer.ts';

/**
 * A layer of entities that stand still between refreshes (incidents,
 * cameras, stations): the host's answer becomes typed arrays in the map's
 * datum, and the same answer is converted again when the base's datum
 * changes. The items are kept (frozen, never reactive) for the tooltip and
 * the cards, by slot.
 */
export class EntityPoints<T extends { id: string; lat: number; lng: number }> {
  readonly layer: PointLayer;
  private items: readonly T[] = [];
  private readonly slotById = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly handle: Pick<CityMapHandle, 'toMap'>,
    private readonly styleOf: (item: T) => number,
    options: { styles: PointStyle[]; cluster?: { radiusPx: number; maxZoom: number }; zIndex?: number },
  ) {
    this.layer = new PointLayer({ name, ...options });
  }

  setItems(items: readonly T[]): void {
    this.items = items;
    this.slotById.clear();
    items.forEach((item, slot) => this.slotById.set(item.id, slot));
    this.layer.setData(toPointData(items, this.handle, this.styleOf));
  }

  /** The base changed datum: the same items, converted again. */
  reproject(): void {
    this.setItems(this.items);
  }

  item(id: string): T | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.items[slot];
  }

  /** Where the layer holds `id`, in the map's datum; null when it draws none. */
  drawnAt(id: string): [number, number] | null {
    const slot = this.slotById.get(id);
    const point = slot === undefined ? null : this.layer.pointOf(slot);
    return point && point.id === id ? [point.lat, point.lng] : null;
  }
}

export function toPointData<T extends { id: string; lat: number; lng: number }>(
  items: readonly T[],
  handle: Pick<CityMapHandle, 'toMap'>,
  styleOf: (item: T) => number,
): PointData {
  const n = items.length;
  const data: PointData = { ids: new Array<string>(n), lat: new Float64Array(n), lng: new Float64Array(n), style: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    const [lat, lng] = handle.toMap(item.lat, item.lng);
    data.ids[i] = item.id;
    data.lat[i] = lat;
    data.lng[i] = lng;
    data.style[i] = styleOf(item);
  }
  return data;
}
