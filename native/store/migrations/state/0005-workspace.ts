import type { Migration } from '../../migrate.ts';

/**
 * Workspaces (issue 13): the windows an operator keeps — which panels, on
 * which display, where, maximised or fullscreen — saved per operator, role
 * and display set (the fingerprint of the connected displays), so the same
 * desk comes back at the next sign-in and a laptop undocked keeps its own.
 * The layout is the contract's `Workspace` as JSON text, checked when read
 * back (api/workspace.ts workspaceOrDefault): a damaged row falls back to
 * the role's default and stays as it is until the next save replaces it.
 */
export const migration: Migration = {
  version: 5,
  name: 'workspace',
  up(db) {
    db.exec(`
      CREATE TABLE workspace (
        operator TEXT NOT NULL,         -- the operator's id
        role TEXT NOT NULL,             -- rules.ts ROLES
        display_set TEXT NOT NULL,      -- api/workspace.ts displaySetFingerprint
        layout TEXT NOT NULL,           -- JSON: the Workspace as saved
        saved_ms INTEGER NOT NULL,
        PRIMARY KEY (operator, role, display_set)
      ) WITHOUT ROWID;
    `);
  },
};
