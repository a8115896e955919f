import { EventEmitter } from 'node:events';
import { CONSOLE_MIN_SIZE, type Rect } from '../../../native/api/workspace.ts';
import { displayNearest, displaysOf } from './displays.ts';
import type { FakeScreen } from './fake-screen.ts';
import type { PlaceableWindow, WindowSpec } from './window-manager.ts';

/**
 * A BrowserWindow as Electron on Windows moves it between monitors of
 * different scale factors: a new window is sized with the primary display's
 * scale (electron/electron#51603), and setBounds converts with the scale of
 * the display the window is leaving (electron/electron#16444).
 */
export class FakeWindow extends EventEmitter implements PlaceableWindow {
  normal: Rect;
  /** The console window's minimum (windows.ts), which Electron keeps a window from going below. */
  minimum: number[] = [CONSOLE_MIN_SIZE.width, CONSOLE_MIN_SIZE.height];
  maximised = false;
  fullscreen = false;
  destroyed = false;
  visible = true;
  setBoundsCalls = 0;

  constructor(
    private readonly screen: FakeScreen,
    readonly spec: WindowSpec,
    /** Where the window's own reports wait when they come after the call, as Electron's do; none: at once. */
    private readonly later: (() => void)[] | null = null,
  ) {
    super();
    const b = spec.placed.bounds;
    const ratio = screen.getPrimaryDisplay().scaleFactor / spec.placed.display.scaleFactor;
    this.normal = this.atLeastMinimum({ ...b, width: Math.round(b.width * ratio), height: Math.round(b.height * ratio) });
    // The factory applies the saved state once the window is shown.
    this.maximised = spec.placed.state === 'maximised';
    this.fullscreen = spec.placed.state === 'fullscreen';
  }

  private displayUnder(r: Rect) {
    return displayNearest(r, displaysOf(this.screen));
  }

  getBounds(): Rect {
    if (!this.maximised && !this.fullscreen) return { ...this.normal };
    const display = this.displayUnder(this.normal);
    return { ...(this.fullscreen ? display.bounds : display.workArea) };
  }
  getNormalBounds(): Rect {
    return { ...this.normal };
  }
  setBounds(b: Rect): void {
    this.setBoundsCalls++;
    const ratio = this.displayUnder(this.getBounds()).scaleFactor / this.displayUnder(b).scaleFactor;
    this.normal = this.atLeastMinimum({ x: b.x, y: b.y, width: Math.round(b.width * ratio), height: Math.round(b.height * ratio) });
    this.report('move');
    this.report('resize');
  }
  private atLeastMinimum(r: Rect): Rect {
    return { ...r, width: Math.max(r.width, this.minimum[0]!), height: Math.max(r.height, this.minimum[1]!) };
  }
  getMinimumSize() {
    return [...this.minimum];
  }
  setMinimumSize(width: number, height: number) {
    this.minimum = [width, height];
  }
  private report(event: string) {
    if (this.later) this.later.push(() => this.emit(event));
    else this.emit(event);
  }
  isMaximized() {
    return this.maximised;
  }
  maximize() {
    this.maximised = true;
    this.report('maximize');
  }
  unmaximize() {
    this.maximised = false;
    this.report('unmaximize');
  }
  isFullScreen() {
    return this.fullscreen;
  }
  setFullScreen(flag: boolean) {
    this.fullscreen = flag;
    this.report(flag ? 'enter-full-screen' : 'leave-full-screen');
  }
  isDestroyed() {
    return this.destroyed;
  }
  isVisible() {
    return this.visible;
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
  /** Moved from outside: the operator dragged it, or the system took it off a monitor being unplugged. */
  moveTo(b: Rect) {
    this.normal = { ...b };
    this.emit('move');
  }
}


/** The console window as the app opens it before sign-in: a plain window at `bounds`, no workspace's yet. */
export function consoleWindowAt(screen: FakeScreen, bounds: Rect): FakeWindow {
  const display = displayNearest(bounds, displaysOf(screen));
  return new FakeWindow(screen, {
    window: {
      id: 'main',
      content: { kind: 'console' },
      display: { index: 0, bounds: display.bounds, scaleFactor: display.scaleFactor },
      bounds,
      state: 'normal',
      wallMode: false,
      pinned: false,
    },
    placed: { id: 'main', display, bounds, state: 'normal', outcome: 'restored' },
  });
}
