import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { Operator } from '../api/contract.ts';
import { StoredValueError } from './errors.ts';
import { stateMigrations } from './migrations/state/index.ts';
import { openDatabase, statePath, type Db, type OpenOptions } from './open.ts';

export interface OutboxCommand {
  n: number;
  id: string;
  name: string;
  args: unknown;
  operator: string | null;
  workstation: string | null;
  madeMs: number;
  sentMs: number | null;
  attempts: number;
}

export interface CommandOutcome {
  id: string;
  name: string;
  operator: string | null;
  ok: boolean;
  code: string | null;
  message: string | null;
  seq: number | null;
  atMs: number;
}

export interface AuditEntry {
  operator: string | null;
  role: string | null;
  workstation: string | null;
  action: string;
  target?: string | null;
  result: string;
  detail?: unknown;
}

/** An audit entry as kept, numbered in the order written. */
export interface AuditRecord {
  n: number;
  atMs: number;
  operator: string | null;
  role: string | null;
  workstation: string | null;
  action: string;
  target: string | null;
  result: string;
  /** The detail as the JSON text written: exported as it is, never interpreted, so it needs no schema. */
  detailJson: string | null;
}

/** The audit log's reads; exported so their query plans are tested as run. */
export const AUDIT_SQL = {
  /** Newest first, before an entry number: a walk down the rowid, no sort. */
  page: 'SELECT * FROM audit WHERE n < ? ORDER BY n DESC LIMIT ?',
  /** All of it in the order written, for the CSV export. */
  all: 'SELECT * FROM audit ORDER BY n',
} as const;

/** Operators by primary key, for the ids given as one JSON array. */
export const OPERATOR_NAMES_SQL = 'SELECT id, name FROM operator WHERE id IN (SELECT value FROM json_each(?))';

/**
 * state.db: what only this console has — the outbox, command results,
 * settings and the audit log. Synced on every commit (FULL): a command is on
 * disk before it is ever sent (spec §7).
 */
export class StateStore {
  private readonly insertCommand: Statement;
  private readonly pendingStmt: Statement;
  private readonly markSentStmt: Statement;
  private readonly findCommand: Statement;
  private readonly removeCommand: Statement;
  private readonly insertResult: Statement;
  private readonly settingGet: Statement;
  private readonly settingPut: Statement;
  private readonly settingDelete: Statement;
  private readonly auditInsert: Statement;
  private readonly auditPageStmt: Statement;
  private readonly auditAllStmt: Statement;
  private readonly operatorPut: Statement;
  private readonly operatorNamesStmt: Statement;

  static open(dir: string, options: OpenOptions = {}): StateStore {
    return new StateStore(openDatabase(statePath(dir), stateMigrations, { ...options, durable: true }));
  }

