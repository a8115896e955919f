import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CONSOLE_MIN_SIZE } from '../../native/api/workspace.ts';
import { workspaceWindowUrl } from './app-origin.ts';
import { createConsoleWindow, WINDOW_BACKGROUND, type ConsoleWindow } from './windows.ts';

class FakeBrowserWindow implements ConsoleWindow {
  static created: FakeBrowserWindow[] = [];
  readonly listeners = new Map<string, () => void>();
  loaded: string[] = [];
  shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeBrowserWindow.created.push(this);
  }
  once(event: string, listener: () => void) {
    this.listeners.set(event, listener);
    return this;
  }
  show() {
    this.shown = true;
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
}

describe('console windows', () => {
  it('are created hardened, dark and hidden until painted', () => {
    const window = createConsoleWindow(FakeBrowserWindow, { preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
    expect(window.options).toMatchObject({ show: false, backgroundColor: WINDOW_BACKGROUND, title: 'Egret' });
    expect(WINDOW_BACKGROUND).toBe('#0b1320');
    expect(window.options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
    });
  });

  it('every window gets the same preferences', () => {
    FakeBrowserWindow.created = [];
    createConsoleWindow(FakeBrowserWindow, { preloadPath: '/p.cjs' });
    createConsoleWindow(FakeBrowserWindow, { preloadPath: '/p.cjs', bounds: { x: 1920, y: 0, width: 1920, height: 1080 } });
    const [a, b] = FakeBrowserWindow.created.map((w) => w.options.webPreferences);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(FakeBrowserWindow.created[1]!.options).toMatchObject({ x: 1920, width: 1920 });
  });

  it('have a frame, except in wall mode, and the minimum size the workspace places them with', () => {
    const framed = createConsoleWindow(FakeBrowserWindow, { preloadPath: '/p.cjs' });
    const wall = createConsoleWindow(FakeBrowserWindow, { preloadPath: '/p.cjs', wallMode: true });
    expect(framed.options.frame).toBeUndefined();
    expect(wall.options.frame).toBe(false);
    expect(wall.options.webPreferences).toEqual(framed.options.webPreferences);
    expect(framed.options).toMatchObject({ minWidth: CONSOLE_MIN_SIZE.width, minHeight: CONSOLE_MIN_SIZE.height });
  });

  it('load the console from its own origin and show once ready', () => {
    const window = createConsoleWindow(FakeBrowserWindow, { preloadPath: '/p.cjs' });
    expect(window.loaded).toEqual(['egret://app/index.html']);
    expect(window.shown).toBe(false);
    window.listeners.get('ready-to-show')!();
    expect(window.shown).toBe(true);
  });

  it("load a workspace window's route on the same document, and nothing off the app's origin", () => {
    const panel = createConsoleWindow(FakeBrowserWindow, { preloadPath: '/p.cjs', url: workspaceWindowUrl('map') });
    expect(panel.loaded).toEqual(['egret://app/index.html#/w/map']);
    expect(workspaceWindowUrl('main')).toBe('egret://app/index.html');
    expect(() => createConsoleWindow(FakeBrowserWindow, { preloadPath: '/p.cjs', url: 'https://evil.example/#/w/map' })).toThrow(/app only/);
    expect(() => workspaceWindowUrl('../x')).toThrow(/not a workspace window id/);
    expect(() => workspaceWindowUrl('map?recovered=crash')).toThrow(/not a workspace window id/);
  });

  it('report a failed load', async () => {
    const failures: unknown[] = [];
    class FailingWindow extends FakeBrowserWindow {
      override loadURL() {
        return Promise.reject(new Error('ERR_FILE_NOT_FOUND'));
      }
    }
    createConsoleWindow(FailingWindow, { preloadPath: '/p.cjs', onLoadFailed: (e) => failures.push(e) });
    await Promise.resolve();
    await Promise.resolve();
    expect(String(failures[0])).toContain('ERR_FILE_NOT_FOUND');
  });
});
