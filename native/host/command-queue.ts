import { ApiError, CommandRequest, commandRefusal, issuesOf, type CommandName, type Operator } from '../api/index.ts';
import { StoredValueError } from '../store/errors.ts';
import type { Db } from '../store/open.ts';
import { departmentKinds } from '../store/queries/department-kinds.ts';
import type { StateStore } from '../store/state-store.ts';

/** Writes a checked command to the outbox; returns its id (the platform's idempotency key). */
export type Enqueue = (
  name: CommandName,
  args: unknown,
  by: { operator: string | null; workstation: string },
) => { id: string; madeMs: number };

export interface CommandQueueDeps {
  /** state.db: the signed-in operator, the audit log, and (by default) the outbox. */
  state: StateStore;
  /** cache.db: the kinds of the units a dispatch names. */
  cache: Db;
  workstation: string;
  /**
   * How the command reaches the outbox: the link's `queueCommand` in a
   * running console (it also sends it when the link is up); by default
   * straight into state.db, sent at the next sync (`egret command`).
   */
  enqueue?: Enqueue;
  now?: () => number;
}

export interface QueuedCommand {
  id: string;
  name: CommandName;
  madeMs: number;
  /** False when nobody had signed in on this data dir: only the schema was checked, the platform decides. */
  roleVerified: boolean;
}

/**
 * The one way a command reaches the outbox (spec §7), for a window's
 * `command.send` and for `egret command` alike: the args are parsed with the
 * contract's schema, the role rules are asked about the operator state.db
 * says signed in (with the kinds of the units a dispatch names, from the
 * cache), the attempt goes into the audit log, and only then is it queued.
 *
 * Refusals throw an ApiError and queue nothing: `invalid_params` (schema),
 * `forbidden` (role), `unauthenticated` (the stored operator is not one).
 * Where nobody has signed in yet — a fresh data dir used headless (spec §9)
 * — the command is queued and audited as "role unverified"; the platform's
 * `forbidden` stays the authority.
 */
export function queueCommand(request: unknown, deps: CommandQueueDeps & { enqueueTogether?: EnqueueTogether }): QueuedCommand {
  // The outbox row and its audit row in one state.db transaction: through the link when it offers
  // that, straight into state.db by default (`egret command`). Only an `enqueue` of a caller's own
  // (offer waves, through the link's single-command queue) writes the two apart.
  const { enqueue } = deps;
  if (deps.enqueueTogether || !enqueue) return queueCommandsTogether([request], deps)[0]!;
  const { command, operator, audit } = checkCommand(request, deps);
  // Queued first, audited after: the outbox row is what must never be lost.
  let queued: { id: string; madeMs: number };
  try {
    queued = enqueue(command.name, command.args, { operator: operator?.id ?? null, workstation: deps.workstation });
  } catch (error) {
    audit(`failed: ${error instanceof ApiError ? error.code : 'internal'}`, { reason: (error as Error)?.message ?? String(error) });
    throw error;
  }
  audit(operator ? 'queued' : 'queued: role unverified', { id: queued.id });
  return { id: queued.id, name: command.name, madeMs: queued.madeMs, roleVerified: operator !== null };
}

/** A command that passed the schema and the role rules, with who sends it and how its audit rows are written. */
export interface CheckedCommand {
  command: { name: CommandName; args: Record<string, unknown> };
  operator: Operator | null;
  audit: (result: string, detail: unknown) => void;
}

/**
 * queueCommand's checks without the queueing: the schema, then the role
 * rules for the operator state.db says signed in. A refusal is audited and
 * thrown as an ApiError; nothing is queued.
 */
export function checkCommand(request: unknown, deps: Omit<CommandQueueDeps, 'enqueue'>): CheckedCommand {
  const now = deps.now ?? Date.now;
  const name = (request as { name?: unknown } | null)?.name;
  const args = (request as { args?: { incident?: unknown; id?: unknown } | null } | null)?.args;
  // The incident it acts on; for a create, the id the console chose for it (if it did).
  const incident = args?.incident ?? (name === 'incident.create' ? args?.id : undefined);
  let operator: Operator | null = null;
  const audit = (result: string, detail: unknown) =>
    deps.state.audit(
      {
        operator: operator?.id ?? null,
        role: operator?.role ?? null,
        workstation: deps.workstation,
        // Sliced: a refused request's fields are not known to be short.
        action: typeof name === 'string' ? name.slice(0, 100) : 'command',
        target: typeof incident === 'string' ? incident.slice(0, 200) : null,
        result,
        detail,
      },
      now(),
    );
  const refused = (error: ApiError): ApiError => {
    audit(`refused: ${error.code}`, error.issues ? { reason: error.message, issues: error.issues } : { reason: error.message });
    return error;
  };

  try {
    operator = deps.state.signedInOperator();
  } catch (error) {
    if (!(error instanceof StoredValueError)) throw error;
    throw refused(new ApiError('unauthenticated', error.message));
  }
  const parsed = CommandRequest.safeParse(request);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw refused(new ApiError('invalid_params', `invalid arguments: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues));
  }
  const command = { name: parsed.data.name, args: parsed.data.args as Record<string, unknown> };
  if (operator) {
    const context =
      command.name === 'incident.dispatch' ? { departmentKinds: departmentKinds(deps.cache, command.args.departments as string[]) } : {};
    const refusal = commandRefusal(operator.role, command.name, command.args, context);
    if (refusal) throw refused(new ApiError('forbidden', refusal));
  }
  return { command, operator, audit };
}

/** Writes checked commands and their audit rows to state.db in one transaction; all or none. */
export type EnqueueTogether = (
  commands: readonly { name: CommandName; args: unknown }[],
  by: { operator: string | null; workstation: string },
  alongside: (queued: readonly { id: string; madeMs: number }[]) => void,
) => readonly { id: string; madeMs: number }[];

/**
 * Commands that only make sense together (an incident created with a chosen
 * id, then its photo attached): every one is checked as queueCommand checks
 * it before any is queued, then all go into the outbox with their "queued"
 * audit rows in ONE state.db transaction (the link's `queueCommands`), so a
 * failure leaves none of them — nor their audit — behind.
 */
export function queueCommandsTogether(
  requests: readonly unknown[],
  deps: Omit<CommandQueueDeps, 'enqueue'> & { enqueueTogether?: EnqueueTogether },
): QueuedCommand[] {
  const now = deps.now ?? Date.now;
  const checked = requests.map((request) => checkCommand(request, deps));
  const operator = checked[0]?.operator ?? null;
  const enqueue: EnqueueTogether =
    deps.enqueueTogether ??
    ((commands, by, alongside) =>
      deps.state.db.transaction(() => {
        const queued = commands.map((c) => deps.state.queue(c.name, c.args, by, now()));
        alongside(queued);
        return queued;
      })());
  let queued: readonly { id: string; madeMs: number }[];
  try {
    queued = enqueue(
      checked.map((c) => c.command),
      { operator: operator?.id ?? null, workstation: deps.workstation },
      (written) => written.forEach((w, i) => checked[i]!.audit(operator ? 'queued' : 'queued: role unverified', { id: w.id })),
    );
  } catch (error) {
    const reason = { reason: (error as Error)?.message ?? String(error) };
    for (const c of checked) c.audit(`failed: ${error instanceof ApiError ? error.code : 'internal'}`, reason);
    throw error;
  }
  return queued.map((q, i) => ({ id: q.id, name: checked[i]!.command.name, madeMs: q.madeMs, roleVerified: operator !== null }));
}
