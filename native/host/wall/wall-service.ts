import { isDeepStrictEqual } from 'node:util';
import { ApiError, wallTileCount, type SavedView, type TourDef, type TourRun, type WallLayout, type WallState } from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import { StoredWallError, type WallStore } from '../../store/wall-state.ts';
import { emptyWall, fitTiles, nextTourIndex, sameTiles, showTour, tileForPlacing, tourAfterHandChange } from './wall-edits.ts';
import { TourTimers } from './tour-timers.ts';
import { refuseUnknownCameras } from './camera-check.ts';
import { refuseBeyondLimit, refuseLongList } from './wall-limits.ts';

export interface WallServiceDeps {
  store: WallStore;
  /** Which of these ids are cameras the cache holds. */
  knownCameras(ids: readonly string[]): Set<string>;
  timers: Timers;
  /** The signed-in operator's id (only their wall is published: a window shows one wall). */
  signedIn(): string | null;
  publish(wall: WallState): void;
  /** The operator's saved views or tours changed: their windows are told (collections-feed.ts). */
  collectionsChanged(operator: string): void;
  logger?: Logger;
}

export interface WallPatch {
  layout?: WallLayout | undefined;
  tiles?: (string | null)[] | undefined;
  maximised?: number | null | undefined;
}

/**
 * One operator's camera wall in the host (issue 12): the layout, a camera
 * per tile, the tile maximised, saved views and tours. Every change is
 * validated whole before anything is written (unknown cameras, tile counts,
 * names), written to state.db, then published on `wall.state`; a refused
 * change leaves the wall as it was. Saved views and tours are bounded
 * (rules.ts WALL_LIMITS) and, when they change, the operator's windows are
 * told through `collectionsChanged`.
 *
 * Tours step on the host's timers (injected): a tile tour puts the next
 * camera in its tile, a wall tour the next page of as many cameras as the
 * layout has tiles. An offline camera is shown like any other (its tile says
 * it is offline), never skipped. The run, with its next step's time, is in
 * state.db, so a console restarted mid-tour goes on (`resume`), and so does
 * an operator's tour when they sign in again (`signedInChanged`).
 */
export class WallService {
  private readonly timers: TourTimers;
  private disposed = false;

  constructor(private readonly deps: WallServiceDeps) {
    this.timers = new TourTimers(deps.timers, (operator) => this.step(operator));
  }

  get(operator: string): WallState {
    try {
      return this.deps.store.wall(operator) ?? emptyWall(operator);
    } catch (error) {
      if (!(error instanceof StoredWallError)) throw error;
      // A damaged row must not lock the operator out of their wall: they start from an empty one, and the log says why.
      this.deps.logger?.warn('wall: the stored wall is unreadable; starting from an empty one', { operator, error: error.message });
      return emptyWall(operator);
    }
  }

  set(operator: string, patch: WallPatch): WallState {
    const wall = this.get(operator);
    const layout = patch.layout ?? wall.layout;
    const n = wallTileCount(layout);
    if (patch.tiles !== undefined) {
      if (patch.tiles.length !== n) {
        throw new ApiError('invalid_params', `layout ${layout} has ${n} tiles; ${patch.tiles.length} were given`);
      }
      refuseUnknownCameras(patch.tiles, (ids) => this.deps.knownCameras(ids));
    }
    if (patch.maximised != null && patch.maximised >= n) {
      throw new ApiError('invalid_params', `tile ${patch.maximised} does not exist in layout ${layout} (tiles 0–${n - 1})`);
    }
    let maximised = patch.maximised !== undefined ? patch.maximised : wall.maximised;
    if (maximised !== null && maximised >= n) maximised = null;

    let next: WallState;
    if (patch.tiles !== undefined) {
      next = { ...wall, layout, tiles: [...patch.tiles], maximised, tour: tourAfterHandChange(wall, patch.tiles) };
    } else {
      next = { ...wall, layout, tiles: fitTiles(wall.tiles, n), maximised, tour: this.tourAfterLayout(wall, layout) };
      // A wall tour goes on at the new size: the page it shows is filled to the new tile count at once.
      const tour = next.tour?.scope === 'wall' && layout !== wall.layout ? this.tourDef(operator, next.tour.name) : null;
      if (tour && next.tour) next = showTour(next, next.tour, tour);
    }
    if (!sameTiles(wall, next)) next.view = null;
    return this.write(wall, next);
  }

