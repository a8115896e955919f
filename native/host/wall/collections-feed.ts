import type { WallCollections } from '../../api/index.ts';
import type { WallStore } from '../../store/wall-state.ts';

export interface CollectionsFeedDeps {
  store: WallStore;
  /** The signed-in operator's id; null when signed out. */
  signedIn(): string | null;
  publish(collections: WallCollections): void;
}

/**
 * The operator's own collections — favourite cameras, groups, saved views,
 * tours — pushed whole on `wall.collections` after every change, so what one
 * window saves shows in the operator's other windows without a reload
 * (issue 13 puts an operator's walls and directory in several windows).
 * Whole, not the one list that changed: the topic keeps only the latest
 * payload per window, and a payload of one list would let a second change
 * within the same flush hide the first. What an operator keeps is bounded
 * (rules.ts WALL_LIMITS), so the payload is too.
 *
 * Only the signed-in operator's collections are ever published: a window
 * shows one operator's, and a change to anyone else's (none comes through
 * the API, which acts as the signed-in operator) reaches no window.
 */
export class CollectionsFeed {
  /** Orders this run's pushes; a window that reconnects takes the snapshot whatever its rev. */
  private rev = 0;

  constructor(private readonly deps: CollectionsFeedDeps) {}

  /** The operator's collections as they are now: what a window subscribing gets first. */
  snapshot(operator: string): WallCollections {
    const { store } = this.deps;
    return {
      operator,
      favourites: store.favourites(operator),
      groups: store.groups(operator),
      views: store.views(operator),
      tours: store.tours(operator),
      rev: this.rev,
    };
  }

  /** One of the operator's collections changed (already written): their windows get all of them. */
  changed(operator: string): void {
    this.rev += 1;
    if (this.deps.signedIn() === operator) this.deps.publish(this.snapshot(operator));
  }

  /** Someone else signed in: windows get the new operator's collections. */
  signedInChanged(): void {
    const operator = this.deps.signedIn();
    if (operator !== null) this.changed(operator);
  }
}
