import { ApiError, type LinkStatus, type Operator } from '../api/index.ts';

/**
 * What the host needs from the platform link: its status, who signed in, and
 * sign-in/out. The real link (native/link) implements it; so does
 * `NoPlatform` when nothing is configured.
 */
export interface LinkService {
  status(): LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  operator(): Operator | null;
  signIn(token: string): Promise<void>;
  signOut(): Promise<void>;
  /** Writes a platform command to the outbox durably, then sends it when the link is up. */
  queueCommand(name: string, args: unknown, by: { operator?: string | null; workstation?: string | null }): { id: string; madeMs: number };
  /**
   * Writes several commands to the outbox in ONE state.db transaction, with
   * whatever `alongside` writes to state.db in it (their audit rows), then
   * sends them in order when the link is up: all are queued, or none.
   */
  queueCommands(
    commands: readonly { name: string; args: unknown }[],
    by: { operator?: string | null; workstation?: string | null },
    alongside?: (queued: readonly { id: string; madeMs: number }[]) => void,
  ): { id: string; madeMs: number }[];
  close(): Promise<void>;
}

/** The honest link when no platform URL is configured: it says so and does nothing. */
export class NoPlatform implements LinkService {
  private readonly since = new Date().toISOString();

  status(): LinkStatus {
    return {
      state: 'unconfigured',
      cursor: null,
      head: null,
      lag: null,
      progress: null,
      retryAt: null,
      outbox: 0,
      quarantine: 0,
      lastError: null,
      since: this.since,
      platformClock: null,
    };
  }
  onStatus(): () => void {
    return () => {};
  }
  operator(): Operator | null {
    return null;
  }
  async signIn(): Promise<void> {
    throw new ApiError('unavailable', 'no platform is configured; start with --platform URL (or the embedded demo platform)');
  }
  async signOut(): Promise<void> {}
  queueCommand(): never {
    throw new ApiError('unavailable', 'no platform is configured: commands have nowhere to go');
  }
  queueCommands(): never {
    throw new ApiError('unavailable', 'no platform is configured: commands have nowhere to go');
  }
  async close(): Promise<void> {}
}
