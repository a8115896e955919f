import { EventEmitter } from 'node:events';
import type { Display } from '../../../native/api/workspace.ts';
import { displayFrom, type ScreenDisplay } from './displays.ts';
import type { WorkspaceScreen } from './window-manager.ts';

/**
 * Display sets for the workspace's tests, in DIP as Electron reports them: a
 * 4K monitor at 200% is 1920×1080 here, a 2560×1440 one at 150% 1707×960.
 */

export interface FakeDisplay extends ScreenDisplay {
  primary: boolean;
}

/** A monitor at (x, y) of width × height DIP, its taskbar along the bottom. */
export function monitor(
  id: number,
  x: number,
  y: number,
  width: number,
  height: number,
  options: { scale?: number; primary?: boolean; taskbar?: number; rotation?: number } = {},
): FakeDisplay {
  const taskbar = options.taskbar ?? 40;
  return {
    id,
    bounds: { x, y, width, height },
    workArea: { x, y, width, height: height - taskbar },
    scaleFactor: options.scale ?? 1,
    rotation: options.rotation ?? 0,
    primary: options.primary ?? false,
  };
}

export const displaysIn = (set: readonly FakeDisplay[]): Display[] => set.map((d) => displayFrom(d, d.primary));

/** Electron's `screen`, whose displays the test changes and announces. */
export class FakeScreen extends EventEmitter implements WorkspaceScreen {
  constructor(public displays: FakeDisplay[]) {
    super();
  }

  getAllDisplays(): ScreenDisplay[] {
    return this.displays;
  }

  getPrimaryDisplay(): ScreenDisplay {
    return this.displays.find((d) => d.primary) ?? this.displays[0]!;
  }

  /** The displays change and Electron says so, as it does with (event, display). */
  change(displays: FakeDisplay[], event: 'display-added' | 'display-removed' | 'display-metrics-changed'): void {
    this.displays = displays;
    this.emit(event, {}, displays[0]);
  }
}
