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
export function queueCommand(request: unknown, deps: CommandQueueDeps): QueuedCommand {
  const now = deps.now ?? Date.now;
  const name = (request as { name?: unknown } | null)?.name;
  const incident = (request as { args?: { incident?: unknown } | null } | null)?.args?.incident;
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
  const command = parsed.data;
  const checkedArgs = command.args as Record<string, unknown>;
  if (operator) {
    const context =
      command.name === 'incident.dispatch' ? { departmentKinds: departmentKinds(deps.cache, checkedArgs.departments as string[]) } : {};
    const refusal = commandRefusal(operator.role, command.name, checkedArgs, context);
    if (refusal) throw refused(new ApiError('forbidden', refusal));
  }

  const enqueue: Enqueue = deps.enqueue ?? ((n, a, by) => deps.state.queue(n, a, by, now()));
  // Queued first, audited after: the outbox row is what must never be lost.
  let queued: { id: string; madeMs: number };
  try {
    queued = enqueue(command.name, checkedArgs, { operator: operator?.id ?? null, workstation: deps.workstation });
  } catch (error) {
    audit(`failed: ${error instanceof ApiError ? error.code : 'internal'}`, { reason: (error as Error)?.message ?? String(error) });
    throw error;
  }
  audit(operator ? 'queued' : 'queued: role unverified', { id: queued.id });
  return { id: queued.id, name: command.name, madeMs: queued.madeMs, roleVerified: operator !== null };
}
