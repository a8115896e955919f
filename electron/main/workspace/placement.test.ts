import { describe, expect, it } from 'vitest';
import { displaySetFingerprint, inFingerprintOrder, type Rect, type WorkspaceWindow } from '../../../native/api/workspace.ts';
import { seededRandom } from '../../../native/common/random.ts';
import { displaysIn, monitor, type FakeDisplay } from './fake-screen.ts';
import { placeWindow, placeWorkspace, recordWindow } from './placement.ts';

const primary = monitor(1, 0, 0, 1920, 1080, { primary: true });
const right = monitor(2, 1920, 0, 1920, 1080);
const farRight = monitor(8, 3840, 0, 1920, 1080);
const left = monitor(3, -1920, 0, 1920, 1080);
const above = monitor(4, 0, -1080, 1920, 1080, { taskbar: 0 });
const portrait = monitor(5, 1920, -420, 1080, 1920, { rotation: 90 });
/** A 4K monitor at 200%: 1920×1080 DIP. */
const uhdAt2 = monitor(6, 1920, 0, 1920, 1080, { scale: 2 });
/** A 2560×1440 monitor at 150%: 1707×960 DIP. */
const qhdAt15 = monitor(7, 1920, 0, 1707, 960, { scale: 1.5 });
const wideRight = monitor(9, 1920, 0, 2560, 1440);

/** A window saved on `on` in the display set `set`, at `bounds` relative to its work area. */
function saved(set: FakeDisplay[], on: FakeDisplay, bounds: Rect, more: Partial<WorkspaceWindow> = {}) {
  const index = inFingerprintOrder(set).indexOf(on);
  const window: WorkspaceWindow = {
    id: more.id ?? 'w',
    content: { kind: 'panel', panel: 'map' },
    display: { index, bounds: on.bounds, scaleFactor: on.scaleFactor },
    bounds,
    state: 'normal',
    wallMode: false,
    pinned: false,
    ...more,
  };
  return { window, set: displaySetFingerprint(set) };
}

function place(from: { window: WorkspaceWindow; set: string }, now: FakeDisplay[]) {
  return placeWindow(from.window, from.set, displaysIn(now));
}

