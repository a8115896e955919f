import { ApiError, type Selection } from '../../api/index.ts';

export interface SelectionServiceDeps {
  now(): number;
  /** Whether the cache holds an incident of this id. */
  knownIncident(id: string): boolean;
  /** Pushes the selection on topic `selection` (urgent: not held for a window's next flush). */
  publish(selection: Selection): void;
}

/**
 * The incident the signed-in operator has selected, shared by all their
 * windows (issue 13): selected on the board, the map or the wall of one,
 * every window that is not pinned follows — the map centres on it, the wall
 * offers its nearest cameras, a detail shows it. `seq` orders the changes
 * and, like a workspace's rev, is never reset while the host runs, so a
 * window drops a push older than what it shows.
 */
export class SelectionService {
  private selection: Selection;

  constructor(private readonly deps: SelectionServiceDeps) {
    this.selection = { incident: null, window: null, seq: 0, at: this.at() };
  }

  get(): Selection {
    return this.selection;
  }

  /** Selects an incident the cache holds (or nothing) for every window; `window` is the one it was selected in. */
  set(incident: string | null, window: string): Selection {
    if (incident !== null && !this.deps.knownIncident(incident)) {
      throw new ApiError('not_found', `no incident ${incident} in the cache`);
    }
    return this.change(incident, window);
  }

  /**
   * Signed out (or someone else signed in): nothing is selected, and the
   * windows are told at once. Call it while the operator's role still lets
   * the host publish the topic (before the link signs out).
   */
  clear(): void {
    if (this.selection.incident === null && this.selection.window === null) return;
    this.change(null, null);
  }

  private change(incident: string | null, window: string | null): Selection {
    this.selection = { incident, window, seq: this.selection.seq + 1, at: this.at() };
    this.deps.publish(this.selection);
    return this.selection;
  }

  private at(): string {
    return new Date(this.deps.now()).toISOString();
  }
}
