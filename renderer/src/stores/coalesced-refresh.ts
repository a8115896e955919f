import { onScopeDispose } from 'vue';
import type { EntitiesChanged, EntityKindName } from '../../../native/api/index.ts';
import type { ConsoleClient } from '../api/client.ts';
import type { Timers } from '../api/timers.ts';

export interface CoalescedRefresh {
  /** Asks for a refresh: runs now, or once after the one in flight, or when the interval allows. */
  request(): void;
  /** Stops scheduling; a run in flight finishes but nothing follows it. */
  dispose(): void;
}

/**
 * Re-queries on change notices without flooding the host: at most one run in
 * flight, any number of requests during it become exactly one more run after
 * it, and runs start at least `minIntervalMs` apart.
 */
export function coalescedRefresh(run: () => Promise<void>, timers: Timers, minIntervalMs = 0): CoalescedRefresh {
  let running = false;
  let again = false;
  let disposed = false;
  let timer: unknown = null;
  let lastStart = Number.NEGATIVE_INFINITY;

  function start(): void {
    running = true;
    again = false;
    lastStart = timers.now();
    let done: Promise<void>;
    try {
      done = run();
    } catch (error) {
      done = Promise.reject(error);
    }
    // `run` reports its own failures; one escaping here must not wedge `running`.
    void done
      .catch(() => {})
      .finally(() => {
        running = false;
        if (again) request();
      });
  }

  function request(): void {
    if (disposed) return;
    if (running) {
      again = true;
      return;
    }
    if (timer !== null) return; // already waiting out the interval
    const wait = lastStart + minIntervalMs - timers.now();
    if (wait <= 0) return start();
    timer = timers.setTimeout(() => {
      timer = null;
      if (!disposed) start();
    }, wait);
  }

  function dispose(): void {
    disposed = true;
    again = false;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  return { request, dispose };
}

/** Calls `fn` every `ms` until the returned stop is called (chained timeouts, so a test clock can drive it). */
export function repeatEvery(timers: Timers, ms: number, fn: () => void): () => void {
  let handle: unknown = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    fn();
    handle = timers.setTimeout(tick, ms);
  };
  handle = timers.setTimeout(tick, ms);
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}

/** Which pushed changes make a view stale: any change to these kinds, or whatever the test says. */
export type Staleness = ReadonlySet<EntityKindName> | ((batch: readonly EntitiesChanged[]) => boolean);

/**
 * The triggers every live view shares: while `active`, ask for a refresh
 * when the host says something changed that makes it `stale` (one of
 * `kinds`), when this window reconnects to the host (what was pushed
 * meanwhile is lost), and every `recheckMs` if given (for what changes with
 * time alone, like "overdue" and the day). Stops with the calling scope.
 */
export function keepFresh(options: {
  client: Pick<ConsoleClient, 'subscribe' | 'onStatusChange'>;
  timers: Timers;
  active: () => boolean;
  recheckMs?: number;
  request: () => void;
} & ({ kinds: ReadonlySet<EntityKindName> } | { stale: Staleness })): void {
  const { client, active, request } = options;
  const stale = 'kinds' in options ? options.kinds : options.stale;
  const touched =
    typeof stale === 'function' ? stale : (batch: readonly EntitiesChanged[]) => batch.some((change) => stale.has(change.kind));
  const offChanges = client.subscribe('entities.changed', (batch) => {
    if (active() && touched(batch)) request();
  });
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected' && active()) request();
  });
  const { recheckMs } = options;
  const stopRecheck =
    recheckMs === undefined
      ? () => {}
      : repeatEvery(options.timers, recheckMs, () => {
          if (active()) request();
        });
  onScopeDispose(() => {
    offChanges();
    offStatus();
    stopRecheck();
  });
}
