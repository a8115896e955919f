import type { Migration } from '../../migrate.ts';

/**
 * What only this console has (architecture rule 4): the outbox of commands
 * not yet answered by the platform, their results, settings, and the audit
 * log of operator actions.
 */
export const migration: Migration = {
  version: 1,
  name: 'outbox',
  up(db) {
    db.exec(`
      -- Commands in the order made (n); kept until a result arrives (spec §7).
      CREATE TABLE outbox (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        args TEXT NOT NULL,
        operator TEXT,
        workstation TEXT,
        made_ms INTEGER NOT NULL,
        sent_ms INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0
      );
      -- Results of commands, so a failure can be shown to whoever made it.
      CREATE TABLE command_result (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        operator TEXT,
        ok INTEGER NOT NULL,
        code TEXT,
        message TEXT,
        seq INTEGER,
        at_ms INTEGER NOT NULL,
        seen INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE audit (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        operator TEXT,
        role TEXT,
        workstation TEXT,
        action TEXT NOT NULL,
        target TEXT,
        result TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_at ON audit (at_ms);
    `);
  },
};
