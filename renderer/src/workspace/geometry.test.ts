import { describe, expect, it } from 'vitest';
import { LEFT, panelWindow, RIGHT, TWO_DISPLAYS } from '../test-support/workspaces.ts';
import { displaysFromScreens, placeInBrowser, recordBrowserWindow } from './geometry.ts';

describe('screens read as displays', () => {
  it('takes every screen of getScreenDetails() with its place, work area, scale and which is primary', () => {
    const displays = displaysFromScreens([
      { left: 0, top: 0, width: 1920, height: 1080, availLeft: 0, availTop: 0, availWidth: 1920, availHeight: 1040, devicePixelRatio: 1, isPrimary: true, label: 'DELL U2419H' },
      { left: -1080, top: -400, width: 1080, height: 1920, availLeft: -1080, availTop: -400, availWidth: 1080, availHeight: 1920, devicePixelRatio: 1.25, isPrimary: false },
    ]);
    expect(displays).toEqual([
      { id: '0:DELL U2419H', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, scaleFactor: 1, primary: true },
      { id: 'screen-1', bounds: { x: -1080, y: -400, width: 1080, height: 1920 }, workArea: { x: -1080, y: -400, width: 1080, height: 1920 }, scaleFactor: 1.25, primary: false },
    ]);
  });

  it("without the permission, the page's own screen: its origin from availLeft/availTop, the page's pixel ratio", () => {
    const [display] = displaysFromScreens([{ width: 2560, height: 1440, availLeft: 1920, availTop: 0, availWidth: 2560, availHeight: 1400 }], 1.5);
    expect(display).toEqual({
      id: 'screen-0',
      bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
      workArea: { x: 1920, y: 0, width: 2560, height: 1400 },
      scaleFactor: 1.5,
      primary: true,
    });
  });

  it('keeps a screen with fractional or missing figures inside what the contract accepts', () => {
    const [display] = displaysFromScreens([{ width: 1366.4, height: 0, availWidth: 1366, availHeight: 728.6, devicePixelRatio: 20 }]);
    expect(display!.bounds).toEqual({ x: 0, y: 0, width: 1366, height: 1 });
    expect(display!.workArea).toEqual({ x: 0, y: 0, width: 1366, height: 729 });
    expect(display!.scaleFactor).toBe(8);
  });
});

describe('where a saved window opens in the browser', () => {
  it('on its own display, at its place in the work area', () => {
    expect(placeInBrowser(panelWindow('map', 'map'), TWO_DISPLAYS)).toEqual({ x: 2020, y: 90, width: 1200, height: 800 });
  });

  it('its display gone (one screen seen), on the one left, inside its work area', () => {
    expect(placeInBrowser(panelWindow('map', 'map'), [LEFT])).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
    const wide = panelWindow('map', 'map', { bounds: { x: 2000, y: 900, width: 2400, height: 1300 } });
    expect(placeInBrowser(wide, [LEFT])).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });
});

describe('a moved window recorded', () => {
  it('on the display that has most of it, relative to its work area, its other settings kept', () => {
    const saved = panelWindow('map', 'map', { pinned: true, wallMode: true, state: 'maximised' });
    const recorded = recordBrowserWindow(saved, { x: 1800, y: 100, width: 1000, height: 700 }, TWO_DISPLAYS);
    expect(recorded.display).toEqual({ index: 1, bounds: RIGHT.bounds, scaleFactor: 1.5 });
    expect(recorded.bounds).toEqual({ x: -120, y: 60, width: 1000, height: 700 });
    expect([recorded.pinned, recorded.wallMode, recorded.state, recorded.content]).toEqual([true, true, 'maximised', saved.content]);
  });
});
