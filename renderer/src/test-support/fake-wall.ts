import type { MethodName, Params, Result, SavedView, WallLayout, WallState } from '../../../native/api/index.ts';
import { wallTileCount } from '../../../native/api/rules.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import type { FakeHost } from './fake-host.ts';

type WallMethod = Extract<MethodName, `wall.${string}`>;
type WallHandlers = { [M in WallMethod]?: (params: Params<M>) => Result<M> };

/**
 * A scripted host wall for component and store tests: the host's rules as
 * issue12-api.md states them (a layout change keeps the first tiles that
 * fit and a maximised tile that still exists; a camera without a tile goes to the first empty one, else the last;
 * placeMany fills from tile 0; views save the layout and tiles), every
 * change bumping `rev` and published on `wall.state` once `attach`ed.
 * Cameras in `unknown` are refused as the host refuses ids not in its cache.
 */
export class FakeWall {
  state: WallState;
  views: SavedView[] = [];
  readonly unknown = new Set<string>();
  /** Every wall method called, with its params, in order. */
  readonly calls: { method: WallMethod; params: unknown }[] = [];
  private host: FakeHost | null = null;

  constructor(operator = 'op-01', layout: WallLayout = '4') {
    this.state = { operator, layout, tiles: Array.from({ length: wallTileCount(layout) }, () => null), maximised: null, view: null, tour: null, rev: 1 };
  }

  /** Publishes each change on `host`'s `wall.state`, as the real host does. */
  attach(host: FakeHost): this {
    this.host = host;
    return this;
  }

  private known(camera: string): void {
    if (this.unknown.has(camera)) throw new ApiCallError('invalid_params', `no camera ${camera} in the cache`);
  }

  private commit(next: Omit<WallState, 'rev' | 'operator'>): WallState {
    this.state = { ...this.state, ...next, rev: this.state.rev + 1 };
    this.host?.publish('wall.state', this.state);
    return this.state;
  }

  private record<M extends WallMethod>(method: M, fn: (params: Params<M>) => Result<M>) {
    return (params: Params<M>): Result<M> => {
      this.calls.push({ method, params });
      return fn(params);
    };
  }

  readonly handlers: WallHandlers = {
    'wall.get': this.record('wall.get', () => this.state),
    'wall.set': this.record('wall.set', ({ layout, tiles, maximised }) => {
      const nextLayout = layout ?? this.state.layout;
      const n = wallTileCount(nextLayout);
      if (tiles && tiles.length !== n) throw new ApiCallError('invalid_params', `layout ${nextLayout} has ${n} tiles, not ${tiles.length}`);
      for (const id of tiles ?? []) if (id !== null) this.known(id);
      if (maximised != null && maximised >= n) throw new ApiCallError('invalid_params', `layout ${nextLayout} has no tile ${maximised}`);
      const nextTiles = tiles ?? Array.from({ length: n }, (_, i) => this.state.tiles[i] ?? null);
      const kept = maximised !== undefined ? maximised : this.state.maximised;
      const same = nextLayout === this.state.layout && nextTiles.every((t, i) => t === this.state.tiles[i]);
      return this.commit({
        ...this.state,
        layout: nextLayout,
        tiles: nextTiles,
        maximised: kept !== null && kept < n ? kept : null,
        view: same ? this.state.view : null,
      });
    }),
    'wall.place': this.record('wall.place', ({ camera, tile }) => {
      this.known(camera);
      const tiles = [...this.state.tiles];
      const empty = tiles.indexOf(null);
      const at = tile ?? (empty === -1 ? tiles.length - 1 : empty);
      if (at >= tiles.length) throw new ApiCallError('invalid_params', `layout ${this.state.layout} has no tile ${at}`);
      tiles[at] = camera;
      return this.commit({ ...this.state, tiles, view: null });
    }),
    'wall.placeMany': this.record('wall.placeMany', ({ cameras }) => {
      cameras.forEach((c) => this.known(c));
      const tiles = this.state.tiles.map((old, i) => cameras[i] ?? old);
      return this.commit({ ...this.state, tiles, view: null });
    }),
    'wall.views.list': this.record('wall.views.list', () => this.views),
    'wall.views.save': this.record('wall.views.save', ({ name }) => {
      this.views = [...this.views.filter((v) => v.name !== name), { name, layout: this.state.layout, tiles: [...this.state.tiles] }].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      this.commit({ ...this.state, view: name });
      return this.views;
    }),
    'wall.views.apply': this.record('wall.views.apply', ({ name }) => {
      const view = this.views.find((v) => v.name === name);
      if (!view) throw new ApiCallError('not_found', `no view named ${name}`);
      return this.commit({ ...this.state, layout: view.layout, tiles: [...view.tiles], maximised: null, view: name });
    }),
    'wall.views.delete': this.record('wall.views.delete', ({ name }) => {
      if (!this.views.some((v) => v.name === name)) throw new ApiCallError('not_found', `no view named ${name}`);
      this.views = this.views.filter((v) => v.name !== name);
      if (this.state.view === name) this.commit({ ...this.state, view: null });
      return this.views;
    }),
  };
}
