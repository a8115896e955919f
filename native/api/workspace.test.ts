import { describe, expect, it } from 'vitest';
import { ROLES } from './rules.ts';
import {
  defaultWorkspace,
  displaySetFingerprint,
  MAX_WINDOWS,
  popOutWindow,
  fingerprintDisplays,
  Workspace,
  workspaceOrDefault,
  type Display,
} from './workspace.ts';

function display(id: string, x: number, y: number, width: number, height: number, options: { scale?: number; primary?: boolean } = {}): Display {
  return {
    id,
    bounds: { x, y, width, height },
    workArea: { x, y, width, height: height - 40 },
    scaleFactor: options.scale ?? 1,
    primary: options.primary ?? false,
  };
}

const LEFT = display('7', -1920, 0, 1920, 1080);
const MAIN = display('1', 0, 0, 1920, 1080, { primary: true });
const RIGHT = display('9', 1920, 0, 2560, 1440, { scale: 1.5 });
const taker = { operator: 'op-7', role: 'call_taker' } as const;

describe('a display set fingerprint', () => {
  it('names each display by its bounds and scale factor, left to right', () => {
    expect(displaySetFingerprint([RIGHT, MAIN, LEFT])).toBe('1920x1080-1920+0@1,1920x1080+0+0@1,2560x1440+1920+0@1.5');
  });

  it('is the same whatever order the displays are listed in and whatever ids Electron gave them', () => {
    const renumbered = [{ ...MAIN, id: '40' }, { ...LEFT, id: '41' }, { ...RIGHT, id: '42' }];
    expect(displaySetFingerprint(renumbered)).toBe(displaySetFingerprint([LEFT, MAIN, RIGHT]));
  });

  it('does not change when only a work area does (the taskbar moved)', () => {
    const taller = { ...MAIN, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
    expect(displaySetFingerprint([taller, RIGHT])).toBe(displaySetFingerprint([MAIN, RIGHT]));
  });

  it('changes with a scale factor, a resolution or an arrangement', () => {
    const base = displaySetFingerprint([MAIN, RIGHT]);
    expect(displaySetFingerprint([MAIN, { ...RIGHT, scaleFactor: 2 }])).not.toBe(base);
    expect(displaySetFingerprint([MAIN, { ...RIGHT, bounds: { ...RIGHT.bounds, width: 1920 } }])).not.toBe(base);
    expect(displaySetFingerprint([MAIN, { ...RIGHT, bounds: { ...RIGHT.bounds, x: -2560 } }])).not.toBe(base);
  });

  it('reads back into the displays it names, and refuses what is not one', () => {
    expect(fingerprintDisplays('1920x1080-1920+0@1,1080x1920+0-420@1.25')).toEqual([
      { bounds: { x: -1920, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
      { bounds: { x: 0, y: -420, width: 1080, height: 1920 }, scaleFactor: 1.25 },
    ]);
    expect(() => fingerprintDisplays('1920x1080 at 0,0')).toThrow(/not a display of a fingerprint/);
  });
});

describe("a role's default workspace", () => {
  it("puts the console on the primary and the call taker's map with the detail on the next display", () => {
    const ws = defaultWorkspace(taker, [LEFT, MAIN]);
    expect(ws.windows.map((w) => [w.id, w.content, w.display.index, w.state])).toEqual([
      ['main', { kind: 'console' }, 1, 'maximised'],
      ['map', { kind: 'arrangement', name: 'map+detail', panels: ['map', 'detail'] }, 0, 'maximised'],
    ]);
    expect(Workspace.parse(ws)).toEqual(ws);
  });

  it('gives the duty chief the console, the map and traffic video, one a display', () => {
    const ws = defaultWorkspace({ operator: 'op-1', role: 'duty_chief' }, [LEFT, MAIN, RIGHT]);
    expect(ws.windows.map((w) => [w.id, w.content, w.display.index])).toEqual([
      ['main', { kind: 'console' }, 1],
      ['map', { kind: 'panel', panel: 'map' }, 0],
      ['traffic', { kind: 'panel', panel: 'traffic_video' }, 2],
    ]);
  });

  it('gives the video patroller a wall on every display, those beyond the console without chrome', () => {
    const ws = defaultWorkspace({ operator: 'op-3', role: 'video_patroller' }, [LEFT, MAIN, RIGHT]);
    expect(ws.windows.map((w) => [w.id, w.content, w.display.index, w.wallMode])).toEqual([
      ['main', { kind: 'console' }, 1, false],
      ['wall-2', { kind: 'panel', panel: 'wall' }, 0, true],
      ['wall-3', { kind: 'panel', panel: 'wall' }, 2, true],
    ]);
  });

  it('is the console alone on one display, maximised, a tenth in from each edge when restored', () => {
    const ws = defaultWorkspace({ operator: 'op-1', role: 'duty_chief' }, [MAIN]);
    expect(ws.windows.map((w) => [w.id, w.display.index, w.state])).toEqual([['main', 0, 'maximised']]);
    expect(ws.windows[0]!.bounds).toEqual({ x: 192, y: 104, width: 1536, height: 832 });
  });

  it('leaves out windows the displays have no room for, never two on one display', () => {
    const ws = defaultWorkspace({ operator: 'op-1', role: 'duty_chief' }, [MAIN, RIGHT]);
    expect(ws.windows.map((w) => [w.id, w.display.index])).toEqual([
      ['main', 0],
      ['map', 1],
    ]);
  });

  it.each(ROLES)('for %s on one to four displays reads back as a workspace', (role) => {
    const desk = [MAIN, RIGHT, LEFT, display('5', 4480, 0, 1080, 1920)];
    for (let n = 1; n <= desk.length; n++) {
      const ws = defaultWorkspace({ operator: 'op-1', role }, desk.slice(0, n));
      expect(Workspace.safeParse(ws).success).toBe(true);
      expect(workspaceOrDefault(JSON.stringify(ws), { operator: 'op-1', role }, desk.slice(0, n))).toEqual({ workspace: ws, fallback: null });
    }
  });

  it('needs a display', () => {
    expect(() => defaultWorkspace(taker, [])).toThrow(/at least one display/);
  });
});

describe('a workspace read back from state.db', () => {
  const displays = [MAIN, RIGHT];
  const saved = (): Workspace => {
    const ws = defaultWorkspace(taker, displays);
    ws.windows[1] = { ...ws.windows[1]!, bounds: { x: 100, y: 50, width: 1200, height: 800 }, state: 'normal', pinned: true };
    return ws;
  };

  it('is used as saved when it is a workspace of this operator, role and display set', () => {
    const result = workspaceOrDefault(JSON.stringify(saved()), taker, displays);
    expect(result).toEqual({ workspace: saved(), fallback: null });
  });

  it('is the role default, without a notice, when nothing was saved', () => {
    expect(workspaceOrDefault(null, taker, displays)).toEqual({ workspace: defaultWorkspace(taker, displays), fallback: null });
  });

  const cases: [string, string, RegExp][] = [
    ['not_json', '{"version":1,', /not JSON/],
    ['invalid', JSON.stringify({ ...saved(), windows: [] }), /windows/],
    ['invalid', JSON.stringify({ ...saved(), windows: [{ ...saved().windows[0], content: { kind: 'panel', panel: 'radar' } }] }), /content/],
    ['invalid', JSON.stringify({ ...saved(), windows: [{ ...saved().windows[0], bounds: { x: 0, y: 0, width: -5, height: 10 } }] }), /bounds/],
    ['invalid', JSON.stringify({ ...saved(), windows: [saved().windows[0], saved().windows[0]] }), /share an id/],
    ['invalid', JSON.stringify({ ...saved(), windows: [{ ...saved().windows[0], display: { ...saved().windows[0]!.display, index: 5 } }] }), /not display 5/],
    ['invalid', JSON.stringify({ ...saved(), displaySet: 'two monitors' }), /displaySet/],
    ['invalid', JSON.stringify({ ...saved(), windows: [saved().windows[1]] }), /only it, is the console/],
    ['invalid', JSON.stringify({ ...saved(), windows: [saved().windows[0], { ...saved().windows[1], content: { kind: 'console' } }] }), /only it, is the console/],
    ['invalid', 'null', /workspace/],
    ['newer_version', JSON.stringify({ ...saved(), version: 2, windows: 'kept elsewhere' }), /version 2/],
    ['foreign', JSON.stringify({ ...saved(), operator: 'op-8' }), /op-8/],
    ['foreign', JSON.stringify({ ...saved(), role: 'duty_chief' }), /duty_chief/],
    ['foreign', JSON.stringify(defaultWorkspace(taker, [MAIN])), /on 1920x1080\+0\+0@1, not/],
  ];
  it.each(cases)('falls back to the role default with the reason %s (%s)', (reason, stored, message) => {
    const result = workspaceOrDefault(stored, taker, displays);
    expect(result.workspace).toEqual(defaultWorkspace(taker, displays));
    expect(result.fallback?.reason).toBe(reason);
    expect(result.fallback?.message).toMatch(message);
  });
});

describe('a panel popped out', () => {
  it('goes to the display with the fewest windows, not the console\'s on a tie, in normal state, numbered when its name is taken', () => {
    let ws = defaultWorkspace(taker, [MAIN, RIGHT]);
    const board = popOutWindow(ws, { kind: 'panel', panel: 'board' })!;
    // One window on each display: the tie goes away from the console's display.
    expect([board.id, board.display.index, board.state, board.wallMode, board.pinned]).toEqual(['board', 1, 'normal', false, false]);
    ws = { ...ws, windows: [...ws.windows, board] };
    const second = popOutWindow(ws, { kind: 'panel', panel: 'board' })!;
    expect(second.id).toBe('board-2');
    expect(second.display.index).toBe(0);
    expect(Workspace.safeParse({ ...ws, windows: [...ws.windows, second] }).success).toBe(true);
  });

  it('is cascaded over the windows already on its display, and stays on it', () => {
    let ws = defaultWorkspace(taker, [MAIN]);
    const places = [];
    for (let i = 0; i < 5; i++) {
      const w = popOutWindow(ws, { kind: 'panel', panel: 'hourly_chart' })!;
      places.push(w.bounds);
      ws = { ...ws, windows: [...ws.windows, w] };
    }
    expect(new Set(places.map((b) => `${b.x},${b.y}`)).size).toBe(5);
    for (const b of places) {
      expect(b.x + b.width).toBeLessThanOrEqual(1920);
      expect(b.y + b.height).toBeLessThanOrEqual(1080);
    }
    expect(ws.windows.map((w) => w.id).slice(1)).toEqual(['hourly-chart', 'hourly-chart-2', 'hourly-chart-3', 'hourly-chart-4', 'hourly-chart-5']);
  });

  it('is refused when the workspace is full', () => {
    let ws = defaultWorkspace(taker, [MAIN]);
    while (ws.windows.length < MAX_WINDOWS) ws = { ...ws, windows: [...ws.windows, popOutWindow(ws, { kind: 'panel', panel: 'map' })!] };
    expect(popOutWindow(ws, { kind: 'panel', panel: 'map' })).toBeNull();
  });
});
