import { defineStore, storeToRefs } from 'pinia';
import { computed, inject, onScopeDispose, shallowRef, watch } from 'vue';
import { routerKey, type RouteLocationNormalizedLoaded } from 'vue-router';
import type {
  CONSOLE_WINDOW_ID,
  Display,
  LiveWorkspace,
  WindowContent,
  Workspace,
  WorkspaceOpened,
  WorkspaceWindow,
} from '../../../native/api/index.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { useConsoleClient } from '../api/inject.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { WINDOW_ROUTE } from '../router/role-access.ts';

/** The console window's id (the contract's CONSOLE_WINDOW_ID, which the renderer may import as a type only). */
export const CONSOLE_WINDOW: typeof CONSOLE_WINDOW_ID = 'main';

/** Which workspace window a page is: `#/w/<id>` names one; every other route is the console's. */
export function windowIdOf(route: Pick<RouteLocationNormalizedLoaded, 'name' | 'params'> | null | undefined): string {
  const id = route?.name === WINDOW_ROUTE ? route.params.window : undefined;
  return typeof id === 'string' && id !== '' ? id : CONSOLE_WINDOW;
}

/**
 * The operator's live workspace (issue 13) as this window sees it: the host
 * holds it (made live by the window owner's `workspace.open` at sign-in) and
 * pushes every change on the `workspace` topic; this store mirrors it,
 * ordered by `rev` so a late answer never undoes a newer push. It also knows
 * which window this page is (its route), and sends this window's changes:
 * pop a panel out, dock back, pin, wall mode.
 */
export const useWorkspaceStore = defineStore('workspace', () => {
  const client = useConsoleClient();
  const router = inject(routerKey, null);
  const { signedInWithRole, role } = storeToRefs(useSessionStore());

  const live = shallowRef<LiveWorkspace | null>(null);
  /** Why the saved workspace was not used at the last open or reset (the operator is told); null when it was. */
  const fallback = shallowRef<WorkspaceOpened['fallback']>(null);
  /** Why the last change or read failed; cleared by the next that succeeds. */
  const error = shallowRef<ApiCallError | null>(null);

  const windowId = computed(() => windowIdOf(router?.currentRoute.value));
  const workspace = computed<Workspace | null>(() => live.value?.workspace ?? null);
  /** This window's entry in the live workspace; null before it is live, or once this window was docked. */
  const entry = computed<WorkspaceWindow | null>(() => workspace.value?.windows.find((w) => w.id === windowId.value) ?? null);
  const wallMode = computed(() => entry.value?.wallMode ?? false);
  const pinned = computed(() => entry.value?.pinned ?? false);

  /** Takes a workspace from the host unless it is another role's or older than the one shown. */
  function accept(next: LiveWorkspace | null, replace = false): void {
    if (next === null) {
      if (replace) live.value = null;
      return;
    }
    if (next.workspace.role !== role.value) return;
    if (!replace && live.value && next.rev < live.value.rev) return;
    live.value = Object.freeze(next);
    // Opened in place of a saved workspace that was not usable: said in every shell, Electron's too, where the main process opened it.
    if (next.fallback) fallback.value = next.fallback;
  }

  async function attempt<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      const result = await call();
      error.value = null;
      return result;
    } catch (e) {
      error.value = asApiCallError(e);
      return null;
    }
  }

  async function load(): Promise<void> {
    // What the host holds now wins over what was shown before a reconnect, whatever its rev (the host restarted).
    const result = await attempt(() => client.call('workspace.live', {}));
    if (result !== null || error.value === null) accept(result, true);
  }

  /** The window owner's start (sign-in, displays changed): the saved workspace for these displays, or the role's default. */
  async function open(displays: Display[]): Promise<WorkspaceOpened | null> {
    const opened = await attempt(() => client.call('workspace.open', { displays }));
    if (opened) {
      accept(opened.live, true);
      fallback.value = opened.fallback;
    }
    return opened;
  }

  /** Forgets the layout saved for these displays: the role's default becomes live. */
  async function reset(displays: Display[]): Promise<WorkspaceOpened | null> {
    const opened = await attempt(() => client.call('workspace.reset', { displays }));
    if (opened) {
      accept(opened.live, true);
      fallback.value = opened.fallback;
    }
    return opened;
  }

  /** The owner's layout after the operator moved or resized windows. */
  async function save(next: Workspace): Promise<void> {
    accept(await attempt(() => client.call('workspace.save', { workspace: next })));
  }

  /** A panel (or arrangement) in a window of its own; the owner opens it when it sees it listed. */
  async function popOut(content: Exclude<WindowContent, { kind: 'console' }>): Promise<WorkspaceWindow | null> {
    const result = await attempt(() => client.call('workspace.popOut', { content }));
    if (!result) return null;
    accept(result.live);
    return result.window;
  }

  /** Docks a window (this one unless named) back into the console; the owner closes it. */
  async function dock(window = windowId.value): Promise<void> {
    accept(await attempt(() => client.call('workspace.dock', { window })));
  }

  async function setPinned(on: boolean, window = windowId.value): Promise<void> {
    accept(await attempt(() => client.call('workspace.setWindow', { window, pinned: on })));
  }

  async function setWallMode(on: boolean, window = windowId.value): Promise<void> {
    accept(await attempt(() => client.call('workspace.setWindow', { window, wallMode: on })));
  }

  const offTopic = client.subscribe('workspace', (next) => accept(next));
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected' && signedInWithRole.value) void load();
  });
  // Sign-out clears the live workspace in the host (the saved one stays in state.db for the next sign-in).
  watch(
    signedInWithRole,
    (on) => {
      live.value = null;
      fallback.value = null;
      error.value = null;
      if (on) void load();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    offTopic();
    offStatus();
  });

  return { live, workspace, fallback, error, windowId, entry, wallMode, pinned, open, reset, save, popOut, dock, setPinned, setWallMode };
});
