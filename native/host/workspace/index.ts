import type { LiveWorkspace, Selection, WorkspaceOwner } from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { isCachedIncident } from '../../store/queries/incident-detail.ts';
import { WorkspaceStore } from '../../store/workspace-state.ts';
import { SelectionService } from './selection-service.ts';
import { WorkspaceService } from './workspace-service.ts';

export { SelectionService } from './selection-service.ts';
export { WorkspaceService } from './workspace-service.ts';

export interface OperatorDeskDeps {
  data: Pick<DataDir, 'state' | 'cache'>;
  timers: Pick<Timers, 'now'>;
  /** The signed-in operator's id and role; null when signed out. */
  signedIn(): WorkspaceOwner | null;
  publishWorkspace(live: LiveWorkspace): void;
  publishSelection(selection: Selection): void;
  logger?: Logger;
}

/**
 * What one operator's windows share in the host (issue 13): the live
 * workspace, saved in state.db per operator, role and display set, and the
 * selected incident. Both end with the operator's session: `signedOut`
 * clears them (the saved workspaces stay for the next sign-in).
 */
export function operatorDesk(deps: OperatorDeskDeps) {
  const now = () => deps.timers.now();
  const workspace = new WorkspaceService({
    store: new WorkspaceStore(deps.data.state.db),
    now,
    signedIn: deps.signedIn,
    publish: deps.publishWorkspace,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const selection = new SelectionService({
    now,
    knownIncident: (id) => isCachedIncident(deps.data.cache.db, id),
    publish: deps.publishSelection,
  });
  return {
    workspace,
    selection,
    /** What a window subscribing to `workspace` gets first: the live workspace, or nothing before one is open. */
    workspaceSnapshot: (): LiveWorkspace | undefined => workspace.live() ?? undefined,
    /** What a window subscribing to `selection` gets first. */
    selectionSnapshot: (): Selection => selection.get(),
    /**
     * The operator signed out, or another signed in: no live workspace, no
     * selection (published, so every window drops it at once). Call it before
     * the link forgets the operator, while the host still publishes to their windows.
     */
    signedOut: () => {
      workspace.clear();
      selection.clear();
    },
  };
}
