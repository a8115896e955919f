/**
 * Holds the first console window until the host has said which origins serve
 * camera video (the embedded demo's media server, the cache's camera
 * gateways), because a page's Content Security Policy is fixed when it
 * loads: a window opened before that would block every tile until reloaded.
 * The host reports within a second or two of starting; should it take longer
 * than `waitMs`, the window opens anyway and, when the report comes, windows
 * are reloaded so their policy names the new origins.
 */

export interface GateTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface MediaOriginsGate {
  /** Resolves once the host has reported, or `waitMs` passed. */
  readonly opened: Promise<'reported' | 'waited'>;
  /** The host reported its media origins; true when pages loaded before it must reload (the gate had opened on time). */
  reported(): boolean;
}

export function mediaOriginsGate(timers: GateTimers, waitMs: number): MediaOriginsGate {
  let state: 'waiting' | 'reported' | 'waited' = 'waiting';
  let open!: (how: 'reported' | 'waited') => void;
  const opened = new Promise<'reported' | 'waited'>((resolve) => (open = resolve));
  const timer = timers.setTimeout(() => {
    if (state !== 'waiting') return;
    state = 'waited';
    open('waited');
  }, waitMs);
  return {
    opened,
    reported() {
      if (state === 'waiting') {
        state = 'reported';
        timers.clearTimeout(timer);
        open('reported');
        return false;
      }
      // Later reports (origins changed) and a report after the wait both find pages already loaded.
      return true;
    },
  };
}
