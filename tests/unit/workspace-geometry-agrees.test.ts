import { describe, expect, it } from 'vitest';
import {
  defaultWorkspace,
  displaySetFingerprint,
  inFingerprintOrder as contractOrder,
  type Display,
  type Rect,
  type WorkspaceWindow,
} from '../../native/api/index.ts';
import { displayNearest as electronNearest } from '../../electron/main/workspace/displays.ts';
import { recordWindow } from '../../electron/main/workspace/placement.ts';
import {
  displayNearest as browserNearest,
  displaysOfSet,
  inFingerprintOrder as browserOrder,
  recordBrowserWindow,
} from '../../renderer/src/workspace/geometry.ts';

/**
 * The browser shell records a moved window with the renderer's copy of
 * Electron's rules (renderer/src/workspace/geometry.ts: the renderer may not
 * import electron/ or the contract's functions): both must save a window on
 * the same display at the same place, or a workspace saved in one shell
 * opens elsewhere in the other.
 */

const display = (id: string, x: number, y: number, width: number, height: number, scaleFactor = 1, primary = false): Display => ({
  id,
  bounds: { x, y, width, height },
  workArea: { x, y: y + 30, width, height: height - 30 },
  scaleFactor,
  primary,
});

const DESKS: Record<string, Display[]> = {
  one: [display('a', 0, 0, 1920, 1080, 1, true)],
  'two, mixed scale': [display('a', 0, 0, 1920, 1080, 1, true), display('b', 1920, 0, 2560, 1440, 1.5)],
  'three, portrait left at negative x': [
    display('p', -1080, -420, 1080, 1920, 1.25),
    display('a', 0, 0, 1920, 1080, 1, true),
    display('b', 1920, 0, 1920, 1080, 2),
  ],
  'stacked, big screen above': [display('a', 0, 0, 1920, 1080, 1, true), display('w', -960, -2160, 3840, 2160, 1)],
};

const RECTS: Rect[] = [
  { x: 100, y: 100, width: 800, height: 600 },
  { x: 1500, y: 200, width: 1000, height: 700 }, // across the first two
  { x: -900, y: -300, width: 700, height: 900 },
  { x: 5000, y: 5000, width: 640, height: 480 }, // on no display
  { x: -500, y: -1800, width: 1200, height: 900 },
  { x: 960, y: 540, width: 1920, height: 1080 },
];

const saved: WorkspaceWindow = {
  id: 'map',
  content: { kind: 'panel', panel: 'map' },
  display: { index: 0, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
  bounds: { x: 0, y: 0, width: 800, height: 600 },
  state: 'normal',
  wallMode: false,
  pinned: true,
};

describe("the browser shell records windows as Electron's placement does", () => {
  for (const [desk, displays] of Object.entries(DESKS)) {
    it(`on ${desk}`, () => {
      expect(browserOrder(displays).map((d) => d.id)).toEqual(contractOrder(displays).map((d) => d.id));
      for (const rect of RECTS) {
        expect(browserNearest(rect, displays).id, JSON.stringify(rect)).toBe(electronNearest(rect, displays).id);
        expect(recordBrowserWindow(saved, rect, displays, 'normal')).toEqual(
          recordWindow(saved, { bounds: rect, normalBounds: rect, state: 'normal' }, displays),
        );
      }
    });
  }
});

describe('a reset asks for the display set the workspace is live on', () => {
  const withFraction = [display('a', 0, 0, 2560, 1600, 4 / 3, true), display('b', -1920, 200, 1920, 1080, 1.25)];
  for (const [desk, displays] of [...Object.entries(DESKS), ['fractional scale', withFraction] as const]) {
    it(`on ${desk}: the same fingerprint, the console's display primary`, () => {
      const live = defaultWorkspace({ operator: 'op-01', role: 'duty_chief' }, displays);
      const again = displaysOfSet(live.displaySet, live.windows[0]!.display.index);
      expect(displaySetFingerprint(again)).toBe(live.displaySet);
      const primary = again.find((d) => d.primary)!;
      expect(primary.bounds).toEqual(displays.find((d) => d.primary)!.bounds);
    });
  }
});
