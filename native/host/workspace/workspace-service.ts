import {
  ApiError,
  CONSOLE_WINDOW_ID,
  MAX_WINDOWS,
  defaultWorkspace,
  displaySetFingerprint,
  popOutWindow,
  workspaceOrDefault,
  type Display,
  type LiveWorkspace,
  type WindowContent,
  type Workspace,
  type WorkspaceFallback,
  type WorkspaceOpened,
  type WorkspaceOwner,
  type WorkspaceWindow,
} from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { WorkspaceStore } from '../../store/workspace-state.ts';
import { placesOnto } from './saved-places.ts';

export interface WorkspaceServiceDeps {
  store: WorkspaceStore;
  now(): number;
  /** Who is signed in (the operator's id and role, as the platform's welcome gave them); null when nobody is. */
  signedIn(): WorkspaceOwner | null;
  /** Pushes the live workspace on topic `workspace`. */
  publish(live: LiveWorkspace): void;
  logger?: Logger;
}

/**
 * The operator's live workspace in the host (issue 13): the one the window
 * owner (Electron's main process; the browser shell's console window) opened
 * for the displays it has, with every later change — a panel popped out, a
 * window docked back, pinned, put in wall mode, moved. Every change is saved
 * to state.db for the operator, role and display set in the same call, then
 * made live and published on `workspace`, where the owner opens and closes
 * windows to match and every window reads what it shows. A refused change
 * leaves both the live and the saved workspace as they were.
 *
 * `rev` counts the changes since the host started and is never reset (not
 * even by a sign-out), so a window can always drop a push older than what
 * it has.
 */
export class WorkspaceService {
  private current: { live: LiveWorkspace; owner: WorkspaceOwner } | null = null;
  private rev = 0;
  /** Windows docked since the live workspace was opened: a save from before the dock does not bring them back. */
  private docked = new Set<string>();

  constructor(private readonly deps: WorkspaceServiceDeps) {}

  /**
   * The workspace saved for the signed-in operator and role on these
   * displays, or the role's default — with the reason when a saved one was
   * unusable (damaged, written by a newer console, another's). It becomes
   * live. An unusable row is not touched here: it stays as it is until the
   * operator's next change saves over it (and `workspace.reset` deletes it),
   * so opening never destroys what someone may still want to look at.
   */
  open(displays: readonly Display[]): WorkspaceOpened {
    const owner = this.owner();
    const stored = this.deps.store.stored(owner, displaySetFingerprint(displays));
    const { workspace, fallback } = workspaceOrDefault(stored, owner, displays);
    if (fallback) {
      this.deps.logger?.warn('workspace: the saved workspace is not used; the role default is live', {
        operator: owner.operator,
        role: owner.role,
        reason: fallback.reason,
        message: fallback.message,
      });
    }
    return { live: this.makeLive(owner, workspace, { opened: true, ...(fallback ? { fallback } : {}) }), fallback };
  }

  /** The signed-in operator's live workspace; null before the window owner opens one (or after a sign-out). */
  live(): LiveWorkspace | null {
    const signedIn = this.deps.signedIn();
    return this.current && signedIn && sameOwner(this.current.owner, signedIn) ? this.current.live : null;
  }

  /**
   * The owner's layout as it is now (moved, resized, placed again): saved and
   * made live; refused for anyone else's workspace. Over the live workspace
   * of the same display set it brings the windows' places only (saved-places.ts);
   * for another display set it is taken whole.
   */
  save(workspace: Workspace): LiveWorkspace {
    const owner = this.owner();
    if (!sameOwner(owner, workspace)) {
      throw new ApiError(
        'forbidden',
        `this is the workspace of ${workspace.operator} as ${workspace.role}; ${owner.operator} as ${owner.role} may save only their own`,
      );
    }
    const live = this.live()?.workspace;
    if (live?.displaySet !== workspace.displaySet) return this.commit(owner, workspace, { opened: true });
    return this.commit(owner, placesOnto(live, workspace, this.docked));
  }

  /** Forgets the workspace saved for these displays: the role's default becomes live (and is what the next open gives). */
  reset(displays: readonly Display[]): WorkspaceOpened {
    const owner = this.owner();
    const workspace = defaultWorkspace(owner, displays);
    this.deps.store.forget(owner, workspace.displaySet);
    return { live: this.makeLive(owner, workspace, { opened: true }), fallback: null };
  }