  place(operator: string, camera: string, tile?: number): WallState {
    const wall = this.get(operator);
    refuseUnknownCameras([camera], (ids) => this.deps.knownCameras(ids));
    const n = wall.tiles.length;
    if (tile !== undefined && tile >= n) {
      throw new ApiError('invalid_params', `tile ${tile} does not exist in layout ${wall.layout} (tiles 0–${n - 1})`);
    }
    const tiles = [...wall.tiles];
    tiles[tile ?? tileForPlacing(tiles)] = camera;
    return this.byHand(wall, tiles);
  }

  placeMany(operator: string, cameras: readonly string[]): WallState {
    const wall = this.get(operator);
    refuseUnknownCameras(cameras, (ids) => this.deps.knownCameras(ids));
    const tiles = wall.tiles.map((t, i) => (i < cameras.length ? cameras[i]! : t));
    return this.byHand(wall, tiles);
  }

  // ── Saved views ──────────────────────────────────────────────────────────

  views(operator: string): SavedView[] {
    return this.deps.store.views(operator);
  }

  saveView(operator: string, name: string): SavedView[] {
    refuseBeyondLimit(this.deps.store, operator, 'views', name);
    const wall = this.get(operator);
    this.deps.store.putView(operator, { name, layout: wall.layout, tiles: wall.tiles }, this.deps.timers.now());
    this.write(wall, { ...wall, view: name });
    this.deps.collectionsChanged(operator);
    return this.views(operator);
  }

  /** Shows a saved view; any tour stops (the view is what the operator chose to see). */
  applyView(operator: string, name: string): WallState {
    const view = this.deps.store.view(operator, name);
    if (view === null) throw new ApiError('not_found', `no saved view named "${name}"`);
    const wall = this.get(operator);
    const tiles = fitTiles(view.tiles, wallTileCount(view.layout));
    return this.write(wall, { ...wall, layout: view.layout, tiles, maximised: null, view: name, tour: null });
  }

  deleteView(operator: string, name: string): SavedView[] {
    if (!this.deps.store.deleteView(operator, name)) throw new ApiError('not_found', `no saved view named "${name}"`);
    const wall = this.get(operator);
    if (wall.view === name) this.write(wall, { ...wall, view: null });
    this.deps.collectionsChanged(operator);
    return this.views(operator);
  }

  // ── Tours ────────────────────────────────────────────────────────────────

  tours(operator: string): TourDef[] {
    return this.deps.store.tours(operator);
  }

  /** Saves a tour; one running by that name goes on with the new cameras and dwell from its next step. */
  saveTour(operator: string, tour: TourDef): TourDef[] {
    refuseLongList(tour.cameras, 'tour');
    refuseUnknownCameras(tour.cameras, (ids) => this.deps.knownCameras(ids));
    refuseBeyondLimit(this.deps.store, operator, 'tours', tour.name);
    this.deps.store.putTour(operator, tour, this.deps.timers.now());
    this.deps.collectionsChanged(operator);
    return this.tours(operator);
  }

  /** Deletes a tour, stopping it if it runs. */
  deleteTour(operator: string, name: string): TourDef[] {
    if (!this.deps.store.deleteTour(operator, name)) throw new ApiError('not_found', `no tour named "${name}"`);
    const wall = this.get(operator);
    if (wall.tour?.name === name) this.write(wall, { ...wall, tour: null });
    this.deps.collectionsChanged(operator);
    return this.tours(operator);
  }

  /** Starts a tour at its first camera (or page), replacing any tour running. */
  startTour(operator: string, name: string, scope: 'tile' | 'wall', tile?: number): WallState {
    const tour = this.tourDef(operator, name);
    if (tour === null) throw new ApiError('not_found', `no tour named "${name}"`);
    const wall = this.get(operator);
    if (scope === 'tile') {
      if (tile === undefined) throw new ApiError('invalid_params', 'a tour in one tile needs the tile it runs in');
      if (tile >= wall.tiles.length) {
        throw new ApiError('invalid_params', `tile ${tile} does not exist in layout ${wall.layout} (tiles 0–${wall.tiles.length - 1})`);
      }
    } else if (tile !== undefined) {
      throw new ApiError('invalid_params', 'a tour over the whole wall takes no tile');
    }
    const run: TourRun = {
      name,
      scope,
      tile: scope === 'tile' ? tile! : null,
      index: 0,
      paused: false,
      nextAtMs: this.deps.timers.now() + tour.dwellS * 1000,
    };
    const shown = showTour(wall, run, tour);
    // Paging the whole wall replaces what the operator had arranged; a tour in one tile leaves the view as it is.
    return this.write(wall, scope === 'wall' ? { ...shown, view: null } : shown);
  }

