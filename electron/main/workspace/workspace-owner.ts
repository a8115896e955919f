import { isDeepStrictEqual } from 'node:util';
import type { LiveWorkspace, SessionInfo } from '../../../native/api/contract.ts';
import { CONSOLE_WINDOW_ID, defaultWorkspace, displaySetFingerprint, MAX_WINDOWS, type Workspace } from '../../../native/api/workspace.ts';
import type { Logger } from '../../../native/common/logger.ts';
import type { HostApi } from '../host-client.ts';
import { displaysOf } from './displays.ts';
import { WorkspaceWindows, type PlaceableWindow, type WindowSpec, type WorkspaceScreen } from './window-manager.ts';

/**
 * The main process as the owner of the operator's windows (issue 13): at
 * sign-in it asks the host for the workspace of this operator, role and
 * display set (`workspace.open`) and opens its windows, the console window
 * being the one already open; it follows the live workspace (topic
 * `workspace`): opens a window popped out, closes one docked, opens again in
 * its place one put in or out of wall mode; it saves where the operator puts
 * them (`workspace.save`, a second after the last move); when the displays
 * change it asks for the new set's workspace; at sign-out it closes every
 * window but the console's (which goes to sign-in by itself); a workspace
 * reset puts the windows in the role default's places. A window
 * closed by hand is opened again with a notice (docking is how a panel goes
 * away); one whose page keeps crashing is given up on and docked.
 */

type SyncReason = 'sign-in' | 'reconnect' | 'displays';

export interface OwnerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WorkspaceOwnerOptions<W extends PlaceableWindow> {
  host: HostApi;
  screen: WorkspaceScreen;
  /** The console window, open since the app started; null once it is gone. */
  consoleWindow: () => W | null;
  /** Opens a workspace window (workspace-window.ts in the app). */
  openWindow: (spec: WindowSpec) => W;
  timers: OwnerTimers;
  logger: Logger;
  /** How long after the last move, resize or placing the layout is saved. */
  saveDelayMs?: number;
  /** The operator closed the console window: the console is done (the app quits). */
  onConsoleClosed?: () => void;
}

export const SAVE_DELAY_MS = 1_000;
/** How long a quitting console waits for its last layout to be saved. */
const FINAL_SAVE_WAIT_MS = 2_000;

/**
 * The workspace as saved: the live one (what each window shows, pinned,
 * wall mode — the pages change those), each window at its place in `layout`
 * (where the owner's windows are), and the windows open that the live one
 * does not list yet, at the end (the new display set's workspace lacks the
 * windows that were moved onto it from a monitor unplugged).
 */
export function workspaceToSave(layout: Workspace, live: Workspace): Workspace {
  const places = new Map(layout.windows.map((w) => [w.id, w]));
  const listed = new Set(live.windows.map((w) => w.id));
  const windows = live.windows.map((w) => {
    const place = places.get(w.id);
    return place ? { ...w, display: place.display, bounds: place.bounds, state: place.state } : w;
  });
  windows.push(...layout.windows.filter((w) => !listed.has(w.id)));
  return { ...live, displaySet: layout.displaySet, windows: windows.slice(0, MAX_WINDOWS) };
}

/** Whether a window open in `layout` has another place (display, bounds, state) in `workspace`. */
function placesDiffer(layout: Workspace | null, workspace: Workspace): boolean {
  if (!layout || layout.displaySet !== workspace.displaySet) return false;
  const places = new Map(workspace.windows.map((w) => [w.id, w]));
  return layout.windows.some((w) => {
    const other = places.get(w.id);
    return other !== undefined && !isDeepStrictEqual([w.display, w.bounds, w.state], [other.display, other.bounds, other.state]);
  });
}

export class WorkspaceOwner<W extends PlaceableWindow> {
  /** `operator/role` while signed in. */
  private session: string | null = null;
  private windows: WorkspaceWindows<W> | null = null;
  private live: LiveWorkspace | null = null;
  private stopWorkspaceTopic: (() => void) | null = null;
  /** The display set whose workspace the host has live; another in a layout means the displays changed. */
  private syncedSet: string | null = null;
  private syncing = false;
  private syncAgain: SyncReason | null = null;
  private saveTimer: unknown = null;
  private savesUnderWay = 0;
  /** Bumped at sign-out and when the host's connection goes: answers from before are stale. */
  private generation = 0;
  private stopped = false;
  private readonly disposers: (() => void)[] = [];
  /** Windows closed by hand, to open again with `?recovered=closed`. */
  private readonly reopening = new Set<string>();
  /** Windows given up on (recovery.ts): docked when they close, not opened again. */
  private readonly givenUp = new Set<string>();

