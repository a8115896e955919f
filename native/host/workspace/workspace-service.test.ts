import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  MAX_WINDOWS,
  WORKSPACE_VERSION,
  defaultWorkspace,
  displaySetFingerprint,
  type Display,
  type LiveWorkspace,
  type Workspace,
  type WorkspaceOwner,
} from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { migrate } from '../../store/migrate.ts';
import { stateMigrations } from '../../store/migrations/state/index.ts';
import { WorkspaceStore } from '../../store/workspace-state.ts';
import { WorkspaceService } from './workspace-service.ts';

const PRIMARY: Display = {
  id: '1',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
  primary: true,
};
const SECOND: Display = {
  id: '2',
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1920, y: 0, width: 2560, height: 1400 },
  scaleFactor: 1,
  primary: false,
};
const DESK = [PRIMARY, SECOND];
const TAKER: WorkspaceOwner = { operator: 'op-031', role: 'call_taker' };
const CHIEF: WorkspaceOwner = { operator: 'op-001', role: 'duty_chief' };

/** The service over an in-memory state.db, on a fake clock, signed in as `who` (null: nobody). */
function desk(signedIn: WorkspaceOwner | null = TAKER) {
  const db = new Database(':memory:');
  migrate(db, 'state.db', stateMigrations);
  const store = new WorkspaceStore(db);
  const timers = new FakeTimers(Date.parse('2026-12-02T09:00:00+08:00'));
  const published: LiveWorkspace[] = [];
  let who = signedIn;
  const service = new WorkspaceService({ store, now: () => timers.now(), signedIn: () => who, publish: (live) => published.push(live) });
  return {
    db,
    store,
    service,
    published,
    timers,
    signIn: (owner: WorkspaceOwner | null) => (who = owner),
    /** The workspace state.db holds for the owner on the desk's displays, parsed; null when none. */
    saved: (owner = TAKER, displays = DESK): Workspace | null => {
      const text = store.stored(owner, displaySetFingerprint(displays));
      return text === null ? null : (JSON.parse(text) as Workspace);
    },
    savedMs: (): number[] => db.prepare('SELECT saved_ms FROM workspace').pluck().all() as number[],
  };
}

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('the live workspace', () => {
  it('opens the role default when nothing is saved: live at rev 1, published, and not written until a change', () => {
    const d = desk();
    const opened = d.service.open(DESK);
    expect(opened.fallback).toBeNull();
    expect(opened.live).toEqual({ workspace: defaultWorkspace(TAKER, DESK), rev: 1 });
    expect(opened.live.workspace.windows.map((w) => w.id)).toEqual(['main', 'map']);
    expect(d.published).toEqual([opened.live]);
    expect(d.service.live()).toEqual(opened.live);
    expect(d.saved()).toBeNull();
  });

  it('opens what was saved for the operator, role and display set', () => {
    const d = desk();
    d.service.open(DESK);
    const { live } = d.service.popOut({ kind: 'panel', panel: 'board' });
    expect(d.saved()).toEqual(live.workspace);

    const again = desk();
    again.store.put(live.workspace, 1);
    const opened = again.service.open(DESK);
    expect(opened).toEqual({ live: { workspace: live.workspace, rev: 1 }, fallback: null });
    // Another display set (the laptop alone) has its own: none yet, so the default.
    expect(again.service.open([PRIMARY]).live.workspace).toEqual(defaultWorkspace(TAKER, [PRIMARY]));
  });

  it.each([
    ['not_json', () => '{"version": 1, "windows": ['],
    ['invalid', (w: Workspace) => JSON.stringify({ ...w, windows: w.windows.slice(1) })],
    ['newer_version', (w: Workspace) => JSON.stringify({ ...w, version: WORKSPACE_VERSION + 1 })],
    ['foreign', (w: Workspace) => JSON.stringify({ ...w, operator: 'op-032' })],
  ] as const)('a %s row gives the role default with the reason, and stays as it is until the next save', (reason, damage) => {
    const d = desk();
    const stored = damage(defaultWorkspace(TAKER, DESK));
    d.db
      .prepare('INSERT INTO workspace (operator, role, display_set, layout, saved_ms) VALUES (?, ?, ?, ?, 1)')
      .run(TAKER.operator, TAKER.role, displaySetFingerprint(DESK), stored);
    const opened = d.service.open(DESK);
    expect(opened.fallback).toMatchObject({ reason });
    expect(opened.fallback!.message.length).toBeGreaterThan(0);
    expect(opened.live.workspace).toEqual(defaultWorkspace(TAKER, DESK));
    // The live workspace carries the reason too: in Electron the main process opened it, and only the pages can say so.
    expect(opened.live.fallback).toEqual(opened.fallback);
    expect(d.store.stored(TAKER, displaySetFingerprint(DESK))).toBe(stored);

    const { live } = d.service.popOut({ kind: 'panel', panel: 'intake' });
    expect(d.saved()).toEqual(live.workspace);
    expect(live.fallback).toBeUndefined();
  });

  it("saves the owner's layout and makes it live; another operator's or role's is refused and changes nothing", () => {
    const d = desk();
    const opened = d.service.open(DESK);
    const moved: Workspace = {
      ...opened.live.workspace,
      windows: opened.live.workspace.windows.map((w) =>
        w.id === 'map' ? { ...w, state: 'normal', bounds: { x: 40, y: 30, width: 1200, height: 800 } } : w,
      ),
    };
    d.timers.advance(5_000);
    const live = d.service.save(moved);
    expect(live).toEqual({ workspace: moved, rev: 2 });
    expect(d.saved()).toEqual(moved);
    expect(d.savedMs()).toEqual([d.timers.now()]);
    expect(d.published.at(-1)).toEqual(live);

    for (const other of [
      { ...moved, operator: 'op-032' },
      { ...moved, role: 'duty_chief' as const },
    ]) {
      expect(refusal(() => d.service.save(other))).toMatchObject({ code: 'forbidden' });
    }
    expect(refusal(() => d.service.save({ ...moved, operator: 'op-032' })).message).toBe(
      'this is the workspace of op-032 as call_taker; op-031 as call_taker may save only their own',
    );
    expect(d.service.live()).toEqual(live);
    expect(d.saved()).toEqual(moved);
    expect(d.saved({ ...TAKER, operator: 'op-032' })).toBeNull();
    expect(d.published).toHaveLength(2);
  });

  it('a save made from an older live workspace brings only the places: a window popped out, pinned or docked since stays so', () => {
    const d = desk();
    d.service.open(DESK);
    // What the window owner last heard of: the console, the map and an intake popped out.
    const heard = d.service.popOut({ kind: 'panel', panel: 'intake' }).live.workspace;
    // Meanwhile pages pop the board out, pin the map and dock the intake.
    d.service.popOut({ kind: 'panel', panel: 'board' });
    d.service.setWindow('map', { pinned: true });
    d.service.dock('intake');
    // The owner saves where the operator moved the map, and a window it moved over from a monitor since unplugged.
    const movedOver = { ...heard.windows[2]!, id: 'wall-3', content: { kind: 'panel' as const, panel: 'wall' as const } };
    const layout: Workspace = {
      ...heard,
      windows: [
        ...heard.windows.map((w) =>
          w.id === 'map' ? { ...w, state: 'normal' as const, bounds: { x: 10, y: 20, width: 1000, height: 700 } } : w,
        ),
        movedOver,
      ],
    };
    const saved = d.service.save(layout);
    expect(saved.workspace.windows.map((w) => w.id)).toEqual(['main', 'map', 'board', 'wall-3']);
    expect(saved.workspace.windows[1]).toMatchObject({ pinned: true, state: 'normal', bounds: { x: 10, y: 20, width: 1000, height: 700 } });
    expect(d.saved()).toEqual(saved.workspace);

    // A layout for another display set (the laptop alone, after the monitor went) is taken whole.
    d.service.dock('wall-3');
    const laptop = {
      ...defaultWorkspace(TAKER, [PRIMARY]),
      windows: [
        defaultWorkspace(TAKER, [PRIMARY]).windows[0]!,
        { ...movedOver, display: { ...movedOver.display, index: 0, bounds: PRIMARY.bounds, scaleFactor: 1 } },
      ],
    };
    expect(d.service.save(laptop).workspace).toEqual(laptop);
    expect(d.saved(TAKER, [PRIMARY])).toEqual(laptop);
  });

  it('pops a panel out into a window of its own on the display with fewest windows, saved and published', () => {
    const d = desk();
    d.service.open([PRIMARY]);
    const { window, live } = d.service.popOut({ kind: 'panel', panel: 'hourly_chart' });
    expect(window).toMatchObject({ id: 'hourly-chart', content: { kind: 'panel', panel: 'hourly_chart' }, state: 'normal', pinned: false });
    expect(live.rev).toBe(2);
    expect(live.workspace.windows.map((w) => w.id)).toEqual(['main', 'hourly-chart']);
    expect(d.saved(TAKER, [PRIMARY])).toEqual(live.workspace);
    expect(d.published.at(-1)).toEqual(live);
    // The same panel again is another window, numbered; an arrangement is a window of panels.
    expect(d.service.popOut({ kind: 'panel', panel: 'hourly_chart' }).window.id).toBe('hourly-chart-2');
    expect(d.service.popOut({ kind: 'arrangement', name: 'map+board', panels: ['map', 'board'] }).window.id).toBe('panels');
  });

  it('refuses a pop-out with no live workspace, into a full one, or of the console, and changes nothing', () => {
    const d = desk();
    expect(refusal(() => d.service.popOut({ kind: 'panel', panel: 'map' }))).toEqual({
      code: 'conflict',
      message: 'no workspace is open to pop a panel out in: the window owner opens one first (workspace.open)',
    });
    expect(d.published).toEqual([]);

    d.service.open([PRIMARY]);
    expect(refusal(() => d.service.popOut({ kind: 'console' }))).toMatchObject({ code: 'invalid_params' });
    while (d.service.live()!.workspace.windows.length < MAX_WINDOWS) d.service.popOut({ kind: 'panel', panel: 'board' });
    const full = d.service.live();
    expect(refusal(() => d.service.popOut({ kind: 'panel', panel: 'map' }))).toEqual({
      code: 'conflict',
      message: `the workspace has ${MAX_WINDOWS} windows, as many as it can: dock one back first`,
    });
    expect(d.service.live()).toBe(full);
    expect(d.saved(TAKER, [PRIMARY])).toEqual(full!.workspace);
  });

  it('docks a window back; the console cannot be docked and an unknown window is not found', () => {
    const d = desk();
    d.service.open(DESK);
    d.service.popOut({ kind: 'panel', panel: 'board' });
    const docked = d.service.dock('board');
    expect(docked.workspace.windows.map((w) => w.id)).toEqual(['main', 'map']);
    expect(d.saved()).toEqual(docked.workspace);
    expect(d.published.at(-1)).toEqual(docked);

    expect(refusal(() => d.service.dock('main'))).toEqual({
      code: 'conflict',
      message: 'the console window cannot be docked: every workspace keeps it',
    });
    expect(refusal(() => d.service.dock('board'))).toEqual({
      code: 'not_found',
      message: 'no window "board" in the workspace (main, map)',
    });
    expect(d.service.live()).toBe(docked);
  });

  it('pins a window and puts it in wall mode, each saved; the other field is kept', () => {
    const d = desk();
    d.service.open(DESK);
    const pinned = d.service.setWindow('map', { pinned: true });
    expect(pinned.workspace.windows[1]).toMatchObject({ id: 'map', pinned: true, wallMode: false });
    const wall = d.service.setWindow('map', { wallMode: true });
    expect(wall.workspace.windows[1]).toMatchObject({ pinned: true, wallMode: true });
    expect(d.saved()).toEqual(wall.workspace);
    expect(d.service.setWindow('main', { wallMode: true }).workspace.windows[0]).toMatchObject({ id: 'main', wallMode: true });
    expect(refusal(() => d.service.setWindow('wall-9', { pinned: true }))).toMatchObject({ code: 'not_found' });
  });

  it('resets to the role default: the saved workspace for that display set is deleted, others are kept', () => {
    const d = desk();
    d.service.open([PRIMARY]);
    d.service.popOut({ kind: 'panel', panel: 'map' });
    d.service.open(DESK);
    const popped = d.service.popOut({ kind: 'panel', panel: 'board' }).live;
    const reset = d.service.reset(DESK);
    expect(reset).toEqual({ live: { workspace: defaultWorkspace(TAKER, DESK), rev: popped.rev + 1 }, fallback: null });
    expect(d.published.at(-1)).toEqual(reset.live);
    expect(d.saved()).toBeNull();
    expect(d.saved(TAKER, [PRIMARY])?.windows.map((w) => w.id)).toEqual(['main', 'map']);
    expect(d.service.open(DESK).live.workspace).toEqual(defaultWorkspace(TAKER, DESK));
  });

  it('is nobody’s after a sign-out; what was saved comes back at the next open, at a higher rev', () => {
    const d = desk();
    d.service.open(DESK);
    const popped = d.service.popOut({ kind: 'panel', panel: 'volunteers' }).live;
    d.service.clear();
    d.signIn(null);
    expect(d.service.live()).toBeNull();
    expect(refusal(() => d.service.open(DESK))).toMatchObject({ code: 'unauthenticated' });
    expect(refusal(() => d.service.popOut({ kind: 'panel', panel: 'map' }))).toMatchObject({ code: 'unauthenticated' });

    d.signIn(TAKER);
    const again = d.service.open(DESK);
    expect(again.live.workspace).toEqual(popped.workspace);
    expect(again.live.rev).toBeGreaterThan(popped.rev);
  });

  it("is not another operator's: one signed in after another gets no live workspace until theirs is opened", () => {
    const d = desk();
    d.service.open(DESK);
    d.signIn(CHIEF);
    expect(d.service.live()).toBeNull();
    expect(refusal(() => d.service.dock('map'))).toMatchObject({ code: 'conflict' });
    const chiefs = d.service.open(DESK).live.workspace;
    expect(chiefs).toMatchObject({ operator: 'op-001', role: 'duty_chief' });
    expect(chiefs.windows[1]?.content).toEqual({ kind: 'panel', panel: 'map' });
  });

  it('a change state.db cannot take is not made live nor published', () => {
    const d = desk();
    const opened = d.service.open(DESK);
    d.db.prepare('DROP TABLE workspace').run();
    expect(() => d.service.popOut({ kind: 'panel', panel: 'board' })).toThrow(/no such table/);
    expect(d.service.live()).toBe(opened.live);
    expect(d.published).toEqual([opened.live]);
  });
});
