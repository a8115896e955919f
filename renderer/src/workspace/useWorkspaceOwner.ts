import { onScopeDispose, shallowRef, watch } from 'vue';
import { storeToRefs } from 'pinia';
import type { Display } from '../../../native/api/index.ts';
import { useTimers } from '../api/inject.ts';
import { useSessionStore } from '../stores/session.ts';
import { CONSOLE_WINDOW, useWorkspaceStore } from '../stores/workspace.ts';
import { BrowserWindowOwner, type PopupHandle } from './browser-window-owner.ts';
import { displaysOfPage, screenDetails, windowUrl } from './screens.ts';

/**
 * The browser shell's console window owns the operator's other windows
 * (Electron's main process owns them there): at sign-in it opens the
 * workspace saved for these displays (`workspace.open`), then follows the
 * `workspace` topic. Signing out closes the windows it opened; the next
 * sign-in opens them again where they were. Runs in the console window
 * ('main') of the browser shell only.
 */
export function useWorkspaceOwner(win: Window = window) {
  const session = useSessionStore();
  const { info, signedInWithRole } = storeToRefs(session);
  const store = useWorkspaceStore();
  const { live, windowId } = storeToRefs(store);
  const timers = useTimers();
  /** Windows the pop-up blocker refused; `openBlocked` (from a click) opens them. */
  const blocked = shallowRef<string[]>([]);
  let owner: BrowserWindowOwner | null = null;
  let displays: Display[] = [];
  let started = 0;

  async function readDisplays(): Promise<Display[]> {
    const details = await screenDetails(win);
    details?.addEventListener('screenschange', () => void reopen(), { once: true });
    return displaysOfPage(win, details);
  }

  /** (Re)opens the workspace for the displays connected now: at sign-in, and when the screens change. */
  async function reopen(): Promise<void> {
    const run = ++started;
    const next = await readDisplays();
    if (run !== started || !owner) return;
    displays = next;
    await store.open(displays);
  }

  /**
   * One owner per browser: two console pages (two tabs of `#/taker`) would each open the workspace's
   * windows. A Web Lock makes the first the owner; when it closes, the next takes over.
   */
  let releaseLock: (() => void) | null = null;
  let lockWanted: AbortController | null = null;
  function start(): void {
    const locks = (win.navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return become();
    const wanted = (lockWanted = new AbortController());
    locks
      .request('egret-workspace-owner', { signal: wanted.signal }, () => {
        become();
        return new Promise<void>((resolve) => (releaseLock = resolve));
      })
      .catch(() => {}); // aborted: signed out (or left the console) while another page owned the windows
  }

  function become(): void {
    owner = new BrowserWindowOwner({
      openWindow: (url, name, features) => win.open(url, name, features) as PopupHandle | null,
      self: win as unknown as PopupHandle,
      urlFor: (id, recovered) => windowUrl(win, id, recovered),
      displays: () => displays,
      save: (workspace) => store.save(workspace),
      timers,
      onBlocked: (ids) => {
        if (ids.join() !== blocked.value.join()) blocked.value = ids;
      },
    });
    void reopen();
  }

  function stop(): void {
    started++;
    lockWanted?.abort();
    lockWanted = null;
    releaseLock?.();
    releaseLock = null;
    owner?.closeAll();
    owner = null;
    blocked.value = [];
  }

  const owns = () => info.value?.shell === 'browser' && windowId.value === CONSOLE_WINDOW && signedInWithRole.value;
  watch(owns, (on) => (on ? start() : stop()), { immediate: true });
  // Only the live workspace of the displays it opened: a push before that is another window's view of an older one.
  watch(live, (next) => {
    if (owner && next && displays.length > 0) owner.follow(next);
  });
  onScopeDispose(() => {
    lockWanted?.abort();
    releaseLock?.();
    owner?.dispose();
    owner = null;
  });

  return { blocked, openBlocked: () => owner?.openBlocked() };
}