  /** A panel (or an arrangement) in a window of its own, added to the live workspace; the window owner opens it. */
  popOut(content: WindowContent): { window: WorkspaceWindow; live: LiveWorkspace } {
    if (content.kind === 'console') {
      throw new ApiError(
        'invalid_params',
        `the console has its window already ("${CONSOLE_WINDOW_ID}"): pop out a panel or an arrangement of panels`,
      );
    }
    const { owner, workspace } = this.liveOrRefuse('pop a panel out');
    const window = popOutWindow(workspace, content);
    if (window === null) {
      throw new ApiError('conflict', `the workspace has ${MAX_WINDOWS} windows, as many as it can: dock one back first`);
    }
    const live = this.commit(owner, { ...workspace, windows: [...workspace.windows, window] });
    this.docked.delete(window.id);
    return { window, live };
  }

  /** The window leaves the live workspace (its panel goes back into the console); the window owner closes it. */
  dock(windowId: string): LiveWorkspace {
    const { owner, workspace } = this.liveOrRefuse('dock a window');
    if (windowId === CONSOLE_WINDOW_ID) throw new ApiError('conflict', 'the console window cannot be docked: every workspace keeps it');
    this.windowOrRefuse(workspace, windowId);
    const live = this.commit(owner, { ...workspace, windows: workspace.windows.filter((w) => w.id !== windowId) });
    this.docked.add(windowId);
    return live;
  }

  /** Pins or unpins a window (a pinned one ignores the shared selection); puts it in wall mode or out of it. */
  setWindow(windowId: string, change: { pinned?: boolean | undefined; wallMode?: boolean | undefined }): LiveWorkspace {
    const { owner, workspace } = this.liveOrRefuse('change a window');
    this.windowOrRefuse(workspace, windowId);
    const windows = workspace.windows.map((w) =>
      w.id === windowId ? { ...w, pinned: change.pinned ?? w.pinned, wallMode: change.wallMode ?? w.wallMode } : w,
    );
    return this.commit(owner, { ...workspace, windows });
  }

  /**
   * Signed out (or someone else signed in): nothing is live until the next
   * `workspace.open`. What is saved stays, for the operator's next sign-in.
   * Nothing is published: the topic carries workspaces, and the windows
   * follow the sign-out itself (session.info) to the sign-in page.
   */
  clear(): void {
    this.current = null;
    this.docked.clear();
  }

  private owner(): WorkspaceOwner {
    const owner = this.deps.signedIn();
    if (owner === null) throw new ApiError('unauthenticated', 'sign in to use a workspace');
    return owner;
  }

  private liveOrRefuse(doing: string): { owner: WorkspaceOwner; workspace: Workspace } {
    const owner = this.owner();
    const live = this.live();
    if (live === null)
      throw new ApiError('conflict', `no workspace is open to ${doing} in: the window owner opens one first (workspace.open)`);
    return { owner, workspace: live.workspace };
  }

  private windowOrRefuse(workspace: Workspace, windowId: string): void {
    if (!workspace.windows.some((w) => w.id === windowId)) {
      throw new ApiError('not_found', `no window "${windowId}" in the workspace (${workspace.windows.map((w) => w.id).join(', ')})`);
    }
  }

  /** Saved first: a write that fails leaves the live workspace as it was. */
  private commit(owner: WorkspaceOwner, workspace: Workspace, how: { opened?: boolean } = {}): LiveWorkspace {
    this.deps.store.put(workspace, this.deps.now());
    return this.makeLive(owner, workspace, how);
  }

  /** `opened`: another workspace than the live one's (opened, reset, or saved for another display set): what was docked from the last one is forgotten. */
  private makeLive(owner: WorkspaceOwner, workspace: Workspace, how: { opened?: boolean; fallback?: WorkspaceFallback } = {}): LiveWorkspace {
    if (how.opened) this.docked.clear();
    this.rev += 1;
    // The fallback goes with the opened workspace only: the next change is the operator's own layout.
    const live: LiveWorkspace = how.fallback ? { workspace, rev: this.rev, fallback: how.fallback } : { workspace, rev: this.rev };
    this.current = { live, owner: { operator: owner.operator, role: owner.role } };
    this.deps.publish(live);
    return live;
  }
}

function sameOwner(a: WorkspaceOwner, b: WorkspaceOwner): boolean {
  return a.operator === b.operator && a.role === b.role;
}