  constructor(readonly db: Db) {
    this.insertCommand = db.prepare(
      'INSERT INTO outbox (id, name, args, operator, workstation, made_ms) VALUES (?, ?, ?, ?, ?, ?) RETURNING n',
    );
    this.pendingStmt = db.prepare('SELECT * FROM outbox ORDER BY n');
    this.markSentStmt = db.prepare('UPDATE outbox SET sent_ms = ?, attempts = attempts + 1 WHERE id = ?');
    this.findCommand = db.prepare('SELECT * FROM outbox WHERE id = ?');
    this.removeCommand = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.insertResult = db.prepare(
      `INSERT OR REPLACE INTO command_result (id, name, operator, ok, code, message, seq, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.settingGet = db.prepare('SELECT value FROM setting WHERE key = ?').pluck();
    this.settingPut = db.prepare('INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)');
    this.settingDelete = db.prepare('DELETE FROM setting WHERE key = ?');
    this.auditInsert = db.prepare(
      'INSERT INTO audit (at_ms, operator, role, workstation, action, target, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.auditPageStmt = db.prepare(AUDIT_SQL.page);
    this.auditAllStmt = db.prepare(AUDIT_SQL.all);
    this.operatorPut = db.prepare('INSERT OR REPLACE INTO operator (id, name, role, seen_ms) VALUES (?, ?, ?, ?)');
    this.operatorNamesStmt = db.prepare(OPERATOR_NAMES_SQL);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── Outbox (spec §7) ─────────────────────────────────────────────────

  /** Writes a command durably and returns it; the id is the platform's idempotency key. */
  queue(name: string, args: unknown, by: { operator?: string | null; workstation?: string | null } = {}, now = Date.now()): OutboxCommand {
    const id = randomUUID();
    const { n } = this.insertCommand.get(id, name, JSON.stringify(args), by.operator ?? null, by.workstation ?? null, now) as { n: number };
    return { n, id, name, args, operator: by.operator ?? null, workstation: by.workstation ?? null, madeMs: now, sentMs: null, attempts: 0 };
  }

  /** Every command without a result, in the order made. */
  pending(): OutboxCommand[] {
    return (this.pendingStmt.all() as OutboxRow[]).map(fromRow);
  }

  pendingCount(): number {
    return this.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  }

  markSent(id: string, now = Date.now()): void {
    this.markSentStmt.run(now, id);
  }

  /**
   * A result arrived: the command leaves the outbox and its outcome is kept,
   * in one transaction. Returns null for an id we do not have (a repeat).
   */
  settle(result: { id: string; ok: boolean; code?: string | null; message?: string | null; seq?: number | null }, now = Date.now()): CommandOutcome | null {
    let outcome: CommandOutcome | null = null;
    this.db.transaction(() => {
      const row = this.findCommand.get(result.id) as OutboxRow | undefined;
      if (!row) return;
      this.removeCommand.run(result.id);
      outcome = {
        id: row.id,
        name: row.name,
        operator: row.operator,
        ok: result.ok,
        code: result.ok ? null : (result.code ?? 'unknown'),
        message: result.message ?? null,
        seq: result.seq ?? null,
        atMs: now,
      };
      this.insertResult.run(row.id, row.name, row.operator, result.ok ? 1 : 0, outcome.code, outcome.message, outcome.seq, now);
    })();
    return outcome;
  }

  /** Recent failed commands of an operator, newest first. */
  failures(operator: string | null, limit = 50): CommandOutcome[] {
    const rows = this.db
      .prepare('SELECT * FROM command_result WHERE ok = 0 AND (operator IS ? OR ? IS NULL) ORDER BY at_ms DESC LIMIT ?')
      .all(operator, operator, limit) as ResultRow[];
    return rows.map((r) => ({ id: r.id, name: r.name, operator: r.operator, ok: false, code: r.code, message: r.message, seq: r.seq, atMs: r.at_ms }));
  }

  // ── Settings ─────────────────────────────────────────────────────────

  setting(key: string): string | null {
    return (this.settingGet.get(key) as string | undefined) ?? null;
  }

  setSetting(key: string, value: string | null): void {
    if (value === null) this.settingDelete.run(key);
    else this.settingPut.run(key, value);
  }

  // ── Who is signed in (spec §2: the token, and `welcome.operator`) ────

  token(): string | null {
    return this.setting(TOKEN_SETTING);
  }

  setToken(token: string | null): void {
    this.setSetting(TOKEN_SETTING, token);
  }

  /**
   * The operator the platform's last `welcome` named, read back through the
   * contract's schema; null when nobody has signed in. A value that is not an
   * operator throws StoredValueError: a role is never taken on trust.
   */
  signedInOperator(): Operator | null {
    const saved = this.setting(OPERATOR_SETTING);
    if (saved === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(saved);
    } catch {
      throw new StoredValueError(OPERATOR_SETTING, 'not JSON');
    }
    const parsed = Operator.safeParse(json);
    if (!parsed.success) throw new StoredValueError(OPERATOR_SETTING, parsed.error.issues[0]?.message ?? 'not an operator');
    return parsed.data;
  }

  /** Records who the platform's `welcome` named (and, for the audit log's names, that they worked here); null on sign-out. */
  setSignedInOperator(operator: Operator | null, now = Date.now()): void {
    const checked = operator === null ? null : Operator.parse(operator);
    this.db.transaction(() => {
      this.setSetting(OPERATOR_SETTING, checked === null ? null : JSON.stringify(checked));
      if (checked) this.operatorPut.run(checked.id, checked.name, checked.role, now);
    })();
  }

  /**
   * The names of operators who have signed in at this workstation, by id,
   * as the platform last named them; ids never seen here are absent.
   */
  operatorNames(ids: readonly string[]): Map<string, string> {
    if (ids.length === 0) return new Map();
    const rows = this.operatorNamesStmt.all(JSON.stringify([...new Set(ids)])) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ── Audit ────────────────────────────────────────────────────────────

  audit(entry: AuditEntry, now = Date.now()): void {
    this.auditInsert.run(
      now,
      entry.operator,
      entry.role,
      entry.workstation,
      entry.action,
      entry.target ?? null,
      entry.result,
      entry.detail === undefined ? null : JSON.stringify(entry.detail),
    );
  }

  /** Up to `limit` entries, newest first; with `before`, those numbered below it (the next page). */
  auditPage(options: { limit: number; before?: number }): AuditRecord[] {
    return (this.auditPageStmt.all(options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as AuditRow[]).map(auditRecord);
  }

  /** Every entry in the order written, one row at a time (the log grows without bound). */
  *auditLog(): Generator<AuditRecord> {
    for (const row of this.auditAllStmt.iterate() as IterableIterator<AuditRow>) yield auditRecord(row);
  }
}

const TOKEN_SETTING = 'platform.token';
const OPERATOR_SETTING = 'platform.operator';

interface OutboxRow {
  n: number;
  id: string;
  name: string;
  args: string;
  operator: string | null;
  workstation: string | null;
  made_ms: number;
  sent_ms: number | null;
  attempts: number;
}

interface ResultRow {
  id: string;
  name: string;
  operator: string | null;
  code: string | null;
  message: string | null;
  seq: number | null;
  at_ms: number;
}

interface AuditRow {
  n: number;
  at_ms: number;
  operator: string | null;
  role: string | null;
  workstation: string | null;
  action: string;
  target: string | null;
  result: string;
  detail: string | null;
}

function auditRecord(r: AuditRow): AuditRecord {
  return {
    n: r.n,
    atMs: r.at_ms,
    operator: r.operator,
    role: r.role,
    workstation: r.workstation,
    action: r.action,
    target: r.target,
    result: r.result,
    detailJson: r.detail,
  };
}

function fromRow(r: OutboxRow): OutboxCommand {
  return {
    n: r.n,
    id: r.id,
    name: r.name,
    args: JSON.parse(r.args) as unknown,
    operator: r.operator,
    workstation: r.workstation,
    madeMs: r.made_ms,
    sentMs: r.sent_ms,
    attempts: r.attempts,
  };
}