  pauseTour(operator: string): WallState {
    const wall = this.get(operator);
    const run = this.running(wall);
    if (run.paused) return wall;
    return this.write(wall, { ...wall, tour: { ...run, paused: true, nextAtMs: null } });
  }

  /** Resumes a paused tour; its next step comes a full dwell from now. */
  resumeTour(operator: string): WallState {
    const wall = this.get(operator);
    const run = this.running(wall);
    if (!run.paused) return wall;
    const tour = this.tourDef(operator, run.name);
    if (tour === null) return this.write(wall, { ...wall, tour: null });
    return this.write(wall, { ...wall, tour: { ...run, paused: false, nextAtMs: this.deps.timers.now() + tour.dwellS * 1000 } });
  }

  /** Stops the tour; the tiles keep what they show. Stopping when none runs changes nothing. */
  stopTour(operator: string): WallState {
    const wall = this.get(operator);
    return wall.tour === null ? wall : this.write(wall, { ...wall, tour: null });
  }

  /**
   * After a restart: the signed-in operator's tour goes on, and a step that
   * fell due while the console was down comes now. Only theirs: a tour of an
   * operator who is not signed in waits in state.db, unseen and unwritten,
   * until they sign in again (`signedInChanged`).
   */
  resume(): void {
    const operator = this.deps.signedIn();
    if (operator === null) return;
    const at = this.get(operator).tour?.nextAtMs;
    if (at == null) return;
    if (at <= this.deps.timers.now()) this.step(operator);
    else this.timers.schedule(operator, at);
  }

  /** Someone else signed in (or out): windows show the new operator's wall, and their tour goes on where it was. */
  signedInChanged(): void {
    this.timers.clearAll();
    const operator = this.deps.signedIn();
    if (operator === null) return;
    this.resume();
    this.deps.publish(this.get(operator));
  }

  dispose(): void {
    this.disposed = true;
    this.timers.dispose();
  }

  // ── Steps ────────────────────────────────────────────────────────────────

  /** A tour's step is due: the next camera or page. state.db is the truth: the tour may have been paused or stopped since. */
  private step(operator: string): void {
    // Signed out since the timer was set: the tour waits for their next sign-in.
    if (this.disposed || this.deps.signedIn() !== operator) return;
    const wall = this.get(operator);
    const run = wall.tour;
    if (run === null || run.paused) return;
    const tour = this.tourDef(operator, run.name);
    if (tour === null) {
      this.write(wall, { ...wall, tour: null });
      return;
    }
    const index = nextTourIndex(run, tour.cameras.length, wall.tiles.length);
    const nextAtMs = this.deps.timers.now() + tour.dwellS * 1000;
    this.write(wall, showTour(wall, { ...run, index, nextAtMs }, tour));
  }

  private byHand(wall: WallState, tiles: (string | null)[]): WallState {
    const next = { ...wall, tiles, tour: tourAfterHandChange(wall, tiles) };
    return this.write(wall, sameTiles(wall, next) ? next : { ...next, view: null });
  }

  /** The tour after a layout change: a tile tour whose tile is gone stops. */
  private tourAfterLayout(wall: WallState, layout: WallLayout): TourRun | null {
    const run = wall.tour;
    if (run?.scope === 'tile' && run.tile! >= wallTileCount(layout)) return null;
    return run;
  }

  private running(wall: WallState): TourRun {
    if (wall.tour === null) throw new ApiError('not_found', 'no tour runs on the wall');
    return wall.tour;
  }

  private tourDef(operator: string, name: string): TourDef | null {
    try {
      return this.deps.store.tour(operator, name);
    } catch (error) {
      if (!(error instanceof StoredWallError)) throw error;
      this.deps.logger?.warn('wall: a stored tour is unreadable', { operator, name, error: error.message });
      return null;
    }
  }

  /** Writes a change (nothing when nothing changed), sets the tour's timer, publishes. */
  private write(before: WallState, after: WallState): WallState {
    const next: WallState = { ...after, rev: before.rev + 1 };
    if (isDeepStrictEqual({ ...before, rev: 0 }, { ...next, rev: 0 })) return before;
    this.deps.store.putWall(next, this.deps.timers.now());
    const at = next.tour !== null && !next.tour.paused ? next.tour.nextAtMs : null;
    const shown = this.deps.signedIn() === next.operator;
    if (at === null || !shown || this.disposed) this.timers.clear(next.operator);
    else this.timers.schedule(next.operator, at);
    if (shown) this.deps.publish(next);
    return next;
  }
}
