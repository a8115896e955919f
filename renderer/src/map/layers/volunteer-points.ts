import type { CityMapHandle } from '../base/create-map.ts';
import { PointLayer } from '../engine/point-layer.ts';
import type { PositionBook } from './position-book.ts';
import type { PositionsApplied } from './position-feed.ts';
import { VOLUNTEER_STYLES } from './styles.ts';

/**
 * The live volunteers: the layer's slots are the position book's slots, so a
 * frame's changes are moved in place (`move`, `setStyle`) without rebuilding
 * anything; only a book that grew (a volunteer seen for the first time) or
 * was fetched whole, or a base that changed datum, sets the data again.
 */
export class VolunteerPoints {
  readonly layer = new PointLayer({ name: 'volunteers', styles: VOLUNTEER_STYLES, cluster: { radiusPx: 40, maxZoom: 13 }, zIndex: 450 });
  private size = 0;
  /** 1 for a slot named before its first position: not drawn, not hit. */
  private hidden = new Uint8Array(0);

  constructor(
    private readonly book: PositionBook,
    private readonly handle: Pick<CityMapHandle, 'toMap'>,
  ) {}

  /** What one frame of the position feed changed. */
  update(change: PositionsApplied): void {
    if ('all' in change || this.book.size > this.size) return this.rebuild();
    const { book, layer } = this;
    let shown = false;
    for (const slot of change.slots) {
      if (this.hidden[slot]) {
        this.hidden[slot] = 0;
        shown = true;
      }
      const [lat, lng] = this.handle.toMap(book.lat[slot]!, book.lng[slot]!);
      layer.move(slot, lat, lng);
      layer.setStyle(slot, book.state[slot]!);
    }
    if (shown) layer.setHidden(this.hidden.includes(1) ? this.hidden : null);
  }

  /** Everything again: the first book, a grown one, or a new datum. */
  rebuild(): void {
    const { book } = this;
    const n = book.size;
    this.size = n;
    const lat = new Float64Array(n);
    const lng = new Float64Array(n);
    const ids = new Array<string>(n);
    const hidden = (this.hidden = new Uint8Array(n));
    for (let slot = 0; slot < n; slot++) {
      ids[slot] = book.idAt(slot) ?? '';
      if (!book.present[slot]) {
        hidden[slot] = 1;
        continue;
      }
      [lat[slot], lng[slot]] = this.handle.toMap(book.lat[slot]!, book.lng[slot]!);
    }
    this.layer.setData({ ids, lat, lng, style: book.state.slice(0, n) });
    this.layer.setHidden(hidden.includes(1) ? hidden : null);
  }

  /** Where the layer holds a volunteer, in the map's datum; null when it draws none for that id. */
  drawnAt(id: string): [number, number] | null {
    const slot = this.book.slotOf(id);
    if (slot === undefined || this.hidden[slot]) return null;
    const point = this.layer.pointOf(slot);
    return point && point.id === id ? [point.lat, point.lng] : null;
  }
}