describe('a saved window on the displays connected now', () => {
  it('one monitor: goes back where it was', () => {
    const placed = place(saved([primary], primary, { x: 100, y: 80, width: 1200, height: 800 }), [primary]);
    expect(placed).toMatchObject({ bounds: { x: 100, y: 80, width: 1200, height: 800 }, outcome: 'restored', state: 'normal' });
    expect(placed.display.id).toBe('1');
  });

  it('two monitors: each window goes back to its own', () => {
    const set = [primary, right];
    const ws = {
      version: 1 as const,
      operator: 'op-1',
      role: 'call_taker' as const,
      displaySet: displaySetFingerprint(set),
      windows: [
        saved(set, primary, { x: 0, y: 0, width: 960, height: 1040 }, { id: 'desk' }).window,
        saved(set, right, { x: 50, y: 60, width: 1000, height: 700 }, { id: 'map', state: 'maximised' }).window,
      ],
    };
    const placed = placeWorkspace(ws, displaysIn(set));
    expect(placed.map((p) => [p.id, p.display.id, p.bounds, p.state, p.outcome])).toEqual([
      ['desk', '1', { x: 0, y: 0, width: 960, height: 1040 }, 'normal', 'restored'],
      ['map', '2', { x: 1970, y: 60, width: 1000, height: 700 }, 'maximised', 'restored'],
    ]);
  });

  it('three monitors, one left of the primary at negative x: goes back to the left one', () => {
    const set = [left, primary, right];
    const placed = place(saved(set, left, { x: 200, y: 100, width: 1000, height: 600 }), set);
    expect(placed).toMatchObject({ bounds: { x: -1720, y: 100, width: 1000, height: 600 }, outcome: 'restored' });
    expect(placed.display.id).toBe('3');
  });

  it('a monitor above the primary (negative y): goes back above', () => {
    const set = [primary, above];
    const placed = place(saved(set, above, { x: 300, y: 20, width: 1000, height: 900 }), set);
    expect(placed).toMatchObject({ bounds: { x: 300, y: -1060, width: 1000, height: 900 }, outcome: 'restored' });
  });

  it('portrait: a window saved on it goes back; a wide one from a landscape monitor now gone is narrowed to it', () => {
    const set = [primary, portrait];
    expect(place(saved(set, portrait, { x: 40, y: 100, width: 1000, height: 1500 }), set)).toMatchObject({
      bounds: { x: 1960, y: -320, width: 1000, height: 1500 },
      outcome: 'restored',
    });
    const wide = place(saved([primary, right], right, { x: 100, y: 100, width: 1600, height: 900 }), set);
    expect(wide.display.id).toBe('5');
    expect(wide).toMatchObject({ bounds: { x: 1920, width: 1080, height: 900 }, outcome: 'moved' });
    expect(inside(wide.bounds, portrait.workArea)).toBe(true);
  });

  it('mixed scale factors: bounds stay in DIP, so a window keeps its apparent size on a 200% monitor and off it', () => {
    const set = [primary, uhdAt2];
    const onUhd = saved(set, uhdAt2, { x: 100, y: 100, width: 1200, height: 800 });
    // Not 2400×1600: Electron's bounds are DIP on every display.
    expect(place(onUhd, set)).toMatchObject({ bounds: { x: 2020, y: 100, width: 1200, height: 800 }, outcome: 'restored' });
    expect(place(onUhd, [primary])).toMatchObject({ bounds: { width: 1200, height: 800 }, outcome: 'moved' });
    // A 150% monitor filled edge to edge, replaced by a 200% one: still whole, on the new one.
    const full = saved([primary, qhdAt15], qhdAt15, { x: 0, y: 0, width: 1707, height: 920 });
    expect(place(full, [primary, qhdAt15])).toMatchObject({ bounds: { x: 1920, y: 0, width: 1707, height: 920 }, outcome: 'restored' });
    const onNew = place(full, set);
    expect(onNew.display.id).toBe('6');
    expect(onNew.bounds).toMatchObject({ width: 1707, height: 920 });
    expect(inside(onNew.bounds, uhdAt2.workArea)).toBe(true);
  });

  it('unplugged: moves onto the display left, inside its work area, where its centre was as a share of the display', () => {
    const onRight = saved([primary, right], right, { x: 900, y: 100, width: 1000, height: 600 });
    const placed = place(onRight, [primary]);
    expect(placed.display.id).toBe('1');
    // Centre at 1400/1920 across and 400/1080 down, as on the right-hand monitor.
    expect(placed).toMatchObject({ bounds: { x: 900, y: 85, width: 1000, height: 600 }, outcome: 'moved' });
  });

  it('replugged: goes back to its saved place, whatever id Electron gives the monitor now', () => {
    const onRight = saved([primary, right], right, { x: 900, y: 100, width: 1000, height: 600 });
    expect(place(onRight, [primary]).outcome).toBe('moved');
    const back = place(onRight, [primary, { ...right, id: 12 }]);
    expect(back).toMatchObject({ bounds: { x: 2820, y: 100, width: 1000, height: 600 }, outcome: 'restored' });
    expect(back.display.id).toBe('12');
  });

  it('a monitor gone goes to the nearest display left, not across the desk to the primary', () => {
    const onFar = saved([primary, right, farRight], farRight, { x: 100, y: 100, width: 1000, height: 600 });
    expect(place(onFar, [primary, right]).display.id).toBe('2');
  });

  it('its monitor still there in a changed set: found by its geometry, not its old place in the set', () => {
    const onRight = saved([left, primary, right], right, { x: 10, y: 20, width: 1000, height: 600 });
    expect(onRight.window.display.index).toBe(2);
    const placed = place(onRight, [primary, right]);
    expect(placed).toMatchObject({ bounds: { x: 1930, y: 20 }, outcome: 'restored' });
    expect(placed.display.id).toBe('2');
  });

  it('no longer fits: shrinks to the work area of a smaller monitor', () => {
    const big = saved([primary, wideRight], wideRight, { x: 0, y: 0, width: 2500, height: 1380 });
    expect(place(big, [primary, right])).toMatchObject({ bounds: { x: 1920, y: 0, width: 1920, height: 1040 }, outcome: 'moved' });
    // Same monitor, a taller taskbar: the window shrinks to what is left.
    const full = saved([primary], primary, { x: 0, y: 0, width: 1920, height: 1040 });
    const tallTaskbar = monitor(1, 0, 0, 1920, 1080, { primary: true, taskbar: 80 });
    expect(place(full, [tallTaskbar])).toMatchObject({ bounds: { x: 0, y: 0, width: 1920, height: 1000 }, outcome: 'fitted' });
  });

  it('partly off-screen: moved in', () => {
    expect(place(saved([primary], primary, { x: 1500, y: 900, width: 1000, height: 600 }), [primary])).toMatchObject({
      bounds: { x: 920, y: 440, width: 1000, height: 600 },
      outcome: 'fitted',
    });
    expect(place(saved([primary], primary, { x: -300, y: -50, width: 1000, height: 600 }), [primary]).bounds).toEqual({ x: 0, y: 0, width: 1000, height: 600 });
  });

  it('never smaller than a console window, or than the screen where that is smaller', () => {
    expect(place(saved([primary], primary, { x: 1800, y: 100, width: 400, height: 300 }), [primary])).toMatchObject({
      bounds: { x: 960, y: 100, width: 960, height: 600 },
      outcome: 'fitted',
    });
    /** A 1366×768 laptop at 150%: 911×512 DIP. */
    const laptop = monitor(1, 0, 0, 911, 512, { primary: true, scale: 1.5 });
    expect(place(saved([primary], primary, { x: 100, y: 100, width: 1200, height: 800 }), [laptop]).bounds).toEqual({ x: 0, y: 0, width: 911, height: 472 });
    expect(place(saved([laptop], laptop, { x: 91, y: 47, width: 729, height: 378 }), [laptop])).toMatchObject({ bounds: { x: 0, y: 0, width: 911, height: 472 }, outcome: 'fitted' });
  });

  it('is never off-screen, whatever was saved and whatever is connected', () => {
    const pool = [primary, right, farRight, left, above, portrait, uhdAt2, qhdAt15, wideRight];
    const random = seededRandom(13);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    for (let run = 0; run < 500; run++) {
      const was = pool.filter(() => random() < 0.5).filter(noOverlap);
      const now = pool.filter(() => random() < 0.5).filter(noOverlap);
      if (was.length === 0 || now.length === 0) continue;
      const on = pick(was);
      const bounds = { x: Math.round((random() - 0.5) * 6000), y: Math.round((random() - 0.5) * 4000), width: 1 + Math.floor(random() * 5000), height: 1 + Math.floor(random() * 3000) };
      const placed = place(saved(was, on, bounds), now);
      expect(now.map((d) => String(d.id))).toContain(placed.display.id);
      if (!inside(placed.bounds, placed.display.workArea)) expect.fail(`off-screen: ${JSON.stringify({ was, on, bounds, placed })}`);
    }
  });

  it('reads a live window back as the place it is saved at, which places it there again', () => {
    const set = displaysIn([left, primary, uhdAt2]);
    const identity = { id: 'wall-2', content: { kind: 'panel', panel: 'wall' } as const, wallMode: true, pinned: true };
    const live = { bounds: { x: -1920, y: 0, width: 1920, height: 1040 }, normalBounds: { x: -1800, y: 50, width: 1000, height: 700 }, state: 'maximised' as const };
    const recorded = recordWindow(identity, live, set);
    expect(recorded).toEqual({
      ...identity,
      display: { index: 0, bounds: left.bounds, scaleFactor: 1 },
      bounds: { x: 120, y: 50, width: 1000, height: 700 },
      state: 'maximised',
    });
    expect(placeWindow(recorded, displaySetFingerprint(set), set)).toMatchObject({ bounds: live.normalBounds, state: 'maximised', outcome: 'restored' });
  });
});

function inside(r: Rect, area: Rect): boolean {
  return r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height && r.width > 0 && r.height > 0;
}

/** Real monitors do not overlap: a drawn set keeps the first of any that would. */
function noOverlap(d: FakeDisplay, i: number, set: FakeDisplay[]): boolean {
  return set.slice(0, i).every((e) => {
    const a = d.bounds;
    const b = e.bounds;
    return a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
  });
}
