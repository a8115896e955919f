import type { CommandResult } from '../protocol/frames.ts';
import type { CommandOutcome, OutboxCommand, StateStore } from '../store/state-store.ts';

/** Sends a frame on the link's connection (dropped if the socket is not open: the resend after welcome covers it). */
export type SendFrame = (frame: object) => void;

/**
 * Commands out and their results in (spec §7). A command is written to the
 * durable outbox before it is sent and stays there until its result; after a
 * reconnect every command without a result goes again, in the order they were
 * made. The command id is the platform's idempotency key, so nothing an
 * operator did while the link was down is lost, and nothing is applied twice.
 */
export class OutboxSender {
  /** The highest `seq` named by a command result (for `sync --exit-idle`). */
  maxResultSeq = 0;

  constructor(
    private readonly state: StateStore,
    private readonly now: () => number,
  ) {}

  /** Writes a command to the outbox, then sends it if `send` is given (the link is welcomed). */
  queue(name: string, args: unknown, by: { operator?: string | null; workstation?: string | null }, send: SendFrame | null): OutboxCommand {
    const command = this.state.queue(name, args, by, this.now());
    if (send) this.send(command, send);
    return command;
  }

  /**
   * Writes several commands to the outbox in one state.db transaction, with
   * whatever `alongside` writes there in it (their audit rows), then sends
   * them in order if `send` is given. A failure anywhere before the commit
   * leaves none of them queued: commands that only make sense together
   * (create an incident, attach its photo) are never half-queued.
   */
  queueAll(
    commands: readonly { name: string; args: unknown }[],
    by: { operator?: string | null; workstation?: string | null },
    send: SendFrame | null,
    alongside?: (queued: readonly OutboxCommand[]) => void,
  ): OutboxCommand[] {
    const now = this.now();
    const queued = this.state.db.transaction(() => {
      const written = commands.map((c) => this.state.queue(c.name, c.args, by, now));
      alongside?.(written);
      return written;
    })();
    // Sent only once committed: a frame never leaves for a command that is not on disk (spec §7).
    if (send) for (const command of queued) this.send(command, send);
    return queued;
  }

  /** After a welcome: every command without a result, in order. */
  resendPending(send: SendFrame): void {
    for (const command of this.state.pending()) this.send(command, send);
  }

  /** A result settles its command; null when no command in the outbox has that id. */
  settle(r: CommandResult): CommandOutcome | null {
    const outcome = this.state.settle(
      {
        id: r.id,
        ok: r.ok,
        code: r.ok ? null : String(r.code),
        message: typeof r.message === 'string' ? r.message : null,
        seq: typeof r.seq === 'number' ? r.seq : null,
      },
      this.now(),
    );
    if (typeof r.seq === 'number') this.maxResultSeq = Math.max(this.maxResultSeq, r.seq);
    return outcome;
  }

  private send(command: OutboxCommand, send: SendFrame): void {
    this.state.markSent(command.id, this.now());
    send({ t: 'command', id: command.id, name: command.name, args: command.args });
  }
}
