// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { EntityKindName, MethodName } from '../../../native/api/index.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession } from '../test-support/board-fixtures.ts';
import type { FrameScheduler } from '../map/layers/position-feed.ts';
import type { PackedPositions } from '../map/layers/position-book.ts';
import { defaultBoardFilter } from './board-filter.ts';
import { layersKey, mapIncidentFilter, readLayerToggles, useMapStore } from './map.ts';

class ManualFrames implements FrameScheduler {
  private waiting: (() => void)[] = [];
  request(cb: () => void): unknown {
    this.waiting.push(cb);
    return cb;
  }
  cancel(handle: unknown): void {
    this.waiting = this.waiting.filter((cb) => cb !== handle);
  }
  get pending(): number {
    return this.waiting.length;
  }
  run(): void {
    const due = this.waiting;
    this.waiting = [];
    for (const cb of due) cb();
  }
}

const packed = (
  book: string,
  rows: [slot: number, lat: number, state: number, ts: number][],
  ids: [number, string][] = [],
): PackedPositions => ({
  book,
  slots: rows.map((r) => r[0]),
  lat: rows.map((r) => r[1]),
  lng: rows.map(() => 118.1),
  state: rows.map((r) => r[2]),
  ts: rows.map((r) => r[3]),
  ids,
});

function mapApp() {
  const app = storeTestApp({ session: signedInSession('call_taker') });
  const asked: MethodName[] = [];
  let book = packed(
    'b1',
    [
      [0, 24.45, 0, 1000],
      [1, 24.5, 1, 1000],
    ],
    [
      [0, 'vol-a'],
      [1, 'vol-b'],
    ],
  );
  const h = app.host.handlers;
  h['map.incidents'] = () => (asked.push('map.incidents'), { items: [] });
  h['map.cameras'] = () => (asked.push('map.cameras'), { items: [] });
  h['map.roads'] = () => (asked.push('map.roads'), { items: [] });
  h['map.stations'] = () => (asked.push('map.stations'), { items: [] });
  h['map.positions'] = () => (asked.push('map.positions'), book);
  const frames = new ManualFrames();
  return {
    ...app,
    asked,
    frames,
    count: (method: MethodName) => asked.filter((m) => m === method).length,
    setBook(next: PackedPositions) {
      book = next;
    },
    async start() {
      app.client.start();
      const store = app.run(() => useMapStore());
      store.useFrames(frames);
      const release = store.retain();
      await settle();
      await settle();
      return { store, release };
    },
  };
}

const changed = (kind: EntityKindName) => [{ kind, upserted: ['x'], deleted: [] }];

beforeEach(() => localStorage.clear());

describe('map store', () => {
  it('asks nothing until a map is on screen, then every layer once', async () => {
    const app = mapApp();
    app.client.start();
    app.run(() => useMapStore());
    await settle();
    expect(app.asked).toEqual([]);
    const { store } = await app.start();
    expect([...app.asked].sort()).toEqual(['map.cameras', 'map.incidents', 'map.positions', 'map.roads', 'map.stations']);
    expect(store.positions.idAt(1)).toBe('vol-b');
    expect(store.counts.volunteers).toEqual([1, 1, 0, 0]);
  });

  it('applies the position pushes of a frame in one go, in place, and counts the states', async () => {
    const app = mapApp();
    const { store } = await app.start();
    const seen: unknown[] = [];
    store.onPositions((change) => seen.push(change));
    app.host.publish('positions.packed', packed('b1', [[0, 24.46, 3, 2000]]));
    app.host.publish(
      'positions.packed',
      packed(
        'b1',
        [
          [0, 24.47, 3, 3000],
          [2, 24.6, 0, 3000],
        ],
        [[2, 'vol-c']],
      ),
    );
    await settle();
    expect(store.positions.lat[0]).toBe(24.45); // held until the frame
    expect(app.frames.pending).toBe(1);
    app.frames.run();
    expect(seen).toEqual([{ slots: [0, 2] }]);
    expect(store.positions.lat[0]).toBe(24.47);
    expect(store.positions.slotOf('vol-c')).toBe(2);
    expect(store.counts.volunteers).toEqual([1, 1, 0, 1]);
  });

  it('fetches the whole book again on a push from a book it does not know', async () => {
    const app = mapApp();
    const { store } = await app.start();
    expect(app.count('map.positions')).toBe(1);
    app.setBook(packed('b2', [[0, 24.7, 2, 5000]], [[0, 'vol-z']]));
    app.host.publish('positions.packed', packed('b2', [[0, 24.7, 2, 5000]]));
    await settle();
    app.frames.run();
    await settle();
    await settle();
    expect(app.count('map.positions')).toBe(2);
    expect(store.positions.book).toBe('b2');
    expect(store.positions.idAt(0)).toBe('vol-z');
  });

  it('re-asks only the layer whose kind changed, and many changes as one', async () => {
    const app = mapApp();
    await app.start();
    app.timers.advance(10_000);
    app.host.publish('entities.changed', changed('camera'));
    await settle();
    await settle();
    expect(app.count('map.cameras')).toBe(2);
    expect(app.count('map.incidents')).toBe(1);
    expect(app.count('map.roads')).toBe(1);

    // Five notices in one push: one re-read now, one more once the interval allows (what came during it), no more.
    for (let i = 0; i < 5; i++) app.host.publish('entities.changed', changed('incident'));
    await settle();
    await settle();
    expect(app.count('map.incidents')).toBe(2);
    app.timers.advance(2_000);
    await settle();
    await settle();
    expect(app.count('map.incidents')).toBe(3);
    app.timers.advance(10_000);
    await settle();
    expect(app.count('map.incidents')).toBe(3);
  });

  it('stops asking when the last map leaves the screen', async () => {
    const app = mapApp();
    const { release } = await app.start();
    release();
    await settle();
    app.timers.advance(10_000);
    app.host.publish('entities.changed', changed('camera'));
    await settle();
    expect(app.count('map.cameras')).toBe(1);
  });

  it('remembers layer toggles per operator', async () => {
    const app = mapApp();
    const { store } = await app.start();
    store.setLayer('volunteers', false);
    expect(readLayerToggles(localStorage, layersKey('op-01')).volunteers).toBe(false);
    expect(readLayerToggles(localStorage, layersKey('op-02')).volunteers).toBe(true);
  });
});

describe('the incident layer follows the board filter', () => {
  it('leaves the default open-status choice out, so incidents ended in the window show too', () => {
    expect(mapIncidentFilter(defaultBoardFilter())).toEqual({});
  });

  it('keeps any other choice of the operator', () => {
    expect(mapIncidentFilter({ ...defaultBoardFilter(), status: ['new'], priority: [1], district: ['350203'] })).toEqual({
      status: ['new'],
      priority: [1],
      district: ['350203'],
    });
  });

  it('forgets a damaged toggle entry rather than failing', () => {
    const storage = { getItem: () => '{not json' };
    expect(readLayerToggles(storage, 'k')).toEqual({ roads: true, stations: true, cameras: true, incidents: true, volunteers: true });
  });
});