  constructor(private readonly options: WorkspaceOwnerOptions<W>) {}

  start(): void {
    const { host } = this.options;
    this.disposers.push(
      host.subscribe('session.info', (info) => this.followSession(info)),
      host.onConnection((connected) => {
        if (!connected) this.connectionLost();
      }),
    );
  }

  /** The windows open for the operator now. */
  get openWindows(): string[] {
    return this.windows?.openIds ?? [];
  }

  /** The page of window `id` keeps crashing (recovery.ts): when it closes, it is docked rather than opened again. */
  giveUp(id: string): void {
    this.givenUp.add(id);
  }

  /**
   * The console is quitting: the layout not saved yet is saved (waiting at
   * most 2 s), then nothing more is followed, and windows closing from now
   * on are not taken for docked.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    // From now on nothing is followed or opened: windows closing are the app quitting.
    this.stopped = true;
    const pending = this.saveTimer !== null;
    this.cancelSave();
    if (pending) {
      const { timers } = this.options;
      let timer: unknown = null;
      await Promise.race([this.save(), new Promise<void>((resolve) => (timer = timers.setTimeout(resolve, FINAL_SAVE_WAIT_MS)))]);
      timers.clearTimeout(timer);
    }
    this.generation++;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.stopWorkspaceTopic?.();
    this.stopWorkspaceTopic = null;
    this.windows?.dispose();
    this.windows = null;
  }

  private followSession(info: SessionInfo): void {
    if (this.stopped) return;
    const session = info.signedIn && info.operator && info.role ? `${info.operator.id}/${info.role}` : null;
    if (session === null) {
      if (this.session !== null) this.signedOut();
      return;
    }
    let reason: SyncReason = 'sign-in';
    if (session !== this.session) {
      if (this.session !== null) this.signedOut();
      this.session = session;
    } else if (this.stopWorkspaceTopic !== null) {
      return; // the same session, already followed
    } else {
      reason = 'reconnect'; // a restarted host: its live workspace is gone
    }
    this.stopWorkspaceTopic = this.options.host.subscribe('workspace', (live) => this.followLive(live));
    void this.sync(reason);
  }

  private signedOut(): void {
    this.generation++;
    this.session = null;
    this.reopening.clear();
    this.givenUp.clear();
    this.live = null;
    this.syncedSet = null;
    this.cancelSave();
    this.stopWorkspaceTopic?.();
    this.stopWorkspaceTopic = null;
    const windows = this.windows;
    this.windows = null;
    if (!windows) return;
    for (const id of windows.openIds) if (id !== CONSOLE_WINDOW_ID) windows.close(id);
    windows.dispose();
  }

  private connectionLost(): void {
    this.generation++;
    this.live = null;
    this.cancelSave();
    // The host's subscriptions died with it; the next session.info subscribes again.
    this.stopWorkspaceTopic?.();
    this.stopWorkspaceTopic = null;
  }

  /** Asks the host for the workspace of the displays connected now, and puts the windows in it. */
  private async sync(reason: SyncReason): Promise<void> {
    if (this.syncing) {
      if (this.syncAgain !== 'displays') this.syncAgain = reason;
      return;
    }
    this.syncing = true;
    try {
      await this.syncOnce(reason);
    } finally {
      this.syncing = false;
    }
    const again = this.syncAgain;
    this.syncAgain = null;
    if (again !== null) return this.sync(again);
    // What the topic said meanwhile (a panel popped out during the open).
    if (this.live) this.followLive(this.live);
  }

  private async syncOnce(reason: SyncReason): Promise<void> {
    const { host, screen, logger } = this.options;
    const displays = displaysOf(screen);
    if (displays.length === 0 || this.session === null) return;
    const generation = this.generation;
    this.cancelSave();
    let opened;
    try {
      opened = await host.call('workspace.open', { displays });
    } catch (error) {
      logger.error('could not open the workspace', { reason, error: (error as Error).message });
      return;
    }
    if (generation !== this.generation) return;
    const workspace = opened.live.workspace;
    // The displays changed while the host answered: ask again for the set connected now.
    if (workspace.displaySet !== displaySetFingerprint(displaysOf(screen))) {
      this.syncAgain = 'displays';
      return;
    }
    if (opened.fallback) logger.warn('the saved workspace was not used: the role default opens', { ...opened.fallback });
    this.live = opened.live;
    this.syncedSet = workspace.displaySet;
    const owner = { operator: workspace.operator, role: workspace.role };
    const windows = this.windows ?? this.newWindows(owner);
    // A workspace saved for this set puts the windows moved from another set back where they were on it;
    // the role's default does not: they stay where the display change put them.
    const saved = !isDeepStrictEqual(workspace, defaultWorkspace(owner, displays));
    windows.openWorkspace(workspace, { placeOpen: reason === 'displays' && saved });
    this.applyWallMode(windows, workspace);
    // The host's live workspace becomes what is open: with the windows kept from the set before.
    await this.save();
  }

