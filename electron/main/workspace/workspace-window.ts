import { workspaceWindowUrl } from '../app-origin.ts';
import { createConsoleWindow, type BrowserWindowConstructor, type ConsoleWindow, type ConsoleWindowOptions } from '../windows.ts';
import { recoveredUrl } from './recovery.ts';
import type { PlaceableWindow, WindowSpec } from './window-manager.ts';

/** The part of `BrowserWindow` a workspace window uses: a console window that can be placed. */
export type WorkspaceBrowserWindow = ConsoleWindow & PlaceableWindow;

/**
 * Opens a workspace's window as a console window (windows.ts: hardened,
 * hidden until painted) on its route (`#/w/<id>`; the console window on the
 * app's entry; `?recovered=closed` when opened again after the operator
 * closed it by hand): at its placed bounds, without chrome in wall mode,
 * and maximised or fullscreen once it has painted — maximize() shows a
 * window at once, white, on a dark control-room screen.
 */
export function workspaceWindowOpener<W extends WorkspaceBrowserWindow>(
  BrowserWindow: BrowserWindowConstructor<W>,
  options: Omit<ConsoleWindowOptions, 'bounds' | 'wallMode' | 'url'>,
): (spec: WindowSpec) => W {
  return ({ window: saved, placed, recovered }) => {
    const home = workspaceWindowUrl(saved.id);
    const window = createConsoleWindow(BrowserWindow, {
      ...options,
      bounds: placed.bounds,
      wallMode: saved.wallMode,
      url: recovered ? recoveredUrl(home, recovered, home) : home,
    });
    window.once('ready-to-show', () => {
      if (window.isDestroyed()) return;
      if (placed.state === 'maximised') window.maximize();
      else if (placed.state === 'fullscreen') window.setFullScreen(true);
    });
    return window;
  };
}
