import type { Workspace, WorkspaceOwner } from '../api/index.ts';
import type { Db } from './open.ts';

/** The workspace statements; exported so their query plans are tested as run. */
export const WORKSPACE_SQL = {
  stored: 'SELECT layout FROM workspace WHERE operator = ? AND role = ? AND display_set = ?',
  put: 'INSERT OR REPLACE INTO workspace (operator, role, display_set, layout, saved_ms) VALUES (?, ?, ?, ?, ?)',
  forget: 'DELETE FROM workspace WHERE operator = ? AND role = ? AND display_set = ?',
} as const;

/**
 * The workspaces state.db keeps (migration 0005), one per operator, role
 * and display set. The text is handed back as stored: checking it is
 * `workspaceOrDefault`'s (api/workspace.ts), which also decides what an
 * unusable one falls back to, so a damaged row is never an error here.
 */
export class WorkspaceStore {
  constructor(private readonly db: Db) {}

  /** The JSON text saved for the owner on that display set (api/workspace.ts displaySetFingerprint); null when none is. */
  stored(owner: WorkspaceOwner, displaySet: string): string | null {
    const layout = this.db.prepare(WORKSPACE_SQL.stored).pluck().get(owner.operator, owner.role, displaySet) as string | undefined;
    return layout ?? null;
  }

  /** Saves the workspace under its own operator, role and display set, replacing what was there. */
  put(workspace: Workspace, now: number): void {
    this.db.prepare(WORKSPACE_SQL.put).run(workspace.operator, workspace.role, workspace.displaySet, JSON.stringify(workspace), now);
  }

  /** Forgets the owner's workspace for that display set; whether there was one. */
  forget(owner: WorkspaceOwner, displaySet: string): boolean {
    return this.db.prepare(WORKSPACE_SQL.forget).run(owner.operator, owner.role, displaySet).changes > 0;
  }
}
