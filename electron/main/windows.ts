import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin.ts';
import { windowWebPreferences } from './security.ts';

/**
 * A console window: hardened web preferences, shown only once it has painted
 * (no white flash on a dark control-room screen), loading the app's entry.
 */

export const WINDOW_BACKGROUND = '#0b1320';

/** The part of `BrowserWindow` the console uses. */
export interface ConsoleWindow {
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
}

export type BrowserWindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

export interface ConsoleWindowOptions {
  preloadPath: string;
  devTools?: boolean;
  bounds?: { x?: number; y?: number; width: number; height: number };
  /** 大屏 / video wall (issue 13's workspaces): no frame, title bar or menu. */
  wallMode?: boolean;
  /** What it loads: the app's entry (the console), or a workspace window's route on it (app-origin.ts). */
  url?: string;
  onLoadFailed?: (error: unknown) => void;
}

export function consoleWindowOptions(options: ConsoleWindowOptions): BrowserWindowConstructorOptions {
  return {
    ...(options.bounds ?? { width: 1440, height: 900 }),
    // CONSOLE_MIN_SIZE (native/api/workspace.ts), which placement knows; written out so this bundle need not load zod (the test keeps them equal).
    minWidth: 960,
    minHeight: 600,
    title: 'Egret',
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: true,
    ...(options.wallMode ? { frame: false } : {}),
    webPreferences: windowWebPreferences(options.preloadPath, { devTools: options.devTools ?? true }),
  };
}

export function createConsoleWindow<W extends ConsoleWindow>(BrowserWindow: BrowserWindowConstructor<W>, options: ConsoleWindowOptions): W {
  const window = new BrowserWindow(consoleWindowOptions(options));
  window.once('ready-to-show', () => {
    if (!window.isDestroyed()) window.show();
  });
  const url = options.url ?? APP_ENTRY_URL;
  // Never anything but the app: the navigation lock (security.ts) does not see loadURL.
  if (!isAppUrl(url)) throw new Error(`a console window loads the app only, not ${url}`);
  window.loadURL(url).catch((error: unknown) => options.onLoadFailed?.(error));
  return window;
}