  private newWindows(owner: { operator: string; role: Workspace['role'] }): WorkspaceWindows<W> {
    const windows = new WorkspaceWindows<W>({
      screen: this.options.screen,
      owner,
      openWindow: (spec) => this.options.openWindow(this.reopening.delete(spec.window.id) ? { ...spec, recovered: 'closed' } : spec),
      onLayout: (layout) => this.layoutChanged(layout),
      onClosed: (id, by) => this.windowClosed(id, by),
    });
    const console = this.options.consoleWindow();
    if (console && !console.isDestroyed()) windows.adopt(CONSOLE_WINDOW_ID, console);
    this.windows = windows;
    return windows;
  }

  /** The live workspace changed (popped out, docked, pinned, wall mode, saved): the windows follow it. */
  private followLive(live: LiveWorkspace): void {
    if (this.stopped || this.session === null) return;
    if (this.live && live.rev < this.live.rev) return;
    this.live = live;
    const windows = this.windows;
    // While a sync runs, or for another display set (the sync for this one follows): only noted.
    if (this.syncing || !windows || live.workspace.displaySet !== windows.currentDisplaySet) return;
    // Only the owner saves places, so other places with none of its saves pending or under way are not an
    // echo of its own: the workspace was reset (workspace.reset). The windows go to the places it has.
    const reset = this.saveTimer === null && this.savesUnderWay === 0 && placesDiffer(windows.layout(), live.workspace);
    const listed = new Set(live.workspace.windows.map((w) => w.id));
    for (const id of windows.openIds) if (!listed.has(id) && id !== CONSOLE_WINDOW_ID) windows.close(id);
    this.applyWallMode(windows, live.workspace);
    windows.openWorkspace(live.workspace, { placeOpen: reset });
  }

  /** A frame cannot be taken from a live window or given back: a window whose wall mode changed is opened again in its place. */
  private applyWallMode(windows: WorkspaceWindows<W>, workspace: Workspace): void {
    for (const window of workspace.windows) {
      const identity = windows.identityOf(window.id);
      if (identity && identity.wallMode !== window.wallMode) windows.reopen(window);
    }
  }

  private layoutChanged(layout: Workspace): void {
    if (this.stopped) return;
    if (layout.displaySet !== this.syncedSet) {
      void this.sync('displays');
      return;
    }
    // A sync saves at its end.
    if (this.syncing) return;
    this.cancelSave();
    this.saveTimer = this.options.timers.setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, this.options.saveDelayMs ?? SAVE_DELAY_MS);
  }

  private windowClosed(id: string, by: 'owner' | 'operator'): void {
    if (this.stopped || by === 'owner') return;
    if (id === CONSOLE_WINDOW_ID) {
      this.options.onConsoleClosed?.();
      return;
    }
    if (this.givenUp.delete(id)) {
      this.options.host.call('workspace.dock', { window: id }).catch((error: unknown) => {
        this.options.logger.warn('could not dock a window given up on', { window: id, error: (error as Error).message });
      });
      return;
    }
    // Closed by hand, most likely by accident: docking is how a panel goes away. Open it again, saying so.
    const { windows, live } = this;
    if (live && !live.workspace.windows.some((w) => w.id === id)) return; // docked as it closed
    this.options.logger.info('window closed by hand: opening it again', { window: id });
    this.reopening.add(id);
    if (windows && live && !this.syncing && live.workspace.displaySet === windows.currentDisplaySet) windows.openWorkspace(live.workspace);
  }

  private async save(): Promise<void> {
    this.cancelSave();
    const { windows, live } = this;
    const layout = windows?.layout();
    if (!layout || !live || layout.displaySet !== live.workspace.displaySet) return;
    const workspace = workspaceToSave(layout, live.workspace);
    if (isDeepStrictEqual(workspace, live.workspace)) return;
    const generation = this.generation;
    this.savesUnderWay++;
    try {
      const saved = await this.options.host.call('workspace.save', { workspace });
      if (generation === this.generation && (!this.live || saved.rev >= this.live.rev)) this.live = saved;
    } catch (error) {
      this.options.logger.warn('could not save the workspace', { error: (error as Error).message });
    } finally {
      this.savesUnderWay--;
    }
  }

  private cancelSave(): void {
    if (this.saveTimer !== null) this.options.timers.clearTimeout(this.saveTimer);
    this.saveTimer = null;
  }
}
