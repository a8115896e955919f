import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultWorkspace, type Display, type WorkspaceOwner } from '../api/index.ts';
import { planOf } from '../../tests/support/query-plan.ts';
import { migrate } from './migrate.ts';
import { stateMigrations } from './migrations/state/index.ts';
import { WORKSPACE_SQL, WorkspaceStore } from './workspace-state.ts';

const LAPTOP: Display = {
  id: '1',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
  primary: true,
};
const MONITOR: Display = {
  id: '2',
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1920, y: 0, width: 2560, height: 1400 },
  scaleFactor: 1.5,
  primary: false,
};
const TAKER: WorkspaceOwner = { operator: 'op-031', role: 'call_taker' };

function store(): { db: Database.Database; workspaces: WorkspaceStore } {
  const db = new Database(':memory:');
  migrate(db, 'state.db', stateMigrations);
  return { db, workspaces: new WorkspaceStore(db) };
}

describe('state 0005: workspaces per operator, role and display set', () => {
  it('migrates a state.db at version 4 keeping what it holds, with no workspace saved yet', () => {
    const db = new Database(':memory:');
    migrate(db, 'state.db', stateMigrations.slice(0, 4));
    db.prepare("INSERT INTO wall (operator, layout, tiles, rev, updated_ms) VALUES ('op-052', '4', '[null,null,null,null]', 1, 1)").run();
    expect(migrate(db, 'state.db', stateMigrations.slice(0, 5))).toEqual({ from: 4, to: 5 });
    expect(db.prepare('SELECT operator FROM wall').pluck().all()).toEqual(['op-052']);
    expect(new WorkspaceStore(db).stored(TAKER, '1920x1080+0+0@1')).toBeNull();
  });

  it('keeps one workspace per operator, role and display set, as the JSON text saved; a save replaces it', () => {
    const { workspaces } = store();
    const desk = defaultWorkspace(TAKER, [LAPTOP, MONITOR]);
    const laptop = defaultWorkspace(TAKER, [LAPTOP]);
    workspaces.put(desk, 1_000);
    workspaces.put(laptop, 1_000);
    expect(JSON.parse(workspaces.stored(TAKER, desk.displaySet)!)).toEqual(desk);
    expect(JSON.parse(workspaces.stored(TAKER, laptop.displaySet)!)).toEqual(laptop);
    // The same operator as another role, and another operator, have none.
    expect(workspaces.stored({ ...TAKER, role: 'duty_chief' }, desk.displaySet)).toBeNull();
    expect(workspaces.stored({ ...TAKER, operator: 'op-032' }, desk.displaySet)).toBeNull();

    const moved = { ...desk, windows: desk.windows.map((w) => ({ ...w, state: 'normal' as const })) };
    workspaces.put(moved, 2_000);
    expect(JSON.parse(workspaces.stored(TAKER, desk.displaySet)!)).toEqual(moved);
  });

  it('hands back a damaged row as it is: checking it is the reader’s (workspaceOrDefault)', () => {
    const { db, workspaces } = store();
    db.prepare(
      "INSERT INTO workspace (operator, role, display_set, layout, saved_ms) VALUES ('op-031', 'call_taker', 'x', '{broken', 1)",
    ).run();
    expect(workspaces.stored(TAKER, 'x')).toBe('{broken');
  });

  it('forgets the workspace of one display set only, and says whether there was one', () => {
    const { workspaces } = store();
    const desk = defaultWorkspace(TAKER, [LAPTOP, MONITOR]);
    const laptop = defaultWorkspace(TAKER, [LAPTOP]);
    workspaces.put(desk, 1);
    workspaces.put(laptop, 1);
    expect(workspaces.forget(TAKER, desk.displaySet)).toBe(true);
    expect(workspaces.forget(TAKER, desk.displaySet)).toBe(false);
    expect(workspaces.stored(TAKER, desk.displaySet)).toBeNull();
    expect(workspaces.stored(TAKER, laptop.displaySet)).not.toBeNull();
  });

  it('reads and forgets by the primary key', () => {
    const { db } = store();
    for (const sql of [WORKSPACE_SQL.stored, WORKSPACE_SQL.forget]) {
      expect(planOf(db, sql, 'op', 'call_taker', 'x')).toMatch(
        /SEARCH workspace USING PRIMARY KEY \(operator=\? AND role=\? AND display_set=\?\)/,
      );
    }
  });
});
