import type { LinkStatus } from '../api/index.ts';
import type { Position, Welcome } from '../protocol/frames.ts';
import type { ApplyOutcome } from '../store/cache-store.ts';
import type { CommandOutcome } from '../store/state-store.ts';

/** What the link tells whoever listens (the host's live topics, `egret sync`, tests). */
export interface LinkEvents {
  status: (status: LinkStatus) => void;
  /** Committed cache changes (a changes frame or a whole snapshot). */
  applied: (outcome: ApplyOutcome, via: 'changes' | 'snapshot') => void;
  positions: (items: Position[]) => void;
  notice: (notice: { level: 'info' | 'warn'; message: string }) => void;
  result: (outcome: CommandOutcome) => void;
  quarantined: (count: number) => void;
  /** Any `snapshot` or `changes` frame arrived (for `sync --exit-idle`). */
  dataFrame: () => void;
  welcome: (welcome: Welcome) => void;
}

type Listeners = { [E in keyof LinkEvents]: Set<LinkEvents[E]> };

export class LinkEmitter {
  private readonly listeners: Listeners = {
    status: new Set(),
    applied: new Set(),
    positions: new Set(),
    notice: new Set(),
    result: new Set(),
    quarantined: new Set(),
    dataFrame: new Set(),
    welcome: new Set(),
  };

  /** Adds a listener; returns how to remove it. */
  on<E extends keyof LinkEvents>(event: E, listener: LinkEvents[E]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** Someone listens (the status is only worked out when someone does). */
  heard(event: keyof LinkEvents): boolean {
    return this.listeners[event].size > 0;
  }

  emit<E extends keyof LinkEvents>(event: E, ...args: Parameters<LinkEvents[E]>): void {
    for (const listener of this.listeners[event]) (listener as (...a: Parameters<LinkEvents[E]>) => void)(...args);
  }
}
