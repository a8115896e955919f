import type { Display, LiveWorkspace, Role, WorkspaceWindow } from '../../../native/api/index.ts';

/**
 * Workspaces for renderer tests, written out (the renderer imports the
 * contract's workspace helpers type-only): a desk of two monitors, the
 * console maximised on the left one.
 */

export const LEFT: Display = {
  id: 'screen-0',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
  primary: true,
};
export const RIGHT: Display = {
  id: 'screen-1',
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1920, y: 40, width: 2560, height: 1400 },
  scaleFactor: 1.5,
  primary: false,
};
export const TWO_DISPLAYS = [LEFT, RIGHT];
export const TWO_DISPLAY_SET = '1920x1080+0+0@1,2560x1440+1920+0@1.5';

const on = (display: Display, index: number) => ({ index, bounds: { ...display.bounds }, scaleFactor: display.scaleFactor });

export function consoleWindow(): WorkspaceWindow {
  return {
    id: 'main',
    content: { kind: 'console' },
    display: on(LEFT, 0),
    bounds: { x: 192, y: 104, width: 1536, height: 832 },
    state: 'maximised',
    wallMode: false,
    pinned: false,
  };
}

/** A panel's window on the right-hand monitor, at `bounds` in its work area. */
export function panelWindow(id: string, panel: 'map' | 'detail' | 'board' | 'wall' | 'volunteers', patch: Partial<WorkspaceWindow> = {}): WorkspaceWindow {
  return {
    id,
    content: { kind: 'panel', panel },
    display: on(RIGHT, 1),
    bounds: { x: 100, y: 50, width: 1200, height: 800 },
    state: 'normal',
    wallMode: false,
    pinned: false,
    ...patch,
  };
}

export function liveWorkspace(windows: WorkspaceWindow[], rev = 1, role: Role = 'call_taker'): LiveWorkspace {
  return {
    rev,
    workspace: { version: 1, operator: 'op-01', role, displaySet: TWO_DISPLAY_SET, windows: [consoleWindow(), ...windows] },
  };
}
